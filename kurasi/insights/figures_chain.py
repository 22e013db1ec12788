"""Figures up the chain: a province's (or the ministry's) office reads the figures of the offices
below it, at any depth (kurasi/accounts/chain.py), office by office and combined.

Only counts leave an office: products registered, curated and passed, and legality coverage by
permit type — never a business, an application or a person. Everything is grouped by office in
the database, so the number of queries is the same for 3 offices below or 500, and the result is
kept in the cache under the same fingerprint as the office figures (kurasi/insights/figures_cache).

Definitions are today's (kurasi/insights/figures.py and figures_legality.py):
- registered: applications counted in the quota (submitted, incomplete or verified);
- curated: decisions with an outcome (a producer who did not come was never judged), the
  denominator of the pass rate; passed: of those, the ones in a passing band;
- coverage of a permit: the office's businesses holding it on the reference day (31 December of
  the year, today for the current year) among the businesses recorded by that day.

Small counts of the offices below are suppressed as the open data suppresses them
(kurasi/insights/opendata.py): the province's staff see another office's totals, never a count
from 1 to 4 that could point at one producer.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kurasi.accounts.chain import offices_below
from kurasi.accounts.models import Organisation
from kurasi.curation.models import Decision
from kurasi.facilitation.progress import COVERAGE_CODES
from kurasi.programmes.models import COUNTED_STATUSES, Application
from kurasi.registry.models import Business, Certificate, CertificateType
from kurasi.registry.regions import region_label

from .charts import count_text, percent_text
from .figures import Scope
from .figures_cache import KEEP_SECONDS, fingerprint
from .figures_legality import _end_of, held_on, reference_days
from .opendata import Table, small, suppress_column

# Part of the key, as FIGURES_FORMAT: raise it when what compute_chain returns changes.
CHAIN_FORMAT = 1


@dataclass
class OfficeFigures:
    """One office's counts (or the sum of several)."""

    name: str
    region: str
    registered: int = 0
    curated: int = 0
    passed: int = 0
    businesses: int = 0
    holders: dict = field(default_factory=dict)  # permit code → businesses holding it


@dataclass
class ChainFigures:
    own: OfficeFigures
    below: list  # [OfficeFigures], by name
    permits: list  # [(code, name)] in COVERAGE_CODES order
    day: dt.date  # the reference day of the coverage

    @cached_property
    def total(self) -> OfficeFigures:
        rows = [self.own, *self.below]
        return OfficeFigures(
            _("All offices"),
            "",
            registered=sum(r.registered for r in rows),
            curated=sum(r.curated for r in rows),
            passed=sum(r.passed for r in rows),
            businesses=sum(r.businesses for r in rows),
            holders={code: sum(r.holders.get(code, 0) for r in rows) for code, _n in self.permits},
        )


def chain_scope(organisation, below=None, *, year=None, published_only=False) -> Scope | None:
    """The scope of `organisation` with every office below it (`below`: their ids, when the
    caller read them); None when it has none."""
    below = offices_below(organisation) if below is None else below
    if not below:
        return None
    return Scope(
        organisation,
        None,
        year,
        published_only=published_only,
        offices=(organisation.pk, *sorted(below)),
    )


def compute_chain(scope) -> ChainFigures:
    """Seven queries whatever the number of offices."""
    ids = scope.office_ids
    offices = {
        pk: OfficeFigures(name, region_label(code))
        for pk, name, code in Organisation.objects.filter(pk__in=ids).values_list(
            "pk", "name", "region_code"
        )
    }
    _count_applications(scope, offices)
    _count_decisions(scope, offices)
    _year, day = reference_days(scope.coverage_end_year)[-1]
    permits = _permits()
    _count_coverage(ids, day, permits, offices)
    own = offices.pop(scope.organisation.pk)
    below = sorted(offices.values(), key=lambda o: (o.name, o.region))
    return ChainFigures(own, below, [(t.code, t.name) for t in permits], day)


def _count_applications(scope, offices):
    rows = (
        Application.objects.filter(
            programme_id__in=scope.programme_ids, status__in=COUNTED_STATUSES
        )
        .values("programme__organisation_id")
        .annotate(n=Count("pk"))
        .values_list("programme__organisation_id", "n")
    )
    for pk, n in rows:
        offices[pk].registered = n


def _count_decisions(scope, offices):
    rows = (
        Decision.objects.filter(application__programme_id__in=scope.programme_ids, absent=False)
        .values("application__programme__organisation_id")
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(band__is_pass=True)))
        .values_list("application__programme__organisation_id", "n", "passed")
    )
    for pk, n, passed in rows:
        offices[pk].curated, offices[pk].passed = n, passed


def _permits() -> list:
    types = CertificateType.objects.filter(organisation=None, code__in=COVERAGE_CODES)
    return sorted(types, key=lambda t: COVERAGE_CODES.index(t.code))


def _count_coverage(ids, day, permits, offices):
    """Two queries: businesses recorded by the day (and with a NIB typed) per office, then the
    businesses holding each permit per office. A business with a NIB typed on its record holds
    the NIB from the day it was recorded, so its NIB certificates are left out of the second."""
    recorded = Q(created_at__lt=_end_of(day))
    counts = (
        Business.objects.filter(organisation_id__in=ids, merged_into__isnull=True)
        .values("organisation_id")
        .annotate(n=Count("pk", filter=recorded), typed=Count("pk", filter=recorded & ~Q(nib="")))
        .values_list("organisation_id", "n", "typed")
    )
    for pk, n, typed in counts:
        offices[pk].businesses = n
        offices[pk].holders["nib"] = typed
    if not permits:
        return
    held = (
        Certificate.objects.filter(
            held_on(day),
            business__organisation_id__in=ids,
            business__merged_into__isnull=True,
            business__created_at__lt=_end_of(day),
            type__in=permits,
        )
        .filter(~Q(type__code="nib") | Q(business__nib=""))
        .values("business__organisation_id", "type__code")
        .annotate(n=Count("business_id", distinct=True))
        .values_list("business__organisation_id", "type__code", "n")
    )
    for pk, code, n in held:
        holders = offices[pk].holders
        holders[code] = holders.get(code, 0) + n


def _kept(kind, scope, fingerprint_of_scope, make):
    """What `make` builds from the chain's figures, computed at most once per state of their
    data (the fingerprint covers the language, so counts written the reader's way keep too)."""
    key = f"kurasi:chain-{kind}:v{CHAIN_FORMAT}:{fingerprint_of_scope or fingerprint(scope)}"
    kept = cache.get(key)
    if kept is None:
        kept = make(compute_chain(scope))
        cache.set(key, kept, KEEP_SECONDS)
    return kept


def cached_display(scope, fingerprint_of_scope=None) -> dict:
    """The figures page's section, for the office's own staff."""
    return _kept("display", scope, fingerprint_of_scope, lambda c: display(c, own_known=True))


def cached_offices_table(scope, fingerprint_of_scope=None):
    """The open data's table by office."""
    return _kept("table", scope, fingerprint_of_scope, offices_table)


# --- suppression -------------------------------------------------------------------------------


@dataclass
class Suppressed:
    """The offices' counts as they may be shown: None where a count is hidden."""

    rows: list  # [(OfficeFigures, {column: count or None})], the office's own first
    total: dict  # {column: count or None}


def _value(office, column) -> int:
    if column in ("registered", "curated", "passed", "businesses"):
        return getattr(office, column)
    return office.holders.get(column, 0)


def _wholes(chain) -> dict:
    """Each column that is a part of another: passed of curated, holders of businesses. Its
    complement (not passed, without the permit) can be worked out, so it is suppressed too."""
    return {"passed": "curated", **{code: "businesses" for code, _n in chain.permits}}


def suppress(chain, *, own_known: bool) -> Suppressed:
    """Hide small counts column by column, as the open data does. `own_known`: the reader is the
    office itself, which sees its own figures on the same page; its row is shown whole, and the
    others are hidden so that the total less its own row gives nothing away. Otherwise (the
    public) its row is one like the others."""
    hideable = chain.below if own_known else [chain.own, *chain.below]
    wholes = _wholes(chain)
    plain = ["registered", "curated", "businesses"]
    shown, total = {}, {}
    for column in plain + list(wholes):
        values = [_value(r, column) for r in hideable]
        whole = wholes.get(column)
        complements = forced = None
        if whole:
            complements = [_value(r, whole) - v for r, v in zip(hideable, values, strict=True)]
            # A part shown beside a hidden whole gives the whole away through the percentage.
            forced = [v is None for v in shown[whole]]
        shown[column] = suppress_column(values, complements, forced)
        total[column] = _total(chain, hideable, column, whole, total)
    rows = [(chain.own, {c: _value(chain.own, c) for c in shown})] if own_known else []
    rows += [(r, {c: shown[c][i] for c in shown}) for i, r in enumerate(hideable)]
    return Suppressed(rows, total)


def _total(chain, hideable, column, whole, totals_so_far):
    """The combined count. Each office publishes its own figures (its open data), hiding only its
    small counts; so the total less every count published shows the sum of the hidden ones. It
    is hidden when that sum is small, when it is small itself, or when the rows the reader does
    not know add up to a small count; for a part, also when its rest is, or its whole is
    hidden."""
    value = _value(chain.total, column)
    parts = [_value(r, column) for r in hideable]
    rests = [_value(r, whole) - p for r, p in zip(hideable, parts, strict=True)] if whole else []
    hidden_at_home = [i for i, p in enumerate(parts) if small(p) or (whole and small(rests[i]))]
    hide = small(value) or small(sum(parts)) or small(sum(parts[i] for i in hidden_at_home))
    if whole:
        rest = _value(chain.total, whole) - value
        hide = (
            hide
            or small(rest)
            or small(sum(rests))
            or small(sum(rests[i] for i in hidden_at_home))
            or totals_so_far[whole] is None
        )
    return None if hide else value


# --- what the pages show -----------------------------------------------------------------------


def cell(counts, part, whole) -> str:
    """ "62% (5/8)"; "—" when a count is hidden; "0" when there is nothing to take a share of
    ("0% (0/0)" would read as a finding)."""
    p, w = counts[part], counts[whole]
    if p is None or w is None:
        return "—"
    if not w:
        return count_text(0)
    return percent_text(round(100 * p / w), p, w)


def percent_only(counts, part, whole) -> str:
    p, w = counts[part], counts[whole]
    if p is None or w is None or not w:
        return "—"
    return f"{round(100 * p / w)}%"


def count_cell(value) -> str:
    return "—" if value is None else count_text(value)


@dataclass
class DisplayRow:
    name: str
    region: str
    registered: str
    curated: str
    pass_rate: str  # "62% (5/8)"
    pass_percent: str  # "62%"
    coverage: list  # [str] per permit


def display(chain, *, own_known=True) -> dict:
    """Rows ready for the template: counts written the reader's way, hidden ones as —."""
    suppressed = suppress(chain, own_known=own_known)

    def row(office, counts):
        return DisplayRow(
            office.name,
            office.region,
            count_cell(counts["registered"]),
            count_cell(counts["curated"]),
            cell(counts, "passed", "curated"),
            percent_only(counts, "passed", "curated"),
            [cell(counts, code, "businesses") for code, _n in chain.permits],
        )

    rows = [row(office, counts) for office, counts in suppressed.rows]
    return {
        "own": rows[0],
        "below": rows[1:],
        "total": row(chain.total, suppressed.total),
        "permits": [name for _code, name in chain.permits],
        "day": chain.day,
        "count": len(chain.below),
    }


def offices_table(chain) -> Table:
    """Open data: one row per office (the office's own first, hidden as any other), then all."""
    suppressed = suppress(chain, own_known=False)
    order = ["registered", "curated", "passed", "businesses", *(c for c, _n in chain.permits)]
    rows = [(office.name, [counts[c] for c in order]) for office, counts in suppressed.rows]
    rows.append((_("All offices"), [suppressed.total[c] for c in order]))
    return Table(
        "offices",
        _("Figures by office"),
        pgettext("an office in the chain", "Office"),
        [
            _("Products registered"),
            _("Curated"),
            _("Passed"),
            _("Businesses recorded"),
            *(_("Holding %(permit)s") % {"permit": name} for _c, name in chain.permits),
        ],
        rows,
    )
