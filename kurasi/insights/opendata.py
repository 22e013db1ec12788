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


def count_table(key, title, first_column, column, pairs, at_home=None):
    """`at_home`: for offices combined, what each office's own table hides (see `hidden_at_home`);
    a combined count is hidden too when what the offices hide of it adds up to a small count,
    since the combined count less what they publish would show it."""
    hidden, hidden_total = at_home or ({}, 0)
    values = suppress_column(
        [n for _label, n in pairs], forced=[small(hidden.get(label, 0)) for label, _n in pairs]
    )
    total = sum(n for _label, n in pairs)
    rows = [(label, [v]) for (label, _n), v in zip(pairs, values, strict=True)]
    rows.append((_("Total"), [None if small(total) or small(hidden_total) else total]))
    return Table(key, title, first_column, [column], rows)


def hidden_at_home(per_office) -> tuple[dict, int]:
    """What the offices' own open data hides: per label, the counts hidden summed over the
    offices, and the sum of the totals they hide. `per_office`: {office: [(label, count)]}."""
    hidden, hidden_total = {}, 0
    for pairs in per_office.values():
        shown = suppress_column([n for _label, n in pairs])
        for (label, n), value in zip(pairs, shown, strict=True):
            if value is None:
                hidden[label] = hidden.get(label, 0) + n
        total = sum(n for _label, n in pairs)
        hidden_total += total if small(total) else 0
    return hidden, hidden_total


def pass_hidden_at_home(per_office) -> dict:
    """As `hidden_at_home` for the decisions table: decided, passed and not passed."""
    hidden = {"decided": {}, "passed": {}, "failed": {}}
    totals = dict.fromkeys(hidden, 0)
    for rows in per_office.values():
        decided = suppress_column([d for _l, d, _p in rows])
        passed = suppress_column(
            [p for _l, _d, p in rows], complements=[d - p for _l, d, p in rows]
        )
        for (label, d, p), shown_d, shown_p in zip(rows, decided, passed, strict=True):
            if shown_d is None:
                hidden["decided"][label] = hidden["decided"].get(label, 0) + d
            if shown_p is None:
                hidden["passed"][label] = hidden["passed"].get(label, 0) + p
                hidden["failed"][label] = hidden["failed"].get(label, 0) + d - p
        all_d, all_p = sum(r[1] for r in rows), sum(r[2] for r in rows)
        totals["decided"] += all_d if small(all_d) else 0
        if small(all_p) or small(all_d - all_p):
            totals["passed"] += all_p
            totals["failed"] += all_d - all_p
    return {"labels": hidden, "totals": totals}


def pass_table(rates, at_home=None):
    rates = rates[:-1]  # per group; the whole is recomputed below
    home = at_home or {"labels": {"decided": {}, "passed": {}, "failed": {}}, "totals": {}}
    labels, totals = home["labels"], home["totals"]

    def hidden(kind, label):
        return small(labels[kind].get(label, 0))

    decided = suppress_column(
        [r.decided for r in rates], forced=[hidden("decided", r.label) for r in rates]
    )
    passed = suppress_column(
        [r.passed for r in rates],
        complements=[r.decided - r.passed for r in rates],
        forced=[hidden("passed", r.label) or hidden("failed", r.label) for r in rates],
    )
    rows = [(r.label, [d, p]) for r, d, p in zip(rates, decided, passed, strict=True)]
    all_decided = sum(r.decided for r in rates)
    all_passed = sum(r.passed for r in rates)
    if rates:
        hide_decided = small(all_decided) or small(totals.get("decided", 0))
        hide = (
            small(all_passed)
            or small(all_decided - all_passed)
            or small(totals.get("passed", 0))
            or small(totals.get("failed", 0))
        )
        rows.append(
            (
                _("Total"),
                [None if hide_decided else all_decided, None if hide else all_passed],
            )
        )
    return Table(
        "passed", _("Curation decisions"), _("Product group"), [_("Decided"), _("Passed")], rows
    )


def coverage_table(coverage, by_office=None):
    """`by_office`: for offices combined, {office: {(code or "all", year): count}}; a combined
    count is hidden too when what the offices' own tables hide of it adds up to a small count."""
    years = [s.year for s in coverage[0].years] if coverage else []
    hidden = _coverage_hidden_at_home(by_office or {}, coverage)
    rows = []
    if coverage:
        totals = [s.businesses for s in coverage[0].years]
        rows.append(
            (
                _("Businesses recorded"),
                [
                    None if small(t) or small(hidden.get(("all", y), 0)) else t
                    for t, y in zip(totals, years, strict=True)
                ],
            )
        )
    for item in coverage:
        rows.append(
            (
                item.type_name,
                [
                    None
                    if small(s.holders)
                    or small(s.businesses - s.holders)
                    or small(hidden.get((item.code, s.year), 0))
                    or small(hidden.get((item.code, s.year, "without"), 0))
                    else s.holders
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


def _coverage_hidden_at_home(by_office, coverage) -> dict:
    """What each office's own legality table hides, summed over the offices: businesses recorded
    per year, and holders and businesses without the permit per (permit, year)."""
    hidden = {}

    def add(key, n):
        hidden[key] = hidden.get(key, 0) + n

    for counts in by_office.values():
        for item in coverage:
            for share in item.years:
                businesses = counts.get(("all", share.year), 0)
                holders = counts.get((item.code, share.year), 0)
                if small(holders) or small(businesses - holders):
                    add((item.code, share.year), holders)
                    add((item.code, share.year, "without"), businesses - holders)
        for share in coverage[0].years if coverage else []:
            businesses = counts.get(("all", share.year), 0)
            add(("all", share.year), businesses if small(businesses) else 0)
    return hidden


def open_tables(kept):
    """The tables of the office's figures as kept by kurasi/insights/figures_cache.py; for
    offices combined, each combined count is also checked against what the offices' own open
    data hides (`by_office`)."""
    profile = kept["profile"]
    offices = kept.get("by_office")

    def home(table):
        return hidden_at_home(offices[table]) if offices else None

    businesses = _("Businesses")
    return [
        count_table(
            "registrations_by_group",
            _("Registrations by product group"),
            _("Product group"),
            _("Products registered"),
            kept["groups"],
            home("groups"),
        ),
        count_table(
            "businesses_by_district",
            _("Registered businesses by district"),
            _("District"),
            businesses,
            profile.districts,
            home("districts"),
        ),
        count_table(
            "businesses_by_scale",
            _("Registered businesses by scale"),
            _("Category"),
            businesses,
            profile.scales,
            home("scales"),
        ),
        count_table(
            "businesses_by_gender",
            _("Registered businesses by owner's gender"),
            _("Category"),
            businesses,
            profile.genders,
            home("genders"),
        ),
        pass_table(kept["rates"], pass_hidden_at_home(offices["rates"]) if offices else None),
        coverage_table(kept["coverage"], offices["coverage"] if offices else None),
    ]
