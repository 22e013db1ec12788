"""Every HTML page of Kurasi, paired with every persona allowed to open it: what the crawls visit.

Generated from the access table (tests/security/url_access.py), so a new page is crawled as soon
as it has its row there. Used by the link crawl (test_links.py) and by the browser crawl.

    from tests.crawl.pages import clients_for, pages

    world = build_world()                 # tests/security/world.py
    clients = clients_for(world)          # persona → logged-in django.test.Client
    for page in pages(world, clients):    # Page(persona, url_name, path)
        ...

A page is listed for a persona when its rule allows that persona (PUBLIC: every persona,
anonymous included; SIGNED_IN: every signed-in persona; otherwise the named ones) and a GET as
that persona answers 200 with text/html. Left out: the JSON API (/api/), the favicon, the
language switch and logging out (they are no pages), rules with visited=False, and views that
answer a GET with anything else (POST-only views answer 405, downloads another content type,
steps that are not reachable now redirect). A few pages are listed a second time with the
arguments of another state (VARIANTS).
"""

from dataclasses import dataclass

from django.db import transaction
from django.test import Client
from django.urls import reverse

from ..security.url_access import PERSONAS, PUBLIC, RULES, SIGNED_IN

SKIPPED_NAMES = frozenset({"favicon", "set_language", "accounts:logout"})
# Pages crawled a second time with other arguments, where another state shows other links:
# the access table names the finished 2017 call; the open call has its Register button.
VARIANTS = {
    "programmes:call_detail": lambda w: {"org_slug": w.organisation.slug, "slug": w.open_call.slug},
}


@dataclass(frozen=True)
class Page:
    persona: str  # a key of World.personas ("anonymous" for nobody logged in)
    url_name: str  # "namespace:name" as in url_access.RULES
    path: str  # the path to GET, e.g. "/o/disperindag-tangsel/..."


def allowed_personas(rule):
    """The personas a rule lets in, in PERSONAS order."""
    if rule.allowed == PUBLIC:
        return PERSONAS
    if rule.allowed == SIGNED_IN:
        return tuple(p for p in PERSONAS if p != "anonymous")
    return tuple(p for p in PERSONAS if p in rule.allowed)


def candidates(world):
    """(url_name, path, personas) of every URL that may be an HTML page, before any GET."""
    for name, rule in sorted(RULES.items()):
        if not rule.visited or name in SKIPPED_NAMES or name.startswith("api:"):
            continue
        path = reverse(name, kwargs=rule.kwargs(world))
        if path.startswith("/api/"):
            continue
        yield name, path, allowed_personas(rule)
        if name in VARIANTS:
            yield name, reverse(name, kwargs=VARIANTS[name](world)), allowed_personas(rule)


def login(user):
    """A test client logged in as the user, past two-step login where the user has or needs it
    (like the client_for fixture of tests/conftest.py); a fresh client for None (anonymous)."""
    client = Client()
    if user is None:
        return client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kurasi.accounts.two_factor import standing

    client.force_login(user, backend="kurasi.accounts.backends.EmailOrPhoneBackend")
    has_device, must, _ = standing(user)
    if has_device or must:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def clients_for(world):
    """persona → a logged-in test client, for every persona of the world."""
    return {persona: login(user) for persona, user in world.personas.items()}


def is_html_page(response):
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def get(client, path):
    """GET inside a transaction that is rolled back: a page that writes leaves nothing behind."""
    with transaction.atomic():
        response = client.get(path)
        transaction.set_rollback(True)
    return response


def page_responses(world, clients=None, personas=PERSONAS, errors=None):
    """(Page, response) for every page of pages(): the GET's answer too, to read the HTML.

    A view that raises stops the crawl, unless `errors` is a list: then (Page, exception) is
    added to it and the crawl goes on.
    """
    clients = clients or clients_for(world)
    for name, path, allowed in candidates(world):
        for persona in allowed:
            if persona not in personas:
                continue
            try:
                response = get(clients[persona], path)
            except Exception as error:  # the test client re-raises a view's error
                if errors is None:
                    raise
                errors.append((Page(persona, name, path), error))
                continue
            if is_html_page(response):
                yield Page(persona, name, path), response


def pages(world, clients=None, personas=PERSONAS):
    """Every Page (persona, url_name, path) that answers the persona's GET with 200 text/html.

    `clients` maps persona → test client (made with clients_for(world) when not given);
    `personas` limits the crawl to some of them. Each page is fetched once to check it.
    """
    for page, _ in page_responses(world, clients, personas):
        yield page
