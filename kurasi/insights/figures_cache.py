"""The dashboard's heavy figures, kept in the configured cache under a fingerprint of their data.

At a province's scale (200,000 businesses, 1,000,000 products) the registry-wide figures cannot
be read from raw rows within a page's budget: legality coverage alone scans every business and
certificate of the office for five year-ends. So the computed figures are kept, and every request
first reads a fingerprint of everything they are computed from: counts and latest change times of
the scope's applications, assessments and decisions, the office's businesses, products and
certificates, and the bands, groups and permit types (a handful of index-only reads). The
fingerprint is part of the cache key, so any change by any process, page or import is seen on the
next request, and nothing is shared between requests except through the database and the
configured cache (Redis when several app servers run).

Why each part is enough:
- counts catch deletions, latest `updated_at`/`decided_at` catch edits (every service saves
  through the ORM, which stamps them; a business merge moves products and certificates with a
  bulk update but saves both businesses);
- products and certificates carry no office, so their fingerprint is the whole table's: another
  office's edit only costs a recomputation, never a stale figure;
- today's date and the language are in the key: coverage reads "today" and labels are translated.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import get_language

from kurasi.curation.models import Assessment, Decision, OutcomeBand
from kurasi.facilitation.progress import COVERAGE_CODES
from kurasi.programmes.models import Application
from kurasi.registry.models import Business, Certificate, CertificateType, Product
from kurasi.registry.models.product import ProductGroup

from . import figures, figures_legality

# A key is never stale (the fingerprint changes with the data); the timeout only frees memory.
KEEP_SECONDS = 24 * 3600


def fingerprint(scope) -> str:
    ids = scope.programme_ids
    organisation = scope.organisation
    in_scope = {"application__programme_id__in": ids}
    parts = [
        organisation.pk,
        ids,
        scope.coverage_end_year,
        timezone.localdate().isoformat(),
        get_language(),
        Application.objects.filter(programme_id__in=ids).aggregate(
            n=Count("pk"), changed=Max("updated_at")
        ),
        Assessment.objects.filter(**in_scope).aggregate(n=Count("pk"), changed=Max("updated_at")),
        Decision.objects.filter(**in_scope).aggregate(
            n=Count("pk"), decided=Max("decided_at"), last=Max("pk")
        ),
        list(
            OutcomeBand.objects.filter(programme_id__in=ids)
            .order_by("pk")
            .values_list("pk", "label", "minimum_score", "is_pass")
        ),
        list(ProductGroup.objects.filter(organisation=organisation).values_list("pk", "name")),
        Business.objects.filter(organisation=organisation).aggregate(
            n=Count("pk"), changed=Max("updated_at")
        ),
        Product.objects.aggregate(changed=Max("updated_at")),
        Certificate.objects.aggregate(n=Count("pk"), changed=Max("updated_at")),
        list(
            CertificateType.objects.filter(organisation=None, code__in=COVERAGE_CODES)
            .order_by("pk")
            .values_list("pk", "code", "name")
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def compute_figures(scope) -> dict:
    return {
        "months": figures.registrations_by_month(scope),
        "groups": figures.registrations_by_group(scope),
        "profile": figures.registered_businesses(scope),
        "progress": figures.curation_progress(scope),
        "rates": figures.pass_rates(scope),
        "outcomes": figures.outcomes(scope),
        "coverage": figures_legality.legality_coverage(scope),
    }


def cached_figures(scope) -> dict:
    """The heavy figures of `scope`, computed at most once per state of their data."""
    key = f"kurasi:figures:{fingerprint(scope)}"
    kept = cache.get(key)
    if kept is None:
        kept = compute_figures(scope)
        cache.set(key, kept, KEEP_SECONDS)
    return kept
