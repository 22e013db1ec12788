"""Whether a database holds office data that a restore would wipe out.

`make setup migrate` then `make restore FILE=…` must work without --force, so a freshly migrated
database counts as empty although `migrate` fills some tables itself. "Office data" is any row
outside:

- what `migrate` writes on its own: applied migrations, content types, permissions;
- what is never an office's work: the cache tables, sessions, the log of login attempts (axes);
- the reference data Kurasi ships (certificate types, legality rules), as long as those rows are
  exactly as shipped: an edited shipped row or an office's own type or rule is office data.

A table the database does not have yet (a database never migrated) holds nothing.
"""

from django.conf import settings
from django.db import DatabaseError

from kurasi.facilitation.shipped import FIELDS as RULE_FIELDS
from kurasi.facilitation.shipped import IUMK_TYPE, shipped_rules
from kurasi.registry.shipped import shipped_certificate_types

from . import databases

SETUP_TABLES = {"django_migrations", "django_content_type", "auth_permission", "django_session"}
SETUP_PREFIXES = ("axes_",)
TYPES = "registry_certificatetype"
RULES = "facilitation_legalityrule"
RULE_TYPES = "facilitation_legalityrule_certificate_types"
TYPE_FIELDS = ["name", "issuer", "number_pattern", "number_example", "validity_years", "position"]


def _cache_tables() -> set[str]:
    return {
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"].endswith("DatabaseCache")
    }


def _ignored(table: str) -> bool:
    return table in SETUP_TABLES or table in _cache_tables() or table.startswith(SETUP_PREFIXES)


def office_data() -> dict[str, int]:
    """{table: rows} of the office data the database holds; empty when there is none."""
    counts = databases.row_counts()
    found = {
        table: n
        for table, n in counts.items()
        if n and not _ignored(table) and table not in (TYPES, RULES, RULE_TYPES)
    }
    if counts.get(TYPES) and not _as_shipped(_types_as_shipped):
        found[TYPES] = counts[TYPES]
    if (counts.get(RULES) or counts.get(RULE_TYPES)) and not _as_shipped(_rules_as_shipped):
        found[RULES] = counts.get(RULES, 0)
    return found


def _as_shipped(check) -> bool:
    try:
        return check()
    except DatabaseError:
        return False  # tables of another version than this code's: not known to be as shipped


def _types_as_shipped() -> bool:
    from kurasi.registry.models import CertificateType

    defaults = {"issuer": "", "number_pattern": "", "number_example": "", "validity_years": None}
    shipped = {row["code"]: row for row in shipped_certificate_types()}
    shipped[IUMK_TYPE["code"]] = {**defaults, **IUMK_TYPE}
    rows = CertificateType.objects.values("organisation_id", "code", *TYPE_FIELDS)
    return all(
        row["organisation_id"] is None
        and row["code"] in shipped
        and all(row[name] == shipped[row["code"]][name] for name in TYPE_FIELDS)
        for row in rows
    )


def _rules_as_shipped() -> bool:
    from kurasi.facilitation.models import LegalityRule
    from kurasi.registry.models import CertificateType

    shipped = {code: (set(types), fields) for code, types, fields in shipped_rules()}
    present_types = set(
        CertificateType.objects.filter(organisation=None).values_list("code", flat=True)
    )
    linked = {}
    through = LegalityRule.certificate_types.through.objects
    for rule, type_code in through.values_list("legalityrule__code", "certificatetype__code"):
        linked.setdefault(rule, set()).add(type_code)
    rows = LegalityRule.objects.values("organisation_id", "code", "position", *RULE_FIELDS)
    for row in rows:
        expected = shipped.get(row["code"])
        if row["organisation_id"] is not None or expected is None:
            return False
        types, fields = expected
        if any(row[name] != fields[name] for name in [*RULE_FIELDS, "position"]):
            return False
        # The migration links a shipped rule to those of its types that exist.
        if linked.get(row["code"], set()) != types & present_types:
            return False
    return True
