import pytest
from playwright.sync_api import expect

from kurasi.accounts.models import Role
from kurasi.curation.models import Assessment, Assignment, ProgrammeRubric
from kurasi.curation.services import copy_preset

from ..factories import (
    PASSWORD,
    ApplicationFactory,
    BusinessFactory,
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


def set_up_assignment():
    certificate_type("nib")  # transactional tests flush the shipped types
    office = OrganisationFactory(slug="disperindag-tangsel", region_code="36.74")
    curator = UserFactory(email="kurator@tangsel.test")
    MembershipFactory(user=curator, organisation=office, role=Role.CURATOR)
    food = ProductGroupFactory(organisation=office, code="makanan", name="Makanan", is_food=True)
    programme = ProgrammeFactory(organisation=office)
    rubric = copy_preset(actor=None, organisation=office, preset_code="food")
    ProgrammeRubric.objects.create(programme=programme, product_group=food, rubric=rubric)
    product = ProductFactory(
        business=BusinessFactory(organisation=office), group=food, name="Dodol Betawi"
    )
    application = ApplicationFactory(programme=programme, product=product)
    assignment = Assignment.objects.create(application=application, curator=curator)
    return curator, assignment, list(rubric.criteria.all())


def wait_until_offline_helper_controls(page):
    # wait_for_function evaluates strings, which the CSP forbids; poll with evaluate instead.
    for _ in range(50):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker never took control of the page")


def test_curator_scores_on_a_phone_goes_offline_reloads_and_loses_nothing(phone_page):
    curator, assignment, criteria = set_up_assignment()
    page = phone_page
    log_in(page, curator.email, PASSWORD)
    url = f"{page.base_url}/o/disperindag-tangsel/curate/{assignment.pk}/"
    page.goto(url)
    wait_until_offline_helper_controls(page)
    page.reload()  # now the offline helper keeps a copy of this page

    first, second = criteria[0], criteria[1]
    page.locator(f"input[name='score_{first.key}'][value='4']").check()
    page.context.set_offline(True)
    page.locator(f"input[name='score_{second.key}'][value='2']").check()
    page.get_by_label("Catatan umum").fill("Kemasan perlu label gizi.")
    page.reload()

    expect(page.locator(f"input[name='score_{first.key}'][value='4']")).to_be_checked()
    expect(page.locator(f"input[name='score_{second.key}'][value='2']")).to_be_checked()
    expect(page.get_by_label("Catatan umum")).to_have_value("Kemasan perlu label gizi.")

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-draft-status]")).to_contain_text("Draf disimpan")
    assessment = Assessment.objects.get(curator=curator)
    assert assessment.notes == "Kemasan perlu label gizi."
    scored = assessment.scores.filter(value__isnull=False)
    assert dict(scored.values_list("criterion__key", "value")) == {
        first.key: 4,
        second.key: 2,
    }
