"""A programme's results rows and decisions as JSON: figures and outcomes, no NIK or phone."""

from rest_framework import serializers


def _band(band):
    return None if band is None else {"id": band.pk, "label": band.label}


class BandSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()


class ResultSerializer(serializers.Serializer):
    """One row of the results page. `final_score` is the figure bands are proposed from and
    decisions are made on, as the page, letter and exports show it first; `mean_score` is the
    raw mean beside it, `calibrated_mean` the mean of the curators' calibrated scores.

    `absent`: the check-in desk marked the producer as not come; such a row has no proposed band
    and its outcome is absent (`decided_absent` once decided, with `decided_band` null), which is
    neither passed nor failed.
    """

    application_id = serializers.IntegerField(source="application.pk")
    product_name = serializers.CharField(source="application.product.name")
    product_group = serializers.CharField(source="application.product.group.name")
    business_name = serializers.CharField(source="application.product.business.name")
    final_score = serializers.FloatField(
        source="deciding_score",
        allow_null=True,
        help_text="Nilai akhir: the score bands and decisions use (the raw mean, or the "
        "calibrated mean when the programme proposes bands from calibrated scores).",
    )
    final_score_basis = serializers.ChoiceField(
        source="basis", choices=["mean", "calibrated"], help_text="Which mean `final_score` is."
    )
    mean_score = serializers.FloatField(
        source="mean", allow_null=True, help_text="The raw mean of the curators' scores."
    )
    calibrated_mean = serializers.FloatField(
        allow_null=True,
        help_text="The mean of the curators' scores with each curator's habit taken out.",
    )
    score = serializers.FloatField(
        source="deciding_score",
        allow_null=True,
        help_text="The same figure as `final_score` (kept for existing clients).",
    )
    curators_scored = serializers.SerializerMethodField()
    curators_pending = serializers.IntegerField(source="pending")
    disagreement = serializers.BooleanField()
    capped = serializers.BooleanField()
    rank = serializers.IntegerField(allow_null=True)
    absent = serializers.BooleanField()
    proposed_band = serializers.SerializerMethodField()
    decided_band = serializers.SerializerMethodField()
    decided_absent = serializers.SerializerMethodField()
    overridden = serializers.SerializerMethodField()

    def get_curators_scored(self, row) -> int:
        return len(row.scores)

    def get_proposed_band(self, row) -> BandSerializer(allow_null=True):
        return _band(row.proposed_band)

    def get_decided_band(self, row) -> BandSerializer(allow_null=True):
        return _band(row.decision.band) if row.decision else None

    def get_decided_absent(self, row) -> bool:
        return bool(row.decision and row.decision.absent)

    def get_overridden(self, row) -> bool:
        return bool(row.decision and row.decision.overridden)


class DecideInput(serializers.Serializer):
    band = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="Id of one of the programme's outcome bands; omitted or null confirms the "
        "proposed band (for an absent product: records the outcome absent; a band is refused).",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Required when the outcome differs from the proposal or changes a decision.",
    )
