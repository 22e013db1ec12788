"""Producers in every contact situation, and an application of each waiting to be verified."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApplicationFactory, BusinessFactory, ProductFactory, UserFactory

CONTACTS = {
    "email": {"email": "ani@contoh.test", "phone": "+6281234500001"},
    "owner_email": {"email": "", "phone": ""},  # the owner's account has the address
    "whatsapp": {"email": "", "phone": "+6281234500002", "phone_is_whatsapp": True},
    "no_whatsapp": {"email": "", "phone": "+6281234500003", "phone_is_whatsapp": False},
    "landline": {"email": "", "phone": "+62217654321", "phone_is_whatsapp": True},
    "nothing": {"email": "", "phone": ""},
}


@pytest.fixture
def business_with(organisation, product_groups):
    def make(situation, name="Keripik Bu Ani"):
        owner = None
        if situation == "owner_email":
            owner = UserFactory(email="pemilik@contoh.test", phone=None)
        return BusinessFactory(organisation=organisation, owner=owner, **CONTACTS[situation])

    return make


@pytest.fixture
def submitted_for(open_programme, product_groups):
    def make(business, name="Keripik Tempe"):
        product = ProductFactory(business=business, group=product_groups["makanan"], name=name)
        return ApplicationFactory(
            programme=open_programme,
            product=product,
            status="submitted",
            submitted_at=timezone.now(),
        )

    return make


def verify_url(application):
    return reverse(
        "programmes:application_verify",
        args=[application.programme.organisation.slug, application.programme.slug, application.pk],
    )
