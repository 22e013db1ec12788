"""Staff administration pages: the office admin invites, sends again, withdraws, changes roles and
removes people, in their own office only; every refused attempt changes nothing."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.accounts import services_invitations as invitations
from kurasi.accounts.models import Invitation, Membership, Role
from kurasi.audit.models import AuditEvent

from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s\"<]+/accounts/invitation/[\w-]+/")


class RefusingMailServer(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("no mail server")


def staff_list(organisation):
    return reverse("insights:members", args=[organisation.slug])


def invite_page(organisation):
    return reverse("accounts:staff_invite", args=[organisation.slug])


def member_url(name, membership):
    return reverse(f"accounts:{name}", args=[membership.organisation.slug, membership.pk])


def invitation_url(name, invitation):
    return reverse(f"accounts:{name}", args=[invitation.organisation.slug, invitation.pk])


def membership_of(user):
    return Membership.objects.select_related("organisation").get(user=user)


def state():
    """Everything a refused attempt must leave as it was."""
    return (
        AuditEvent.objects.count(),
        sorted(Membership.objects.values_list("pk", "user_id", "organisation_id", "role")),
        sorted(Invitation.objects.values_list("pk", "secret_digest", "revoked_at", "accepted_at")),
    )


def test_staff_list_shows_members_and_open_invitations(
    client_for, organisation, admin_user, curator
):
    invitations.invite(
        actor=admin_user, organisation=organisation, email="dewi@contoh.test", role=Role.CURATOR
    )
    response = client_for(admin_user).get(staff_list(organisation))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Bambang Hermawan" in content
    assert "dewi@contoh.test" in content
    assert "Menunggu jawaban" in content
    assert f'href="{invite_page(organisation)}"' in content
    assert "/admin/" not in content


def test_office_dashboard_links_to_the_staff_pages_not_the_django_admin(
    client_for, organisation, admin_user
):
    url = reverse("insights:organisation_dashboard", args=[organisation.slug])
    content = client_for(admin_user).get(url).content.decode()
    assert f'href="{invite_page(organisation)}"' in content
    assert 'href="/admin/' not in content


@pytest.mark.parametrize(
    ("persona", "status"),
    [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)],
)
def test_staff_pages_refused(client_for, request, organisation, admin_user, persona, status):
    invitation, _url = invitations.invite(
        actor=admin_user, organisation=organisation, email="dewi@contoh.test", role=Role.CURATOR
    )
    target = membership_of(admin_user)
    client = client_for(request.getfixturevalue(persona))
    before = state()
    assert client.get(staff_list(organisation)).status_code == status
    assert client.get(invite_page(organisation)).status_code == status
    assert (
        client.post(
            invite_page(organisation), {"email": "x@contoh.test", "role": Role.ADMIN}
        ).status_code
        == status
    )
    assert client.get(member_url("staff_remove", target)).status_code == status
    assert client.post(member_url("staff_remove", target)).status_code == status
    assert client.post(member_url("staff_role", target), {"role": "curator"}).status_code == status
    for name in ("staff_invitation_resend", "staff_invitation_withdraw"):
        assert client.post(invitation_url(name, invitation)).status_code == status
    assert state() == before
    assert len(mail.outbox) == 0


def test_anonymous_visitors_are_sent_to_log_in(client, organisation):
    for url in (staff_list(organisation), invite_page(organisation)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_another_offices_memberships_and_invitations_are_not_found(
    client_for, organisation, other_organisation, admin_user, outsider
):
    """The admin of this office, with ids of the other office's rows under their own office's
    address: 404, nothing changed."""
    theirs = membership_of(outsider)
    colleague = MembershipFactory(organisation=other_organisation, role=Role.CURATOR)
    their_invitation, _url = invitations.invite(
        actor=outsider, organisation=other_organisation, email="x@depok.test", role=Role.CURATOR
    )
    before = state()
    client = client_for(admin_user)
    slug = organisation.slug
    for membership in (theirs, colleague):
        role = reverse("accounts:staff_role", args=[slug, membership.pk])
        remove = reverse("accounts:staff_remove", args=[slug, membership.pk])
        assert client.post(role, {"role": Role.FIELD_OFFICER}).status_code == 404
        assert client.get(remove).status_code == 404
        assert client.post(remove).status_code == 404
    for name in ("staff_invitation_resend", "staff_invitation_withdraw"):
        url = reverse(f"accounts:{name}", args=[slug, their_invitation.pk])
        assert client.post(url).status_code == 404
    assert state() == before


def test_invite_shows_the_link_once_and_emails_it(
    client_for, organisation, admin_user, django_capture_on_commit_callbacks
):
    client = client_for(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            invite_page(organisation),
            {"email": "Dewi@Contoh.test", "full_name": "Dewi", "role": Role.FIELD_OFFICER},
        )
    assert response.status_code == 200
    content = response.content.decode()
    url = LINK.search(content).group(0)
    assert url in mail.outbox[0].body
    assert mail.outbox[0].to == ["dewi@contoh.test"]
    assert "https://wa.me/?text=" in content
    assert "terkirim" not in content  # never claims delivery
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("dewi@contoh.test", Role.FIELD_OFFICER)
    assert invitation.invited_by == admin_user
    # The link is not stored: the list does not show it again.
    assert LINK.search(client.get(staff_list(organisation)).content.decode()) is None
    event = AuditEvent.objects.get(action="invitation.sent")
    assert event.organisation == organisation
    assert event.actor == admin_user


@pytest.mark.django_db(transaction=True)
def test_invite_page_says_the_mail_server_took_the_email_or_did_not(
    client_for, organisation, admin_user, settings
):
    """Without a surrounding transaction (as in production) the email goes out before the
    page is made, so the page can say honestly what happened."""
    client = client_for(admin_user)
    data = {"email": "dewi@contoh.test", "role": Role.CURATOR}
    content = client.post(invite_page(organisation), data).content.decode()
    assert "diserahkan ke server surel" in content
    assert len(mail.outbox) == 1
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"
    content = client.post(invite_page(organisation), data).content.decode()
    assert "Email tidak dapat dikirim" in content
    assert LINK.search(content) is not None  # to hand over by hand
    assert Invitation.objects.count() == 1  # renewed, not duplicated


def test_invite_refuses_a_current_member_and_keeps_the_typing(
    client_for, organisation, admin_user, curator
):
    before = state()
    response = client_for(admin_user).post(
        invite_page(organisation),
        {"email": "KURATOR@tangsel.test", "full_name": "Bambang", "role": Role.ADMIN},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "sudah bertugas di dinas ini" in content
    assert 'value="Bambang"' in content
    assert state() == before


def test_send_again_gives_a_new_link_and_the_old_one_stops_working(
    client, client_for, organisation, admin_user
):
    invitation, old = invitations.invite(
        actor=admin_user, organisation=organisation, email="dewi@contoh.test", role=Role.CURATOR
    )
    response = client_for(admin_user).post(invitation_url("staff_invitation_resend", invitation))
    new = LINK.search(response.content.decode()).group(0)
    assert new != old
    assert client.get(urlparse(old).path).status_code == 404
    assert client.get(urlparse(new).path).status_code == 200


def test_withdraw_ends_the_invitation(client_for, organisation, admin_user):
    invitation, _url = invitations.invite(
        actor=admin_user, organisation=organisation, email="dewi@contoh.test", role=Role.CURATOR
    )
    response = client_for(admin_user).post(invitation_url("staff_invitation_withdraw", invitation))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEvent.objects.filter(action="invitation.withdrawn", organisation=organisation)
    # Again: refused with a message, nothing more recorded.
    before = state()
    client_for(admin_user).post(invitation_url("staff_invitation_withdraw", invitation))
    assert state() == before


def test_change_role_is_audited_in_the_office(client_for, organisation, admin_user, curator):
    membership = membership_of(curator)
    response = client_for(admin_user).post(
        member_url("staff_role", membership), {"role": Role.FIELD_OFFICER}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.FIELD_OFFICER
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.organisation == organisation
    assert event.changes == {"role": [Role.CURATOR, Role.FIELD_OFFICER]}


def test_the_last_admin_can_be_neither_demoted_nor_removed(client_for, organisation, admin_user):
    own = membership_of(admin_user)
    client = client_for(admin_user)
    before = state()
    response = client.post(member_url("staff_role", own), {"role": Role.CURATOR}, follow=True)
    assert "sedikitnya satu admin dinas" in response.content.decode()
    response = client.post(member_url("staff_remove", own), follow=True)
    assert "sedikitnya satu admin dinas" in response.content.decode()
    assert state() == before


def test_remove_asks_first_then_takes_the_person_out(client_for, organisation, admin_user, curator):
    membership = membership_of(curator)
    client = client_for(admin_user)
    page = client.get(member_url("staff_remove", membership))
    assert page.status_code == 200
    assert "Bambang Hermawan" in page.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(member_url("staff_remove", membership))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert curator.__class__.objects.filter(pk=curator.pk, is_active=True).exists()  # account kept
    event = AuditEvent.objects.get(action="membership.revoked")
    assert event.organisation == organisation


def test_an_admin_may_leave_when_another_admin_remains(client_for, organisation, admin_user):
    MembershipFactory(organisation=organisation, role=Role.ADMIN)
    response = client_for(admin_user).post(member_url("staff_remove", membership_of(admin_user)))
    assert response.url == reverse("insights:dashboard")
    assert not Membership.objects.filter(user=admin_user).exists()


def test_staff_pages_never_edit_a_persons_account(client_for, organisation, admin_user, curator):
    """The only person-level writes are role changes and removal: posting account fields with
    them changes nothing of the account."""
    account = (curator.email, curator.full_name, curator.phone, curator.is_active, curator.password)
    client = client_for(admin_user)
    client.post(
        member_url("staff_role", membership_of(curator)),
        {"role": Role.CURATOR, "email": "baru@contoh.test", "is_active": "", "password": "x"},
    )
    curator.refresh_from_db()
    assert (
        curator.email,
        curator.full_name,
        curator.phone,
        curator.is_active,
        curator.password,
    ) == account


def test_staff_list_runs_a_constant_number_of_queries(client_for, organisation, admin_user):
    client = client_for(admin_user)
    invitations.invite(
        actor=admin_user, organisation=organisation, email="a@contoh.test", role=Role.CURATOR
    )
    with CaptureQueriesContext(connection) as few:
        assert client.get(staff_list(organisation)).status_code == 200
    for n in range(8):
        MembershipFactory(organisation=organisation, role=Role.CURATOR, user=UserFactory())
        invitations.invite(
            actor=admin_user,
            organisation=organisation,
            email=f"calon{n}@contoh.test",
            role=Role.FIELD_OFFICER,
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(staff_list(organisation)).status_code == 200
    assert len(many) == len(few)


def test_staff_list_export_still_works(client_for, organisation, admin_user, curator):
    url = reverse("insights:members_export", args=[organisation.slug, "csv"])
    response = client_for(admin_user).get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "Bambang Hermawan" in body.decode("utf-8-sig")
