"""No dead ends: every page, opened as every persona allowed to see it, links only to pages that
persona may open, and shows no English left untranslated in the Indonesian (default) interface.

The crawl is generated over the URL map (pages.py, from tests/security/url_access.py): each
persona opens each of its pages, and every internal link on them (`<a href>`, the action of a
GET form) is followed once per persona, redirects included. A link is a dead end when it answers
4xx or 5xx, or sends a signed-in persona to the login page. The world is built and crawled once
for the module; every GET runs in a transaction that is rolled back.
"""

import re
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import polib
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from ..security.world import build_world
from .pages import PERSONAS, clients_for, get, page_responses

CATALOGUE = Path(__file__).resolve().parents[2] / "kurasi/locale/id/LC_MESSAGES/django.po"
# Django's own English that an Indonesian page must not show.
DJANGO_ENGLISH = ("---------", "This field is required", "Select a valid choice", "Enter a valid")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>")
# Attributes that are read out or shown like text.
LABEL_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
SKIPPED_ELEMENTS = ("script", "style", "template", "svg")
MAX_REDIRECTS = 5
# Makes pytest-django set the test database up; the crawl itself runs once, in `result`.
pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """An HTML page's internal links and visible text (labels included)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []  # (kind, target) as written
        self.text = []
        self._skipping = None  # (tag, depth) of the element whose content is not text
        self._forms = []  # the method of each open form

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._skipping:
            if tag == self._skipping[0]:
                self._skipping = (tag, self._skipping[1] + 1)
            return
        # The language switch names English in English, on purpose.
        english = tag != "html" and (attrs.get("lang") or "").startswith("en")
        if tag in SKIPPED_ELEMENTS or english:
            self._skipping = (tag, 1)
            return
        if tag == "a" and attrs.get("href"):
            self.links.append(("link", attrs["href"]))
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            if method == "get" and attrs.get("action"):
                self.links.append(("form", attrs["action"]))
        for name in LABEL_ATTRIBUTES:
            if attrs.get(name):
                self.text.append(attrs[name])

    def handle_endtag(self, tag):
        if self._skipping and tag == self._skipping[0]:
            depth = self._skipping[1] - 1
            self._skipping = (tag, depth) if depth else None

    def handle_data(self, data):
        if not self._skipping:
            self.text.append(data)


def read(html):
    parser = _Page()
    parser.feed(html)
    return parser.links, " ".join(" ".join(parser.text).split())


def english_phrases():
    """Phrases of the interface's English that are never Indonesian: each msgid (or each literal
    piece of one with placeholders) of two words or more whose translation differs from it."""
    phrases = set()
    for entry in polib.pofile(str(CATALOGUE)):
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        if not translated or translated == entry.msgid or entry.obsolete:
            continue
        for piece in PLACEHOLDER.split(entry.msgid):
            piece = " ".join(piece.split()).strip(" .,:;()—-")
            words = [word for word in piece.split() if re.search(r"[A-Za-z]{2}", word)]
            if len(words) >= 2 and piece not in translated:
                phrases.add(piece)
    return sorted(phrases)


def untranslated(text, phrases):
    """Each English phrase found in the text, with a little of the text around it."""
    found = []
    for phrase in phrases:
        if phrase not in text:
            continue
        pattern = re.escape(phrase)
        if phrase not in DJANGO_ENGLISH:
            pattern = rf"(?<!\w){pattern}(?!\w)"  # whole words
        match = re.search(pattern, text)
        if match:
            found.append(f"{phrase!r} in …{text[max(0, match.start() - 40) : match.end() + 40]}…")
    return found


def internal_target(page_path, href):
    """The path (and query) a link leads to in Kurasi, or None for another site or no page."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    parts = urlsplit(urljoin(page_path, href))
    if parts.scheme not in ("", "http", "https"):
        return None  # mailto:, tel:, javascript:, data:
    if parts.netloc and parts.netloc not in ("testserver", urlsplit(settings.SITE_URL).netloc):
        return None  # another site (wa.me, the ministry's pages…)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def follow(client, persona, target):
    """None when the link leads somewhere the persona may be, else what went wrong."""
    login = reverse("accounts:login")
    for _ in range(MAX_REDIRECTS):
        path = target.split("?")[0]
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path[len(settings.STATIC_URL) :])
            return None if found else "static file missing"
        try:
            response = get(client, target)
        except Exception as error:  # the test client re-raises a view's error: a 500
            return f"500 ({type(error).__name__}: {error})"
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            location = internal_target(target, response["Location"])
            if location is None:
                return None
            if location.split("?")[0] == login:
                return None if persona == "anonymous" else f"{status} to the login page"
            target = location
            continue
        return f"{status}" if status >= 400 else None
    return "too many redirects"


def crawl(world):
    clients = clients_for(world)
    skipped = {reverse("accounts:logout"), reverse("set_language")}
    phrases = list(DJANGO_ENGLISH) + english_phrases()
    dead, english = [], []
    followed = {}  # (persona, target) → None or the problem
    size = {"pages": 0, "links": 0}
    started = time.monotonic()
    errors = []
    responses = list(page_responses(world, clients, errors=errors))
    for page, error in errors:
        dead.append(f"{page.persona} opening {page.url_name} {page.path}: 500 ({error!r})")
    for page, _ in responses:
        followed[page.persona, page.path] = None
    for page, response in responses:
        size["pages"] += 1
        links, text = read(response.content.decode())
        for phrase in untranslated(text, phrases):
            english.append(f"{page.persona} {page.url_name} {page.path}: {phrase}")
        for kind, href in links:
            target = internal_target(page.path, href)
            if target is None or target.split("?")[0] in skipped:
                continue
            key = (page.persona, target)
            if key not in followed:
                size["links"] += 1
                followed[key] = follow(clients[page.persona], page.persona, target)
            if followed[key]:
                dead.append(
                    f"{page.persona} on {page.url_name} {page.path}: {kind} {target} "
                    f"→ {followed[key]}"
                )
    size["seconds"] = round(time.monotonic() - started)
    personas = {page.persona for page, _ in responses}
    return {"dead": dead, "english": english, "size": size, "personas": personas}


@pytest.fixture(scope="module")
def result(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        found = crawl(build_world())
        transaction.set_rollback(True)
    return found


def test_the_crawl_visits_every_persona(result):
    size = result["size"]
    print(f"crawl: {size['pages']} pages, {size['links']} links followed, {size['seconds']} s")
    assert size["pages"] > 200, size
    assert size["links"] > 200, size


def test_no_link_is_a_dead_end(result):
    assert result["dead"] == [], "dead ends:\n" + "\n".join(result["dead"])


def test_indonesian_pages_show_no_english(result):
    assert result["english"] == [], "English left on Indonesian pages:\n" + "\n".join(
        result["english"]
    )


def test_every_persona_has_pages(result):
    """A broken login would otherwise pass as "no dead ends"."""
    assert result["personas"] == set(PERSONAS)


def test_the_english_check_finds_english(client):
    """The check itself: the home page in English is full of the catalogue's English phrases,
    the same page in Indonesian has none (so an empty list above means something)."""
    phrases = list(DJANGO_ENGLISH) + english_phrases()
    indonesian = read(client.get(reverse("insights:home")).content.decode())[1]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = read(client.get(reverse("insights:home")).content.decode())[1]
    assert untranslated(indonesian, phrases) == []
    assert len(untranslated(english, phrases)) >= 3
