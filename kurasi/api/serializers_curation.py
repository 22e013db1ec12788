"""A curator's assignments and assessments as JSON: their own scores only, never a NIK."""

from rest_framework import serializers

from kurasi.curation.models import AssessmentStatus
from kurasi.curation.models_day import is_absent

NOT_STARTED = "not_started"


class AssignmentSerializer(serializers.Serializer):
    """A row of the curator's queue. `assessment_status` is the caller's own assessment's."""

    id = serializers.IntegerField()
    programme_slug = serializers.CharField(source="application.programme.slug")
    programme_title = serializers.CharField(source="application.programme.title")
    application_id = serializers.IntegerField()
    product_name = serializers.CharField(source="application.product.name")
    product_group = serializers.CharField(source="application.product.group.name")
    business_name = serializers.CharField(source="application.product.business.name")
    assessment_status = serializers.SerializerMethodField()
    weighted_score = serializers.SerializerMethodField()
    absent = serializers.SerializerMethodField(
        help_text="The check-in desk marked the producer as not come: nothing to score (the "
        "page folds such products away; a late check-in clears it)."
    )

    def get_absent(self, assignment) -> bool:
        return is_absent(assignment.application)

    def _mine(self, assignment):
        mine = assignment.application.my_assessments
        return mine[0] if mine else None

    def get_assessment_status(self, assignment) -> str:
        assessment = self._mine(assignment)
        return assessment.status if assessment else NOT_STARTED

    def get_weighted_score(self, assignment) -> float | None:
        assessment = self._mine(assignment)
        if assessment is None or assessment.weighted_score is None:
            return None
        return float(assessment.weighted_score)


class AnchorSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    text = serializers.CharField()


class CriterionSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    guidance = serializers.CharField()
    weight = serializers.FloatField()
    minimum = serializers.IntegerField(allow_null=True)
    anchors = AnchorSerializer(many=True, source="anchors.all")


class ScoreSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    recommendation = serializers.CharField(allow_blank=True)


class AssessmentSerializer(serializers.Serializer):
    """The assignment, its rubric and the caller's own assessment (draft or submitted)."""

    assignment_id = serializers.IntegerField(source="assignment.pk")
    product_name = serializers.CharField(source="assignment.application.product.name")
    product_description = serializers.CharField(source="assignment.application.product.description")
    business_name = serializers.CharField(source="assignment.application.product.business.name")
    scale_min = serializers.IntegerField(source="assessment.rubric.scale_min")
    scale_max = serializers.IntegerField(source="assessment.rubric.scale_max")
    criteria = CriterionSerializer(many=True)
    status = serializers.ChoiceField(choices=AssessmentStatus.choices, source="assessment.status")
    revision = serializers.IntegerField(source="assessment.revision")
    weighted_score = serializers.FloatField(source="assessment.weighted_score", allow_null=True)
    notes = serializers.CharField(source="assessment.notes")
    recommendation = serializers.CharField(source="assessment.recommendation")
    submitted_at = serializers.DateTimeField(source="assessment.submitted_at", allow_null=True)
    scores = serializers.DictField(
        child=ScoreSerializer(), help_text="The caller's scores by criterion key."
    )


class ScoreInput(serializers.Serializer):
    value = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    recommendation = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class AssessmentInput(serializers.Serializer):
    scores = serializers.DictField(
        child=ScoreInput(), required=False, help_text="By criterion key; only the keys sent change."
    )
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    recommendation = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    submit = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true: submit (every criterion needs a score; then it is final). "
        "An incomplete submission saves nothing.",
    )

    def to_form_data(self) -> dict:
        """The scoring page's field names: score_<key>, note_<key>, advice_<key>."""
        data = {
            name: self.validated_data[name]
            for name in ("notes", "recommendation")
            if name in self.validated_data
        }
        for key, typed in self.validated_data.get("scores", {}).items():
            if "value" in typed:
                data[f"score_{key}"] = "" if typed["value"] is None else typed["value"]
            if "note" in typed:
                data[f"note_{key}"] = typed["note"]
            if "recommendation" in typed:
                data[f"advice_{key}"] = typed["recommendation"]
        return data
