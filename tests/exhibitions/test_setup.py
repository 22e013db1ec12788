import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions.invitations import send_invitations
from kurasi.exhibitions.models import (
    Allocation,
    Availability,
    BoothNeeds,
    BoothType,
    GroupQuota,
)
from kurasi.exhibitions.services import run_allocation

from ..factories import ApplicationFactory, BusinessFactory, ProductFactory

pytestmark = pytest.mark.django_db


def url(name, exhibition, *args):
    return reverse(f"exhibitions:{name}", args=[exhibition.organisation.slug, exhibition.pk, *args])


def setup_urls(exhibition, product_groups):
    booth = exhibition.booth_types.get()
    quota = GroupQuota.objects.create(exhibition=exhibition, group=product_groups["tas"], maximum=3)
    application = exhibition.programme.applications.first()
    return booth, quota, application


def test_setup_pages_allowed_for_admin(client_for, admin_user, exhibition, product_groups):
    booth, quota, application = setup_urls(exhibition, product_groups)
    client = client_for(admin_user)
    for page in (
        url("booth_edit", exhibition, booth.pk),
        url("quota_edit", exhibition, quota.pk),
        url("answers", exhibition, application.pk),
    ):
        assert client.get(page).status_code == 200


def test_setup_pages_refused_for_field_officer_curator_and_outsider(
    client_for, field_officer, curator, outsider, exhibition, product_groups
):
    booth, quota, application = setup_urls(exhibition, product_groups)
    pages = (
        url("booth_edit", exhibition, booth.pk),
        url("booth_delete", exhibition, booth.pk),
        url("quota_edit", exhibition, quota.pk),
        url("quota_delete", exhibition, quota.pk),
        url("answers", exhibition, application.pk),
    )
    for page in pages:
        assert client_for(field_officer).post(page).status_code == 403
        assert client_for(curator).post(page).status_code == 403
        assert client_for(outsider).post(page).status_code == 404
    assert BoothType.objects.filter(pk=booth.pk).exists()
    assert GroupQuota.objects.filter(pk=quota.pk).exists()
    assert not Availability.objects.exists()


def test_booth_edit_refuses_fewer_booths_than_places_held(client_for, admin_user, exhibition):
    run_allocation(actor=admin_user, exhibition=exhibition)
    booth = exhibition.booth_types.get()
    client = client_for(admin_user)
    data = {"label": "Standar besar", "count": 0, "size": "3 × 3 m"}
    response = client.post(url("booth_edit", exhibition, booth.pk), data)
    assert response.status_code == 200
    assert 'value="Standar besar"' in response.content.decode()  # the typing is kept
    booth.refresh_from_db()
    assert (booth.label, booth.count) == ("Standar", 1)
    response = client.post(url("booth_delete", exhibition, booth.pk))
    assert BoothType.objects.filter(pk=booth.pk).exists()
    data["count"] = 2
    client.post(url("booth_edit", exhibition, booth.pk), data)
    booth.refresh_from_db()
    assert (booth.label, booth.count, booth.size) == ("Standar besar", 2, "3 × 3 m")
    assert AuditEvent.objects.filter(action="exhibition.booth_saved").count() == 1


def test_booth_and_quota_delete_when_free(client_for, admin_user, exhibition, product_groups):
    booth, quota, _application = setup_urls(exhibition, product_groups)
    client = client_for(admin_user)
    client.post(url("quota_edit", exhibition, quota.pk), {"minimum": 1, "maximum": 2})
    quota.refresh_from_db()
    assert (quota.minimum, quota.maximum, quota.group) == (1, 2, product_groups["tas"])
    client.post(url("quota_delete", exhibition, quota.pk))
    client.post(url("booth_delete", exhibition, booth.pk))
    assert not GroupQuota.objects.filter(pk=quota.pk).exists()
    assert not BoothType.objects.filter(pk=booth.pk).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"exhibition.quota_deleted", "exhibition.booth_deleted"} <= actions


def test_answers_apply_at_next_allocation(
    client_for, admin_user, producer, other_producer, exhibition
):
    application = exhibition.programme.applications.get(product__business__owner=producer)
    client = client_for(admin_user)
    response = client.post(
        url("answers", exhibition, application.pk), {"power": "on", "first_choice": "on"}
    )
    assert response.status_code == 302
    assert BoothNeeds.objects.get(product=application.product).features == {"power"}
    assert not Availability.objects.get(exhibition=exhibition).available
    run_allocation(actor=admin_user, exhibition=exhibition)
    siti = Allocation.objects.get(business__owner=producer)
    assert (siti.status, siti.reason) == ("out", "unavailable")
    assert Allocation.objects.get(business__owner=other_producer).status == "proposed"


def test_exhibition_detail_query_count_constant(
    client_for, admin_user, exhibition, organisation, product_groups
):
    exhibition.booth_types.update(count=2)  # both invited: a WhatsApp link per row
    run_allocation(actor=admin_user, exhibition=exhibition)
    send_invitations(actor=admin_user, exhibition=exhibition)
    client = client_for(admin_user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("detail", exhibition)).status_code == 200
    band = Decision.objects.first().band
    for i in range(6):
        business = BusinessFactory(organisation=organisation, name=f"Usaha {i}")
        product = ProductFactory(business=business, group=product_groups["tas"])
        application = ApplicationFactory(
            programme=exhibition.programme, product=product, status="verified"
        )
        Decision.objects.create(
            application=application,
            band=band,
            score_snapshot={"mean": 70 + i},
            decided_at=dt.datetime(2017, 9, 22, tzinfo=dt.UTC),
        )
    BoothType.objects.create(exhibition=exhibition, label="Besar", count=3)
    run_allocation(actor=admin_user, exhibition=exhibition)
    send_invitations(actor=admin_user, exhibition=exhibition)
    assert Allocation.objects.filter(exhibition=exhibition).count() == 8
    with CaptureQueriesContext(connection) as many:
        assert client.get(url("detail", exhibition)).status_code == 200
    assert len(few) == len(many)
