"""Issue 20's three security promises, through the pages, the downloads and the API:

(a) an organiser sees only what nominations share, and nothing of producers not nominated: a
    nominee held back for want of consent, the office's curated producers it did not nominate,
    and what an office chose not to share (photos, scores, legality) are absent from every
    organiser's page, download and API answer; never an NIK; a producer's phone, email and
    address only once her place is confirmed;
(b) an office cannot see another office's nominations (404 on any nominations address with the
    other office's ids, nothing changed);
(c) a lower office cannot act for the organiser: every organiser's address (calls, the view of
    the nominations, the allocation and its invitations) answers a lower office's staff 404,
    and nothing changes in the records.

The chain is tests/nominations/conftest.py's: Disperindag Provinsi Banten asks Tangsel and Kota
Tangerang for nominees for Banten Trade Expo. Here Tangsel shares neither photos, scores nor
legality; Kota Tangerang shares all three.
"""

import io
import re
import secrets

import pytest
from django.core.files.base import ContentFile
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image
from rest_framework.test import APIClient

from kurasi.api.scopes import Scope
from kurasi.api.services import create_token
from kurasi.audit.models import AuditEvent
from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions import invitations
from kurasi.exhibitions.models import Allocation, AllocationStatus, BoothType, Exhibition
from kurasi.exhibitions.services import run_allocation
from kurasi.lib.answers import AnswerRecord, Channel
from kurasi.nominations.models import CallOffice, ConsentState, Nomination, NominationCall
from kurasi.registry.models import Business, ProductPhoto
from tests.nominations import conftest as chain
from tests.nominations import nominees

# The chain's fixtures (tests/nominations/conftest.py): the province, its offices below, its call.
province = chain.province
province_admin = chain.province_admin
province_officer = chain.province_officer
province_curator = chain.province_curator
province_groups = chain.province_groups
banten_expo = chain.banten_expo
tangsel = chain.tangsel
tangerang = chain.tangerang
call = chain.call
call_tangsel = chain.call_tangsel
call_tangerang = chain.call_tangerang
lists = nominees.lists  # both lists submitted; Tangsel's Sambal Roa held back (consent asked)

# Tangsel's nominees' deciding scores, set apart from every other score in the chain so that
# their absence anywhere means the organiser was not told them.
PRIVATE_SCORES = {"bag": 93.7, "food_halal": 81.3}


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (40, 120, 200)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def _photo(product):
    photo = ProductPhoto(product=product, width=32, height=24, token=secrets.token_hex(16))
    photo.image.save("photo.jpg", _jpeg(), save=True)
    return photo


def _personal_data(business, index):
    """Every business gets a name, an NIK, a phone, an email and an address of its own to look
    for (the two offices' fixtures share product and business names)."""
    business.name = f"{business.name} {index:02d}"
    business.nik = f"3674{index:012d}"
    business.phone = f"+6281377{index:06d}"
    business.email = f"rahasia{index}@usaha.test"
    business.address = f"Jl. Rahasia No. {index}"
    business.consent_given_at = timezone.now()  # consented to the office's own exhibitor lists
    business.save(update_fields=["name", "nik", "phone", "email", "address", "consent_given_at"])


def _contacts(business):
    """What would show of her contact data, as typed and as displayed."""
    from kurasi.accounts.templatetags.office import national_phone

    return [business.phone, national_phone(business.phone), business.email, business.address]


@pytest.fixture
def shared(settings, tmp_path, lists, call_tangsel, call_tangerang, tangsel, tangerang):
    """Both lists submitted; Tangsel shares nothing optional; every product has a photo; every
    business its personal data; the province has allocated and invited (no answer yet)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_tangsel.share_photos = call_tangsel.share_scores = call_tangsel.share_legality = False
    call_tangsel.save(update_fields=["share_photos", "share_scores", "share_legality"])
    for key, score in PRIVATE_SCORES.items():
        Decision.objects.filter(application=tangsel.app(key)).update(score_snapshot={"mean": score})
    index = 0
    photos = {}
    for setup in (tangsel, tangerang):
        for key, application in setup.applications.items():
            index += 1
            _personal_data(application.product.business, index)
            application.product.name = f"{application.product.name} {index:02d}"
            application.product.save(update_fields=["name"])
            photos[(setup.office.slug, key)] = _photo(application.product)
    return photos


@pytest.fixture
def allocated(shared, banten_expo, province_admin):
    solution = run_allocation(actor=province_admin, exhibition=banten_expo)
    assert solution.status == "optimal", solution.problems
    invitations.send_invitations(actor=province_admin, exhibition=banten_expo)
    return solution


def api_for(user):
    _token, secret = create_token(actor=user, name="test", scopes=Scope.values)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    return client


def _text(response):
    """A response as text: HTML, CSV and JSON as they are, an .xlsx as its cells' values."""
    assert response.status_code == 200, (response.status_code, response.get("Location"))
    content = b"".join(response) if response.streaming else response.content
    if content[:2] == b"PK":
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            " ".join(str(cell) for cell in row if cell is not None)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return content.decode()


def organiser_pages(province, call, exhibition, call_tangsel, groups):
    """Every organiser's page and download that shows the call's nominees."""
    slug = province.slug
    nominees_url = reverse("nominations:organiser_nominations", args=[slug, call.pk])
    one = [slug, exhibition.pk]
    return [
        nominees_url,
        f"{nominees_url}?office={call_tangsel.pk}",
        f"{nominees_url}?group={groups['makanan'].pk}",
        f"{nominees_url}?page=2",
        reverse("nominations:call_list", args=[slug]),
        reverse("nominations:call_edit", args=[slug, call.pk]),
        reverse("exhibitions:detail", args=one),
        reverse("exhibitions:detail", args=one) + "?status=out",
        reverse("exhibitions:allocation_export", args=[*one, "csv"]),
        reverse("exhibitions:allocation_export", args=[*one, "xlsx"]),
        reverse("exhibitions:exhibitors_xlsx", args=one),
    ]


def organiser_api(slug, call, exhibition):
    base = f"/api/v1/o/{slug}/"
    calls = f"{base}nominations/calls/"
    show = f"{base}exhibitions/{exhibition.pk}/"
    return [
        calls,
        f"{calls}{call.pk}/",
        f"{calls}{call.pk}/offices/",
        f"{calls}{call.pk}/nominees/",
        f"{calls}{call.pk}/nominees/?page_size=100",
        show,
        f"{show}allocations/",
    ]


def _everything_the_organiser_reads(client, api, province, call, exhibition, call_tangsel, groups):
    texts = {}
    for url in organiser_pages(province, call, exhibition, call_tangsel, groups):
        texts[url] = _text(client.get(url))
    for url in organiser_api(province.slug, call, exhibition):
        texts[url] = _text(api.get(url))
    return texts


def _scores_in(url, text):
    return [
        (url, "score", form)
        for score in PRIVATE_SCORES.values()
        for form in _score_forms(score)
        if form in text
    ]


def _score_forms(score):
    return [f"{score:.1f}", f"{score:.1f}".replace(".", ","), f"{score:.2f}", str(score)]


NOT_NOMINATED = ("failed", "coaching", "absent", "old", "undecided")


@pytest.mark.parametrize("who", ["province_admin", "province_officer"])
def test_the_organiser_reads_only_what_the_offices_shared(
    client_for, request, who, allocated, shared, province, call, banten_expo, call_tangsel,
    province_groups, tangsel, tangerang,
):  # fmt: skip
    user = request.getfixturevalue(who)
    texts = _everything_the_organiser_reads(
        client_for(user), api_for(user), province, call, banten_expo, call_tangsel, province_groups
    )
    held_back = tangsel.app("food_no_halal")
    not_nominated = [tangsel.app(k) for k in NOT_NOMINATED]
    not_nominated += [tangerang.app(k) for k in (*NOT_NOMINATED, "food_no_halal")]
    everyone = [a for s in (tangsel, tangerang) for a in s.applications.values()]
    private_photos = [shared[(tangsel.office.slug, key)].token for key in tangsel.applications]
    private_photos += [shared[(tangerang.office.slug, key)].token for key in NOT_NOMINATED]
    leaks = []
    for url, text in texts.items():
        for application in [held_back, *not_nominated]:
            for name in (application.product.business.name, application.product.name):
                if name in text:
                    leaks.append((url, "not shared", name))
        for application in everyone:
            business = Business.objects.get(pk=application.product.business_id)
            if business.nik in text:
                leaks.append((url, "NIK", business.nik))
            # Nobody has confirmed a place yet.
            leaks += [(url, "contact", c) for c in _contacts(business) if c in text]
        leaks += [(url, "photo", token) for token in private_photos if token in text]
        if "/exhibitions/" not in url:  # the allocation tables: the next test
            leaks += _scores_in(url, text)
    assert leaks == [], "\n".join(map(str, leaks))
    # What is shared is there: the pages are not empty by accident.
    nominees_page = texts[
        organiser_pages(province, call, banten_expo, call_tangsel, province_groups)[0]
    ]
    assert tangsel.app("bag").product.name in nominees_page
    assert shared[(tangerang.office.slug, "carving")].token in nominees_page
    assert "90,0" in nominees_page  # Kota Tangerang shares its scores


def test_scores_an_office_kept_are_not_in_the_exhibitions_allocation_tables(
    client_for, allocated, province, province_admin, call, banten_expo, call_tangsel,
    province_groups,
):  # fmt: skip
    """The organiser's exhibition page, its allocation export and the API's allocation rows list
    every nominee placed or waiting; a nominee whose office keeps its scores shows none there
    either (the allocation uses the score; the organiser is not told it)."""
    texts = _everything_the_organiser_reads(
        client_for(province_admin), api_for(province_admin), province, call, banten_expo,
        call_tangsel, province_groups,
    )  # fmt: skip
    leaks = [leak for url, text in texts.items() for leak in _scores_in(url, text)]
    assert leaks == [], "\n".join(map(str, leaks))


def _pdf_text(response):
    from pypdf import PdfReader

    assert response.status_code == 200
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_organisers_other_pages_hold_nothing_of_the_nominees_either(
    client_for, allocated, province, province_admin, banten_expo, tangsel, tangerang
):
    """Its outbox (the invitations went out from the nominating offices'), its audit trail, its
    dashboard and figures, the exhibitor list as PDF: no NIK, no contact before a confirmed
    place, nothing of a producer held back or not nominated."""
    client = client_for(province_admin)
    slug = province.slug
    one = [slug, banten_expo.pk]
    texts = {
        url: _text(client.get(url))
        for url in (
            reverse("outbox:list", args=[slug]),
            reverse("outbox:whatsapp", args=[slug]),
            reverse("outbox:export", args=[slug, "csv"]),
            reverse("audit:log", kwargs={"org_slug": slug}),
            reverse("audit:export", kwargs={"org_slug": slug, "fmt": "csv"}),
            reverse("insights:organisation_dashboard", args=[slug]),
            reverse("insights:office_figures", args=[slug]),
        )
    }
    pdf = reverse("exhibitions:exhibitors_pdf", args=one)
    texts[pdf] = _pdf_text(client.get(pdf))
    assert tangsel.app("bag").product.name in texts[pdf]  # invited: listed, without contacts
    hidden = [tangsel.app("food_no_halal")]
    hidden += [setup.app(key) for setup in (tangsel, tangerang) for key in NOT_NOMINATED]
    leaks = []
    for url, text in texts.items():
        for application in hidden:
            for name in (application.product.business.name, application.product.name):
                leaks += [(url, "not shared", name)] if name in text else []
        for setup in (tangsel, tangerang):
            for application in setup.applications.values():
                business = Business.objects.get(pk=application.product.business_id)
                leaks += [(url, "NIK", business.nik)] if business.nik in text else []
                leaks += [(url, "contact", c) for c in _contacts(business) if c in text]
    assert leaks == [], "\n".join(map(str, leaks))


def test_legality_an_office_did_not_share_is_not_shown(
    client_for, allocated, province, province_admin, call, call_tangsel, tangsel, tangerang,
):  # fmt: skip
    """Both offices' halal food holds a valid halal permit; only Kota Tangerang shares it."""
    url = reverse("nominations:organiser_nominations", args=[province.slug, call.pk])
    html = client_for(province_admin).get(url).content.decode()
    tangsel_food = _row(html, tangsel.app("food_halal"))
    tangerang_food = _row(html, tangerang.app("food_halal"))
    assert "halal" in tangerang_food.lower()
    assert "halal" not in tangsel_food.lower()
    assert "nom-not-shared" in tangsel_food
    nominees_api = f"/api/v1/o/{province.slug}/nominations/calls/{call.pk}/nominees/"
    rows = api_for(province_admin).get(nominees_api).json()["results"]
    permits = {row["product_name"]: row["permits"] for row in rows}
    assert permits[tangsel.app("food_halal").product.name] is None
    assert "halal" in str(permits[tangerang.app("food_halal").product.name]).lower()


def _row(html, application):
    nomination = Nomination.objects.get(application=application)
    row = html[html.index(f'id="nominee-{nomination.pk}"') :]
    return row[: row.index("</tr>")]


def test_the_private_photo_is_refused_and_the_shared_one_served(
    client_for, shared, province, province_admin, call, tangsel, tangerang
):
    client = client_for(province_admin)

    def photo(setup, key):
        token = shared[(setup.office.slug, key)].token
        url = reverse("nominations:nominee_photo", args=[province.slug, call.pk, token])
        return client.get(url).status_code

    assert photo(tangerang, "carving") == 200
    assert photo(tangsel, "bag") == 404  # nominated, shared, but its office keeps photos
    assert photo(tangerang, "failed") == 404  # never nominated
    assert photo(tangsel, "food_no_halal") == 404  # held back
    token = shared[(tangerang.office.slug, "carving")].token
    for user in (tangsel.admin, tangerang.admin):  # a lower office, even the one that shares
        url = reverse("nominations:nominee_photo", args=[province.slug, call.pk, token])
        assert client_for(user).get(url).status_code == 404


def test_contacts_appear_for_the_confirmed_place_only_and_the_nik_never(
    client_for, allocated, province, province_admin, call, banten_expo, call_tangsel,
    province_groups, tangsel, tangerang,
):  # fmt: skip
    confirmed = Allocation.objects.get(exhibition=banten_expo, application=tangsel.app("bag"))
    assert confirmed.status == AllocationStatus.INVITED
    invitations.respond(
        actor=tangsel.officer,
        allocation=confirmed,
        accept=True,
        for_producer=True,
        record=AnswerRecord(
            answered_by="Ibu Sari", channel=Channel.PHONE, answered_at=timezone.now()
        ),
    )
    url = reverse("nominations:organiser_nominations", args=[province.slug, call.pk])
    html = client_for(province_admin).get(url).content.decode()
    her = Business.objects.get(pk=confirmed.business_id)
    from kurasi.accounts.templatetags.office import national_phone

    assert national_phone(her.phone) in _row(html, tangsel.app("bag"))
    assert her.address in html
    texts = _everything_the_organiser_reads(
        client_for(province_admin), api_for(province_admin), province, call, banten_expo,
        call_tangsel, province_groups,
    )  # fmt: skip
    others = [
        a for s in (tangsel, tangerang) for a in s.applications.values()
        if a.pk != confirmed.application_id
    ]  # fmt: skip
    for url, text in texts.items():
        assert her.nik not in text, url
        for application in others:
            business = Business.objects.get(pk=application.product.business_id)
            assert business.nik not in text, url
            for contact in _contacts(business):
                assert contact not in text, (url, contact)


# --- (b) an office never sees another office's nominations ---------------------------------


def _office_urls(slug, call_office, nomination, allocation):
    """Every office-side nominations page of `call_office`, under the office slug `slug`."""
    asked = [slug, call_office.pk]
    one = [*asked, nomination.pk]
    reads = [
        reverse("nominations:office_call", args=asked),
        reverse("nominations:office_places", args=asked),
    ]
    writes = [
        (
            reverse("nominations:office_nominate", args=asked),
            {"application": [nomination.application_id]},
        ),
        (reverse("nominations:office_withdraw", args=one), {}),
        (
            reverse("nominations:office_consent", args=one),
            {"given": "yes", "channel": "phone", "consent_by": "X"},
        ),
        (reverse("nominations:office_ask", args=one), {}),
        (reverse("nominations:office_submit", args=asked), {"cover_note": "bukan daftar kami"}),
        (
            reverse("nominations:office_record_answer", args=[*asked, allocation.pk]),
            {"answer": "confirm", "answered_by": "X", "channel": "phone"},
        ),
    ]
    return reads, writes


def _api_office_urls(slug, call_office, nomination):
    asked = f"/api/v1/o/{slug}/nominations/asked/{call_office.pk}/"
    one = f"{asked}nominees/{nomination.pk}/"
    reads = [asked, f"{asked}candidates/", f"{asked}nominees/", one]
    writes = [
        (
            "post",
            f"{asked}nominees/",
            {"nominees": [{"application_id": nomination.application_id}]},
        ),
        ("post", f"{one}consent/", {"given": True, "channel": "phone", "consent_by": "X"}),
        ("post", f"{one}ask-consent/", {}),
        ("post", f"{asked}submit/", {"cover_note": "bukan daftar kami"}),
        ("delete", one, None),
    ]
    return reads, writes


def snapshot():
    """What the refused requests must leave as it was."""
    return {
        "calls": list(NominationCall.objects.order_by("pk").values()),
        "offices": list(CallOffice.objects.order_by("pk").values()),
        "nominations": list(Nomination.objects.order_by("pk").values()),
        "allocations": list(Allocation.objects.order_by("pk").values()),
        "exhibitions": list(Exhibition.objects.order_by("pk").values()),
        "booths": list(BoothType.objects.order_by("pk").values()),
        "events": AuditEvent.objects.aggregate(last=Max("id"))["last"],
    }


@pytest.mark.parametrize("who", ["admin", "officer"])
def test_an_office_cannot_reach_another_offices_nominations(
    client_for, allocated, who, banten_expo, call_tangsel, call_tangerang, tangsel, tangerang,
):  # fmt: skip
    nomination = call_tangsel.nominations.get(application=tangsel.app("bag"))
    allocation = Allocation.objects.get(exhibition=banten_expo, application=tangsel.app("bag"))
    user = getattr(tangerang, who)
    client, api = client_for(user), api_for(user)

    def expected_for(slug):
        # Under its own address an officer is refused an admin's action for its role (403)
        # before the call is looked for; never 200, never anything learned.
        return (404,) if slug == tangsel.office.slug or who == "admin" else (403, 404)

    before = snapshot()
    for slug in (tangsel.office.slug, tangerang.office.slug):
        reads, writes = _office_urls(slug, call_tangsel, nomination, allocation)
        for url in reads:
            assert client.get(url).status_code == 404, url
        for url, data in writes:
            status = client.post(url, data).status_code
            assert status in expected_for(slug), (url, status)
        api_reads, api_writes = _api_office_urls(slug, call_tangsel, nomination)
        for url in api_reads:
            assert api.get(url).status_code == 404, url
        for method, url, data in api_writes:
            status = getattr(api, method)(url, data, format="json").status_code
            assert status in expected_for(slug), (url, status)
    assert snapshot() == before
    # Its own call's pages name none of Tangsel's nominees.
    own = [tangerang.office.slug, call_tangerang.pk]
    for name in ("office_call", "office_places"):
        html = client.get(reverse(f"nominations:{name}", args=own)).content.decode()
        for application in tangsel.applications.values():
            assert application.product.business.name not in html
    listed = api.get(
        f"/api/v1/o/{tangerang.office.slug}/nominations/asked/{call_tangerang.pk}/nominees/"
    )
    assert listed.status_code == 200
    for application in tangsel.applications.values():
        assert application.product.name not in listed.content.decode()


def test_an_office_cannot_reach_another_offices_nominee_through_its_own_list(
    client_for, allocated, banten_expo, call_tangsel, call_tangerang, tangsel, tangerang
):
    """Kota Tangerang's own place in the call, with Tangsel's nominee's, allocation's or
    application's id: 404 (or a refusal of the nomination), nothing changed."""
    nomination = call_tangsel.nominations.get(application=tangsel.app("bag"))
    allocation = Allocation.objects.get(exhibition=banten_expo, application=tangsel.app("bag"))
    client, api = client_for(tangerang.admin), api_for(tangerang.admin)
    slug = tangerang.office.slug
    before = snapshot()
    _reads, writes = _office_urls(slug, call_tangerang, nomination, allocation)
    for url, data in writes:
        if url.endswith("/submit/"):
            continue  # its own list: nothing of Tangsel's in the request
        status = client.post(url, data).status_code
        if url.endswith("/nominate/"):
            assert status in (200, 302, 400, 404), (url, status)  # refused by the criteria
        else:
            assert status == 404, (url, status)
    api_reads, api_writes = _api_office_urls(slug, call_tangerang, nomination)
    assert api.get(api_reads[-1]).status_code == 404  # Tangsel's nominee under its own list
    for method, url, data in api_writes:
        if url.endswith("/submit/"):
            continue
        status = getattr(api, method)(url, data, format="json").status_code
        expected = (400, 404) if url.endswith("/nominees/") else (404,)
        assert status in expected, (url, status)
    assert snapshot() == before


def test_an_office_of_another_province_reaches_nothing(
    client_for, allocated, outsider, province, call, banten_expo, call_tangsel, tangsel,
    province_groups,
):  # fmt: skip
    nomination = call_tangsel.nominations.get(application=tangsel.app("bag"))
    allocation = Allocation.objects.get(exhibition=banten_expo, application=tangsel.app("bag"))
    client, api = client_for(outsider), api_for(outsider)
    reads, _writes = _office_urls(tangsel.office.slug, call_tangsel, nomination, allocation)
    api_reads, _api_writes = _api_office_urls(tangsel.office.slug, call_tangsel, nomination)
    for url in reads + organiser_pages(
        province, call, banten_expo, call_tangsel, {"makanan": call}
    ):
        assert client.get(url).status_code == 404, url
    for url in api_reads + organiser_api(province.slug, call, banten_expo):
        assert api.get(url).status_code == 404, url


# --- (c) a lower office never acts for the organiser ---------------------------------------


def _organiser_writes(slug, call, exhibition, allocation, groups):
    """Every organiser's action, as a form would send it, under the office slug `slug`."""
    one = [slug, exhibition.pk]
    call_form = {
        "title": "Diambil alih",
        "exhibition": exhibition.pk,
        "deadline": "2030-01-01T10:00",
        "passed_within_years": 5,
    }
    return [
        (reverse("nominations:call_create", args=[slug]), call_form),
        (reverse("nominations:call_edit", args=[slug, call.pk]), call_form),
        (reverse("nominations:call_open", args=[slug, call.pk]), {}),
        (reverse("nominations:call_close", args=[slug, call.pk]), {}),
        (reverse("exhibitions:allocate", args=one), {}),
        (reverse("exhibitions:invite", args=one), {}),
        (reverse("exhibitions:edit", args=one), {"name": "Diambil alih"}),
        (reverse("exhibitions:booth_add", args=one), {"label": "Liar", "count": 3}),
        (
            reverse("exhibitions:override", args=[*one, allocation.pk]),
            {"action": "out", "reason": "x"},
        ),
        (
            reverse("exhibitions:record_answer", args=[*one, allocation.pk]),
            {"answer": "confirm", "answered_by": "X", "channel": "phone"},
        ),
    ]


def _organiser_reads(slug, call, exhibition, allocation, token):
    one = [slug, exhibition.pk]
    return [
        reverse("nominations:organiser_nominations", args=[slug, call.pk]),
        reverse("nominations:nominee_photo", args=[slug, call.pk, token]),
        reverse("nominations:call_edit", args=[slug, call.pk]),
        reverse("exhibitions:detail", args=one),
        reverse("exhibitions:allocation_export", args=[*one, "csv"]),
        reverse("exhibitions:exhibitors_xlsx", args=one),
        reverse("exhibitions:exhibitors_pdf", args=one),
        reverse("exhibitions:staff_letter", args=[*one, allocation.pk]),
        reverse("exhibitions:answers", args=[*one, allocation.application_id]),
    ]


def _organiser_api_writes(slug, call, exhibition):
    calls = f"/api/v1/o/{slug}/nominations/calls/"
    show = f"/api/v1/o/{slug}/exhibitions/{exhibition.pk}/"
    body = {
        "exhibition_id": exhibition.pk,
        "title": "Diambil alih",
        "deadline": "2030-01-01T10:00:00+07:00",
        "offices": [],
    }
    return [
        ("post", calls, body),
        ("patch", f"{calls}{call.pk}/", {"title": "Diambil alih"}),
        ("post", f"{calls}{call.pk}/open/", {}),
        ("post", f"{calls}{call.pk}/close/", {}),
        ("post", f"{show}allocate/", {}),
        ("post", f"{show}invitations/", {}),
    ]


@pytest.mark.parametrize("who", ["admin", "officer", "curator"])
def test_a_lower_office_cannot_act_for_the_organiser(
    client_for, allocated, shared, who, province, call, banten_expo, province_groups, tangsel,
    tangerang,
):  # fmt: skip
    allocation = Allocation.objects.get(exhibition=banten_expo, application=tangsel.app("bag"))
    token = shared[(tangerang.office.slug, "carving")].token
    for setup in (tangsel, tangerang):
        user = getattr(setup, who)
        client, api = client_for(user), api_for(user)
        before = snapshot()
        # Under the organiser's address (not its member) and under its own (not its call).
        for slug in (province.slug, setup.office.slug):
            for url in _organiser_reads(slug, call, banten_expo, allocation, token):
                assert client.get(url).status_code in (403, 404), (who, url)
                if slug == province.slug:
                    assert client.get(url).status_code == 404, (who, url)
            for url, data in _organiser_writes(
                slug, call, banten_expo, allocation, province_groups
            ):
                if url.endswith("/new/") and slug == setup.office.slug:
                    continue  # a call of its own office's is its own business
                status = client.post(url, data).status_code
                assert status in (403, 404), (who, url, status)
                if slug == province.slug:
                    assert status == 404, (who, url)
            for url in organiser_api(slug, call, banten_expo):
                if slug == province.slug or url.rstrip("/").split("/")[-1] != "calls":
                    assert api.get(url).status_code in (403, 404), (who, url)
            for method, url, data in _organiser_api_writes(slug, call, banten_expo):
                if method == "post" and url.endswith("/calls/") and slug == setup.office.slug:
                    continue
                status = getattr(api, method)(url, data, format="json").status_code
                assert status in (403, 404), (who, url, status)
                if slug == province.slug:
                    assert status == 404, (who, url)
        calls_list = reverse("nominations:call_list", args=[province.slug])
        assert client.get(calls_list).status_code == 404
        after = snapshot()
        # Tokens made for the API above are the only new audit events.
        assert {k: v for k, v in after.items() if k != "events"} == {
            k: v for k, v in before.items() if k != "events"
        }
        new = AuditEvent.objects.filter(id__gt=before["events"] or 0)
        assert set(new.values_list("action", flat=True)) <= {"api_token.created"}, list(
            new.values_list("action", flat=True)
        )


def test_every_nominations_address_is_among_those_tried_above(
    allocated, shared, province, call, banten_expo, province_groups, call_tangsel, tangsel,
    tangerang,
):  # fmt: skip
    """A new page of the nominations app must join the refusals above: the organiser's (a
    lower office never acts for it) or an office's (another office never reaches it)."""
    from django.urls import resolve

    from kurasi.nominations import urls

    allocation = Allocation.objects.get(exhibition=banten_expo, application=tangsel.app("bag"))
    nomination = call_tangsel.nominations.get(application=tangsel.app("bag"))
    token = shared[(tangerang.office.slug, "carving")].token
    slug = tangsel.office.slug
    reads, writes = _office_urls(slug, call_tangsel, nomination, allocation)
    tried = [
        reverse("nominations:call_list", args=[province.slug]),
        *_organiser_reads(province.slug, call, banten_expo, allocation, token),
        *(url for url, _data in _organiser_writes(slug, call, banten_expo, allocation, {})),
        *reads,
        *(url for url, _data in writes),
    ]
    names = {resolve(url).url_name for url in tried if url.startswith("/o/")}
    everything = {pattern.name for pattern in urls.urlpatterns}
    # office_calls: the list of calls an office was asked, under its own address only.
    assert everything - names - {"office_calls"} == set()


def test_the_province_organiser_reaches_its_own_pages(
    client_for, allocated, province, province_admin, call, banten_expo, call_tangsel,
    province_groups,
):  # fmt: skip
    """The counterpart of the refusals above: the same addresses open for the organiser."""
    client = client_for(province_admin)
    for url in organiser_pages(province, call, banten_expo, call_tangsel, province_groups):
        assert client.get(url).status_code == 200, url
    api = api_for(province_admin)
    for url in organiser_api(province.slug, call, banten_expo):
        assert api.get(url).status_code == 200, url


def test_a_refused_nominee_is_never_shared_even_after_the_list_is_sent_again(
    client_for, shared, province, province_admin, call, call_tangsel, tangsel
):
    """Consent refused after the list went: the nominee leaves the organiser's view at once."""
    nomination = call_tangsel.nominations.get(application=tangsel.app("bag"))
    nomination.consent = ConsentState.REFUSED
    nomination.save(update_fields=["consent"])
    url = reverse("nominations:organiser_nominations", args=[province.slug, call.pk])
    html = client_for(province_admin).get(url).content.decode()
    assert tangsel.app("bag").product.name not in html
    assert re.search(rf"nominee-{nomination.pk}\b", html) is None
