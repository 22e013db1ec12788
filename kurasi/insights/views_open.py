"""Open data: an office's aggregate statistics for anyone, as a page, CSV and JSON."""

import csv
import io
import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from kurasi.accounts.chain import offices_below
from kurasi.accounts.models import Organisation
from kurasi.programmes.models import Programme

from .figures import Scope
from .figures_cache import cached_figures, fingerprint
from .figures_chain import cached_offices_table
from .opendata import LICENCE, LICENCE_URL, K, open_tables, rule_text


def _scope(request, organisation):
    """The office's announced programmes of one year; an office with offices below it (a
    province, the ministry) publishes their figures with its own."""
    below = offices_below(organisation)
    offices = (organisation.pk, *sorted(below)) if below else ()
    years = sorted(
        set(
            Programme.objects.filter(organisation_id__in=offices or [organisation.pk])
            .published()
            .values_list("year", flat=True)
        ),
        reverse=True,
    )
    asked = request.GET.get("year", "")
    year = int(asked) if asked.isdigit() and int(asked) in years else (years[0] if years else None)
    return Scope(organisation, None, year, published_only=True, offices=offices), years


def _tables(scope):
    """Read through the cache; one fingerprint for the office's tables and the offices' rows."""
    if not scope.year:
        return []
    kept_under = fingerprint(scope)
    tables = open_tables(cached_figures(scope, kept_under))
    if scope.combined:
        tables.insert(0, cached_offices_table(scope, kept_under))
    return tables


def _metadata(organisation, scope):
    return {
        "office": organisation.name,
        "offices_below": len(scope.office_ids) - 1,
        "year": scope.year,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "suppression": {"threshold": K, "rule": rule_text()},
    }


def open_data(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    scope, years = _scope(request, organisation)
    context = {
        "organisation": organisation,
        "scope": scope,
        "years": years,
        "tables": _tables(scope),
        "offices_below": len(scope.office_ids) - 1,
        "rule": rule_text(),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "generated_at": timezone.localtime(),
    }
    return render(request, "insights/open_data.html", context)


def open_data_json(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    scope, _years = _scope(request, organisation)
    payload = {
        **_metadata(organisation, scope),
        "tables": [t.as_dict() for t in _tables(scope)],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="data-{slug}-{scope.year}.json"'
    return response


def open_data_csv(request, slug):
    """Long format: one line per (table, row, column); suppressed counts are empty."""
    organisation = get_object_or_404(Organisation, slug=slug)
    scope, _years = _scope(request, organisation)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["table", "row", "column", "value"])
    for table in _tables(scope):
        for label, values in table.rows:
            for column, value in zip(table.columns, values, strict=True):
                writer.writerow([table.key, label, column, "" if value is None else value])
    meta = _metadata(organisation, scope)
    writer.writerow([])
    writer.writerow(["# " + json.dumps(meta, ensure_ascii=False)])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="data-{slug}-{scope.year}.csv"'
    return response
