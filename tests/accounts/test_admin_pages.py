"""Every page of the platform operators' admin renders: the list, add and change page of every
registered model, opened by a superuser (who, like every superuser, passed two-step login)."""

import pytest
from django.urls import reverse

from kurasi.accounts.admin import site
from kurasi.accounts.models import Membership, Organisation, Role, User
from kurasi.audit.models import AuditEvent
from kurasi.facilitation.models import ProductLegalProfile
from kurasi.registry.models import ProductGroup, RegionAlias

from ..factories import (
    BusinessFactory,
    MembershipFactory,
    ProductFactory,
    ProductGroupFactory,
    ProgrammeFactory,
    UserFactory,
)

MODELS = sorted(site._registry, key=lambda model: model._meta.label)


def admin_url(model, page, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)


@pytest.fixture
def superuser(db):
    return UserFactory(
        full_name="Operator Platform", email="operator@kurasi.test", is_superuser=True
    )


@pytest.fixture
def operator(client_for, superuser):
    return client_for(superuser)


@pytest.fixture
def world(organisation, curator, producer):
    """One row of every registered model (shipped certificate types and rules come with the
    migrations)."""
    group = ProductGroupFactory(organisation=organisation, code="makanan", name="Makanan")
    business = BusinessFactory(organisation=organisation, owner=producer, name="Roti Siti")
    product = ProductFactory(business=business, group=group, name="Roti Gambang")
    ProductLegalProfile.objects.create(product=product, high_risk=True)
    RegionAlias.objects.create(organisation=organisation, alias="Sarua", code="36.74.04.1001")
    ProgrammeFactory(organisation=organisation, title="Kurasi Produk IKM 2026", slug="kurasi-2026")
    return organisation


def test_every_registered_model_is_covered():
    labels = {model._meta.label for model in MODELS}
    assert {"accounts.Organisation", "accounts.Membership", "accounts.User"} <= labels
    assert {"facilitation.ProductLegalProfile", "registry.ProductGroup"} <= labels


def test_admin_index_renders_for_a_superuser(operator):
    response = operator.get(reverse("admin:index"))
    assert response.status_code == 200
    for model in MODELS:
        assert admin_url(model, "changelist") in response.content.decode()


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_list_add_and_change_pages_render(operator, world, model):
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the test's world has no {model._meta.label}: add one"

    assert operator.get(admin_url(model, "changelist")).status_code == 200
    assert operator.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    add = operator.get(admin_url(model, "add"))
    # Read-only models (programmes are set up on Kurasi's pages) refuse the add page.
    can_add = site._registry[model].has_add_permission(add.wsgi_request)
    assert add.status_code == (200 if can_add else 403)
    assert operator.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert operator.get(admin_url(model, "history", obj.pk)).status_code == 200


def test_superuser_adds_an_organisation(operator):
    response = operator.post(
        admin_url(Organisation, "add"),
        {
            "name": "Dinas Perindustrian dan Perdagangan Kota Tangerang",
            "slug": "disperindag-kota-tangerang",
            "kind": "dinas_perindag",
            "region_code": "36.71",
            "default_language": "id",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    office = Organisation.objects.get(slug="disperindag-kota-tangerang")
    assert office.region_code == "36.71"


def test_superuser_adds_a_product_group(operator, organisation):
    response = operator.post(
        admin_url(ProductGroup, "add"),
        {
            "organisation": organisation.pk,
            "code": "kriya",
            "name": "Kriya",
            "kbli_codes": "",
            "position": 10,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ProductGroup.objects.get(code="kriya").organisation == organisation


def test_superuser_grants_a_role_audited_in_that_office(operator, superuser, organisation):
    person = UserFactory(full_name="Dewi Lestari")
    response = operator.post(
        admin_url(Membership, "add"),
        {"user": person.pk, "organisation": organisation.pk, "role": Role.CURATOR},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(user=person)
    event = AuditEvent.objects.get(action="membership.granted", object_id=str(membership.pk))
    assert (event.actor, event.organisation) == (superuser, organisation)


def test_role_change_and_removal_are_audited(operator, organisation):
    membership = MembershipFactory(organisation=organisation, role=Role.CURATOR)
    response = operator.post(
        admin_url(Membership, "change", membership.pk), {"role": Role.FIELD_OFFICER}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    membership.refresh_from_db()
    assert membership.role == Role.FIELD_OFFICER
    operator.post(admin_url(Membership, "delete", membership.pk), {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    actions = AuditEvent.objects.filter(object_id=str(membership.pk)).order_by("id")
    assert list(actions.values_list("action", flat=True)) == [
        "membership.granted",
        "membership.revoked",
    ]
    assert {event.organisation for event in actions} == {organisation}


def test_account_change_is_audited_in_every_office_of_the_person(
    operator, organisation, other_organisation, curator
):
    MembershipFactory(organisation=other_organisation, user=curator, role=Role.CURATOR)
    response = operator.post(
        admin_url(User, "change", curator.pk),
        {"email": curator.email, "full_name": "Bambang H.", "phone": "", "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    events = AuditEvent.objects.filter(action="user.changed", object_id=str(curator.pk))
    assert {event.organisation for event in events} == {organisation, other_organisation}
    assert events.first().changes["full_name"] == ["Bambang Hermawan", "Bambang H."]


def test_superuser_creates_a_staff_account_with_a_role(operator, organisation):
    response = operator.post(
        admin_url(User, "add"),
        {
            "email": "Kurator.Baru@Tangsel.test",
            "full_name": "Kurator Baru",
            "phone": "0812-1111-2222",
            "password": "Anyaman-Bambu-77",
            "organisation": organisation.pk,
            "role": Role.CURATOR,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.select_related("user").get(user__full_name="Kurator Baru")
    assert (membership.user.email, membership.user.phone) == (
        "kurator.baru@tangsel.test",
        "+6281211112222",
    )
    assert membership.role == Role.CURATOR
    assert AuditEvent.objects.filter(action="user.created", organisation=organisation).exists()


def test_bad_phone_keeps_typing_and_explains(operator, organisation):
    response = operator.post(
        admin_url(User, "add"),
        {
            "email": "salah.hp@contoh.test",
            "full_name": "Salah Nomor",
            "phone": "12345",
            "password": "Anyaman-Bambu-77",
            "organisation": organisation.pk,
            "role": Role.CURATOR,
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "bukan nomor telepon Indonesia yang valid" in content
    assert 'value="salah.hp@contoh.test"' in content
