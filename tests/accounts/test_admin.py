"""The Django admin is for platform operators (superusers) only. Office staff, producers and the
admin of another office are refused every page and every change there, and no page of Kurasi
sends an office admin into it: they run their office on Kurasi's own pages."""

import re

import pytest
from django.urls import reverse

from kurasi.accounts.admin import site
from kurasi.accounts.models import Membership, Role, User
from kurasi.audit.models import AuditEvent

PERSONAS = ["admin_user", "field_officer", "curator", "producer", "outsider"]
CHANGELISTS = sorted(
    reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for model in site._registry
)


def snapshot():
    """Everything a refused request must leave as it was: accounts, roles and every audit log."""
    return (
        list(
            User.objects.order_by("pk").values_list(
                "pk", "email", "full_name", "phone", "password", "is_active", "is_superuser"
            )
        ),
        list(Membership.objects.order_by("pk").values_list("pk", "user", "organisation", "role")),
        list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "organisation")),
    )


def assert_refused(response, *secrets):
    """Refused: a redirect to the admin's login (which refuses a logged-in person) or a 403, and
    nothing of the records in the answer."""
    assert response.status_code != 200
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("admin:login"))
    content = response.content.decode()
    for secret in secrets:
        assert secret not in content


@pytest.fixture
def people(admin_user, field_officer, curator, producer, outsider):
    return {
        "admin_user": admin_user,
        "field_officer": field_officer,
        "curator": curator,
        "producer": producer,
        "outsider": outsider,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_index_and_every_changelist_are_refused(client_for, people, persona):
    client = client_for(people[persona])
    assert_refused(client.get(reverse("admin:index")), "Orang Luar", "Bambang Hermawan")
    for url in CHANGELISTS:
        assert_refused(client.get(url), "Orang Luar", "Bambang Hermawan", "Rina Kartika")
    # Followed to the end: a plain refusal, not a login form that would loop back.
    assert client.get(reverse("admin:index"), follow=True).status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_another_office_s_user_page_is_refused(client_for, people, persona):
    """The user page of the other office's admin (for that admin: the first office's curator)."""
    target = people["curator"] if persona == "outsider" else people["outsider"]
    response = client_for(people[persona]).get(
        reverse("admin:accounts_user_change", args=[target.pk])
    )
    assert_refused(response, target.full_name, target.email)


@pytest.mark.parametrize("persona", PERSONAS)
def test_taking_over_another_office_s_account_is_refused_and_changes_nothing(
    client_for, people, organisation, persona
):
    """The probe's path: a membership for the victim into one's own office, then an edit of the
    victim's email and active flag. Each step is refused; no account, role or log changes."""
    me = people[persona]
    victim = people["curator"] if persona == "outsider" else people["outsider"]
    own_office = Membership.objects.filter(user=me).values_list("organisation", flat=True).first()
    client = client_for(me)
    before = snapshot()

    assert_refused(
        client.post(
            reverse("admin:accounts_membership_add"),
            {"user": victim.pk, "organisation": own_office or organisation.pk, "role": Role.ADMIN},
        )
    )
    assert snapshot() == before
    assert_refused(
        client.post(
            reverse("admin:accounts_user_change", args=[victim.pk]),
            {"email": "penyusup@contoh.test", "full_name": victim.full_name, "phone": ""},
        )
    )
    assert snapshot() == before
    assert_refused(
        client.post(
            reverse("admin:accounts_user_add"),
            {
                "email": "penyusup@contoh.test",
                "full_name": "Penyusup",
                "password": "Anyaman-Bambu-77",
                "organisation": organisation.pk,
                "role": Role.ADMIN,
            },
        )
    )
    assert snapshot() == before
    victim_membership = Membership.objects.filter(user=victim).first()
    assert_refused(
        client.post(
            reverse("admin:accounts_membership_delete", args=[victim_membership.pk]),
            {"post": "yes"},
        )
    )
    assert snapshot() == before


def test_office_admins_are_not_django_staff(admin_user, outsider):
    assert not admin_user.is_staff
    assert not outsider.is_staff


def admin_links(response):
    return re.findall(r'href="(/admin/[^"]*)"', response.content.decode())


def test_no_kurasi_page_links_an_office_admin_into_the_django_admin(
    client_for, admin_user, organisation, open_programme
):
    client = client_for(admin_user)
    slug = organisation.slug
    pages = [
        reverse("insights:home"),
        reverse("insights:dashboard"),
        reverse("insights:organisation_dashboard", args=[slug]),
        reverse("insights:members", args=[slug]),
        reverse("insights:office_figures", args=[slug]),
        reverse("registry:business_list", args=[slug]),
        reverse("registry:product_list", args=[slug]),
        reverse("programmes:programme_list", args=[slug]),
        reverse("programmes:programme_detail", args=[slug, open_programme.slug]),
        reverse("audit:log", args=[slug]),
        reverse("accounts:two_factor"),
    ]
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert admin_links(response) == [], url


def test_a_superuser_sees_the_administration_link(client_for, db):
    from ..factories import UserFactory

    operator = UserFactory(full_name="Operator Platform", is_superuser=True)
    response = client_for(operator).get(reverse("insights:home"))
    assert reverse("admin:index") in admin_links(response)
