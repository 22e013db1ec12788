"""The legality rules that ship with Kurasi (DOMAIN.md §5), loaded from data/legality_rules.json
by a data migration and by `ensure_shipped_rules` (tests that flush the database call it again)."""

import datetime as dt
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

# IUMK, the micro-business permit NIB replaced in 2018: needed to judge programmes before OSS.
IUMK_TYPE = {
    "code": "iumk",
    "name": "IUMK (Izin Usaha Mikro Kecil)",
    "issuer": "Kantor kecamatan",
    "position": 11,
}

FIELDS = [
    "name",
    "legal_basis",
    "source",
    "scope",
    "sni_categories",
    "shelf_life_min_days",
    "shelf_life_max_days",
    "high_risk",
    "scales",
    "valid_from",
    "valid_until",
    "severity",
    "issuer",
    "free_route",
    "typical_cost",
    "how_to",
]


def shipped_rules():
    rules = json.loads((DATA / "legality_rules.json").read_text(encoding="utf-8"))
    for position, rule in enumerate(rules):
        fields = {name: rule.get(name) for name in FIELDS}
        for name in ("sni_categories", "scales"):
            fields[name] = fields[name] or []
        for name in ("legal_basis", "source", "issuer", "free_route", "typical_cost", "how_to"):
            fields[name] = fields[name] or ""
        for name in ("valid_from", "valid_until"):
            fields[name] = dt.date.fromisoformat(fields[name]) if fields[name] else None
        fields["position"] = position * 10
        yield rule["code"], rule["types"], fields


def ensure_shipped_rules(LegalityRule, CertificateType):
    """Create the shipped rules (and the IUMK type) that are missing; leave admins' edits alone.

    Takes the model classes so a data migration can pass its historical models. Idempotent.
    """
    _ensure_iumk(CertificateType)
    types = {t.code: t for t in CertificateType.objects.filter(organisation=None)}
    for code, type_codes, fields in shipped_rules():
        rule, created = LegalityRule.objects.get_or_create(
            organisation=None, code=code, defaults=fields
        )
        if created:
            rule.certificate_types.set([types[c] for c in type_codes if c in types])


def _ensure_iumk(CertificateType):
    fields = {k: v for k, v in IUMK_TYPE.items() if k != "code"}
    CertificateType.objects.get_or_create(
        organisation=None, code=IUMK_TYPE["code"], defaults=fields
    )
