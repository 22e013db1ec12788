"""Personas: the staff of one office (admin, field officer, curator), a producer, and an outsider —
the admin of another office — who must be refused everything of the first office.
"""

import pytest
from django.test import Client

from kurasi.accounts.models import Role

from .factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def organisation(db):
    return OrganisationFactory(
        name="Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan",
        slug="disperindag-tangsel",
        region_code="36.74",
    )


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(
        name="Disperindag Kota Depok", slug="disperindag-depok", region_code="32.76"
    )


def _member(organisation, role, **user_fields):
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(**user_fields)
    ).user


@pytest.fixture
def admin_user(organisation):
    return _member(organisation, Role.ADMIN, full_name="Rina Kartika", email="admin@tangsel.test")


@pytest.fixture
def field_officer(organisation):
    return _member(
        organisation, Role.FIELD_OFFICER, full_name="Agus Setiawan", email="petugas@tangsel.test"
    )


@pytest.fixture
def curator(organisation):
    return _member(
        organisation, Role.CURATOR, full_name="Bambang Hermawan", email="kurator@tangsel.test"
    )


@pytest.fixture
def producer(db):
    return UserFactory(full_name="Siti Rahmawati", email=None, phone="+6281298765001")


@pytest.fixture
def outsider(other_organisation):
    """The admin of another office."""
    return _member(other_organisation, Role.ADMIN, full_name="Orang Luar", email="admin@depok.test")


def totp_device_for(user):
    """The user's confirmed authenticator, created when missing (as if they had set it up)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@pytest.fixture
def client_for(db):
    """A logged-in test client for a user: `client_for(curator).get(url)`.

    Like a person who finished the whole login: office admins (who must use two-step login) get
    an authenticator and a session verified with it; so does anyone who already has one.
    """
    from django_otp import DEVICE_ID_SESSION_KEY

    from kurasi.accounts.two_factor import standing

    def make(user, *, verified=True):
        client = Client()
        client.force_login(user, backend="kurasi.accounts.backends.EmailOrPhoneBackend")
        has_device, must, _ = standing(user)
        if verified and (has_device or must):
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
            session.save()
        return client

    return make


@pytest.fixture
def product_groups(organisation):
    """The demo office's five product groups (DOMAIN.md §1)."""
    from .factories import ProductGroupFactory

    specs = [
        ("tas", "Tas", False),
        ("busana", "Busana", False),
        ("aksesori", "Aksesori", False),
        ("makanan", "Makanan", True),
        ("minuman-ringan", "Minuman ringan", True),
    ]
    return {
        code: ProductGroupFactory(organisation=organisation, code=code, name=name, is_food=food)
        for code, name, food in specs
    }


@pytest.fixture
def open_programme(organisation, product_groups):
    from .factories import ProgrammeFactory

    return ProgrammeFactory(
        organisation=organisation, title="Kurasi Produk IKM 2026", slug="kurasi-2026"
    )


@pytest.fixture
def producer_business(producer, organisation, product_groups):
    """Siti's bakery with one product, owned by the `producer` persona."""
    from .factories import BusinessFactory, ProductFactory

    business = BusinessFactory(
        organisation=organisation, owner=producer, name="Roti Siti", phone=producer.phone
    )
    ProductFactory(business=business, group=product_groups["makanan"], name="Roti Gambang")
    return business


@pytest.fixture
def other_producer(db):
    return UserFactory(full_name="Budi Santoso", email="budi@contoh.test", phone="+6281311112222")
