"""Reference data that ships with Kurasi and that offices may extend (DOMAIN.md §4)."""

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def shipped_certificate_types():
    with (DATA / "certificate_types.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            yield {
                "code": row["code"],
                "name": row["name"],
                "issuer": row["issuer"],
                "number_pattern": row["number_pattern"],
                "number_example": row["number_example"],
                "validity_years": int(row["validity_years"]) if row["validity_years"] else None,
                "position": int(row["position"]),
            }


def ensure_shipped_certificate_types(CertificateType):
    """Create the shipped types that are missing; leave admins' edits alone. Idempotent.

    Takes the model class so a data migration can pass its historical model.
    """
    for fields in shipped_certificate_types():
        code = fields.pop("code")
        CertificateType.objects.get_or_create(organisation=None, code=code, defaults=fields)
