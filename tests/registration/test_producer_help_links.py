"""Where a producer starts: log in is offered to everyone on the home page, and every place that
offers help with a forgotten password also offers the recovery code to phone-only accounts."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
RECOVER = reverse("accounts:recover")


def test_home_page_offers_log_in_and_sign_up_to_everyone(client):
    content = client.get(reverse("insights:home")).content.decode()
    hero = content.split('class="hero"')[1].split("</section>")[0]
    assert f'<a href="{reverse("accounts:login")}" role="button" id="home-login">Masuk</a>' in hero
    assert f'href="{reverse("registration:sign_up")}"' in hero
    assert "Buat akun produsen" in hero
    assert "Office staff and curators" not in content


def test_home_page_in_english_says_log_in(client):
    client.cookies["kurasi_language"] = "en"
    content = client.get(reverse("insights:home")).content.decode()
    assert 'id="home-login">Log in</a>' in content


@pytest.mark.parametrize(
    "name", ["accounts:login", "accounts:password_reset", "registration:sign_up"]
)
def test_forgotten_password_help_links_the_recovery_code(client, name):
    content = client.get(reverse(name)).content.decode()
    assert f'href="{RECOVER}" id="recover-link"' in content


@pytest.mark.parametrize(
    "name", ["accounts:password_change", "accounts:account", "insights:dashboard"]
)
def test_phone_only_producer_is_offered_the_recovery_code(client_for, producer, name):
    assert producer.email is None
    content = client_for(producer).get(reverse(name)).content.decode()
    assert f'href="{RECOVER}" id="recover-link"' in content


def test_producer_with_email_is_offered_the_reset_by_email(client_for, producer):
    producer.email = "siti@example.test"
    producer.save()
    content = client_for(producer).get(reverse("accounts:password_change")).content.decode()
    assert f'href="{reverse("accounts:password_reset")}" class="password-reset-link"' in content
    assert RECOVER not in content.split("password-help")[1]
