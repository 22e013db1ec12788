import pytest
from django.urls import reverse

from kurasi.accounts.models import Membership, Role, User
from kurasi.audit.models import AuditEvent

from ..factories import MembershipFactory


@pytest.mark.django_db
def test_office_admin_sees_only_own_organisation_staff(client_for, admin_user, curator, outsider):
    response = client_for(admin_user).get(reverse("admin:accounts_membership_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Bambang Hermawan" in content
    assert "Orang Luar" not in content


@pytest.mark.django_db
def test_office_admin_cannot_open_another_office_membership(client_for, admin_user, outsider):
    other = Membership.objects.get(user=outsider)
    response = client_for(admin_user).get(
        reverse("admin:accounts_membership_change", args=[other.pk])
    )
    # Django admin answers a 302 to the index with "doesn't exist" for objects outside the queryset.
    assert response.status_code == 302
    assert Membership.objects.get(pk=other.pk).role == Role.ADMIN


@pytest.mark.django_db
def test_office_admin_cannot_see_other_organisations(client_for, admin_user, other_organisation):
    response = client_for(admin_user).get(reverse("admin:accounts_organisation_changelist"))
    assert "Kota Tangerang Selatan" in response.content.decode()
    assert "Depok" not in response.content.decode()


@pytest.mark.parametrize("persona", ["curator", "field_officer", "producer"])
def test_non_admins_are_refused_django_admin(client_for, request, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("admin:accounts_membership_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


@pytest.mark.django_db
def test_office_admin_creates_staff_account_with_role_and_audit(
    client_for, admin_user, organisation
):
    response = client_for(admin_user).post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Kurator.Baru@Tangsel.test",
            "full_name": "Kurator Baru",
            "phone": "0812-1111-2222",
            "password": "Anyaman-Bambu-77",
            "organisation": organisation.pk,
            "role": Role.CURATOR,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="kurator.baru@tangsel.test")
    assert user.phone == "+6281211112222"
    assert Membership.objects.get(user=user).role == Role.CURATOR
    event = AuditEvent.objects.get(
        action="membership.granted", object_id=str(user.memberships.get().pk)
    )
    assert event.actor == admin_user
    assert event.organisation == organisation


@pytest.mark.django_db
def test_office_admin_cannot_create_staff_in_another_office(
    client_for, admin_user, other_organisation
):
    response = client_for(admin_user).post(
        reverse("admin:accounts_user_add"),
        {
            "email": "penyusup@contoh.test",
            "full_name": "Penyusup",
            "password": "Anyaman-Bambu-77",
            "organisation": other_organisation.pk,
            "role": Role.ADMIN,
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="penyusup@contoh.test").exists()


@pytest.mark.django_db
def test_bad_phone_in_admin_keeps_typing_and_explains(client_for, admin_user, organisation):
    response = client_for(admin_user).post(
        reverse("admin:accounts_user_add"),
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
    assert not User.objects.filter(email="salah.hp@contoh.test").exists()


@pytest.mark.django_db
def test_role_change_and_removal_are_audited(client_for, admin_user, organisation):
    membership = MembershipFactory(organisation=organisation, role=Role.CURATOR)
    client = client_for(admin_user)
    client.post(
        reverse("admin:accounts_membership_change", args=[membership.pk]),
        {"user": membership.user.pk, "organisation": organisation.pk, "role": Role.FIELD_OFFICER},
    )
    membership.refresh_from_db()
    assert membership.role == Role.FIELD_OFFICER
    client.post(reverse("admin:accounts_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    actions = list(
        AuditEvent.objects.filter(object_id=str(membership.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["membership.granted", "membership.revoked"]
