import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from kurasi.accounts.models import Role
from kurasi.curation.decisions import create_default_bands, decide, issue_letters
from kurasi.curation.models import (
    Assessment,
    AssessmentStatus,
    Assignment,
    CriterionScore,
    CurationPlan,
    ProgrammeRubric,
)
from kurasi.curation.models_decisions import Decision
from kurasi.curation.services import copy_preset

from ..factories import (
    PASSWORD,
    ApplicationFactory,
    BusinessFactory,
    CertificateFactory,
    MembershipFactory,
    OrganisationFactory,
    ProductFactory,
    ProductGroupFactory,
    ProgrammeFactory,
    UserFactory,
    certificate_type,
)
from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def set_up_scored_programme(owner=None):
    nib = certificate_type("nib")  # transactional tests flush the shipped types
    office = OrganisationFactory(slug="disperindag-tangsel", region_code="36.74")
    admin = UserFactory(email="admin@tangsel.test")
    MembershipFactory(user=admin, organisation=office, role=Role.ADMIN)
    curators = [MembershipFactory(organisation=office, role=Role.CURATOR).user for _ in range(2)]
    food = ProductGroupFactory(organisation=office, code="makanan", name="Makanan", is_food=True)
    programme = ProgrammeFactory(organisation=office, slug="kurasi-2026")
    rubric = copy_preset(actor=None, organisation=office, preset_code="food")
    ProgrammeRubric.objects.create(programme=programme, product_group=food, rubric=rubric)
    CurationPlan.objects.create(programme=programme)
    create_default_bands(actor=admin, programme=programme)
    applications = []
    for name, value, weighted in (("Dodol Betawi", 5, 100), ("Bolu Pandan", 4, 75)):
        business = BusinessFactory(organisation=office, name=f"Usaha {name}", owner=owner)
        CertificateFactory(business=business, type=nib)
        product = ProductFactory(business=business, group=food, name=name)
        application = ApplicationFactory(programme=programme, product=product, status="verified")
        for curator in curators:
            Assignment.objects.create(application=application, curator=curator)
            assessment = Assessment.objects.create(
                application=application,
                curator=curator,
                rubric=rubric,
                status=AssessmentStatus.SUBMITTED,
                weighted_score=weighted,
            )
            CriterionScore.objects.bulk_create(
                CriterionScore(assessment=assessment, criterion=c, value=value)
                for c in rubric.criteria.all()
            )
        applications.append(application)
    return admin, programme, applications


def test_an_admin_decides_in_bulk_on_a_desktop(desktop_page):
    admin, _programme, (dodol, bolu) = set_up_scored_programme()
    page = desktop_page
    log_in(page, admin.email, PASSWORD)
    page.goto(f"{page.base_url}/o/disperindag-tangsel/programmes/kurasi-2026/results/")
    expect(page.locator(f"#row-{dodol.pk}")).to_contain_text("Lolos — siap pameran nasional")
    page.locator(f"#row-{dodol.pk} input[name='applications']").check()
    page.locator(f"#row-{bolu.pk} input[name='applications']").check()
    page.locator("#confirm-selected").click()
    expect(page.locator(f"#row-{dodol.pk} .decided")).to_contain_text(
        "Lolos — siap pameran nasional"
    )
    expect(page.locator(f"#row-{bolu.pk} .decided")).to_contain_text("Lolos — pameran regional")
    decisions = {d.application_id: d.band.label for d in Decision.objects.select_related("band")}
    assert decisions == {
        dodol.pk: "Lolos — siap pameran nasional",
        bolu.pk: "Lolos — pameran regional",
    }


def test_a_producer_downloads_the_letter_and_the_public_page_verifies_its_code(phone_page):
    producer = UserFactory(email=None, phone="+6281298765001", full_name="Siti Rahmawati")
    admin, programme, (dodol, _bolu) = set_up_scored_programme(owner=producer)
    decide(actor=admin, programme=programme, application_ids=[dodol.pk])
    issue_letters(actor=admin, programme=programme, notify=False)
    decision = Decision.objects.select_related("band").get(application=dodol)
    page = phone_page
    log_in(page, "0812-9876-5001", PASSWORD)
    page.goto(f"{page.base_url}/my/results/")
    with page.expect_download() as download_info:
        page.locator(f"#download-{dodol.pk}").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Dodol Betawi" in text
    assert decision.verification_code in text
    assert decision.band.label in text

    page.context.clear_cookies()  # the public: nobody logged in
    page.goto(f"{page.base_url}/verify/")
    page.locator("input[name='code']").fill(decision.verification_code.lower())
    page.locator("main form button[type='submit']").click()
    expect(page.locator("#verified-product")).to_contain_text("Dodol Betawi")
    expect(page.locator("#verified-outcome")).to_contain_text(decision.band.label)
    assert page.url.endswith(f"/verify/{decision.verification_code}/")
