"""The curator's own assignments and the scoring of one of them, as on the scoring page.

Assignments are found through the curation access helper (the caller's own, in an office where
they are a curator): another curator's assignment is not found, admins and field officers are
refused (they do not score). Scores are cleaned by the page's AssessmentForm and saved by
`save_assessment`, so the API scores exactly as the page does.
"""

from types import SimpleNamespace

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kurasi.accounts.models import Role
from kurasi.curation.access import get_assignment_for_curator
from kurasi.curation.forms import AssessmentForm, initial_from
from kurasi.curation.models import Assessment, AssessmentStatus, Assignment
from kurasi.curation.services import IncompleteAssessment, save_assessment, start_assessment

from .base import OfficeView
from .forms import form_errors
from .serializers_curation import AssessmentInput, AssessmentSerializer, AssignmentSerializer


class AssignmentList(OfficeView):
    """The caller's assignments in this office with their own assessment's state."""

    scope_area = "curation"
    serializer_class = AssignmentSerializer

    @extend_schema(responses=AssignmentSerializer(many=True))
    def get(self, request, org_slug):
        membership = self.membership(Role.CURATOR)
        assignments = (
            Assignment.objects.for_curator(request.user)
            .filter(application__programme__organisation=membership.organisation)
            .select_related(
                "application__programme",
                "application__product__business",
                "application__product__group",
                "application__check_in",
            )
            .prefetch_related(
                Prefetch(
                    "application__assessments",
                    queryset=Assessment.objects.filter(curator=request.user),
                    to_attr="my_assessments",
                )
            )
            .order_by("application__product__group__position", "application__product__name", "id")
        )
        return self.paginated(assignments, AssignmentSerializer)


def open_assessment(request, org_slug, pk):
    """The assignment and the caller's assessment of it (created on first open, as the page)."""
    _membership, assignment = get_assignment_for_curator(request.user, org_slug, pk)
    try:
        assessment = start_assessment(actor=request.user, assignment=assignment)
    except LookupError as error:
        raise ValidationError(
            {"non_field_errors": [_("No rubric is set for this product group yet.")]}
        ) from error
    criteria = list(assessment.rubric.criteria.prefetch_related("anchors"))
    return assignment, assessment, criteria


def assessment_view(assignment, assessment, criteria):
    by_id = {c.pk: c.key for c in criteria}
    scores = {
        by_id[s.criterion_id]: {
            "value": s.value,
            "note": s.note,
            "recommendation": s.recommendation,
        }
        for s in assessment.scores.all()
        if s.criterion_id in by_id
    }
    view = SimpleNamespace(
        assignment=assignment, assessment=assessment, criteria=criteria, scores=scores
    )
    return AssessmentSerializer(view).data


def cleaned_scores(assessment, criteria, body):
    """The page's form over the draft's current values with the body laid on top."""
    known = {c.key for c in criteria}
    unknown = sorted(set(body.validated_data.get("scores", {})) - known)
    if unknown:
        raise ValidationError(
            {"scores": [_("Unknown criteria: %(keys)s") % {"keys": ", ".join(unknown)}]}
        )
    current = {k: ("" if v is None else v) for k, v in initial_from(assessment).items()}
    form = AssessmentForm(
        {**current, **body.to_form_data()}, rubric=assessment.rubric, criteria=criteria
    )
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form


class AssessmentDetail(OfficeView):
    """Read the rubric and the draft; PATCH saves scores (draft) and, with submit, submits."""

    scope_area = "curation"
    serializer_class = AssessmentSerializer

    def get(self, request, org_slug, pk):
        return Response(assessment_view(*open_assessment(request, org_slug, pk)))

    @extend_schema(request=AssessmentInput, responses={200: AssessmentSerializer})
    def patch(self, request, org_slug, pk):
        assignment, assessment, criteria = open_assessment(request, org_slug, pk)
        body = AssessmentInput(data=request.data)
        body.is_valid(raise_exception=True)
        # A submitted assessment is final: saving or submitting again changes nothing.
        if assessment.status != AssessmentStatus.SUBMITTED:
            form = cleaned_scores(assessment, criteria, body)
            try:
                assessment = save_assessment(
                    actor=request.user,
                    assessment=assessment,
                    scores=form.scores(),
                    notes=form.cleaned_data["notes"],
                    recommendation=form.cleaned_data["recommendation"],
                    submit=body.validated_data["submit"],
                )
            except IncompleteAssessment as missing:
                message = _("Give a score for every criterion before submitting: %(names)s")
                raise ValidationError(
                    {"scores": [message % {"names": ", ".join(missing.missing)}]}
                ) from missing
        return Response(assessment_view(assignment, assessment, criteria))
