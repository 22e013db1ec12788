"""Start-up and deployment settings, checked by running manage.py as an operator would."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "KURASI_ENV": "production",
    "SECRET_KEY": "uji-" + "k3y-yang-panjang-dan-acak-" * 3,
    "ALLOWED_HOSTS": "kurasi.example.go.id",
    "SITE_URL": "https://kurasi.example.go.id",
}


def manage(*args, env):
    # The browser tests allow sync ORM calls next to their event loop; production never does.
    dropped = {"SECRET_KEY", "KURASI_ENV", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_secret_key_refuses_to_start_with_a_plain_message():
    result = manage("check", env={k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = manage("check", env={k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_site_url_refuses_to_start_with_a_plain_message():
    result = manage("check", env={k: v for k, v in PRODUCTION.items() if k != "SITE_URL"})
    assert result.returncode == 2
    assert "SITE_URL is not set" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "value",
    [
        "kurasi.example.go.id",
        "ftp://kurasi.example.go.id",
        "https://kurasi.example.go.id/kurasi/",
        "https://kurasi.example.go.id?x=1",
        "https://",
    ],
)
def test_a_site_url_that_is_not_an_http_address_without_path_refuses_to_start(value):
    result = manage("check", env={**PRODUCTION, "SITE_URL": value})
    assert result.returncode == 2
    assert "SITE_URL must be an http(s) address without a path" in result.stderr
    assert "Traceback" not in result.stderr


def test_site_url_loses_a_trailing_slash():
    env = {**PRODUCTION, "SITE_URL": "https://kurasi.example.go.id/"}
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.SITE_URL)", env=env
    )
    assert "https://kurasi.example.go.id\n" in result.stdout


def test_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_deploy_check_passes_behind_an_https_proxy():
    env = {**PRODUCTION, "DEBUG": "0", "KURASI_BEHIND_HTTPS_PROXY": "1"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr + result.stdout


def production_setting(expression, **extra):
    result = manage(
        "shell",
        "-c",
        f"from django.conf import settings; print(repr(({expression},)))",
        env={**PRODUCTION, **extra},
    )
    return result.stdout.strip().splitlines()[-1]


def test_production_cookies_are_secure_httponly_and_lax():
    expression = (
        "settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY, "
        "settings.SESSION_COOKIE_SAMESITE, settings.CSRF_COOKIE_SECURE, "
        "settings.LANGUAGE_COOKIE_SECURE, settings.SESSION_COOKIE_AGE, settings.SECURE_HSTS_SECONDS"
    )
    assert production_setting(expression) == "(True, True, 'Lax', True, True, 43200, 31536000)"


def test_proxy_ssl_header_trusted_only_when_asked():
    assert production_setting("settings.SECURE_PROXY_SSL_HEADER") == "(None,)"
    assert (
        production_setting("settings.SECURE_PROXY_SSL_HEADER", KURASI_BEHIND_HTTPS_PROXY="1")
        == "(('HTTP_X_FORWARDED_PROTO', 'https'),)"
    )


def test_production_refuses_to_turn_off_admin_two_factor():
    result = manage("check", env={**PRODUCTION, "KURASI_REQUIRE_ADMIN_2FA": "0"})
    assert result.returncode != 0
    assert "KURASI_REQUIRE_ADMIN_2FA" in result.stderr


def test_rate_limit_counters_are_shared_between_processes():
    assert production_setting("settings.CACHES['default']['BACKEND']") == (
        "('django.core.cache.backends.db.DatabaseCache',)"
    )
    assert (
        production_setting(
            "settings.CACHES['default']['BACKEND']", REDIS_URL="redis://cache:6379/0"
        )
        == "('django.core.cache.backends.redis.RedisCache',)"
    )


def test_debug_is_off_unless_asked():
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env={}
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.django_db
def test_security_headers_and_csp_without_unsafe_inline(client):
    response = client.get(reverse("insights:home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "object-src 'none'" in csp
    assert "base-uri 'self'" in csp
    assert "form-action 'self'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style(client):
    content = client.get(reverse("accounts:login")).content.decode()
    assert "<script>" not in content
    assert "style=" not in content
    assert "<style" not in content


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["PORT=8010"], {}, "SITE_URL=http://127.0.0.1:8010 "),
        (["PORT=8010"], {"SITE_URL": "https://kurasi.example.go.id"}, "SITE_URL=https://kurasi."),
    ],
)
def test_make_run_links_to_the_address_it_serves_unless_told(args, env, expected):
    clean = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(
        ["make", "--dry-run", "run", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    runserver = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert len(runserver) == 1, result.stdout + result.stderr
    assert runserver[0].startswith(expected)
