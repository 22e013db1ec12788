"""The office's gap lists (who needs halal, SNI, NIB, P-IRT support), on screen and exported."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _lazy

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.lib import exports
from kurasi.lib.pagination import CappedPaginator
from kurasi.lib.tabular import Column, Table
from kurasi.registry.models import Business
from kurasi.registry.regions import region_label

from .forms import LIST_CHOICES, GapFilterForm
from .gaps import list_rows, load_rulebook, office_gaps
from .labels import status_label

# Rows of a gap list on one page: every business of a city times its missing permits is long.
PAGE_SIZE = 50

STAFF_ROLES = (Role.ADMIN, Role.FIELD_OFFICER)
# The certificate type a facilitation programme made from each list aims at.
LIST_TARGET = {"halal": "halal", "sni": "sni", "nib": "nib", "pirt": "spp-irt"}


def gap_data(organisation, form):
    list_code = form.value("list", "halal")
    businesses = Business.objects.for_organisation(organisation).order_by("name", "id")
    if form.value("district"):
        businesses = businesses.filter(district_code=form.value("district"))
    group = form.value("group")
    book = load_rulebook(organisation)
    gaps = office_gaps(organisation, form.day, book, businesses)
    options = {"mandatory_only": bool(form.value("mandatory")), "group_id": group and group.pk}
    counts = []
    rows = []
    for code, label in LIST_CHOICES:
        found = list_rows(gaps, book, code, **options)
        counts.append(
            {
                "code": code,
                "label": label,
                "rows": len(found),
                "producers": len({r.business.pk for r in found}),
            }
        )
        if code == list_code:
            rows = found
    for row in rows:
        row.status_label = status_label(row.requirement.status)
    return {"list_code": list_code, "rows": rows, "counts": counts, "day": form.day}


@login_required
def gap_lists(request, slug):
    membership = get_membership_for_user(request.user, slug, *STAFF_ROLES)
    organisation = membership.organisation
    form = GapFilterForm(organisation, request.GET or None)
    context = gap_data(organisation, form)
    page = CappedPaginator(context["rows"], PAGE_SIZE).get_page(request.GET.get("page"))
    context.update(
        rows=page.object_list,
        page=page,
        membership=membership,
        organisation=organisation,
        form=form,
        target=LIST_TARGET[context["list_code"]],
        query=request.GET.urlencode(),
        filter_query=_without(request.GET, "list"),
    )
    return render(request, "facilitation/gap_lists.html", context)


def _without(params, name):
    params = params.copy()
    params.pop(name, None)
    return params.urlencode()


def _product(attribute):
    return lambda row: attribute(row.product) if row.product else ""


# No NIK, phone or street address: the list is for planning, and staff reach a producer from
# the business page.
GAP_COLUMNS = [
    Column("business", _lazy("Business"), lambda row: row.business.name),
    Column("owner", _lazy("Owner"), lambda row: row.business.owner_name),
    Column("district", _lazy("District"), lambda row: region_label(row.business.district_code)),
    Column("village", _lazy("Village"), lambda row: region_label(row.business.village_code)),
    Column("product", _lazy("Product"), _product(lambda product: product.name)),
    Column("group", _lazy("Product group"), _product(lambda product: product.group.name)),
    Column("requirement", _lazy("Requirement"), lambda row: row.rule_record.name),
    Column("accepted", _lazy("Accepted certificates"), lambda row: " / ".join(row.type_names)),
    Column("severity", _lazy("Severity"), lambda row: row.rule_record.get_severity_display()),
    Column("status", _lazy("Status"), lambda row: status_label(row.requirement.status)),
]


@login_required
def gap_export(request, slug, file_format):
    membership = get_membership_for_user(request.user, slug, *STAFF_ROLES)
    organisation = membership.organisation
    form = GapFilterForm(organisation, request.GET or None)
    if file_format not in exports.FORMATS:
        raise Http404
    data = gap_data(organisation, form)
    title = dict(LIST_CHOICES)[data["list_code"]]
    return exports.export_list(
        request,
        organisation=organisation,
        list_name=f"gaps-{data['list_code']}",
        title=title,
        table=Table(GAP_COLUMNS, data["rows"]),
        fmt=file_format,
        applied=exports.applied_from_form(form),
        filename=f"kebutuhan-{data['list_code']}-{data['day']:%Y%m%d}",
    )
