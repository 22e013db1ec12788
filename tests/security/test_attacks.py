"""Attacks through the pages people use, generated over the whole URL map (url_access.py):
cross-site request forgery, stored cross-site scripting through every text field shown back,
and SQL injection probes in every search and filter parameter.
"""

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from .test_url_access import visit
from .url_access import PUBLIC, RULES, SIGNED_IN

# One probe that breaks out of an attribute, a text node and a script string at once.
SCRIPT = "<script>alert('kurasi')</script>"
IMAGE = "<img src=x onerror=alert(1)>"
XSS = f"\"'>{IMAGE}{SCRIPT}"
SQL_PROBES = ["' OR '1'='1", "1; DROP TABLE registry_business; --", "%' UNION SELECT 1 --"]
FILTER_PARAMETERS = ("q", "page", "sort", "year", "programme", "group", "district", "status")


def first_allowed(rule):
    if rule.allowed in (PUBLIC, SIGNED_IN):
        return "admin"
    for persona in ("admin", "field_officer", "curator", "producer", "other_producer"):
        if persona in rule.allowed:
            return persona
    raise AssertionError(rule)


def urls(world):
    # Pages no persona of the world may open (the platform operator's, for superusers) are
    # probed in their own tests (tests/accounts/test_create_office.py).
    for name, rule in sorted(RULES.items()):
        if rule.visited and rule.allowed:
            yield name, reverse(name, kwargs=rule.kwargs(world)), first_allowed(rule)


def test_posts_without_the_csrf_token_are_refused_everywhere(world, client_for):
    """Every URL that takes a POST refuses one without the token, whoever is logged in."""
    problems = []
    for name, url, persona in urls(world):
        user = world.personas[persona]
        client = client_for(user) if user is not None else Client()
        client.handler.enforce_csrf_checks = True
        response = client.post(url, {"q": "x"})
        if response.status_code not in (403, 405):
            problems.append(f"{name} {url} as {persona}: {response.status_code}")
    assert problems == [], "\n".join(problems)


def unique_field_names(model):
    """Fields that take part in a uniqueness rule: a probe could make two rows collide."""
    names = {n for group in model._meta.unique_together for n in group}
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    return names


def shown_text_fields(model):
    """Free-text fields a person types and a page shows back (not codes, numbers or choices)."""
    skip = (
        "slug",
        "token",
        "code",
        "nik",
        "npwp",
        "nib",
        "phone",
        "email",
        "number",
        "url",
        "link",
        "password",
        "kbli",
        "key",
        "hash",
        "file",
        "path",
        "session",
    )
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField) or field.choices:
            continue
        if field.unique or field.name in unique_field_names(model):
            continue
        if any(part in field.name for part in skip):
            continue
        if isinstance(field, models.CharField) and (field.max_length or 0) < 60:
            continue
        yield field


def plant_script_everywhere():
    """Every free-text value of every Kurasi record gets the probe in front of it."""
    planted = 0
    for config in apps.get_app_configs():
        if not config.name.startswith("kurasi."):
            continue
        for model in config.get_models():
            if model._meta.db_table == "audit_auditevent":
                continue
            fields = list(shown_text_fields(model))
            for row in model.objects.all():
                for field in fields:
                    value = getattr(row, field.attname) or ""
                    limit = getattr(field, "max_length", None) or 10_000
                    setattr(row, field.attname, (XSS + value)[:limit])
                if fields:
                    model.objects.filter(pk=row.pk).update(
                        **{f.attname: getattr(row, f.attname) for f in fields}
                    )
                    planted += 1
    return planted


def test_script_typed_into_any_text_field_is_never_run_on_any_page(world, clients):
    assert plant_script_everywhere() > 100
    problems = []
    for name, url, persona in urls(world):
        response = visit(clients[persona], url)
        if "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        # Escaped, the probe is harmless text (&lt;img …); only the raw tags would run.
        if SCRIPT in body or IMAGE in body:
            problems.append(f"{name} {url} as {persona}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("probe", SQL_PROBES)
def test_sql_in_search_and_filter_parameters_is_only_ever_text(world, clients, probe):
    problems = []
    for name, url, persona in urls(world):
        query = dict.fromkeys(FILTER_PARAMETERS, probe)
        with_probe = clients[persona].get(url, query)
        if with_probe.status_code >= 500:
            problems.append(f"GET {name} {url}: {with_probe.status_code}")
    listing = reverse("registry:business_list", args=[world.organisation.slug])
    searched = clients["admin"].post(listing, {"q": probe}, follow=True)
    assert searched.status_code == 200
    assert problems == [], "\n".join(problems)
