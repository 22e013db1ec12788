"""The producer's path explained (issue 18 item 5): one document checklist on every page, what
follows a sending with something missing, what comes next and when after sending, the same final
state on the dashboard and the results page, photo thumbnails and the small-photo warning."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kurasi.curation.models_day import CurationSession, Slot, Table
from kurasi.curation.models_decisions import Decision, OutcomeBand
from kurasi.programmes.models import Application, ApplicationStatus
from kurasi.registry.models import ProductPhoto

from ..factories import (
    ApplicationFactory,
    CertificateFactory,
    ProductFactory,
    ProgrammeFactory,
    certificate_type,
)
from .conftest import jpeg_upload, product_answers, wizard_url

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
STATUS = reverse("registration:status")
DASHBOARD = reverse("insights:dashboard")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def permit_call(open_programme):
    """The call asks for the NIB and a P-IRT."""
    open_programme.required_certificate_types.set(
        [certificate_type("nib"), certificate_type("spp-irt")]
    )
    return open_programme


@pytest.fixture
def draft(producer_business, permit_call):
    return Application.objects.create(
        programme=permit_call, product=producer_business.products.get()
    )


def english(client):
    client.cookies["kurasi_language"] = "en"
    return client


def checklist_states(content):
    """{document name: state} of the page's checklist of required documents."""
    block = content.split('id="required-documents"')[1].split("</ul>")[0]
    return {
        name.strip(): state
        for state, name in re.findall(
            r'data-state="(\w+)"><span aria-hidden="true">.</span> ([^<]+?) <', block
        )
    }


def test_nib_typed_on_the_business_step_counts_on_documents_review_and_status(
    client_for, producer, producer_business, draft
):
    producer_business.nib = "9120001234567"
    producer_business.save()
    client = english(client_for(producer))
    pages = [
        wizard_url(draft.programme, "documents", producer_business.pk),
        wizard_url(draft.programme, "review", producer_business.pk),
    ]
    for url in pages:
        content = client.get(url).content.decode()
        assert checklist_states(content) == {
            "NIB (Nomor Induk Berusaha)": "held",
            "SPP-IRT (P-IRT)": "missing",
        }
        assert "9120001234567, typed on the business step" in content
    status = client.get(STATUS).content.decode()
    assert "Documents the call asks for: SPP-IRT (P-IRT) (not added yet)" in status
    assert "NIB (Nomor" not in status.split("Documents the call asks for:")[1].split("</small>")[0]


def test_expired_permits_are_not_counted_and_say_expired(
    client_for, producer, producer_business, draft
):
    for number in range(4):
        CertificateFactory(
            business=producer_business,
            type=certificate_type("spp-irt"),
            number=f"206367401012{number}-22",
            issued_on=dt.date(2018, 1, 1),
            expires_on=dt.date(2023, 1, 1),
        )
    client = english(client_for(producer))
    content = client.get(wizard_url(draft.programme, "review", producer_business.pk))
    content = content.content.decode()
    assert checklist_states(content)["SPP-IRT (P-IRT)"] == "expired"
    assert "(expired, on 1 January 2023)" in content
    assert "0 valid permits and certificates. 4 expired, not counted." in content
    assert "4 permits" not in content
    documents = client.get(wizard_url(draft.programme, "documents", producer_business.pk))
    assert documents.content.decode().count("An expired document does not count") == 5


def test_a_valid_permit_wins_over_an_expired_one(client_for, producer, producer_business, draft):
    kind = certificate_type("spp-irt")
    CertificateFactory(
        business=producer_business, type=kind, number="1", expires_on=dt.date(2023, 1, 1)
    )
    CertificateFactory(
        business=producer_business,
        type=kind,
        number="2",
        expires_on=timezone.localdate() + dt.timedelta(days=400),
    )
    client = english(client_for(producer))
    content = client.get(wizard_url(draft.programme, "review", producer_business.pk))
    content = content.content.decode()
    assert checklist_states(content)["SPP-IRT (P-IRT)"] == "held"
    assert "1 valid permit or certificate. 1 expired, not counted." in content


def test_review_says_what_follows_a_sending_with_something_missing(
    client_for, producer, producer_business, draft
):
    client = english(client_for(producer))
    content = client.get(wizard_url(draft.programme, "review", producer_business.pk))
    content = content.content.decode()
    gaps = content.split('id="send-with-gaps"')[1].split("</div>")[0]
    assert "NIB (Nomor Induk Berusaha) (not added yet)" in gaps
    assert "a photo of Roti Gambang" in gaps
    assert "may make it incomplete" in gaps
    closes = timezone.localtime(draft.programme.registration_closes_at, WIB)
    assert f"until registration closes on {closes:%-d %B %Y, %H:%M} WIB" in content
    assert "Send with what is missing (1 product)" in content
    # She may still send: the office decides.
    client.post(wizard_url(draft.programme, "review", producer_business.pk))
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED


def test_review_without_gaps_has_no_warning(client_for, producer, producer_business, draft):
    producer_business.nib = "9120001234567"
    producer_business.save()
    CertificateFactory(
        business=producer_business, type=certificate_type("spp-irt"), number="20636740101"
    )
    ProductPhoto.objects.create(
        product=draft.product, token="p" * 32, image="photos/x.jpg", width=800, height=800
    )
    client = english(client_for(producer))
    content = client.get(wizard_url(draft.programme, "review", producer_business.pk))
    content = content.content.decode()
    assert 'id="send-with-gaps"' not in content
    assert "Send the registration (1 product)" in content
    assert "The office verifies your registration and documents." in content


def stages(content, application):
    """{stage: "done" | "current" | ""} of an application's "what comes next"."""
    card = content.split(f'id="application-{application.pk}"')[1].split("</ol>")[0]
    return {
        stage: state
        for state, stage in re.findall(r'<li class="(\w*)" data-stage="([\w-]+)"', card)
    }


def test_after_sending_the_status_page_says_verification_comes_next(
    client_for, producer, producer_business, draft
):
    client = english(client_for(producer))
    response = client.post(wizard_url(draft.programme, "review", producer_business.pk), follow=True)
    content = response.content.decode()
    assert response.redirect_chain[-1][0] == STATUS
    assert stages(content, draft) == {
        "send": "done",
        "verify": "current",
        "curation-day": "",
        "result": "",
    }
    assert "Sent, the office is verifying it" in content
    assert "The office has not set the date and place yet" in content


@pytest.fixture
def verified(draft):
    draft.status = ApplicationStatus.VERIFIED
    draft.submitted_at = timezone.now()
    draft.save()
    return draft


def test_verified_application_shows_the_calls_curation_sessions(client_for, producer, verified):
    CurationSession.objects.create(
        programme=verified.programme,
        date=timezone.localdate() + dt.timedelta(days=20),
        place="Ruang Gintung, Puspemkot Tangsel",
        starts_at=dt.time(8, 0),
        ends_at=dt.time(12, 0),
    )
    content = english(client_for(producer)).get(STATUS).content.decode()
    assert stages(content, verified)["curation-day"] == "current"
    assert "Ruang Gintung, Puspemkot Tangsel" in content
    assert "Your time and table are shown here once the office schedules you." in content


def test_scheduled_slot_shows_day_time_place_and_table(client_for, producer, verified):
    day = timezone.localdate() + dt.timedelta(days=10)
    session = CurationSession.objects.create(
        programme=verified.programme,
        date=day,
        place="Ruang Gintung, Puspemkot Tangsel",
        starts_at=dt.time(8, 0),
        ends_at=dt.time(12, 0),
    )
    table = Table.objects.create(session=session, name="Meja 2 · makanan")
    Slot.objects.create(
        session=session,
        table=table,
        application=verified,
        starts_at=dt.datetime.combine(day, dt.time(9, 15), tzinfo=WIB),
    )
    content = english(client_for(producer)).get(STATUS).content.decode()
    assert f"{day:%A, %-d %B %Y}, at 09:15 WIB · Ruang Gintung, Puspemkot Tangsel" in content
    assert "Meja 2 · makanan" in content
    assert "Verified, curation day scheduled" in content
    assert 'id="come-' in content


@pytest.fixture
def last_year(producer_business, organisation):
    """Last year's entry: verified, curated, and its letter says "needs guidance"."""
    programme = ProgrammeFactory(
        organisation=organisation,
        title="Kurasi Produk IKM 2025",
        slug="kurasi-2025",
        year=2025,
        status="finished",
        registration_opens_at=timezone.now() - dt.timedelta(days=400),
        registration_closes_at=timezone.now() - dt.timedelta(days=370),
        curation_date=timezone.localdate() - dt.timedelta(days=360),
    )
    application = ApplicationFactory(
        programme=programme,
        product=ProductFactory(business=producer_business, name="Roti Sobek"),
        status=ApplicationStatus.VERIFIED,
        submitted_at=timezone.now() - dt.timedelta(days=380),
    )
    band = OutcomeBand.objects.create(programme=programme, label="Perlu pembinaan", minimum_score=0)
    Decision.objects.create(
        application=application,
        band=band,
        decided_at=timezone.now() - dt.timedelta(days=350),
        letter_number="001/2025",
        letter_issued_at=timezone.now() - dt.timedelta(days=349),
    )
    return application


def test_dashboard_status_page_and_results_agree_on_the_final_state(
    client_for, producer, last_year
):
    client = english(client_for(producer))
    for url in (DASHBOARD, STATUS):
        content = client.get(url).content.decode()
        card = content.split(f'id="application-{last_year.pk}"')[1].split("</ol>")[0]
        assert 'data-status="result"' in content
        assert "Perlu pembinaan" in card
        assert "Verified" not in card
        assert stages(content, last_year)["result"] == "done"
    results = client.get(reverse("curation:my_results")).content.decode()
    assert "Perlu pembinaan" in results


def test_unpublished_decision_reads_as_being_prepared(client_for, producer, last_year):
    Decision.objects.filter(application=last_year).update(letter_issued_at=None)
    content = english(client_for(producer)).get(DASHBOARD).content.decode()
    assert "Curated, the result is being prepared" in content
    assert "Perlu pembinaan" not in content


def test_status_page_queries_do_not_grow_with_applications(
    client_for, producer, producer_business, verified, last_year
):
    client = client_for(producer)
    with CaptureQueriesContext(connection) as few:
        client.get(STATUS)
    for number in range(3):
        ApplicationFactory(
            programme=ProgrammeFactory(organisation=producer_business.organisation),
            product=ProductFactory(business=producer_business, name=f"Roti {number}"),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(STATUS)
    assert len(many) == len(few)


def test_photo_upload_shows_a_thumbnail_and_warns_when_small(
    client_for, producer, sari_business, open_programme, product_groups
):
    client = english(client_for(producer))
    url = wizard_url(open_programme, "products", sari_business.pk)
    answers = product_answers(product_groups["makanan"], photo=jpeg_upload(size=(80, 60)))
    response = client.post(url, answers, follow=True)
    warnings = [str(m) for m in response.context["messages"]]
    assert (
        "Small photo (80×60 pixels): curators judge from the photo; "
        "upload a larger one if you can." in warnings
    )
    photo = ProductPhoto.objects.get()
    thumb = reverse("registry:product_photo", args=[photo.token])
    assert f'<img class="thumb-inline" src="{thumb}"' in response.content.decode()

    product_url = wizard_url(open_programme, "product", sari_business.pk, photo.product_id)
    content = client.get(product_url).content.decode()
    assert f'<img src="{thumb}"' in content
    assert "Small photo (80×60 pixels)" in content
    assert client.get(thumb).status_code == 200


def test_small_photo_warning_in_indonesian(
    client_for, producer, sari_business, open_programme, product_groups
):
    product = ProductFactory(business=sari_business, group=product_groups["makanan"])
    url = wizard_url(open_programme, "product", sari_business.pk, product.pk)
    upload = SimpleUploadedFile("a.jpg", jpeg_upload(size=(80, 60)).read(), "image/jpeg")
    response = client_for(producer).post(url, {"action": "photo", "photo": upload}, follow=True)
    assert "Foto kecil (80×60 piksel): kurator menilai dari foto; unggah foto yang lebih besar" in (
        response.content.decode()
    )


def test_a_large_photo_gets_no_warning_and_the_field_offers_gallery_or_camera(
    client_for, producer, sari_business, open_programme, product_groups
):
    product = ProductFactory(business=sari_business, group=product_groups["makanan"])
    url = wizard_url(open_programme, "product", sari_business.pk, product.pk)
    client = english(client_for(producer))
    content = client.get(url).content.decode()
    assert 'accept="image/*"' in content
    assert "capture" not in content
    upload = SimpleUploadedFile("a.jpg", jpeg_upload(size=(900, 700)).read(), "image/jpeg")
    response = client.post(url, {"action": "photo", "photo": upload}, follow=True)
    assert "Small photo" not in response.content.decode()
    assert ProductPhoto.objects.get().width == 900
