"""The office's gap lists (who needs halal, SNI, NIB, P-IRT support), on screen and exported."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.registry.exporter import neutralise
from kurasi.registry.models import Business
from kurasi.registry.regions import region_label

from .forms import LIST_CHOICES, GapFilterForm
from .gaps import list_rows, load_rulebook, office_gaps
from .labels import status_label

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
    context.update(
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


def export_header():
    return [
        _("Business"),
        _("Owner"),
        _("District"),
        _("Village"),
        _("Product"),
        _("Product group"),
        _("Requirement"),
        _("Accepted certificates"),
        _("Severity"),
        _("Status"),
    ]


def export_rows(rows):
    """Cells of each row. No NIK, phone or street address: the list is for planning, and staff
    reach a producer from the business page."""
    for row in rows:
        business, product, rule = row.business, row.product, row.rule_record
        yield [
            neutralise(value)
            for value in [
                business.name,
                business.owner_name,
                region_label(business.district_code),
                region_label(business.village_code),
                product.name if product else "",
                product.group.name if product else "",
                rule.name,
                " / ".join(row.type_names),
                rule.get_severity_display(),
                status_label(row.requirement.status),
            ]
        ]


class _Echo:
    def write(self, value):
        return value


@login_required
def gap_export(request, slug, file_format):
    membership = get_membership_for_user(request.user, slug, *STAFF_ROLES)
    organisation = membership.organisation
    form = GapFilterForm(organisation, request.GET or None)
    data = gap_data(organisation, form)
    name = f"kebutuhan-{data['list_code']}-{data['day']:%Y%m%d}"
    if file_format == "csv":
        writer = csv.writer(_Echo())
        lines = ["\ufeff" + writer.writerow(export_header())]
        lines += [writer.writerow(r) for r in export_rows(data["rows"])]
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if file_format != "xlsx":
        raise Http404
    return FileResponse(
        xlsx_file(data["rows"]),
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def xlsx_file(rows):
    import tempfile

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(export_header())
    for cells in export_rows(rows):
        sheet.append(cells)
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    workbook.save(handle)
    handle.seek(0)
    return handle
