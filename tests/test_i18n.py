"""Both catalogues are complete, and every string in the code is in them."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = {
    code: ROOT / "kurasi" / "locale" / code / "LC_MESSAGES" / "django.po" for code in ("id", "en")
}

TEMPLATE_STRING = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
PYTHON_STRING = re.compile(r"""(?<![\w.])_\(\s*(["'])((?:(?!\1).)+)\1\s*[,)]""")


def source_strings():
    found = set()
    for path in (ROOT / "kurasi").rglob("*.html"):
        found |= {m.group(2) for m in TEMPLATE_STRING.finditer(path.read_text())}
    for path in (ROOT / "kurasi").rglob("*.py"):
        if "migrations" not in path.parts:
            found |= {m.group(2) for m in PYTHON_STRING.finditer(path.read_text())}
    return found


@pytest.mark.parametrize("code", CATALOGUES)
def test_catalogue_has_every_entry_translated(code):
    catalogue = polib.pofile(str(CATALOGUES[code]))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


@pytest.mark.parametrize("code", CATALOGUES)
def test_catalogue_covers_every_string_in_the_code(code):
    msgids = {entry.msgid for entry in polib.pofile(str(CATALOGUES[code]))}
    missing = sorted(source_strings() - msgids)
    assert missing == [], "run `make messages` and translate these"


@pytest.mark.django_db
def test_language_switch_sets_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()
    assert "Open calls" in response.content.decode()
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.post(reverse("set_language"), {"language": "id", "next": "/"}, follow=True)
    assert "Pendaftaran dibuka" in response.content.decode()


@pytest.mark.django_db
def test_indonesian_is_the_default_even_when_the_browser_prefers_english(client):
    response = client.get(reverse("insights:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.content.decode()
    assert response["Content-Language"] == "id"
