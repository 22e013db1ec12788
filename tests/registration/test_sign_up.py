import pytest
from django.urls import reverse

from kurasi.accounts.models import User
from kurasi.audit.models import AuditEvent

from ..factories import UserFactory
from ..html_refs import dangling_descriptions, described_by

SIGN_UP = reverse("registration:sign_up")
GOOD = {
    "full_name": "Sari Wulandari",
    "phone": "0812-3456-7001",
    "email": "Sari.Wulandari@Contoh.TEST",
    "password1": "keripik-balado-renyah",
    "password2": "keripik-balado-renyah",
    "consent": "on",
}


def answers(**overrides):
    data = {**GOOD, **overrides}
    return {k: v for k, v in data.items() if v is not None}


def test_sign_up_page_is_public(client, db):
    response = client.get(SIGN_UP)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'autocomplete="new-password"' in content
    assert 'inputmode="tel"' in content
    assert reverse("registration:privacy_notice") in content


def test_sign_up_creates_account_normalised_and_logs_in(client, db, settings):
    response = client.post(SIGN_UP, answers())
    assert response.status_code == 302
    assert response.url == reverse("registration:status")
    user = User.objects.get()
    assert user.phone == "+6281234567001"
    assert user.email == "sari.wulandari@contoh.test"
    assert user.check_password(GOOD["password1"])
    assert not user.memberships.exists()
    assert client.get(reverse("registration:status")).status_code == 200
    event = AuditEvent.objects.get(action="account.signed_up")
    assert event.changes["privacy_notice_version"][1] == settings.KURASI_PRIVACY_NOTICE_VERSION


def test_sign_up_with_phone_only_then_login_by_phone(client, db):
    client.post(SIGN_UP, answers(email=""))
    client.logout()
    response = client.post(
        reverse("accounts:login"),
        {"username": "+62 812 3456 7001", "password": GOOD["password1"]},
    )
    assert response.status_code == 302
    assert client.get(reverse("registration:status")).status_code == 200


def test_sign_up_follows_a_safe_next_only(client, db):
    response = client.post(SIGN_UP, answers(next="/register/x/y/"))
    assert response.url == "/register/x/y/"
    client.logout()
    response = client.post(
        SIGN_UP, answers(next="https://evil.example/", phone="0812-3456-7002", email="")
    )
    assert response.url == reverse("registration:status")


@pytest.mark.parametrize(
    ("existing", "field"),
    [
        ({"email": "sari.wulandari@contoh.test", "phone": None}, "email"),
        ({"email": None, "phone": "+6281234567001"}, "phone"),
    ],
)
def test_sign_up_refuses_an_already_registered_contact(client, db, existing, field):
    UserFactory(**existing)
    response = client.post(SIGN_UP, answers(), HTTP_COOKIE="kurasi_language=en")
    assert response.status_code == 200
    assert User.objects.count() == 1
    form = response.context["form"]
    assert form.has_error(field, code=f"{field}_taken")
    content = response.content.decode()
    assert "already exists" in content
    assert 'value="Sari Wulandari"' in content  # the typing is kept


def test_sign_up_refuses_a_bad_phone(client, db):
    response = client.post(SIGN_UP, answers(phone="12345"))
    assert response.context["form"].has_error("phone", code="invalid_phone")
    assert not User.objects.exists()
    content = response.content.decode()
    assert 'value="12345"' in content
    # A screen reader reads the message with the field: the field names the list's id.
    described, _ids = described_by(content)
    assert ("phone", "id_phone_error") in described
    assert dangling_descriptions(content) == []


def test_sign_up_needs_email_or_phone(client, db):
    response = client.post(SIGN_UP, answers(phone="", email=""))
    assert response.context["form"].has_error("phone")
    assert not User.objects.exists()


@pytest.mark.parametrize("password", ["12345678", "password", "sari"])
def test_sign_up_refuses_a_weak_password(client, db, password):
    response = client.post(SIGN_UP, answers(password1=password, password2=password))
    assert response.context["form"].has_error("password1")
    assert not User.objects.exists()


def test_sign_up_refuses_two_different_passwords(client, db):
    response = client.post(SIGN_UP, answers(password2="keripik-balado-gurih"))
    assert response.context["form"].has_error("password2")
    assert not User.objects.exists()


def test_sign_up_needs_consent(client, db):
    response = client.post(SIGN_UP, answers(consent=None))
    assert response.context["form"].has_error("consent", code="required")
    assert not User.objects.exists()


def test_privacy_notice_names_its_version_in_both_languages(client, db, settings):
    response = client.get(reverse("registration:privacy_notice"))
    assert response.status_code == 200
    assert settings.KURASI_PRIVACY_NOTICE_VERSION in response.content.decode()
    english = client.get(
        reverse("registration:privacy_notice"), HTTP_COOKIE="kurasi_language=en"
    ).content.decode()
    assert "Personal Data Protection" in english
    assert "3 × 24 hours" in english
