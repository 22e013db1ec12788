"""Every API endpoint, every method it allows, as a persona allowed to use it, sent a body it
cannot take: too large, nested too deep, not JSON, not sent as JSON, or JSON that is not an
object. Each answer is a 4xx in the API's error shape and the request's language, never a 500.

Generated over the URL map (the access table of tests/security/url_access.py gives the persona
and the URL's arguments), so a new endpoint is swept without a new line here.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse
from rest_framework.views import APIView

from kurasi.api.parsers import MAX_DEPTH, nesting_depth
from kurasi.api.scopes import Scope
from kurasi.api.services import create_token
from tests.security.test_url_access import named_urls
from tests.security.url_access import RULES
from tests.security.world import build_world

pytestmark = pytest.mark.django_db

JSON = "application/json"
TOO_LARGE = b'{"name": "' + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + b'"}'
BODIES = {
    "too large": (TOO_LARGE, JSON, 413, "too_large"),
    "nested too deep": (b"[" * 100_000, JSON, 400, "parse_error"),
    "deep but closed": (b"[" * 1_000 + b"]" * 1_000, JSON, 400, "parse_error"),
    "not JSON": (b'{"name": "Dapur', JSON, 400, "parse_error"),
    "not UTF-8": (b'{"name": "\xff\xfe"}', JSON, 400, "parse_error"),
    "plain text": (b"name=Dapur", "text/plain", 415, "unsupported_media_type"),
    "a form": (b"name=Dapur", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    "an array": (b'[{"name": "Dapur"}]', JSON, 400, "invalid"),
    "a number": (b"42", JSON, 400, "invalid"),
    "a string": (b'"Dapur"', JSON, 400, "invalid"),
    "null": (b"null", JSON, 400, "invalid"),
}
METHODS = ("get", "post", "put", "patch", "delete")


def api_endpoints():
    """(name, view class, methods) of every DRF endpoint under /api/."""
    found = []
    for name, _pattern in named_urls():
        if not name.startswith("api:"):
            continue
        view = get_resolver().resolve(reverse(name, kwargs=_any_kwargs(name)))
        cls = getattr(view.func, "cls", None)
        if cls is None or not issubclass(cls, APIView) or name == "api:docs":
            continue
        found.append((name, [m for m in METHODS if hasattr(cls, m)]))
    return found


def _any_kwargs(name):
    pattern = next(p for n, p in named_urls() if n == name)
    kwargs = {}
    for part in pattern.split("<")[1:]:
        converter, _sep, rest = part.partition(":")
        key = rest.split(">")[0]
        kwargs[key] = "x" if converter == "slug" else 1
    return kwargs


def persona_for(rule):
    allowed = rule.allowed if isinstance(rule.allowed, frozenset) else {"producer"}
    return "admin" if "admin" in allowed else sorted(allowed)[0]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.KURASI_API_RATE = "100000/minute"
    return build_world()


@pytest.fixture
def tokens(world):
    return {
        persona: create_token(actor=user, name="sweep", scopes=Scope.values)[1]
        for persona, user in world.personas.items()
        if user is not None
    }


def send(client, method, url, body, content_type, language="en"):
    with transaction.atomic():
        response = client.generic(
            method.upper(), url, body, content_type=content_type, HTTP_ACCEPT_LANGUAGE=language
        )
        transaction.set_rollback(True)
    return response


def test_the_sweep_covers_every_endpoint_and_its_writes():
    endpoints = dict(api_endpoints())
    assert len(endpoints) >= 35
    assert endpoints["api:allocation"] == ["get", "patch"]
    assert endpoints["api:my_invitation_answer"] == ["post"]
    assert endpoints["api:conflict"] == ["get", "delete"]
    assert endpoints["api:schema"] == ["get"]


def test_every_endpoint_answers_a_bad_body_with_a_4xx_in_the_error_shape(world, tokens):
    problems = []
    for name, methods in api_endpoints():
        rule = RULES[name]
        url = reverse(name, kwargs=rule.kwargs(world))
        persona = persona_for(rule)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {tokens[persona]}")
        for method in methods:
            for label, (body, content_type, status, code) in BODIES.items():
                response = send(client, method, url, body, content_type)
                error = response.json().get("error", {}) if response.status_code < 500 else {}
                if (response.status_code, error.get("code")) != (status, code) or not error.get(
                    "message"
                ):
                    problems.append(
                        f"{method.upper()} {url} as {persona}, {label}: "
                        f"{response.status_code} {response.content[:120]!r}"
                    )
    assert problems == [], "\n".join(problems)


def test_a_too_large_body_is_refused_in_the_callers_language(world, tokens):
    url = reverse("api:business", kwargs=RULES["api:business"].kwargs(world))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {tokens['admin']}")
    english = send(client, "patch", url, TOO_LARGE, JSON)
    indonesian = send(client, "patch", url, TOO_LARGE, JSON, language="id")
    assert (english.status_code, indonesian.status_code) == (413, 413)
    assert english.json() == {
        "error": {"code": "too_large", "message": "The request body is larger than 2.5 MB."}
    }
    assert indonesian.json()["error"]["message"] == "Isi permintaan lebih besar dari 2,5 MB."


def test_a_deep_body_is_refused_before_it_is_decoded(world, tokens):
    url = reverse("api:business", kwargs=RULES["api:business"].kwargs(world))
    client = Client(HTTP_AUTHORIZATION=f"Bearer {tokens['admin']}")
    response = send(client, "patch", url, b'{"name": ' + b"[" * 65 + b"]" * 65 + b"}", JSON)
    assert response.json()["error"] == {
        "code": "parse_error",
        "message": f"The request body is nested more than {MAX_DEPTH} levels deep.",
    }
    shallow = b'{"name": ' + b"[" * 63 + b"]" * 63 + b"}"
    response = send(client, "patch", url, shallow, JSON)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"  # parsed; the name is not a list


@pytest.mark.parametrize(
    ("raw", "depth"),
    [
        (b'{"a": [1, {"b": [2]}]}', 0),  # few brackets: not scanned
        (b'["' + b"[" * 100 + b'"]', 1),  # brackets inside a string do not count
        (b'["\\"' + b"[" * 100 + b'"]', 1),  # nor after an escaped quote
        (b"[" * 70 + b"]" * 70, 70),
        (b"[{}]" * 100, 2),
    ],
)
def test_nesting_depth_counts_only_brackets_outside_strings(raw, depth):
    assert nesting_depth(raw) == depth


def test_a_page_still_answers_its_own_400_to_a_too_large_form(world, client_for):
    """The pages are not changed: Django's 400 page, as before."""
    client = client_for(world.personas["admin"])
    url = reverse(
        "registry:business_edit",
        kwargs={"org_slug": world.organisation.slug, "pk": world.business.pk},
    )
    response = client.post(
        url, TOO_LARGE, content_type="application/x-www-form-urlencoded", follow=False
    )
    assert response.status_code == 400
