import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kurasi.registry.models import Product, ProductPhoto

from ..factories import BusinessFactory, CertificateFactory, ProductFactory, certificate_type
from .helpers import ORG, count_queries, jpeg_bytes, jpeg_upload

LIST = reverse("registry:product_list", args=[ORG])


@pytest.fixture
def business(organisation, product_groups):
    return BusinessFactory(organisation=organisation, name="Dapur Bu Siti")


def product_data(group, **overrides):
    data = {"group": group.pk, "name": "Kue Lapis", "price": "25000", "unit": "pack"}
    data.update(overrides)
    return data


def test_jpeg_helper_really_writes_gps(db):
    assert Image.open(io.BytesIO(jpeg_bytes(with_gps=True))).getexif().get_ifd(0x8825)


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_product_add_with_photo_strips_location(
    client_for, request, persona, business, product_groups
):
    url = reverse("registry:product_add", args=[ORG, business.pk])
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url).status_code == 200
    response = client.post(
        url, product_data(product_groups["makanan"], photo=jpeg_upload(with_gps=True))
    )
    assert response.status_code == 302
    photo = ProductPhoto.objects.get(product__business=business)
    with default_storage.open(photo.image.name) as stored:
        image = Image.open(stored)
        assert image.format == "JPEG"
        exif = image.getexif()
        assert not exif.get_ifd(0x8825)
        assert 0x010F not in exif


def test_product_add_without_photo(client_for, admin_user, business, product_groups):
    url = reverse("registry:product_add", args=[ORG, business.pk])
    response = client_for(admin_user).post(url, product_data(product_groups["tas"]))
    assert response.status_code == 302
    assert business.products.get().name == "Kue Lapis"


def test_product_add_bad_photo_writes_nothing_and_keeps_typing(
    client_for, admin_user, business, product_groups
):
    url = reverse("registry:product_add", args=[ORG, business.pk])
    fake = SimpleUploadedFile("kue.jpg", b"<html>not a photo</html>", "image/jpeg")
    response = client_for(admin_user).post(
        url, product_data(product_groups["makanan"], name="Kue Cubit", photo=fake)
    )
    assert response.status_code == 200
    assert 'value="Kue Cubit"' in response.content.decode()
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_product_add_refused(client_for, request, persona, status, business, product_groups):
    url = reverse("registry:product_add", args=[ORG, business.pk])
    response = client_for(request.getfixturevalue(persona)).post(
        url, product_data(product_groups["tas"])
    )
    assert response.status_code == status
    assert not Product.objects.exists()


def test_product_edit_and_photo_remove(
    client_for, admin_user, business, product_groups, django_capture_on_commit_callbacks
):
    product = ProductFactory(business=business, group=product_groups["tas"], name="Tas Anyam")
    client = client_for(admin_user)
    url = reverse("registry:product_edit", args=[ORG, product.pk])
    assert client.get(url).status_code == 200
    client.post(
        url, product_data(product_groups["tas"], name="Tas Anyam Besar", photo=jpeg_upload())
    )
    product.refresh_from_db()
    assert product.name == "Tas Anyam Besar"
    photo = product.photos.get()
    remove = reverse("registry:photo_remove", args=[ORG, photo.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(remove).status_code == 302
    assert not product.photos.exists()
    assert not default_storage.exists(photo.image.name)


@pytest.mark.parametrize(("persona", "status"), [("curator", 403), ("outsider", 404)])
def test_product_edit_refused(client_for, request, persona, status, business, product_groups):
    product = ProductFactory(business=business, group=product_groups["tas"])
    url = reverse("registry:product_edit", args=[ORG, product.pk])
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == status


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_product_list_allowed(client_for, request, persona, producer_business):
    response = client_for(request.getfixturevalue(persona)).get(LIST)
    assert response.status_code == 200
    assert [p.name for p in response.context["page"].object_list] == ["Roti Gambang"]


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_product_list_refused(client_for, request, persona, status, organisation):
    assert client_for(request.getfixturevalue(persona)).get(LIST).status_code == status


def test_product_list_filters(client_for, admin_user, organisation, product_groups):
    pamulang = BusinessFactory(organisation=organisation, name="A", district_code="36.74.06")
    serpong = BusinessFactory(organisation=organisation, name="B", district_code="36.74.01")
    kue = ProductFactory(business=pamulang, group=product_groups["makanan"], name="Kue Lumpur")
    ProductFactory(business=pamulang, group=product_groups["tas"], name="Tas Pandan")
    ProductFactory(business=serpong, group=product_groups["makanan"], name="Kue Bolu")
    halal = certificate_type("halal")
    CertificateFactory(business=pamulang, product=kue, type=halal, number="ID1")
    client = client_for(admin_user)

    def listed(**data):
        response = client.post(LIST, data, follow=True)
        return [p.name for p in response.context["page"].object_list]

    assert listed(q="kue") == ["Kue Bolu", "Kue Lumpur"]
    assert listed(q="kue", district="36.74.06") == ["Kue Lumpur"]
    assert listed(group=product_groups["makanan"].pk, missing_certificate=halal.pk) == ["Kue Bolu"]
    assert listed(has_certificate=halal.pk) == ["Kue Lumpur"]
    assert listed(sort="business") == ["Kue Lumpur", "Tas Pandan", "Kue Bolu"]


def test_product_list_business_wide_certificate_covers_its_products(
    client_for, admin_user, organisation, product_groups
):
    business = BusinessFactory(organisation=organisation)
    ProductFactory(business=business, group=product_groups["tas"], name="Tas Rotan")
    CertificateFactory(business=business, type=certificate_type("nib"))
    response = client_for(admin_user).get(LIST, {"has_certificate": certificate_type("nib").pk})
    assert [p.name for p in response.context["page"].object_list] == ["Tas Rotan"]


def test_product_list_query_count_does_not_grow(
    client_for, admin_user, organisation, product_groups, business
):
    from kurasi.registry.services import add_product_photo
    from kurasi.registry.uploads import clean_photo

    client = client_for(admin_user)

    def make():
        product = ProductFactory(business=business, group=product_groups["tas"])
        add_product_photo(actor=admin_user, product=product, image=clean_photo(jpeg_upload()))

    make()
    one = count_queries(client, LIST)
    for _ in range(49):
        make()
    assert count_queries(client, LIST) == one
