"""Exhibitions, their allocations (staff) and a producer's own invitations as JSON.

No contact data: the allocation list is the staff's working list, as on the page and its export.
A producer sees their own place, its status and why, never the scores or ranks of others.
"""

from rest_framework import serializers

from kurasi.exhibitions.models import AllocationStatus, Level
from kurasi.exhibitions.reasons import reason_text
from kurasi.nominations.allocation import scores_kept as nominations_keeping_scores

from .serializers_answers import answer_field


class BoothTypeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    size = serializers.CharField()
    power = serializers.BooleanField()
    cold_storage = serializers.BooleanField()
    reserved_for = serializers.SerializerMethodField(
        help_text="Product group ids these booths are kept for (empty: any group)."
    )

    def get_reserved_for(self, booth_type) -> list[int]:
        return [group.pk for group in booth_type.reserved_for.all()]


class GroupQuotaSerializer(serializers.Serializer):
    group_id = serializers.IntegerField()
    group_name = serializers.CharField(source="group.name")
    minimum = serializers.IntegerField()
    maximum = serializers.IntegerField(allow_null=True)


class ExhibitionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organiser = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    venue = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    programme_slug = serializers.CharField(
        source="programme.slug",
        allow_null=True,
        help_text="The curation programme whose decisions feed it; null: fed by nominations "
        "from the offices below.",
    )
    programme_title = serializers.CharField(source="programme.title", allow_null=True)
    quota = serializers.IntegerField(allow_null=True, help_text="null: the booths limit.")
    confirm_days = serializers.IntegerField()
    district_max = serializers.IntegerField(allow_null=True)
    booths = serializers.SerializerMethodField()
    places_held = serializers.IntegerField(
        source="holding", help_text="Proposed, invited or confirmed."
    )
    confirmed = serializers.IntegerField()
    booth_types = BoothTypeSerializer(many=True, source="booth_types.all")
    group_quotas = GroupQuotaSerializer(many=True, source="group_quotas.all")
    allocated_at = serializers.DateTimeField(source="last_run_at", allow_null=True)
    total_score_placed = serializers.SerializerMethodField(
        help_text="null before the first run, or when an office that nominated producers keeps "
        "their scores from the organiser (the sum would tell them)."
    )

    def get_booths(self, exhibition) -> int:
        return exhibition.booths or 0

    def get_total_score_placed(self, exhibition) -> float | None:
        if exhibition.last_objective is None or kept_scores(self.context, exhibition.pk):
            return None
        return exhibition.last_objective


def scores_kept(exhibition_ids) -> dict:
    """{exhibition id: application ids whose nominating office keeps their scores from the
    organiser (share_scores off)} for each exhibition id given (an empty set for one fed by its
    own programme): the allocation ranks by those scores, the organiser is not shown them. One
    query for any number of exhibitions."""
    kept = {pk: set() for pk in exhibition_ids}
    rows = nominations_keeping_scores(call_office__call__exhibition_id__in=kept).values_list(
        "call_office__call__exhibition_id", "application_id"
    )
    for exhibition, application in rows:
        kept[exhibition].add(application)
    return kept


def kept_scores(context, exhibition_id) -> set:
    """Applications at the exhibition whose nominating office keeps their scores from the
    organiser: from the view's `scores_kept` (one query for a whole list), else looked up."""
    kept = context.setdefault("scores_kept", {})
    if exhibition_id not in kept:
        kept.update(scores_kept([exhibition_id]))
    return kept[exhibition_id]


class AllocationStatusCount(serializers.Serializer):
    status = serializers.ChoiceField(choices=AllocationStatus.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class ExhibitionDetailSerializer(ExhibitionSerializer):
    allocations_by_status = AllocationStatusCount(many=True)
    cannot_attend = serializers.IntegerField(
        help_text="Candidates whose producer told the office they cannot attend (the page's "
        '"Cannot attend" tab). Not allocations: they have no row in the allocation table; '
        "0 before the first allocation run."
    )
    allocation_problems = serializers.ListField(
        child=serializers.CharField(),
        help_text="Why the last allocation run was not possible, as the page shows it; "
        "empty after a successful run.",
    )


class BoothRef(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()


class AllocationSerializer(serializers.Serializer):
    """One row of the exhibition's allocation table."""

    id = serializers.IntegerField()
    application_id = serializers.IntegerField()
    product_id = serializers.IntegerField(source="application.product_id")
    product_name = serializers.CharField(source="application.product.name")
    product_group = serializers.CharField(source="application.product.group.name")
    business_id = serializers.IntegerField()
    business_name = serializers.CharField(source="business.name")
    status = serializers.ChoiceField(choices=AllocationStatus.choices)
    booth_type = BoothRef(allow_null=True)
    score = serializers.SerializerMethodField(
        help_text="null: a nominee whose office keeps its scores from the organiser."
    )
    rank = serializers.IntegerField(allow_null=True, help_text="Rank on the waiting list.")
    pinned = serializers.BooleanField(help_text="Placed or taken out by hand.")
    reason = serializers.SerializerMethodField()
    invited_at = serializers.DateTimeField(allow_null=True)
    deadline = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(source="responded_at", allow_null=True)
    answer = answer_field()

    def get_reason(self, allocation) -> str:
        return reason_text(allocation)

    def get_score(self, allocation) -> float | None:
        if allocation.application_id in kept_scores(self.context, allocation.exhibition_id):
            return None
        return allocation.score


class InvitationSerializer(serializers.Serializer):
    """A producer's own place (or why there is none) at one exhibition."""

    id = serializers.IntegerField()
    exhibition_id = serializers.IntegerField()
    exhibition_name = serializers.CharField(source="exhibition.name")
    office = serializers.CharField(source="exhibition.organisation.name")
    venue = serializers.CharField(source="exhibition.venue")
    starts_on = serializers.DateField(source="exhibition.starts_on")
    ends_on = serializers.DateField(source="exhibition.ends_on")
    product_name = serializers.CharField(source="application.product.name")
    business_name = serializers.CharField(source="business.name")
    status = serializers.ChoiceField(choices=AllocationStatus.choices)
    booth = serializers.CharField(source="booth_type.label", allow_null=True)
    reason = serializers.SerializerMethodField()
    invited_at = serializers.DateTimeField(allow_null=True)
    deadline = serializers.DateTimeField(allow_null=True, help_text="Answer before this moment.")
    answered_at = serializers.DateTimeField(source="responded_at", allow_null=True)
    can_answer = serializers.SerializerMethodField()

    def get_reason(self, allocation) -> str:
        return reason_text(allocation)

    def get_can_answer(self, allocation) -> bool:
        """Invited and before the deadline: an answer now would be accepted."""
        return (
            allocation.status == AllocationStatus.INVITED
            and allocation.deadline is not None
            and self.context["now"] <= allocation.deadline
        )


class InvitationAnswerInput(serializers.Serializer):
    accept = serializers.BooleanField(
        help_text="true: confirm the place; false: decline it (it goes to the waiting list)."
    )


class AllocationRunSerializer(serializers.Serializer):
    """What the page reports after a successful run."""

    message = serializers.CharField()
    placed = serializers.IntegerField(
        help_text="Places proposed or kept across the exhibitions fed by the same programme, "
        "which are allocated together (one booth per business on any day)."
    )
    seconds = serializers.FloatField()
    exhibition = ExhibitionDetailSerializer()


class OverrideInput(serializers.Serializer):
    """The body's shape; the page's OverrideForm validates it."""

    include = serializers.BooleanField(help_text="true: place by hand; false: take out.")
    # Required and not blank, as the page's form has it (the schema says so with the pattern).
    reason = serializers.RegexField(r"\S", help_text="Why; kept in the audit trail.")

    def to_form_data(self) -> dict:
        data = self.validated_data
        return {"include": "1" if data["include"] else "0", "reason": data["reason"]}


class InvitationsSentSerializer(serializers.Serializer):
    invited = serializers.IntegerField(help_text="Proposed places now invited (0: none left).")
    message = serializers.CharField()
