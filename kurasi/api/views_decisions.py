"""A programme's results and its decisions, as on the results pages: admins and field officers
read, admins decide (confirm the proposal or override it with a reason) through
kurasi/curation/decisions.py `decide`, exactly as the results detail page calls it.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kurasi.accounts.models import Role
from kurasi.curation import decisions
from kurasi.curation.forms_decisions import DecideForm
from kurasi.curation.results import STATUS_FILTERS, compute_results, filter_rows
from kurasi.curation.results_cache import cached_results
from kurasi.curation.views_results import READ_ROLES, get_programme_for_staff

from .base import OfficeView
from .errors import Conflict
from .forms import form_errors
from .lists import checked_query, choice_filter, id_param
from .schema import Error
from .serializers_decisions import DecideInput, ResultSerializer

RESULT_FILTERS = [
    id_param("group", "Product group id."),
    choice_filter("status", list(STATUS_FILTERS)),
]


class DecisionList(OfficeView):
    """The results rows, in the page's order (group, then rank), with the page's filters."""

    scope_area = "curation"
    serializer_class = ResultSerializer

    @extend_schema(parameters=RESULT_FILTERS, responses=ResultSerializer(many=True))
    def get(self, request, org_slug, programme_slug):
        _membership, programme = get_programme_for_staff(
            request.user, org_slug, programme_slug, *READ_ROLES
        )
        query = checked_query(request, RESULT_FILTERS)
        group = query.get("group")
        rows = filter_rows(
            cached_results(programme),
            group_id=int(group) if group else None,
            status=query.get("status", ""),
        )
        return self.paginated(rows, ResultSerializer)


def _band_for(programme, body):
    """The chosen band cleaned by the page's form, or None to confirm the proposal."""
    if body.validated_data.get("band") is None:
        return None
    form = DecideForm(
        {"band": body.validated_data["band"], "reason": body.validated_data.get("reason", "")},
        programme=programme,
    )
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form.cleaned_data["band"]


class DecisionDetail(OfficeView):
    """Decide one application: confirm its proposal, or choose another band with a reason."""

    scope_area = "curation"
    serializer_class = ResultSerializer

    @extend_schema(
        request=DecideInput,
        responses={
            200: ResultSerializer,
            409: OpenApiResponse(Error, "No complete proposal to confirm yet: choose a band."),
        },
    )
    def post(self, request, org_slug, programme_slug, application_id):
        _membership, programme = get_programme_for_staff(
            request.user, org_slug, programme_slug, Role.ADMIN
        )
        if application_id not in compute_results(programme).by_application():
            raise Http404
        body = DecideInput(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            outcome = decisions.decide(
                actor=request.user,
                programme=programme,
                application_ids=[application_id],
                band=_band_for(programme, body),
                reason=body.validated_data.get("reason", ""),
            )
        except DjangoValidationError as error:
            raise ValidationError({"reason": error.messages}) from error
        if outcome.skipped:
            # The application's state (no complete proposal yet), not the request: a 409.
            raise Conflict(_("There is no complete proposal to confirm yet; choose a band."))
        row = compute_results(programme).by_application()[application_id]
        return Response(ResultSerializer(row).data)
