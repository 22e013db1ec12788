"""A person changes their email on My account: the new address confirms, the old one is told."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kurasi.accounts.models import Role
from kurasi.accounts.models_invitations import EmailChange
from kurasi.audit.models import AuditEvent

from ..factories import PASSWORD, MembershipFactory

ACCOUNT = reverse("accounts:account")
NEW = "rina.baru@contoh.test"


def ask(client, new_email=NEW, password=PASSWORD, capture=None):
    data = {"new_email": new_email, "password": password}
    if capture is None:
        return client.post(ACCOUNT, data)
    with capture(execute=True):
        return client.post(ACCOUNT, data)


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def client_for(client_for):
    """Logged-in clients reading the pages in English (the messages are checked by their text)."""

    def make(user, **options):
        client = client_for(user, **options)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def asked(client_for, field_officer, django_capture_on_commit_callbacks):
    """The field officer asked to change their email; (client, confirmation path)."""
    client = client_for(field_officer)
    response = ask(client, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    confirm = next(m for m in mail.outbox if m.to == [NEW])
    return client, path_of(link_in(confirm))


def test_account_page_shows_the_person_and_links(client_for, field_officer, producer):
    page = client_for(field_officer).get(ACCOUNT).content.decode()
    assert "Agus Setiawan" in page
    assert "petugas@tangsel.test" in page
    assert reverse("accounts:password_change") in page
    assert reverse("accounts:two_factor") in page
    producer_page = client_for(producer).get(ACCOUNT).content.decode()
    assert "0812-9876-5001" in producer_page
    # Producers have no authenticator page (staff only); their data page is linked instead.
    assert reverse("accounts:two_factor") not in producer_page
    assert reverse("privacy:my_data") in producer_page


def test_change_takes_effect_only_after_confirmation(asked, field_officer):
    client, confirm = asked
    field_officer.refresh_from_db()
    assert field_officer.email == "petugas@tangsel.test"
    page = client.get(ACCOUNT).content.decode()
    assert f"we sent a link to {NEW}".lower() in page.lower()
    assert "is now" not in page

    assert client.get(confirm).status_code == 200  # opening the link changes nothing yet
    field_officer.refresh_from_db()
    assert field_officer.email == "petugas@tangsel.test"

    response = client.post(confirm)
    assert response.status_code == 302
    field_officer.refresh_from_db()
    assert field_officer.email == NEW
    assert EmailChange.objects.get().confirmed_at is not None


def test_old_address_gets_both_notices_and_the_audit_masks_addresses(
    client_for, field_officer, organisation, django_capture_on_commit_callbacks
):
    client = client_for(field_officer)
    ask(client, capture=django_capture_on_commit_callbacks)
    to_old = [m for m in mail.outbox if m.to == ["petugas@tangsel.test"]]
    assert len(to_old) == 1
    assert NEW in to_old[0].body
    assert "password" in to_old[0].body  # what to do if it was not them
    assert not re.search(r"/me/email/", to_old[0].body)  # the link goes to the new address only
    confirm = path_of(link_in(next(m for m in mail.outbox if m.to == [NEW])))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    to_old = [m for m in mail.outbox if m.to == ["petugas@tangsel.test"]]
    assert len(to_old) == 2
    assert NEW in to_old[1].body
    event = AuditEvent.objects.get(action="user.email_changed")
    assert event.organisation == organisation
    assert event.changes == {"email": ["p***@tangsel.test", "r***@contoh.test"]}


def test_person_in_two_offices_is_recorded_in_both_and_a_producer_in_none(
    client_for, field_officer, other_organisation, producer, django_capture_on_commit_callbacks
):
    MembershipFactory(user=field_officer, organisation=other_organisation, role=Role.CURATOR)
    client = client_for(field_officer)
    ask(client, capture=django_capture_on_commit_callbacks)
    client.post(path_of(link_in(mail.outbox[0])))
    events = AuditEvent.objects.filter(action="user.email_changed")
    assert {e.organisation.slug for e in events} == {"disperindag-tangsel", "disperindag-depok"}

    # Siti logs in with her phone and has no email yet: she can add one, confirmed the same way.
    mail.outbox.clear()
    siti = client_for(producer)
    response = ask(siti, new_email="siti@contoh.test", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["siti@contoh.test"]]  # no old address to tell
    siti.post(path_of(link_in(mail.outbox[0])))
    producer.refresh_from_db()
    assert producer.email == "siti@contoh.test"
    event = AuditEvent.objects.get(action="user.email_changed", object_id=str(producer.pk))
    assert event.organisation is None


def test_wrong_password_is_refused_and_the_typing_kept(client_for, field_officer):
    response = ask(client_for(field_officer), password="salah")
    page = response.content.decode()
    assert response.status_code == 200
    assert "The password is wrong." in page
    assert f'value="{NEW}"' in page
    assert not EmailChange.objects.exists()
    assert mail.outbox == []


def test_taken_address_is_refused_without_saying_whose(client_for, field_officer, admin_user):
    response = ask(client_for(field_officer), new_email="ADMIN@tangsel.test")
    page = response.content.decode()
    assert "Another account already uses this email." in page
    assert "Rina" not in page
    assert "Office admin" not in page
    assert not EmailChange.objects.exists()
    assert mail.outbox == []


def test_address_taken_before_confirmation_is_refused(asked, field_officer, other_producer):
    client, confirm = asked
    other_producer.email = NEW
    other_producer.save()
    response = client.post(confirm)
    assert response.status_code == 400
    assert "Another account now uses this email." in response.content.decode()
    field_officer.refresh_from_db()
    assert field_officer.email == "petugas@tangsel.test"


def test_used_link_is_refused_with_a_clear_message(asked, field_officer):
    client, confirm = asked
    client.post(confirm)
    response = client.post(confirm)
    assert response.status_code == 400
    assert "already used" in response.content.decode()


def test_expired_link_is_refused(client_for, field_officer, django_capture_on_commit_callbacks):
    client = client_for(field_officer)
    ask(client, capture=django_capture_on_commit_callbacks)
    confirm = path_of(link_in(next(m for m in mail.outbox if m.to == [NEW])))
    EmailChange.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(confirm)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    field_officer.refresh_from_db()
    assert field_officer.email == "petugas@tangsel.test"


def test_asking_again_replaces_the_earlier_link(
    client_for, field_officer, django_capture_on_commit_callbacks
):
    client = client_for(field_officer)
    ask(client, capture=django_capture_on_commit_callbacks)
    first = path_of(link_in(mail.outbox[0]))
    ask(client, new_email="lain@contoh.test", capture=django_capture_on_commit_callbacks)
    assert client.post(first).status_code == 400
    field_officer.refresh_from_db()
    assert field_officer.email == "petugas@tangsel.test"


def test_another_logged_in_person_cannot_confirm_someone_elses_change(
    asked, client_for, field_officer, curator, client
):
    """The secret alone is not enough (see services_email.problem_with): someone who owns the
    new address by a typing mistake must not get the account."""
    _, confirm = asked
    response = client_for(curator).post(confirm)
    assert response.status_code == 400
    assert "belongs to another account" in response.content.decode()
    assert NEW not in response.content.decode()
    # Not logged in: the login page first.
    response = client.get(confirm)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    field_officer.refresh_from_db()
    curator.refresh_from_db()
    assert (field_officer.email, curator.email) == ("petugas@tangsel.test", "kurator@tangsel.test")
    assert not AuditEvent.objects.filter(action="user.email_changed").exists()


def test_unknown_secret_says_the_link_does_not_work(client_for, field_officer):
    url = reverse("accounts:email_change_confirm", args=["tidak-ada"])
    response = client_for(field_officer).post(url)
    assert response.status_code == 400
    assert "does not work" in response.content.decode()
