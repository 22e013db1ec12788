"""The organiser's view of a call: every office asked side by side, and only the nominees the
offices shared, each with only what its office chose to share. Never the NIK; contacts once the
place is confirmed; nothing of producers not nominated. A lower office never gets in."""

import datetime as dt
import io
import secrets

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions import invitations
from kurasi.exhibitions.models import Allocation
from kurasi.exhibitions.services import run_allocation
from kurasi.lib.answers import AnswerRecord, Channel
from kurasi.registry.models import ProductPhoto

from ..exports.helpers import read_csv
from ..factories import ApplicationFactory, BusinessFactory, ProductFactory
from . import nominees

lists = nominees.lists  # the offices' lists (a fixture)

NIK = "3674012301850004"
PHONE = "+6281377700123"


def _url(province, call, **query):
    url = reverse("nominations:organiser_nominations", args=[province.slug, call.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 120, 40)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def _photo(product):
    photo = ProductPhoto(product=product, width=32, height=24, token=secrets.token_hex(16))
    photo.image.save("photo.jpg", _jpeg(), save=True)
    return photo


@pytest.fixture
def page(client_for, province, province_admin, call, lists):
    def get(**query):
        response = client_for(province_admin).get(_url(province, call, **query))
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_the_organiser_sees_every_office_and_only_shared_nominees(page, tangsel, tangerang):
    html = page()
    for office in (tangsel, tangerang):
        assert f'id="office-{office.office.pk}"' in html
        for key in ("bag", "food_halal"):
            assert office.app(key).product.name in html
    assert tangerang.app("carving").product.name in html
    # Held back for want of consent: counted, never named.
    assert tangsel.app("food_no_halal").product.name not in html
    assert tangsel.app("food_no_halal").product.business.name not in html
    # Never nominated: nothing at all.
    for key in ("failed", "coaching", "undecided"):
        assert tangsel.app(key).product.business.name not in html


def test_the_offices_row_counts_what_it_held_back_and_shows_its_cover_note(
    page, call_tangsel, tangsel
):
    call_tangsel.cover_note = "Dua produk unggulan Tangsel."
    call_tangsel.save(update_fields=["cover_note"])
    html = page()
    row = html[html.index(f'id="office-{tangsel.office.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Dua produk unggulan Tangsel." in row
    cells = [c.split(">", 1)[1].split("<", 1)[0] for c in row.split("<td")[1:]]
    assert cells[3:5] == ["2", "1"]  # shared, held back


def test_an_office_that_has_not_submitted_shares_nothing_yet(page, call_tangerang, tangerang):
    call_tangerang.submitted_at = None
    call_tangerang.save(update_fields=["submitted_at"])
    html = page()
    assert tangerang.app("carving").product.name not in html
    assert f'id="office-{tangerang.office.pk}"' in html


def test_only_what_each_office_chose_to_share_is_shown(
    page, client_for, province, province_admin, call, call_tangsel, call_tangerang, tangsel,
    tangerang,
):  # fmt: skip
    call_tangerang.share_photos = call_tangerang.share_scores = False
    call_tangerang.share_legality = False
    call_tangerang.save(update_fields=["share_photos", "share_scores", "share_legality"])
    shared_photo = _photo(tangsel.app("food_halal").product)
    private_photo = _photo(tangerang.app("carving").product)
    html = page()
    tangsel_row = _row(html, tangsel.app("food_halal"))
    assert shared_photo.token in tangsel_row
    assert "72,0" in tangsel_row  # the deciding score, the Indonesian way
    assert "Halal" in tangsel_row or "halal" in tangsel_row
    carving = _row(html, tangerang.app("carving"))
    assert private_photo.token not in html
    assert "90,0" not in carving
    assert carving.count("nom-not-shared") == 2  # curation and legality
    client = client_for(province_admin)
    photo_url = "nominations:nominee_photo"
    ok = client.get(reverse(photo_url, args=[province.slug, call.pk, shared_photo.token]))
    assert ok.status_code == 200
    refused = client.get(reverse(photo_url, args=[province.slug, call.pk, private_photo.token]))
    assert refused.status_code == 404


def _row(html, application):
    from kurasi.nominations.models import Nomination

    nomination = Nomination.objects.get(application=application)
    row = html[html.index(f'id="nominee-{nomination.pk}"') :]
    return row[: row.index("</tr>")]


def test_no_nik_ever_and_contacts_only_once_the_place_is_confirmed(
    page, banten_expo, province_admin, tangsel
):
    business = tangsel.app("bag").product.business
    business.nik, business.phone, business.address = NIK, PHONE, "Jl. Pandan No. 7"
    business.save(update_fields=["nik", "phone", "address"])
    run_allocation(actor=province_admin, exhibition=banten_expo)
    invitations.send_invitations(actor=province_admin, exhibition=banten_expo)
    html = page()
    assert NIK not in html
    assert "0813-7770-0123" not in html
    assert PHONE not in html
    assert "Jl. Pandan No. 7" not in html
    allocation = Allocation.objects.get(exhibition=banten_expo, application=tangsel.app("bag"))
    invitations.respond(
        actor=tangsel.officer,
        allocation=allocation,
        accept=True,
        for_producer=True,
        record=AnswerRecord(
            answered_by="Ibu Sari", channel=Channel.PHONE, answered_at=timezone.now()
        ),
    )
    html = page()
    assert NIK not in html
    assert "0813-7770-0123" in html
    assert "Jl. Pandan No. 7" in html
    row = _row(html, tangsel.app("bag"))
    assert "Ibu Sari" in row  # who answered, and how
    assert "exh-status exh-confirmed" in row


def test_filters_by_office_and_group(page, call_tangsel, province_groups, tangsel, tangerang):
    html = page(office=call_tangsel.pk)
    assert tangsel.app("bag").product.name in html
    assert tangerang.app("carving").product.name not in html
    html = page(group=province_groups["makanan"].pk)
    assert tangsel.app("food_halal").product.name in html
    assert tangerang.app("carving").product.name not in html
    assert tangsel.app("bag").product.business.name not in html


@pytest.mark.parametrize("who", ["province_admin", "province_officer"])
def test_the_organisers_staff_read_the_page(client_for, province, call, lists, who, request):
    user = request.getfixturevalue(who)
    assert client_for(user).get(_url(province, call)).status_code == 200


def test_the_organisers_curator_is_refused(client_for, province, call, province_curator):
    assert client_for(province_curator).get(_url(province, call)).status_code == 403


@pytest.mark.parametrize("who", ["admin", "officer", "curator"])
def test_a_lower_office_gets_404_on_the_organisers_page(
    client_for, province, call, tangsel, tangerang, lists, who
):
    for office in (tangsel, tangerang):
        user = getattr(office, who)
        assert client_for(user).get(_url(province, call)).status_code == 404
        # Nor under its own address.
        own = reverse("nominations:organiser_nominations", args=[office.office.slug, call.pk])
        assert client_for(user).get(own).status_code in (403, 404)


def test_another_province_gets_404(client_for, province, call, outsider):
    assert client_for(outsider).get(_url(province, call)).status_code == 404


def _more_nominees(call_office, office, group, n):
    programme = office.programme
    band = programme.outcome_bands.get(target="national")
    for i in range(n):
        business = BusinessFactory(
            organisation=office.office, name=f"Usaha Tambahan {i}", district_code="36.71.01"
        )
        product = ProductFactory(business=business, group=office.groups["tas"], name=f"Tas {i}")
        application = ApplicationFactory(programme=programme, product=product, status="verified")
        Decision.objects.create(
            application=application,
            band=band,
            score_snapshot={"mean": 60 + i % 30},
            decided_at=timezone.now() - dt.timedelta(days=5),
        )
        nominees.nominate(call_office, application, group)
        _photo(product) if i % 3 == 0 else None


def test_the_page_takes_the_same_queries_for_five_nominees_and_a_full_page(
    client_for, province, province_admin, call, call_tangerang, tangerang, province_groups,
    banten_expo, lists,
):  # fmt: skip
    client = client_for(province_admin)
    client.get(_url(province, call))
    with CaptureQueriesContext(connection) as few:
        client.get(_url(province, call))
    call_tangerang.quota = 60
    call_tangerang.save(update_fields=["quota"])
    _more_nominees(call_tangerang, tangerang, province_groups["tas"], 60)
    run_allocation(actor=province_admin, exhibition=banten_expo)
    with CaptureQueriesContext(connection) as many:
        response = client.get(_url(province, call))
    assert response.status_code == 200
    assert len(many) <= len(few) + 1, [q["sql"] for q in many]


def test_the_exhibition_page_and_its_export_keep_an_offices_scores_to_itself(
    client_for, province, province_admin, banten_expo, call_tangerang, tangerang, lists
):
    call_tangerang.share_scores = False
    call_tangerang.save(update_fields=["share_scores"])
    run_allocation(actor=province_admin, exhibition=banten_expo)
    client = client_for(province_admin)
    html = client.get(banten_expo.get_absolute_url()).content.decode()
    carving = Allocation.objects.get(exhibition=banten_expo, application=tangerang.app("carving"))
    row = html[html.index(f'id="allocation-{carving.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "90,0" not in row
    assert "88,0" in html  # Tangsel shares its scores
    url = reverse("exhibitions:allocation_export", args=[province.slug, banten_expo.pk, "csv"])
    rows = read_csv(client.get(url))
    scores = {r[next(k for k in r if "Produk" in k or "Product" in k)]: r for r in rows}
    carving_row = scores["Nampan Ukir"]
    assert not any(str(v).startswith("90") for v in carving_row.values())
