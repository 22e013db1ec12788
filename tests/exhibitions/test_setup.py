import datetime as dt
import importlib

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


def cannot_attend(client, exhibition, application):
    """The office records the producer's "cannot attend" on the answers page."""
    page = url("answers", exhibition, application.pk)
    assert client.post(page, {"first_choice": "on"}).status_code == 302


def cannot_attend_tab(client, exhibition):
    return client.get(url("detail", exhibition) + "?status=cannot_attend")


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
    # "Cannot attend" is her answer, not an allocation: no row, shown from the answer.
    assert not Allocation.objects.filter(business__owner=producer).exists()
    assert Allocation.objects.get(business__owner=other_producer).status == "proposed"
    page = client.get(url("detail", exhibition)).content.decode()
    assert 'id="tab-cannot_attend"' in page
    assert "(2)</a>" in page  # "All" counts the row and the producer who cannot attend
    client.cookies["kurasi_language"] = "en"
    shown = cannot_attend_tab(client, exhibition).content.decode()
    assert f'id="cannot-attend-{application.pk}"' in shown
    assert "Tas Siti" in shown
    assert "92.0" in shown
    assert "The producer told the office they cannot attend." in shown
    assert url("answers", exhibition, application.pk) in shown
    assert 'id="allocation-' not in shown  # the rows of the other tabs stay there
    hers = client_for(producer)
    hers.cookies["kurasi_language"] = "en"
    mine = hers.get(reverse("exhibitions:my_exhibitions")).content.decode()
    business = application.product.business
    assert f'id="my-cannot-attend-{exhibition.pk}-{business.pk}"' in mine
    assert "Not selected: you told the office you cannot attend." in mine
    theirs = client_for(other_producer).get(reverse("exhibitions:my_exhibitions"))
    assert "my-cannot-attend-" not in theirs.content.decode()


def test_cannot_attend_shows_nothing_before_the_first_run(
    client_for, admin_user, producer, exhibition
):
    application = exhibition.programme.applications.get(product__business__owner=producer)
    client = client_for(admin_user)
    cannot_attend(client, exhibition, application)
    assert "tab-cannot_attend" not in client.get(url("detail", exhibition)).content.decode()
    mine = client_for(producer).get(reverse("exhibitions:my_exhibitions")).content.decode()
    assert "my-cannot-attend-" not in mine


def test_rerun_after_cannot_attend_deletes_proposed_and_waiting_rows_but_keeps_invited(
    client_for, admin_user, producer, other_producer, exhibition
):
    siti, budi = (
        exhibition.programme.applications.get(product__business__owner=owner)
        for owner in (producer, other_producer)
    )
    client = client_for(admin_user)
    run_allocation(actor=admin_user, exhibition=exhibition)
    assert Allocation.objects.get(application=siti).status == "proposed"
    # A proposed place goes with its row, to the next on the waiting list.
    cannot_attend(client, exhibition, siti)
    run_allocation(actor=admin_user, exhibition=exhibition)
    assert not Allocation.objects.filter(application=siti).exists()
    assert Allocation.objects.get(application=budi).status == "proposed"
    # Siti can come after all; Budi's place is invited, Siti waits.
    client.post(url("answers", exhibition, siti.pk), {"available": "on", "first_choice": "on"})
    send_invitations(actor=admin_user, exhibition=exhibition)
    run_allocation(actor=admin_user, exhibition=exhibition)
    assert Allocation.objects.get(application=siti).status == "waitlisted"
    # Now she cannot attend after all: her waiting-list row goes, Budi's invitation stays.
    cannot_attend(client, exhibition, siti)
    run_allocation(actor=admin_user, exhibition=exhibition)
    assert not Allocation.objects.filter(application=siti).exists()
    assert Allocation.objects.get(application=budi).status == "invited"
    shown = cannot_attend_tab(client, exhibition).content.decode()
    assert f'id="cannot-attend-{siti.pk}"' in shown
    assert f'id="cannot-attend-{budi.pk}"' not in shown


def test_rerun_keeps_a_place_taken_out_by_hand_when_the_producer_cannot_attend(
    client_for, admin_user, producer, exhibition
):
    siti = exhibition.programme.applications.get(product__business__owner=producer)
    client = client_for(admin_user)
    run_allocation(actor=admin_user, exhibition=exhibition)
    Allocation.objects.filter(application=siti).update(status="excluded", booth_type=None)
    cannot_attend(client, exhibition, siti)
    run_allocation(actor=admin_user, exhibition=exhibition)
    assert Allocation.objects.get(application=siti).status == "excluded"
    assert f"cannot-attend-{siti.pk}" not in cannot_attend_tab(client, exhibition).content.decode()


def test_not_eligible_takes_precedence_over_cannot_attend(
    client_for, admin_user, producer, exhibition
):
    siti = exhibition.programme.applications.get(product__business__owner=producer)
    not_admitted = siti.decision.band.programme.outcome_bands.exclude(
        pk__in=exhibition.admitted_bands.all()
    )[0]
    Decision.objects.filter(application=siti).update(band=not_admitted)
    client = client_for(admin_user)
    cannot_attend(client, exhibition, siti)
    run_allocation(actor=admin_user, exhibition=exhibition)
    row = Allocation.objects.get(application=siti)
    assert (row.status, row.reason) == ("out", "ineligible")
    assert "tab-cannot_attend" not in client.get(url("detail", exhibition)).content.decode()
    assert f"cannot-attend-{siti.pk}" not in cannot_attend_tab(client, exhibition).content.decode()


def test_cannot_attend_tab_for_field_officer_without_answers_link_refused_to_others(
    client_for, admin_user, field_officer, curator, outsider, producer, exhibition
):
    siti = exhibition.programme.applications.get(product__business__owner=producer)
    cannot_attend(client_for(admin_user), exhibition, siti)
    run_allocation(actor=admin_user, exhibition=exhibition)
    response = cannot_attend_tab(client_for(field_officer), exhibition)
    assert response.status_code == 200
    assert f'id="cannot-attend-{siti.pk}"' in response.content.decode()
    assert url("answers", exhibition, siti.pk) not in response.content.decode()
    assert cannot_attend_tab(client_for(curator), exhibition).status_code == 403
    assert cannot_attend_tab(client_for(outsider), exhibition).status_code == 404
    assert cannot_attend_tab(client_for(producer), exhibition).status_code in (403, 404)


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


def test_cannot_attend_tab_query_count_constant(
    client_for, admin_user, producer, exhibition, organisation, product_groups
):
    siti = exhibition.programme.applications.get(product__business__owner=producer)
    client = client_for(admin_user)
    cannot_attend(client, exhibition, siti)
    run_allocation(actor=admin_user, exhibition=exhibition)
    with CaptureQueriesContext(connection) as few:
        assert cannot_attend_tab(client, exhibition).status_code == 200
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
        Availability.objects.create(exhibition=exhibition, business=business, available=False)
    run_allocation(actor=admin_user, exhibition=exhibition)
    with CaptureQueriesContext(connection) as many:
        response = cannot_attend_tab(client, exhibition)
    assert response.content.decode().count('id="cannot-attend-') == 7
    assert len(few) == len(many)


def test_migration_deletes_stored_cannot_attend_rows_only(admin_user, exhibition):
    """Rows earlier runs stored for "cannot attend" go; a pinned one and other outcomes stay."""
    from django.apps import apps

    migration = importlib.import_module(
        "kurasi.exhibitions.migrations.0007_delete_unavailable_rows"
    )
    run_allocation(actor=admin_user, exhibition=exhibition)
    siti, budi = Allocation.objects.order_by("-score")
    Allocation.objects.filter(pk=budi.pk).update(
        status="out", reason="unavailable", booth_type=None, rank=None
    )
    Allocation.objects.filter(pk=siti.pk).update(
        status="out", reason="unavailable", booth_type=None, pinned=True
    )
    migration.delete_unavailable_rows(apps, None)
    assert list(Allocation.objects.values_list("pk", flat=True)) == [siti.pk]


def test_an_invited_producer_who_then_cannot_attend_keeps_her_invitation_and_the_run_goes_on(
    client_for, admin_user, producer, other_producer, exhibition
):
    """Her availability answer alone does not undo an invitation (she declines it, with its
    deadline and waiting list): the next run keeps it instead of stopping as impossible."""
    siti = exhibition.programme.applications.get(product__business__owner=producer)
    client = client_for(admin_user)
    run_allocation(actor=admin_user, exhibition=exhibition)
    send_invitations(actor=admin_user, exhibition=exhibition)
    assert Allocation.objects.get(application=siti).status == "invited"
    cannot_attend(client, exhibition, siti)
    solution = run_allocation(actor=admin_user, exhibition=exhibition)
    assert solution.feasible
    assert Allocation.objects.get(application=siti).status == "invited"
    exhibition.refresh_from_db()
    assert exhibition.last_problems == []
