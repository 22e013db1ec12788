"""Helpers for the registration tests: the addresses of a call's wizard and valid answers."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from kurasi.registry.models import Business

from ..factories import BusinessFactory

VILLAGE = "36.74.01.1001"  # Ciater, Serpong, Kota Tangerang Selatan


def business_answers(**overrides):
    answers = {
        "name": "Keripik Ibu Sari",
        "owner_name": "Sari Wulandari",
        "owner_gender": "F",
        "phone": "0812-3456-7001",
        "phone_is_whatsapp": "on",
        "email": "",
        "address": "Jl. Ciater Raya 5",
        "village_code": VILLAGE,
        "postal_code": "15310",
        "nib": "",
        "npwp": "",
        "kbli_codes": "10794",
        "capital": "",
        "yearly_sales": "",
        "year_founded": "2015",
        "workers": "3",
        "marketplace_links": "",
        "consent": "on",
    }
    answers.update(overrides)
    return {k: v for k, v in answers.items() if v is not None}


def product_answers(group, **overrides):
    answers = {
        "action": "add",
        "group": str(group.pk),
        "name": "Keripik Singkong Balado",
        "description": "Keripik singkong pedas manis.",
        "price": "15000",
        "unit": "pack",
        "monthly_capacity": "200",
        "materials": "singkong, cabai",
        "packaging": "plastik standing pouch",
        "shelf_life_days": "90",
    }
    answers.update(overrides)
    return answers


def jpeg_upload(name="keripik.jpg", size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def wizard_url(programme, step, *ids, assisted=False):
    name = f"registration:{'assisted_' if assisted else ''}{step}"
    return reverse(name, args=[programme.organisation.slug, programme.slug, *ids])


@pytest.fixture
def sari_business(producer, organisation):
    """A business of the `producer` persona, without a product (registered in an earlier year)."""
    return BusinessFactory(
        organisation=organisation,
        owner=producer,
        name="Keripik Ibu Sari",
        owner_name="Siti Rahmawati",
        phone=producer.phone,
    )


def business_count():
    return Business.objects.count()
