"""The founding scenario's office and its people (DOMAIN.md §1). All names are fictional."""

from base64 import b32decode

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurasi.accounts.models import Organisation, OrganisationKind, Role, User
from kurasi.accounts.services import grant_role

DEMO_PASSWORD = "kurasi-demo-2017"
# Office admins must use two-step login, the demo admin too. Its authenticator key is public
# (README, seed_demo's output): add it to any authenticator app, or print the current code with
# `manage.py demo_code`. A published key protects nothing, exactly like the published password.
DEMO_TOTP_KEY = "KURASIDEMOTANGSELADMINKURASIDEMO"

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
    seed_admin_authenticator(User.objects.get(email=STAFF[0][0]))
    return organisation


def seed_admin_authenticator(admin):
    """The demo admin's authenticator with the published key, unless they set up their own."""
    if not TOTPDevice.objects.filter(user=admin, confirmed=True).exists():
        TOTPDevice.objects.create(
            user=admin, name="demo", confirmed=True, key=b32decode(DEMO_TOTP_KEY).hex()
        )


def demo_code(drift=0):
    """The demo admin's current 6-digit code (from the published key)."""
    return f"{totp(b32decode(DEMO_TOTP_KEY), drift=drift):06d}"


def demo_logins():
    rows = [(email, role.label) for email, _, role in STAFF]
    rows.append(("0812-9876-5001", "Pelaku usaha / producer"))
    return rows
