"""The platform operator starts an office: the command and the pages, the first admin invited."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.accounts.models import Organisation, Role
from kurasi.accounts.models_invitations import Invitation
from kurasi.audit.models import AuditEvent

from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from ..html_refs import dangling_descriptions

OFFICES = reverse("operator:offices")
NEW = reverse("operator:office_new")


def link_in(text):
    return re.search(r"https?://\S+/accounts/\S+", text).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def create(*args):
    out = StringIO()
    call_command("create_office", *args, stdout=out)
    return out.getvalue()


TANGERANG = (
    "--name",
    "Disperindag Kota Tangerang",
    "--kind",
    "dinas_perindag",
    "--region",
    "36.71",
    "--admin-email",
    "Kepala@Tangerangkota.go.id",
    "--admin-name",
    "Budi Kepala",
)


@pytest.fixture
def operator(db):
    return UserFactory(full_name="Operator Kurasi", email="operator@kurasi.test", is_superuser=True)


@pytest.fixture
def english(client_for):
    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.mark.django_db(transaction=True)
def test_command_creates_the_office_and_invites_its_first_admin():
    output = create(*TANGERANG)
    office = Organisation.objects.get()
    assert (office.name, office.slug, office.kind, office.region_code) == (
        "Disperindag Kota Tangerang",
        "disperindag-kota-tangerang",
        "dinas_perindag",
        "36.71",
    )
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.email, invitation.role) == (
        office,
        "kepala@tangerangkota.go.id",
        Role.ADMIN,
    )
    assert invitation.full_name == "Budi Kepala"
    assert invitation.invited_by is None
    [message] = mail.outbox
    assert message.to == ["kepala@tangerangkota.go.id"]
    url = link_in(output)
    assert url in message.body
    assert output.count(url) == 1
    assert "Kota Tangerang" in output
    assert "handed to the mail server" in output
    assert "delivered" not in output
    assert {e.action for e in AuditEvent.objects.filter(organisation=office)} == {
        "organisation.created",
        "invitation.sent",
    }
    # The link works: the invitation's page answers.
    assert Client().get(path_of(url)).status_code == 200


@pytest.mark.django_db
def test_unknown_region_is_refused_and_nothing_is_created():
    args = list(TANGERANG)
    args[args.index("36.71")] = "36.99"
    with pytest.raises(CommandError, match=r"36\.99 is not a Kemendagri region code"):
        create(*args)
    args[args.index("36.99")] = "36.71.01"  # a district: an office serves a regency or province
    with pytest.raises(CommandError, match="district or village"):
        create(*args)
    assert not Organisation.objects.exists()
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_short_name_already_used_is_refused():
    OrganisationFactory(slug="tangerang", name="Dinas lama")
    with pytest.raises(CommandError, match="already uses the short name tangerang"):
        create(*TANGERANG, "--slug", "tangerang")
    assert Organisation.objects.count() == 1
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_a_bad_admin_email_leaves_nothing_behind():
    args = list(TANGERANG)
    args[args.index("Kepala@Tangerangkota.go.id")] = "bukan-email"
    with pytest.raises(CommandError, match="admin_email"):
        create(*args)
    assert not Organisation.objects.exists()


def test_operator_creates_an_office_on_the_page_and_the_link_works(
    english, operator, django_capture_on_commit_callbacks
):
    client = english(operator)
    assert client.get(NEW).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW,
            {
                "name": "Disperindag Kota Tangerang",
                "kind": "dinas_perindag",
                "region_code": "36.71",
                "slug": "",
                "admin_email": "kepala@tangerangkota.go.id",
                "admin_name": "",
            },
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    office = Organisation.objects.get(slug="disperindag-kota-tangerang")
    url = re.search(r'id="invitation-url" value="([^"]+)"', page).group(1)
    assert [m.to for m in mail.outbox] == [["kepala@tangerangkota.go.id"]]
    assert url in mail.outbox[0].body
    event = AuditEvent.objects.get(action="organisation.created")
    assert (event.organisation, event.actor) == (office, operator)
    assert Client().get(path_of(url)).status_code == 200
    # The list shows it, with its region and no staff yet; the link is not shown again.
    listing = client.get(OFFICES).content.decode()
    assert "Disperindag Kota Tangerang" in listing
    assert "KOTA TANGERANG".lower() in listing.lower()
    assert url not in listing


def test_the_page_keeps_the_typing_and_refuses_a_bad_region(english, operator):
    response = english(operator).post(
        NEW,
        {
            "name": "Disperindag Kota Tangerang",
            "kind": "dinas_perindag",
            "region_code": "99.99",
            "admin_email": "kepala@tangerangkota.go.id",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "99.99 is not a Kemendagri region code" in page
    assert 'value="Disperindag Kota Tangerang"' in page
    assert 'value="kepala@tangerangkota.go.id"' in page
    assert not Organisation.objects.filter(region_code="99.99").exists()


def test_operator_gets_a_new_link_when_the_first_was_lost(
    english, operator, django_capture_on_commit_callbacks
):
    client = english(operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            NEW,
            {
                "name": "Disperindag Kota Tangerang",
                "kind": "dinas_perindag",
                "region_code": "36.71",
                "admin_email": "kepala@tangerangkota.go.id",
            },
        )
    first = link_in(mail.outbox[0].body)
    again = reverse("operator:office_invite_again", args=["disperindag-kota-tangerang"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(again)
    second = re.search(r'id="invitation-url" value="([^"]+)"', response.content.decode()).group(1)
    assert second != first
    assert "The earlier link no longer works." in response.content.decode()


def test_office_admins_and_others_get_404(client_for, admin_user, producer, client):
    office = OrganisationFactory(slug="tangerang")
    again = reverse("operator:office_invite_again", args=[office.slug])
    for user in (admin_user, producer):
        c = client_for(user)
        assert c.get(OFFICES).status_code == 404
        assert c.get(NEW).status_code == 404
        assert c.post(NEW, {"name": "X", "region_code": "36.71"}).status_code == 404
        assert c.post(again).status_code == 404
    assert client.get(OFFICES).status_code == 302  # to the login page
    assert Organisation.objects.count() == 2  # the fixtures' office and this one


def test_superuser_without_two_step_login_is_sent_to_set_it_up(operator):
    client = Client()
    client.force_login(operator, backend="kurasi.accounts.backends.EmailOrPhoneBackend")
    response = client.get(OFFICES)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_setup"))


def test_dashboard_sends_the_operator_to_the_offices(client_for, operator, organisation):
    client = client_for(operator)
    assert client.get(reverse("insights:dashboard")).url == OFFICES
    MembershipFactory(user=operator, organisation=organisation, role=Role.CURATOR)
    page = client_for(operator).get(reverse("insights:dashboard")).content.decode()
    assert OFFICES in page


def test_office_list_runs_a_constant_number_of_queries(client_for, operator):
    client = client_for(operator)
    OrganisationFactory()
    client.get(OFFICES)  # warm the session and the translations
    with CaptureQueriesContext(connection) as one:
        client.get(OFFICES)
    for _ in range(4):
        OrganisationFactory()
    with CaptureQueriesContext(connection) as five:
        client.get(OFFICES)
    assert len(five) == len(one)


def test_new_office_form_describes_fields_only_with_what_it_shows(client_for, operator):
    client = client_for(operator)
    for response in (client.get(NEW), client.post(NEW, {"probe": "1"})):
        html = response.content.decode()
        assert dangling_descriptions(html) == []
    assert "aria-invalid" in html
