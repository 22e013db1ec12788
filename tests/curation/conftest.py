import pytest

from kurasi.curation.models import Assignment, ProgrammeRubric
from kurasi.curation.services import copy_preset

from ..factories import ApplicationFactory, BusinessFactory, ProductFactory


@pytest.fixture
def food_rubric(admin_user, organisation):
    return copy_preset(actor=admin_user, organisation=organisation, preset_code="food")


@pytest.fixture
def curated_application(open_programme, product_groups, food_rubric):
    """A bakery's product in the open programme, scored with the food rubric."""
    ProgrammeRubric.objects.create(
        programme=open_programme, product_group=product_groups["makanan"], rubric=food_rubric
    )
    business = BusinessFactory(
        organisation=open_programme.organisation, name="Roti Melati", nik="3674015508950001"
    )
    product = ProductFactory(
        business=business, group=product_groups["makanan"], name="Roti Gambang"
    )
    return ApplicationFactory(programme=open_programme, product=product)


@pytest.fixture
def assignment(curated_application, curator):
    return Assignment.objects.create(application=curated_application, curator=curator)


def full_scores(rubric, value):
    data = {f"score_{c.key}": value for c in rubric.criteria.all()}
    data["notes"] = "Rasa enak, label belum lengkap."
    return data
