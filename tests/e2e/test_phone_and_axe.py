"""Issue 18 items 2: every page, seen by every persona allowed to see it, in Chromium at 360 px.

Two checks per page:
- no horizontal overflow: the document is no wider than the phone's screen (a wide table may
  scroll inside its own container, which is not page overflow); a failure names the outermost
  elements that stick out, with their widths;
- axe-core (pinned in package.json, injected from node_modules) finds no violation of impact
  "serious" or "critical".

Both run for every (page, persona) pair: a page differs between personas by its links, buttons
and forms, which is where names, labels and contrast go wrong.

Print views (letters, the printable announcement, the printed schedule, badges…) are also checked
for overflow at A4 width (794 px) with print media emulated.
"""

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from kurasi.facilitation.models import LegalityRule
from kurasi.facilitation.shipped import ensure_shipped_rules
from kurasi.registry.models import CertificateType
from kurasi.registry.shipped import ensure_shipped_certificate_types

from ..crawl.pages import clients_for, pages
from ..security.world import build_world
from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
A4 = {"width": 794, "height": 1123}
SEVERE = ("serious", "critical")

# The outermost elements whose right edge passes the viewport, outside any container that
# clips or scrolls its content (such a container keeps what is inside it from widening the page).
OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  // An absolutely positioned element escapes every scrolling ancestor below its containing
  // block (its offsetParent): a visually hidden label in a scrolled table still widens the page.
  const contained = (el) => {
    const position = getComputedStyle(el).position;
    if (position === 'fixed') return false;
    let up = position === 'absolute' ? el.offsetParent : el.parentElement;
    for (; up && up !== document.body && up !== root; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const sticksOut = (el) => el.getBoundingClientRect().right > width + 0.5;
  const describe = (el) => {
    const r = el.getBoundingClientRect();
    let name = el.tagName.toLowerCase();
    if (el.id) name += '#' + el.id;
    if (el.classList.length) name += '.' + [...el.classList].join('.');
    const text = (el.innerText || '').replace(/\\s+/g, ' ').trim().slice(0, 50);
    return `${name} [${Math.round(r.left)}..${Math.round(r.right)} px] "${text}"`;
  };
  const all = [...document.body.querySelectorAll('*')];
  const loose = all.filter((el) => sticksOut(el) && !contained(el));
  const outermost = loose.filter((el) => !loose.includes(el.parentElement));
  return {scrollWidth: root.scrollWidth, width, culprits: outermost.slice(0, 4).map(describe)};
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary
        .replace(/\\s+/g, ' ').slice(0, 160)),
    }));
}"""


def overflow(page):
    """None, or a line saying how wide the page is and which elements make it so."""
    found = page.evaluate(OVERFLOW)
    if found is None:
        return None
    return f"{found['scrollWidth']} px wide for {found['width']} px: " + "; ".join(
        found["culprits"]
    )


def axe_violations(page):
    """Serious and critical violations, one line each (rule, impact, first elements)."""
    page.add_script_tag(path=str(AXE))
    return [
        f"{v['impact']} {v['id']} ({v['help']}): " + " | ".join(v["nodes"])
        for v in page.evaluate(AXE_RUN)
    ]


# The order the personas' browsers are opened in (staff first).
PERSONA_ORDER = (
    "admin",
    "field_officer",
    "curator",
    "producer",
    "other_producer",
    "outsider",
    "anonymous",
)
# Views made to be printed (URL names): also checked at A4 width with print media. The letters
# are PDFs (WeasyPrint lays them out on A4), no pages.
PRINT_VIEWS = (
    "programmes:call_print",
    "curation:results_print",
    "curation:schedule_print",
    "curation:sample_label",
    "outbox:print",
)


def browser_as(chromium, server, client, **options):
    """A page in a fresh context carrying the test client's session (anonymous: none)."""
    # No service worker: the crawl measures pages, not the offline helper's caching of them.
    context = chromium.new_context(
        locale="id-ID", bypass_csp=True, service_workers="block", **options
    )
    context.set_default_timeout(15_000)
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        context.add_cookies([{"name": session.key, "value": session.value, "url": server.url}])
    page = context.new_page()
    return page


def visit(page, url):
    """Open the page; None, or why it could not be checked."""
    response = page.goto(url)
    if response is None or response.status != 200:
        return f"status {response and response.status} (final address {page.url})"
    if page.url != url:
        return f"sent to {page.url}"
    return None


def crawl(chromium, server, clients, visits):
    """Overflow at 360 px and axe for every visit, A4 print overflow for print views.

    Returns the problems found, one line each, under "phone", "axe" and "print"; the pages that
    are fragments (no doctype: htmx swaps them into a page), which axe does not check alone; and
    the seconds spent opening pages, measuring widths and running axe.
    """
    found = {"phone": [], "axe": [], "print": [], "fragments": set()}
    seconds = dict.fromkeys(("open", "overflow", "axe", "print"), 0.0)
    by_persona = {}
    for one in visits:
        by_persona.setdefault(one.persona, []).append(one)
    slowest = []
    for persona in sorted(by_persona, key=PERSONA_ORDER.index):
        page = browser_as(
            chromium, server, clients[persona], viewport=PHONE, is_mobile=True, has_touch=True
        )
        for one in by_persona[persona]:
            where = f"{one.url_name} {one.path} as {persona}"
            started = time.monotonic()
            failed = visit(page, server.url + one.path)
            opened = time.monotonic()
            seconds["open"] += opened - started
            if failed is not None:
                found["phone"].append(f"{where}: {failed}")
                continue
            if (wide := overflow(page)) is not None:
                found["phone"].append(f"{where}: {wide}")
            measured = time.monotonic()
            seconds["overflow"] += measured - opened
            if not page.evaluate("document.doctype !== null"):
                found["fragments"].add(one.url_name)
                continue
            found["axe"].extend(f"{where}: {line}" for line in axe_violations(page))
            seconds["axe"] += time.monotonic() - measured
            slowest.append((time.monotonic() - measured, one.url_name))
        page.context.close()
        prints = [one for one in by_persona[persona] if one.url_name in PRINT_VIEWS]
        if not prints:
            continue
        started = time.monotonic()
        page = browser_as(chromium, server, clients[persona], viewport=A4)
        page.emulate_media(media="print")
        for one in prints:
            where = f"{one.url_name} {one.path} as {persona}"
            if (failed := visit(page, server.url + one.path)) is not None:
                found["print"].append(f"{where}: {failed}")
            elif (wide := overflow(page)) is not None:
                found["print"].append(f"{where}: A4 print {wide}")
        page.context.close()
        seconds["print"] += time.monotonic() - started
    seconds["slowest axe"] = sorted(slowest, reverse=True)[:5]
    return found, seconds


@pytest.fixture(scope="module")
def crawled(django_db_setup, django_db_blocker, browser, live_server, tmp_path_factory):
    """The world built and committed (the live server's thread must see it), crawled once for
    the module, then emptied again (with the rows the migrations ship put back)."""
    started = time.monotonic()
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        ensure_shipped_certificate_types(CertificateType)
        ensure_shipped_rules(LegalityRule, CertificateType)
        try:
            world = build_world()
            clients = clients_for(world)
            visits = list(pages(world, clients))
            listed = time.monotonic()
            found, seconds = crawl(browser, live_server, clients, visits)
        finally:
            call_command("flush", interactive=False, verbosity=0)
            ensure_shipped_certificate_types(CertificateType)
            ensure_shipped_rules(LegalityRule, CertificateType)
    names = {v.url_name for v in visits}
    print(
        f"\nbrowser crawl: {len(visits)} visits ({len(names)} pages), world and list "
        f"{listed - started:.0f} s, browser {time.monotonic() - listed:.0f} s ("
        + ", ".join(
            f"{what} {spent:.0f} s" for what, spent in seconds.items() if what != "slowest axe"
        )
        + ")"
    )
    print("slowest axe runs:", seconds["slowest axe"])
    for kind in ("phone", "axe", "print"):
        print("\n".join(found[kind]))
    return {"visits": visits, **found}


def test_every_page_fits_a_360_px_phone_for_every_persona(crawled):
    assert len({v.url_name for v in crawled["visits"]}) > 100
    assert crawled["phone"] == [], "\n".join(crawled["phone"])


def test_axe_finds_nothing_serious_or_critical_on_any_page(crawled):
    # Parts of pages (no doctype) that htmx swaps in: axe sees them inside their page.
    assert crawled["fragments"] == {"curation:board_live"}
    assert crawled["axe"] == [], "\n".join(crawled["axe"])


def test_print_views_fit_an_a4_page(crawled):
    printed = {v.url_name for v in crawled["visits"]} & set(PRINT_VIEWS)
    assert printed == set(PRINT_VIEWS)
    assert crawled["print"] == [], "\n".join(crawled["print"])
