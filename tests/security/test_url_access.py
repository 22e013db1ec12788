"""Every URL of Kurasi, visited by every persona: the allowed get through, all others are refused.

Generated over the whole URL map from the table in url_access.py; a URL without a row fails
test_every_url_has_an_access_rule. Each visit runs in a transaction that is rolled back, so a
POST-only view can be tried with an empty form without changing what later visits see.
"""

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .url_access import PERSONAS, PUBLIC, RULES, SIGNED_IN

LOGIN = reverse("accounts:login")


def named_urls(patterns=None, namespace=None):
    """(name, pattern) of every URL but Django's admin, which has its own test."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from named_urls(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            name = entry.name or str(entry.pattern).split(".")[0]
            yield (f"{namespace}:{name}" if namespace else name), str(entry.pattern)


def test_every_url_has_an_access_rule():
    names = {name for name, _ in named_urls()}
    assert sorted(names - RULES.keys()) == [], "add these URLs to tests/security/url_access.py"
    assert sorted(RULES.keys() - names) == [], "these rows name URLs that no longer exist"


def visit(client, url):
    """GET, or POST an empty form where the view takes only POST; nothing it writes is kept."""
    with transaction.atomic():
        response = client.get(url)
        if response.status_code == 405:
            # The API takes JSON only; the pages take forms.
            json = {"content_type": "application/json"} if url.startswith("/api/") else {}
            response = client.post(url, {}, **json)
        transaction.set_rollback(True)
    return response


def sent_to_login(response):
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def refused(persona, response, url=""):
    if persona == "anonymous":
        # The API answers anonymous callers with a 401 JSON error, not the login page.
        if url.startswith("/api/"):
            return response.status_code == 401
        return sent_to_login(response)
    return response.status_code in (403, 404)


def got_through(response):
    """Past the access check: a page, a redirect, a form's "bad request" answer, or a conflict
    with the record's state (an undo of a place that was not declined: the view let the person
    in and the service said no)."""
    return (response.status_code <= 400 or response.status_code == 409) and not sent_to_login(
        response
    )


def expected_to_pass(rule, persona):
    if rule.allowed == PUBLIC:
        return True
    if rule.allowed == SIGNED_IN:
        return persona != "anonymous"
    return persona in rule.allowed


def check(world, clients, personas):
    """Every URL × persona: the list of visits whose outcome broke the rule."""
    problems = []
    for name, rule in sorted(RULES.items()):
        if not rule.visited:
            continue
        url = reverse(name, kwargs=rule.kwargs(world))
        for persona in personas:
            response = visit(clients[persona], url)
            if expected_to_pass(rule, persona):
                ok = got_through(response)
                verdict = "should get through"
            else:
                ok = refused(persona, response, url)
                verdict = "should be refused"
            if not ok:
                problems.append(f"{name} {url} as {persona}: {response.status_code}, {verdict}")
    return problems


def test_allowed_personas_get_through_and_others_are_refused_in_the_office(world, clients):
    problems = check(world, clients, ("anonymous", "admin", "field_officer", "curator"))
    assert problems == [], "\n".join(problems)


def test_producers_and_another_office_are_refused_what_is_not_theirs(world, clients):
    problems = check(world, clients, ("producer", "other_producer", "outsider"))
    assert problems == [], "\n".join(problems)


def test_django_admin_is_refused_to_everyone_but_platform_operators(world, clients):
    """Django's admin is for superusers: it sends everyone else, office admins included, to its
    own login page (which refuses anyone logged in; tests/accounts/test_admin.py goes further)."""
    url = reverse("admin:index")
    for persona in PERSONAS:
        response = visit(clients[persona], url)
        assert (response.status_code, response["Location"].split("?")[0]) == (
            302,
            reverse("admin:login"),
        ), persona
