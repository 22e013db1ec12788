"""The office dashboard's charts, assembled from the figures (shared by the page and the PDF)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import figures_followup
from .charts import bar_chart, percent_chart
from .figures_cache import cached_figures


def coverage_note():
    return _(
        "Share of the office's businesses holding each permit on 31 December of each year "
        "(today for the current year). Counted: businesses recorded by that day, merged "
        "duplicates left out. Held: a certificate of that type for the business or one of its "
        "products, issued by that day (recorded by it when the issue date is unknown) and not "
        "expired; a NIB typed on the business record counts from the day the business was "
        "recorded."
    )


def registration_charts(kept):
    months = kept["months"]
    profile = kept["profile"]
    category = _("Category")
    businesses = _("Businesses")
    return [
        bar_chart(
            "registrations-month",
            _("Registrations per month"),
            [(date_format(m, "YEAR_MONTH_FORMAT"), n) for m, n in months],
            first_column=_("Month"),
            column=_("Products registered"),
            note=_("Applications submitted, by the month they were submitted."),
        ),
        bar_chart(
            "registrations-group",
            _("Registrations by product group"),
            kept["groups"],
            first_column=_("Product group"),
            column=_("Products registered"),
        ),
        bar_chart(
            "businesses-district",
            _("Registered businesses by district"),
            profile.districts,
            first_column=_("District"),
            column=businesses,
        ),
        bar_chart(
            "businesses-scale",
            _("Registered businesses by scale"),
            profile.scales,
            first_column=category,
            column=businesses,
        ),
        bar_chart(
            "businesses-gender",
            _("Registered businesses by owner's gender"),
            profile.genders,
            first_column=category,
            column=businesses,
        ),
    ]


def curation_charts(kept):
    progress = kept["progress"]
    rates = kept["rates"]
    return [
        bar_chart(
            "curation-progress",
            _("Curation progress"),
            progress.steps,
            first_column=_("Step"),
            column=_("Products"),
            note=_(
                "Registered: submitted, incomplete or verified. Assessed: at least one curator "
                "submitted a score. Decided: the office recorded an outcome."
            ),
        ),
        percent_chart(
            "pass-rates",
            _("Pass rate by product group"),
            [(r.label, [("", r.percent, r.passed, r.decided)]) for r in rates],
            first_column=_("Product group"),
            columns=[_("Passed (of decided)")],
        ),
        bar_chart(
            "outcomes",
            _("Decisions by outcome"),
            kept["outcomes"],
            first_column=_("Outcome"),
            column=_("Products"),
        ),
    ]


def coverage_chart(kept):
    coverage = kept["coverage"]
    years = [str(share.year) for share in coverage[0].years] if coverage else []
    return percent_chart(
        "legality-coverage",
        _("Legality coverage, year on year"),
        [
            (
                item.type_name,
                [(str(s.year), s.percent, s.holders, s.businesses) for s in item.years],
            )
            for item in coverage
        ],
        first_column=_("Permit"),
        columns=years,
        note=coverage_note(),
    )


def office_dashboard(scope):
    """Everything the dashboard shows, in the order it shows it. The follow-up tables read
    small tables and are computed on each request; the rest comes through the cache."""
    kept = cached_figures(scope)
    return {
        "registration_charts": registration_charts(kept),
        "curation_charts": curation_charts(kept),
        "coverage_chart": coverage_chart(kept),
        "facilitation": figures_followup.facilitation_outcomes(scope),
        "facilitation_columns": figures_followup.FACILITATION_COLUMNS,
        "exhibitions": figures_followup.exhibitions(scope),
    }
