"""Staff lists exported as .csv or .xlsx: the response, the audit event and the links.

A list's export view fetches its membership with the list's own access helper, filters with the
list's own filtering function (so page and export never disagree) and hands the table here.

Filters are described as `Applied` values. A free-text search may hold a name or an identifier
someone typed, so it is recorded only as "applied", never its text: not in the audit payload,
not in the file's Info sheet.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurasi.audit.services import record_event

from . import tabular

FORMATS = ("xlsx", "csv")
FORMAT_LABELS = {"xlsx": ".xlsx", "csv": ".csv"}
PERSONAL_FILTERS = frozenset({"q"})
CHUNK = 2000
HIDDEN = gettext_lazy("applied (not shown)")


@dataclass(frozen=True)
class Applied:
    """One filter in force: `value` is machine-readable (audit), `shown` is for people."""

    key: str
    label: str
    value: str
    shown: str


def applied_from_form(form, *, ignore=("page", "search")):
    """The valid, non-empty values of a Django filter form, in field order."""
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    applied = []
    for name, form_field in form.fields.items():
        value = cleaned.get(name)
        if name in ignore or value in (None, "", [], ()):
            continue
        applied.append(describe(name, form_field.label, value, form_field))
    return applied


def describe(key, label, value, form_field=None):
    if key in PERSONAL_FILTERS:
        return Applied(key, str(label), "applied", str(HIDDEN))
    if hasattr(value, "pk"):
        return Applied(key, str(label), str(value.pk), str(value))
    shown = dict(getattr(form_field, "choices", []) or []).get(value, value)
    return Applied(key, str(label), str(value), str(shown))


def record_export(*, request, organisation, list_name, fmt, rows, applied, obj=None):
    """Side effect: one audit event (list, format, row count, filters; no personal data)."""
    return record_event(
        actor=request.user,
        action="list.exported",
        obj=obj or organisation,
        organisation=organisation,
        changes={
            "list": [None, list_name],
            "format": [None, fmt],
            "rows": [None, rows],
            "filters": [None, {a.key: a.value for a in applied}],
        },
    )


def info_for(request, *, title, applied):
    lines = [(_("List"), title)]
    lines += [(a.label, a.shown) for a in applied] or [(_("Filters"), _("none"))]
    lines += [
        (_("Exported by"), request.user.get_full_name() or str(request.user)),
        (_("Exported at"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
    ]
    return tabular.Info(lines)


def file_response(table, *, fmt, filename, info=None):
    if fmt == "csv":
        response = StreamingHttpResponse(
            tabular.csv_chunks(table), content_type=tabular.CSV_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    else:
        response = FileResponse(
            tabular.xlsx_file(table, info),
            as_attachment=True,
            filename=f"{filename}.xlsx",
            content_type=tabular.XLSX_CONTENT_TYPE,
        )
    response["Cache-Control"] = "private, no-store"
    return response


def export_list(
    request, *, organisation, list_name, title, table, fmt, applied, obj=None, filename=None
):
    """The audited download of one staff list. `list_name` names the file (no personal data);
    `table.rows` is a queryset or a list (counted for the audit before anything is sent)."""
    if fmt not in FORMATS:
        raise Http404
    if isinstance(table.rows, QuerySet):
        rows = table.rows.count()
        # Streamed from the database in chunks: a registry-wide list need not fit in memory.
        table.rows = table.rows.iterator(chunk_size=CHUNK)
    else:
        table.rows = list(table.rows)
        rows = len(table.rows)
    record_export(
        request=request,
        organisation=organisation,
        list_name=list_name,
        fmt=fmt,
        rows=rows,
        applied=applied,
        obj=obj,
    )
    filename = filename or f"kurasi-{list_name}-{organisation.slug}-{timezone.localdate():%Y%m%d}"
    info = info_for(request, title=title, applied=applied)
    return file_response(table, fmt=fmt, filename=filename, info=info)


def export_links(request, url_name, *args):
    """(label, url) of each format, carrying the list's current query (filters, search, sort)
    but not its page: an export holds every matching row."""
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    links = []
    for fmt in FORMATS:
        url = reverse(url_name, args=[*args, fmt])
        href = f"{url}?{encoded}" if encoded else url
        links.append({"format": fmt, "label": FORMAT_LABELS[fmt], "url": href})
    return links
