"""The dashboard's heavy figures, kept in the configured cache under a fingerprint of their data.

At a province's scale (200,000 businesses, 1,000,000 products) the registry-wide figures cannot
be read from raw rows within a page's budget: legality coverage alone reads every business and
certificate of the office for five year-ends. So the computed figures are kept, and every request
first reads a fingerprint of everything they are computed from. The fingerprint is part of the
cache key, so any change by any process, page or import is seen on the next request, and nothing
is shared between requests except through the database and the configured cache (Redis when
several app servers run; without it each process keeps its own copies, still never stale).

The fingerprint costs a few index probes whatever the size of the registry:
- the latest change time of each table the figures read (`updated_at`, which the ORM stamps on
  every insert and save, bulk inserts of imports included; `decided_at` and the last id for
  decisions), read backwards from an index: the scope's applications per programme, the
  office's businesses, and all products, certificates, assessments and decisions (these carry no
  office; another office's change costs a recomputation, never a stale figure);
- the office's deletion stamp (kurasi/insights/signals.py), since a deletion moves no change time
  and counting rows would read the whole registry on every request;
- the bands, groups and permit types themselves (a few rows), today's date (coverage reads
  "today") and the language (labels are translated).
A business merge moves products and certificates with a bulk update, but saves both businesses.
For offices combined (a province with the offices below it, kurasi/insights/figures_chain.py) the
office's own parts are read for each office, in the same one query.

Limits, as for the results (kurasi/curation/results_cache.py): change times come from the app
servers' clocks, so servers must keep NTP time; and a transaction that commits after a later one
began computing can be missed until the next change (a window of one transaction's length).
"""

import hashlib

from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import get_language

from kurasi.accounts.models import Organisation
from kurasi.curation.models import Assessment, Decision, OutcomeBand
from kurasi.facilitation.progress import COVERAGE_CODES
from kurasi.programmes.models import Application, Programme
from kurasi.registry.models import Business, Certificate, CertificateType, Product
from kurasi.registry.models.product import ProductGroup

from . import figures, figures_legality
from .models import DeletionStamp

# A key is never stale (the fingerprint changes with the data); the timeout only frees memory.
KEEP_SECONDS = 24 * 3600


def _latest(queryset, field):
    """The newest value of `field`, as a scalar subquery an index answers backwards."""
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


def _office_changes(office_ids) -> list:
    """One query: per office, its deletion stamp and its registry's latest change, with the
    latest changes of the global tables (uncorrelated subqueries, evaluated once whatever the
    number of offices)."""
    rows = (
        Organisation.objects.filter(pk__in=office_ids)
        .annotate(
            stamp=_latest(DeletionStamp.objects.filter(organisation=OuterRef("pk")), "token"),
            business=_latest(Business.objects.filter(organisation=OuterRef("pk")), "updated_at"),
            product=_latest(Product.objects.all(), "updated_at"),
            certificate=_latest(Certificate.objects.all(), "updated_at"),
            assessment=_latest(Assessment.objects.all(), "updated_at"),
            decided=_latest(Decision.objects.all(), "decided_at"),
            decision=_latest(Decision.objects.all(), "pk"),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "stamp",
            "business",
            "product",
            "certificate",
            "assessment",
            "decided",
            "decision",
        )
    )
    return list(rows)


def _application_changes(ids) -> list:
    """Per programme, so each is one probe of the (programme, updated_at) index."""
    return list(
        Programme.objects.filter(pk__in=ids)
        .annotate(
            changed=_latest(Application.objects.filter(programme=OuterRef("pk")), "updated_at")
        )
        .order_by("pk")
        .values_list("pk", "year", "changed")
    )


def fingerprint(scope) -> str:
    ids = scope.programme_ids
    organisation = scope.organisation
    parts = [
        organisation.pk,
        ids,
        scope.coverage_end_year,
        timezone.localdate().isoformat(),
        get_language(),
        scope.office_ids,
        _office_changes(scope.office_ids),
        _application_changes(ids),
        list(
            OutcomeBand.objects.filter(programme_id__in=ids)
            .order_by("pk")
            .values_list("pk", "label", "minimum_score", "is_pass")
        ),
        list(
            ProductGroup.objects.filter(organisation_id__in=scope.office_ids).values_list(
                "pk", "name", "organisation_id"
            )
        ),
        list(
            CertificateType.objects.filter(organisation=None, code__in=COVERAGE_CODES)
            .order_by("pk")
            .values_list("pk", "code", "name")
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


# Part of the key: raise it whenever what compute_figures returns changes (a new definition, a new
# field), so figures kept by the previous release are not served after an upgrade.
FIGURES_FORMAT = 4  # 4: offices combined carry each office's rows (by_office)


def compute_figures(scope) -> dict:
    combined = {}
    if scope.combined:
        combined["by_office"] = {
            **figures.by_office(scope),
            "coverage": figures_legality.coverage_by_office(scope),
        }
    return {
        **combined,
        "months": figures.registrations_by_month(scope),
        "groups": figures.registrations_by_group(scope),
        "profile": figures.registered_businesses(scope),
        "progress": figures.curation_progress(scope),
        "rates": figures.pass_rates(scope),
        "outcomes": figures.outcomes(scope),
        "coverage": figures_legality.legality_coverage(scope),
    }


def cached_figures(scope, fingerprint_of_scope=None) -> dict:
    """The heavy figures of `scope`, computed at most once per state of their data. A caller
    that reads other kept figures of the same scope passes the fingerprint it read once."""
    key = f"kurasi:figures:v{FIGURES_FORMAT}:{fingerprint_of_scope or fingerprint(scope)}"
    kept = cache.get(key)
    if kept is None:
        kept = compute_figures(scope)
        cache.set(key, kept, KEEP_SECONDS)
    return kept
