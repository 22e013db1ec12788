"""A small curation day: two curators for food, two for non-food, a session with two tables,
and verified applications from a bakery and a bag maker."""

import datetime as dt

import pytest
from django.urls import reverse

from kurasi.accounts.models import Role
from kurasi.curation.models import CuratorCoverage, ProgrammeRubric
from kurasi.curation.services import copy_preset
from kurasi.curation.services_day import save_session, save_table
from kurasi.programmes.models import ApplicationStatus

from ..factories import (
    ApplicationFactory,
    BusinessFactory,
    MembershipFactory,
    ProductFactory,
    UserFactory,
)

SLUG = "disperindag-tangsel"
SESSION_VALUES = {
    "date": dt.date(2026, 9, 19),
    "place": "Ruang Gintung, Puspemkot Tangsel lantai 4",
    "starts_at": dt.time(8, 0),
    "ends_at": dt.time(9, 0),
    "slot_minutes": 15,
    "grace_minutes": 30,
}


def make_curator(organisation, name, groups):
    user = UserFactory(full_name=name)
    MembershipFactory(user=user, organisation=organisation, role=Role.CURATOR)
    for group in groups:
        CuratorCoverage.objects.create(organisation=organisation, curator=user, product_group=group)
    return user


@pytest.fixture
def curators(organisation, product_groups, curator):
    food = [product_groups["makanan"], product_groups["minuman-ringan"]]
    non_food = [product_groups["tas"], product_groups["busana"], product_groups["aksesori"]]
    for group in food:
        CuratorCoverage.objects.create(
            organisation=organisation, curator=curator, product_group=group
        )
    return {
        "food": [curator, make_curator(organisation, "Sri Wahyuni", food)],
        "non_food": [
            make_curator(organisation, "Maya Anggraini", non_food),
            make_curator(organisation, "Hendra Wijaya", non_food),
        ],
    }


def verified(programme, business, group, name):
    product = ProductFactory(business=business, group=group, name=name)
    return ApplicationFactory(
        programme=programme, product=product, status=ApplicationStatus.VERIFIED
    )


@pytest.fixture
def rubrics_chosen(admin_user, open_programme, product_groups):
    """A rubric for each product group: assignment and scheduling refuse to start without."""
    organisation = open_programme.organisation
    rubrics = {
        food: copy_preset(
            actor=admin_user, organisation=organisation, preset_code="food" if food else "non_food"
        )
        for food in (True, False)
    }
    for group in product_groups.values():
        ProgrammeRubric.objects.create(
            programme=open_programme, product_group=group, rubric=rubrics[group.is_food]
        )
    return rubrics


@pytest.fixture
def applications(open_programme, product_groups, rubrics_chosen):
    office = open_programme.organisation
    bakery = BusinessFactory(
        organisation=office, name="Roti Melati", owner_name="Ani Wijaya", phone="+6281234567001"
    )
    bags = BusinessFactory(organisation=office, name="Tas Anyaman Ciputat", phone="+6281234567002")
    return [
        verified(open_programme, bakery, product_groups["makanan"], "Roti Gambang"),
        verified(open_programme, bakery, product_groups["makanan"], "Kue Lapis"),
        verified(open_programme, bags, product_groups["tas"], "Tas Pandan"),
    ]


@pytest.fixture
def session(admin_user, open_programme, curators, rubrics_chosen):
    session = save_session(actor=admin_user, programme=open_programme, values=SESSION_VALUES)
    save_table(actor=admin_user, session=session, name="Meja 1", curators=curators["food"])
    save_table(actor=admin_user, session=session, name="Meja 2", curators=curators["non_food"])
    return session


def day_url(name, session, *args):
    return reverse(f"curation:{name}", args=[SLUG, session.programme_id, session.pk, *args])


def programme_url(name, programme, *args):
    return reverse(f"curation:{name}", args=[SLUG, programme.pk, *args])
