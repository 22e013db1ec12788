"""Joining an office by invitation, through the link's page: a new person makes their account, a
person with an account (of another office too) logs in to it, nobody accepts for somebody else,
and an office admin's role waits for two-step login."""

import datetime as dt
import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp

from kurasi.accounts import services_invitations as invitations
from kurasi.accounts.models import Invitation, Membership, Role, User
from kurasi.accounts.two_factor import pending_device
from kurasi.audit.models import AuditEvent

from ..factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kopi-susu-gula-aren-17"
LINK = re.compile(r"https?://\S+/accounts/invitation/[\w-]+/")


def path_of(url):
    return urlparse(url).path


def invite(organisation, admin_user, email, role=Role.CURATOR, **more):
    return invitations.invite(
        actor=admin_user, organisation=organisation, email=email, role=role, **more
    )


def new_account(client, path, name="Dewi Lestari"):
    return client.post(
        path, {"full_name": name, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )


def test_new_person_makes_their_account_from_the_emailed_link_and_takes_the_role(
    client, organisation, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, url = invite(organisation, admin_user, "Dewi@Contoh.test", full_name="Dewi")
    assert mail.outbox[0].to == ["dewi@contoh.test"]
    assert LINK.search(mail.outbox[0].body).group(0) == url
    assert "Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan" in mail.outbox[0].subject
    assert "Rina Kartika" in mail.outbox[0].body  # who invited
    page = client.get(path_of(url))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Kurator" in content
    assert "Rina Kartika" in content
    assert 'value="Dewi"' in content  # the name the office gave, to confirm or correct
    response = new_account(client, path_of(url), name="Dewi Lestari")
    assert response.status_code == 302
    assert response.url == reverse("insights:organisation_dashboard", args=[organisation.slug])
    dewi = User.objects.get(email="dewi@contoh.test")
    assert dewi.full_name == "Dewi Lestari"
    assert dewi.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=dewi).role == Role.CURATOR
    assert client.get(response.url).status_code == 200  # logged in
    invitation.refresh_from_db()
    assert invitation.accepted_by == dewi
    assert invitation.accepted_at is not None
    actions = set(
        AuditEvent.objects.filter(organisation=organisation).values_list("action", flat=True)
    )
    assert {"invitation.sent", "account.created_from_invitation", "invitation.accepted"} <= actions
    assert "membership.granted" in actions


def test_new_account_form_keeps_the_typing_and_checks_the_password(
    client, organisation, admin_user
):
    _invitation, url = invite(organisation, admin_user, "dewi@contoh.test")
    response = client.post(
        path_of(url), {"full_name": "Dewi Lestari", "password1": "12345678", "password2": "x"}
    )
    assert response.status_code == 200
    assert 'value="Dewi Lestari"' in response.content.decode()
    assert not User.objects.filter(email="dewi@contoh.test").exists()
    response = client.post(
        path_of(url), {"full_name": "Dewi", "password1": "12345678", "password2": "12345678"}
    )
    assert "password1_error" in response.content.decode()  # Django's validators: too common
    assert not Membership.objects.filter(organisation=organisation, user__email="dewi@contoh.test")


def test_person_of_another_office_gets_nothing_until_they_accept_themselves(
    client, client_for, organisation, admin_user, outsider, curator
):
    before = set(Membership.objects.values_list("user_id", "organisation_id", "role"))
    invitation, url = invite(organisation, admin_user, "ADMIN@depok.test", role=Role.CURATOR)
    assert set(Membership.objects.values_list("user_id", "organisation_id", "role")) == before
    # Not logged in: asked to log in to that account, with the way back to the link.
    page = client.get(path_of(url)).content.decode()
    assert "log-in-to-accept" in page
    assert f"next={path_of(url).replace('/', '%2F')}" in page
    assert 'name="password1"' not in page
    # Logged in as someone else: told to log out first; a POST accepts nothing.
    as_curator = client_for(curator)
    assert "other-account" in as_curator.get(path_of(url)).content.decode()
    as_curator.post(path_of(url), {"full_name": "x", "password1": "y", "password2": "y"})
    assert set(Membership.objects.values_list("user_id", "organisation_id", "role")) == before
    # The person themselves accepts, and keeps their own office.
    response = client_for(outsider).post(path_of(url))
    assert response.status_code == 302
    roles = dict(Membership.objects.filter(user=outsider).values_list("organisation__slug", "role"))
    assert roles == {"disperindag-depok": Role.ADMIN, organisation.slug: Role.CURATOR}
    invitation.refresh_from_db()
    assert invitation.accepted_by == outsider


def test_service_refuses_accepting_for_another_account(organisation, admin_user, curator):
    invitation, _url = invite(organisation, admin_user, "dewi@contoh.test")
    with pytest.raises(invitations.ValidationError):
        invitations.accept(invitation=invitation, user=curator)
    assert not Invitation.objects.filter(accepted_by__isnull=False).exists()


def test_expired_link_says_so_and_accepts_nothing(client, organisation, admin_user):
    invitation, url = invite(organisation, admin_user, "dewi@contoh.test")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    page = client.get(path_of(url))
    assert page.status_code == 200
    assert "invitation-closed" in page.content.decode()
    assert "kedaluwarsa" in page.content.decode()
    new_account(client, path_of(url))
    assert not User.objects.filter(email="dewi@contoh.test").exists()


def test_withdrawn_link_says_so(client, organisation, admin_user):
    invitation, url = invite(organisation, admin_user, "dewi@contoh.test")
    invitations.revoke(actor=admin_user, invitation=invitation)
    page = client.get(path_of(url))
    assert page.status_code == 200
    assert "menarik undangan ini" in page.content.decode()
    new_account(client, path_of(url))
    assert not User.objects.filter(email="dewi@contoh.test").exists()


def test_used_link_says_it_was_accepted_and_unknown_link_is_explained(
    client, organisation, admin_user
):
    _invitation, url = invite(organisation, admin_user, "dewi@contoh.test")
    new_account(client, path_of(url))
    client.logout()
    assert "invitation-closed" in client.get(path_of(url)).content.decode()
    unknown = client.get(reverse("accounts:invitation_accept", args=["bukan-tautan-yang-benar"]))
    assert unknown.status_code == 404
    assert "tidak berlaku" in unknown.content.decode()


def test_sending_again_replaces_the_link(client, organisation, admin_user):
    invitation, old = invite(organisation, admin_user, "dewi@contoh.test")
    _same, new = invitations.resend(actor=admin_user, invitation=invitation)
    assert _same.pk == invitation.pk
    assert new != old
    assert client.get(path_of(old)).status_code == 404
    assert client.get(path_of(new)).status_code == 200


def test_inviting_again_renews_the_open_invitation(organisation, admin_user):
    first, old = invite(organisation, admin_user, "dewi@contoh.test", role=Role.CURATOR)
    second, new = invite(organisation, admin_user, "DEWI@contoh.test", role=Role.FIELD_OFFICER)
    assert second.pk == first.pk
    assert new != old
    assert Invitation.objects.get().role == Role.FIELD_OFFICER
    assert AuditEvent.objects.filter(action="invitation.resent").count() == 1


def test_the_platform_can_invite_the_first_admin_without_an_actor(organisation):
    invitation, url = invitations.invite(
        actor=None, organisation=organisation, email="kepala@contoh.test", role=Role.ADMIN
    )
    assert invitation.invited_by is None
    assert url.endswith("/")
    event = AuditEvent.objects.get(action="invitation.sent")
    assert (event.actor_id, event.actor_label, event.organisation) == (None, "system", organisation)


def test_admin_role_waits_for_two_step_login(client, organisation, admin_user, settings):
    settings.KURASI_REQUIRE_ADMIN_2FA = True
    invitation, url = invite(organisation, admin_user, "kepala@contoh.test", role=Role.ADMIN)
    assert "login dua langkah" in client.get(path_of(url)).content.decode()
    response = new_account(client, path_of(url), name="Kepala Seksi")
    finish = reverse("accounts:invitation_finish", args=[invitation.pk])
    assert response.url == finish
    person = User.objects.get(email="kepala@contoh.test")
    assert not Membership.objects.filter(user=person).exists()
    # Without an authenticator the last step explains and refuses to grant.
    page = client.get(finish).content.decode()
    assert "set-up-two-factor" in page
    client.post(finish)
    assert not Membership.objects.filter(user=person).exists()
    assert invitation.__class__.objects.get(pk=invitation.pk).status == "claimed"
    # The set-up page lets them in (they hold no role yet), then sends them back.
    setup = reverse("accounts:two_factor_setup") + "?next=" + finish
    assert client.get(setup).status_code == 200
    device = pending_device(person)
    code = str(totp(device.bin_key)).zfill(6)
    done = client.post(setup, {"code": code, "password": NEW_PASSWORD})
    assert f'href="{finish}"' in done.content.decode()
    assert "finish-invitation" in client.get(finish).content.decode()
    response = client.post(finish)
    assert response.status_code == 302
    assert Membership.objects.get(user=person, organisation=organisation).role == Role.ADMIN
    assert client.get(response.url).status_code == 200  # the session is verified with the device
    actions = list(
        AuditEvent.objects.filter(organisation=organisation, object_type="accounts.invitation")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["invitation.sent", "invitation.claimed", "invitation.accepted"]


def test_admin_with_an_authenticator_takes_the_role_at_once(
    client_for, organisation, admin_user, outsider, settings
):
    settings.KURASI_REQUIRE_ADMIN_2FA = True
    _invitation, url = invite(organisation, admin_user, "admin@depok.test", role=Role.ADMIN)
    client_for(outsider).post(path_of(url))  # client_for gives an office admin a device
    assert Membership.objects.get(user=outsider, organisation=organisation).role == Role.ADMIN


def test_someone_else_cannot_finish_an_admin_invitation(
    client, client_for, organisation, admin_user, curator
):
    invitation, url = invite(organisation, admin_user, "kepala@contoh.test", role=Role.ADMIN)
    new_account(client, path_of(url))
    finish = reverse("accounts:invitation_finish", args=[invitation.pk])
    assert client_for(curator).get(finish).status_code == 404
    assert client_for(curator).post(finish).status_code == 404
    assert client_for(admin_user).post(finish).status_code == 404


def test_existing_account_logs_in_and_comes_back_to_the_link(client, organisation, admin_user):
    other = User.objects.create_user(
        email="budi@contoh.test", password=PASSWORD, full_name="Budi Santoso"
    )
    _invitation, url = invite(organisation, admin_user, "budi@contoh.test")
    login = reverse("accounts:login") + "?next=" + path_of(url)
    response = client.post(login, {"username": "budi@contoh.test", "password": PASSWORD})
    assert response.url == path_of(url)
    assert "accept-invitation" in client.get(path_of(url)).content.decode()
    client.post(path_of(url))
    assert Membership.objects.get(user=other).role == Role.CURATOR
