"""The call's announcement, printed from the browser: one A4 page with the QR code to the
registration page, even with a logo, a signatory and every detail of the call filled in."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from kurasi.demo.registry import ANNOUNCEMENT_2017

from ..factories import OrganisationFactory, ProductGroupFactory, ProgrammeFactory, certificate_type

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SITE = "https://kurasi.example.go.id"


def logo_png():
    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), (20, 80, 160)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="logo.png")


@pytest.fixture
def full_call():
    """A call with everything an office may print: logo, contacts, signatory, all details."""
    organisation = OrganisationFactory(
        slug="disperindag-tangsel",
        name="Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan",
        region_code="36.74",
        address="Pusat Pemerintahan Kota Tangerang Selatan, Jl. Maruga Raya No. 1, Ciputat",
        email="disperindag@tangsel.test",
        phone="021-7470-5765",
        website="https://disperindag.tangselkota.go.id",
        signatory_name="Drs. Budi Hartono, M.Si.",
        signatory_position="Kepala Dinas Perindustrian dan Perdagangan",
        signatory_nip="197001011995031002",
    )
    organisation.logo.save("logo.png", logo_png())
    for code, name in [("tas", "Tas"), ("busana", "Busana"), ("aksesori", "Aksesori")]:
        ProductGroupFactory(organisation=organisation, code=code, name=name)
    ProductGroupFactory(organisation=organisation, code="makanan", name="Makanan", is_food=True)
    programme = ProgrammeFactory(
        organisation=organisation,
        title="Kurasi Produk IKM 2027",
        slug="kurasi-produk-ikm-2027",
        announcement=ANNOUNCEMENT_2017.replace("2017", "2027"),
        curation_date=dt.date(2027, 1, 25),
        venue="Ruang Gintung, Pusat Pemerintahan Kota Tangerang Selatan lantai 4",
        contact="Bidang Perindustrian, Disperindag Kota Tangerang Selatan, 0812-0000-1111",
        quota=80,
    )
    programme.required_certificate_types.set(
        [certificate_type("nib"), certificate_type("spp-irt"), certificate_type("halal")]
    )
    return programme


def test_the_announcement_prints_on_one_page_with_its_qr_code(settings, desktop_page, full_call):
    settings.SITE_URL = SITE
    page = desktop_page
    page.goto(
        page.base_url
        + reverse("programmes:call_print", args=[full_call.organisation.slug, full_call.slug])
    )
    page.emulate_media(media="print")
    assert page.locator("#register-qr svg").is_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    text = "".join(pdf.pages[0].extract_text().split())
    assert len(pdf.pages) == 1
    assert f"{SITE}/register/disperindag-tangsel/kurasi-produk-ikm-2027/" in text
    assert "Pindaiuntukmendaftar" in text  # the QR code's caption, beside the signature
    assert "Drs.BudiHartono,M.Si." in text
