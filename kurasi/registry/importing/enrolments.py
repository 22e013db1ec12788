"""Entering the imported products into the calls the file's "Program" column names.

After the import's records are written, and in its transaction, each call gets its rows'
products through the bulk enrolment service (kurasi/programmes/enrolment.py), under the rules
of a single registration; what it refuses is reported in the import's result, and the rest of
the import stands. Imported businesses have no recorded consent, so they are refused unless the
person chose a consent basis (with where its evidence is kept) when confirming the import.
"""

from django.utils.translation import gettext as _

from kurasi.programmes.enrolment import ConsentBasis, Outcome, PreviewOutdated, enrol

# How many refused products the import's result names one by one (the counts cover them all).
SHOWN_REFUSALS = 100


def enrolment_options(data) -> dict:
    """The consent choice made on the dry-run page (JSON-serialisable, for a background run)."""
    basis = data.get("consent_basis") or ConsentBasis.RECORDED
    if basis not in ConsentBasis.values:
        basis = ConsentBasis.RECORDED
    return {"consent_basis": basis, "consent_note": (data.get("consent_note") or "").strip()}


def enrol_imported(plan, *, actor, consent_basis=ConsentBasis.RECORDED, consent_note=""):
    """Enter each call's rows' products. Returns one summary per call (for the job record)."""
    results = []
    for programme, rows in plan.rows_by_programme():
        rows_of = {}
        for row in rows:
            rows_of.setdefault(row.product.existing_id, row.number)
        try:
            entered = enrol(
                actor=actor,
                programme=programme,
                products=list(rows_of),
                consent_basis=consent_basis,
                consent_note=consent_note,
                source="import",
            )
        except PreviewOutdated:  # a draft of the call removed at this very moment: rare
            results.append(
                {
                    "programme": programme.title,
                    "slug": programme.slug,
                    "failed": _(
                        "The call changed while the import was written; enter these "
                        "businesses again from this page."
                    ),
                }
            )
            continue
        results.append(_summary(programme, entered, rows_of))
    return results


def _summary(programme, plan, rows_of):
    counts = plan.counts
    refused = plan.refused
    return {
        "programme": programme.title,
        "slug": programme.slug,
        "entered": counts["entering"],
        "drafts_sent": counts[Outcome.DRAFT],
        "refused": counts[Outcome.REFUSED],
        "consent": counts["consent"],
        "reasons": [[str(label), count] for _code, label, count in plan.refusals_by_reason()],
        "refusals": [
            [rows_of.get(e.product_id), e.business_name, e.product_name, e.detail]
            for e in refused[:SHOWN_REFUSALS]
        ],
    }
