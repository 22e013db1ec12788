"""The founding scenario's office and its people (DOMAIN.md §1). All names are fictional."""

from kurasi.accounts.models import Organisation, OrganisationKind, Role, User
from kurasi.accounts.services import grant_role

DEMO_PASSWORD = "kurasi-demo-2017"

ORGANISATION = {
    "slug": "disperindag-tangsel",
    "name": "Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan",
    "kind": OrganisationKind.DINAS_PERINDAG,
    "region_code": "36.74",
    "address": "Pusat Pemerintahan Kota Tangerang Selatan, Jl. Maruga Raya No. 1, Ciputat, "
    "Kota Tangerang Selatan, Banten",
    "email": "disperindag@tangsel.invalid",
}

STAFF = [
    ("admin@tangsel.kurasi.test", "Rina Kartika", Role.ADMIN),
    ("petugas1@tangsel.kurasi.test", "Agus Setiawan", Role.FIELD_OFFICER),
    ("petugas2@tangsel.kurasi.test", "Dewi Lestari", Role.FIELD_OFFICER),
    # The four curators of the curation day: an officer, a designer, a retail buyer, Dekranasda.
    ("kurator1@tangsel.kurasi.test", "Bambang Hermawan", Role.CURATOR),
    ("kurator2@tangsel.kurasi.test", "Maya Anggraini", Role.CURATOR),
    ("kurator3@tangsel.kurasi.test", "Hendra Wijaya", Role.CURATOR),
    ("kurator4@tangsel.kurasi.test", "Sri Wahyuni", Role.CURATOR),
]

# A producer logs in with a phone number; their business comes with the registry.
PRODUCER = ("+6281298765001", "Siti Rahmawati")


def upsert_user(*, email=None, phone=None, full_name):
    lookup = {"email": email} if email else {"phone": phone}
    user, created = User.objects.get_or_create(
        **lookup, defaults={"full_name": full_name, "phone": phone, "email": email}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed_accounts():
    """Create (or leave as they are) the demo office, its staff and one producer."""
    slug = ORGANISATION["slug"]
    organisation, _ = Organisation.objects.get_or_create(
        slug=slug, defaults={k: v for k, v in ORGANISATION.items() if k != "slug"}
    )
    for email, full_name, role in STAFF:
        user = upsert_user(email=email, full_name=full_name)
        grant_role(actor=None, organisation=organisation, user=user, role=role)
    phone, full_name = PRODUCER
    upsert_user(phone=phone, full_name=full_name)
    return organisation


def demo_logins():
    rows = [(email, role.label) for email, _, role in STAFF]
    rows.append(("0812-9876-5001", "Pelaku usaha / producer"))
    return rows
