"""Open data: aggregate counts only, with small cells suppressed.

Rule (shown on the page and in the JSON): a count from 1 to 4 is not published ("—" on the
page, null in the files). When a table publishes a total and only one of its cells was
suppressed, the smallest other non-zero cell is suppressed too, so the hidden count cannot be
recovered by subtraction. Where a count has a complement that can be derived (not passed =
decided − passed; without a permit = businesses − holders), the count is suppressed when either
is from 1 to 4.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

K = 5
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def rule_text():
    return _(
        "Counts from 1 to 4 are not published (shown as —, empty in the files). When a table "
        "shows a total and only one of its counts is hidden, the next smallest count is hidden "
        "too, so a hidden count cannot be worked out from the total. A count whose complement "
        "(not passed, or without the permit) is from 1 to 4 is hidden as well."
    )


def small(n) -> bool:
    return n is not None and 0 < n < K


def suppress_column(values, complements=None, forced=None):
    """The values with small cells (or cells whose complement is small, or cells `forced`
    hidden) as None, then one more when a single cell alone would be hidden from a published
    total."""
    complements = complements or [None] * len(values)
    forced = forced or [False] * len(values)
    out = [
        None if hide or small(v) or small(c) else v
        for v, c, hide in zip(values, complements, forced, strict=True)
    ]
    hidden = [i for i, v in enumerate(out) if v is None]
    if len(hidden) == 1:
        candidates = [i for i, v in enumerate(out) if v]
        if candidates:
            out[min(candidates, key=lambda i: (out[i], i))] = None
    return out


@dataclass
class Table:
    key: str
    title: str
    first_column: str
    columns: list
    rows: list = field(default_factory=list)  # [(label, [value or None])]

    def as_dict(self):
        return {
            "key": self.key,
            "title": self.title,
            "columns": [self.first_column, *self.columns],
            "rows": [{"label": label, "values": values} for label, values in self.rows],
        }


def count_table(key, title, first_column, column, pairs):
    values = suppress_column([n for _label, n in pairs])
    total = sum(n for _label, n in pairs)
    rows = [(label, [v]) for (label, _n), v in zip(pairs, values, strict=True)]
    rows.append((_("Total"), [None if small(total) else total]))
    return Table(key, title, first_column, [column], rows)


def pass_table(rates):
    rates = rates[:-1]  # per group; the whole is recomputed below
    decided = suppress_column([r.decided for r in rates])
    passed = suppress_column(
        [r.passed for r in rates], complements=[r.decided - r.passed for r in rates]
    )
    rows = [(r.label, [d, p]) for r, d, p in zip(rates, decided, passed, strict=True)]
    all_decided = sum(r.decided for r in rates)
    all_passed = sum(r.passed for r in rates)
    if rates:
        hide = small(all_passed) or small(all_decided - all_passed)
        rows.append(
            (
                _("Total"),
                [None if small(all_decided) else all_decided, None if hide else all_passed],
            )
        )
    return Table(
        "passed", _("Curation decisions"), _("Product group"), [_("Decided"), _("Passed")], rows
    )


def coverage_table(coverage):
    years = [s.year for s in coverage[0].years] if coverage else []
    rows = []
    if coverage:
        totals = [s.businesses for s in coverage[0].years]
        rows.append((_("Businesses recorded"), [None if small(t) else t for t in totals]))
    for item in coverage:
        rows.append(
            (
                item.type_name,
                [
                    None if small(s.holders) or small(s.businesses - s.holders) else s.holders
                    for s in item.years
                ],
            )
        )
    return Table(
        "legality",
        _("Businesses holding each permit at the end of the year"),
        _("Permit"),
        [str(y) for y in years],
        rows,
    )


def open_tables(kept):
    """The tables of the office's figures as kept by kurasi/insights/figures_cache.py."""
    profile = kept["profile"]
    businesses = _("Businesses")
    return [
        count_table(
            "registrations_by_group",
            _("Registrations by product group"),
            _("Product group"),
            _("Products registered"),
            kept["groups"],
        ),
        count_table(
            "businesses_by_district",
            _("Registered businesses by district"),
            _("District"),
            businesses,
            profile.districts,
        ),
        count_table(
            "businesses_by_scale",
            _("Registered businesses by scale"),
            _("Category"),
            businesses,
            profile.scales,
        ),
        count_table(
            "businesses_by_gender",
            _("Registered businesses by owner's gender"),
            _("Category"),
            businesses,
            profile.genders,
        ),
        pass_table(kept["rates"]),
        coverage_table(kept["coverage"]),
    ]
