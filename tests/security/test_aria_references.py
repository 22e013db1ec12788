"""Every page, and every page's form sent back empty, names in aria-describedby only ids it has.

Django points a field at "<id>_helptext" and, once the field is invalid, at "<id>_error"; a
template that renders the help or the error list itself must use those ids, or a screen reader
reads the field without the message that explains what to fix. Generated over the URL map of
url_access.py, each page visited by a persona allowed to see it; every visit is rolled back.
"""

from django.db import transaction
from django.urls import reverse

from ..html_refs import dangling_descriptions
from .url_access import PUBLIC, RULES, SIGNED_IN

STAFF_FIRST = ("admin", "field_officer", "curator", "producer", "other_producer", "outsider")


def visitor(rule):
    if rule.allowed == PUBLIC:
        return "anonymous"
    if rule.allowed == SIGNED_IN:
        return "producer"
    # None for a page no persona may open (the platform operator's: tested with a superuser).
    return next((persona for persona in STAFF_FIRST if persona in rule.allowed), None)


def is_page(response):
    return response.status_code == 200 and "html" in response.get("Content-Type", "")


def page_and_empty_answer(client, url):
    """The page, and (where it holds a form to post) what it answers to that form sent blank."""
    with transaction.atomic():
        page = client.get(url)
        responses = [("GET", page)]
        if is_page(page) and 'method="post"' in page.content.decode():
            # Not quite empty: a view that binds `request.POST or None` shows an empty post
            # the blank form again, where one unknown field gets every required field refused.
            responses.append(("POST", client.post(url, {"probe": "1"})))
        transaction.set_rollback(True)
    return responses


def test_fields_are_described_only_by_what_the_page_shows(world, clients):
    problems, invalid_forms = [], []
    for name, rule in sorted(RULES.items()):
        if not rule.visited or name.startswith("api:") or visitor(rule) is None:
            continue
        url = reverse(name, kwargs=rule.kwargs(world))
        for method, response in page_and_empty_answer(clients[visitor(rule)], url):
            if not is_page(response):
                continue
            html = response.content.decode()
            if method == "POST" and "aria-invalid" in html:
                invalid_forms.append(name)
            problems += [
                f"{name} {method} {url}: {field} names #{reference}"
                for field, reference in dangling_descriptions(html)
            ]
    assert problems == [], "\n".join(problems)
    # The empty answers did show invalid fields to check, the producer's sign-up among them.
    assert "registration:sign_up" in invalid_forms, invalid_forms
    assert len(invalid_forms) >= 30, invalid_forms
