"""Verifying many applications at once from the programme's list, and going on to the next one
waiting after a single verification."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.outbox.models import Kind, Message
from kurasi.programmes.models import ApplicationStatus

from ..factories import ApplicationFactory, BusinessFactory, ProductFactory
from ..registry.helpers import ORG


def bulk_url(programme, query=""):
    url = reverse("programmes:application_bulk_verify", args=[ORG, programme.slug])
    return f"{url}?{query}" if query else url


def detail_url(programme):
    return reverse("programmes:programme_detail", args=[ORG, programme.slug])


def verify_url(programme, application):
    return reverse("programmes:application_verify", args=[ORG, programme.slug, application.pk])


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def waiting(programme, name, group, *, minutes_ago=0, status=ApplicationStatus.SUBMITTED):
    business = BusinessFactory(
        organisation=programme.organisation, name=f"Usaha {name}", email=f"{name}@contoh.test"
    )
    product = ProductFactory(business=business, group=group, name=name)
    return ApplicationFactory(
        programme=programme,
        product=product,
        status=status,
        submitted_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


@pytest.fixture
def queue(open_programme, product_groups):
    """Three applications waiting (newest first: Tas, Kue, Batik) and one verified."""
    return {
        "tas": waiting(open_programme, "Tas", product_groups["tas"], minutes_ago=1),
        "kue": waiting(open_programme, "Kue", product_groups["makanan"], minutes_ago=2),
        "batik": waiting(open_programme, "Batik", product_groups["busana"], minutes_ago=3),
        "done": waiting(
            open_programme,
            "Selesai",
            product_groups["tas"],
            minutes_ago=4,
            status=ApplicationStatus.VERIFIED,
        ),
    }


def status_of(application):
    application.refresh_from_db()
    return application.status


def test_mark_complete_counts_what_changed_and_what_was_skipped(
    client_for, field_officer, open_programme, queue
):
    client = english(client_for(field_officer))
    chosen = [queue[k].pk for k in ("tas", "kue", "batik", "done")]
    response = client.post(
        bulk_url(open_programme), {"application": chosen, "decision": "verified"}
    )
    assert response.status_code == 302
    assert response.url == detail_url(open_programme)
    for key in ("tas", "kue", "batik"):
        assert status_of(queue[key]) == ApplicationStatus.VERIFIED
        assert queue[key].verified_by == field_officer
        assert queue[key].verified_at
    page = client.get(response.url).content.decode()
    assert "3 applications marked complete. 1 skipped: already verified (1)." in page
    events = AuditEvent.objects.filter(action="application.verified", actor=field_officer)
    assert sorted(int(e.object_id) for e in events) == sorted(
        queue[k].pk for k in ("tas", "kue", "batik")
    )
    run = AuditEvent.objects.get(action="programme.bulk_verified")
    assert run.changes["changed"] == [None, 3]
    assert run.changes["skipped"] == [None, 1]
    messages = Message.objects.filter(kind=Kind.VERIFICATION_RESULT)
    assert messages.count() == 3


def test_mark_incomplete_with_one_reason(client_for, admin_user, open_programme, queue):
    client = client_for(admin_user)
    note = "Foto produk belum ada; unggah dua foto."
    chosen = [queue["tas"].pk, queue["kue"].pk]
    response = client.post(
        bulk_url(open_programme), {"application": chosen, "decision": "incomplete", "note": note}
    )
    assert response.status_code == 302
    for key in ("tas", "kue"):
        queue[key].refresh_from_db()
        assert queue[key].status == ApplicationStatus.INCOMPLETE
        assert queue[key].verification_note == note
    assert status_of(queue["batik"]) == ApplicationStatus.SUBMITTED
    events = AuditEvent.objects.filter(action="application.incomplete")
    assert {e.reason for e in events} == {note}
    assert all(note in m.body for m in Message.objects.filter(kind=Kind.VERIFICATION_RESULT))


def test_incomplete_without_a_reason_is_refused_and_the_choice_kept(
    client_for, field_officer, open_programme, queue
):
    client = english(client_for(field_officer))
    chosen = [queue["tas"].pk, queue["kue"].pk]
    response = client.post(
        bulk_url(open_programme, "status=submitted"),
        {"application": chosen, "decision": "incomplete", "note": "  "},
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("note")
    content = response.content.decode()
    assert "Write what is missing, so the producer can complete it." in content
    for pk in chosen:
        assert f'name="application" value="{pk}"' in content
    assert "?status=submitted" in content  # the list's search is kept
    assert status_of(queue["tas"]) == ApplicationStatus.SUBMITTED
    assert not AuditEvent.objects.filter(action__startswith="application.").exists()


def test_all_matching_the_lists_search(
    client_for, field_officer, open_programme, queue, product_groups
):
    client = client_for(field_officer)
    query = f"group={product_groups['tas'].pk}"
    response = client.post(
        bulk_url(open_programme, query), {"all_matching": "on", "decision": "verified"}
    )
    assert response.url == f"{detail_url(open_programme)}?{query}"
    assert status_of(queue["tas"]) == ApplicationStatus.VERIFIED
    assert status_of(queue["kue"]) == ApplicationStatus.SUBMITTED
    assert status_of(queue["batik"]) == ApplicationStatus.SUBMITTED


def test_nothing_chosen_says_so(client_for, field_officer, open_programme, queue):
    client = english(client_for(field_officer))
    response = client.post(bulk_url(open_programme), {"decision": "verified"}, follow=True)
    assert "Choose at least one application first." in response.content.decode()
    assert status_of(queue["tas"]) == ApplicationStatus.SUBMITTED


def test_another_programmes_application_is_not_touched(
    client_for, field_officer, open_programme, queue, organisation, product_groups
):
    from ..factories import ProgrammeFactory

    other = waiting(
        ProgrammeFactory(organisation=organisation, slug="lain"), "Lain", product_groups["tas"]
    )
    client_for(field_officer).post(
        bulk_url(open_programme), {"application": [other.pk], "decision": "verified"}
    )
    assert status_of(other) == ApplicationStatus.SUBMITTED


def test_list_offers_checkboxes_for_waiting_applications_only(
    client_for, field_officer, open_programme, queue
):
    content = client_for(field_officer).get(detail_url(open_programme)).content.decode()
    assert f'name="application" value="{queue["tas"].pk}"' in content
    assert f'name="application" value="{queue["done"].pk}"' not in content
    assert f'action="{bulk_url(open_programme)}"' in content


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_bulk_verification_refused_to_others(
    client_for, request, persona, status, open_programme, queue
):
    client = client_for(request.getfixturevalue(persona))
    response = client.post(
        bulk_url(open_programme), {"application": [queue["tas"].pk], "decision": "verified"}
    )
    assert response.status_code == status
    assert status_of(queue["tas"]) == ApplicationStatus.SUBMITTED


def test_bulk_verification_query_count_does_not_grow(
    client_for, field_officer, open_programme, product_groups
):
    client = client_for(field_officer)
    few = [waiting(open_programme, f"A{n}", product_groups["tas"]).pk for n in range(2)]
    many = [waiting(open_programme, f"B{n}", product_groups["tas"]).pk for n in range(20)]

    def count(ids):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(
                bulk_url(open_programme), {"application": ids, "decision": "verified"}
            )
            assert response.status_code == 302
        return len(queries)

    assert count(few) == count(many)


def test_single_verification_goes_on_to_the_next_waiting(
    client_for, field_officer, open_programme, queue
):
    client = client_for(field_officer)
    # The list shows the newest first: Tas, Kue, Batik.
    response = client.post(verify_url(open_programme, queue["tas"]), {"decision": "verified"})
    assert response.status_code == 302
    assert response.url == verify_url(open_programme, queue["kue"])
    page = client.get(response.url).content.decode()
    assert 'id="next-waiting"' in page
    assert verify_url(open_programme, queue["batik"]) in page
    assert 'id="back-to-list"' in page
    response = client.post(
        verify_url(open_programme, queue["kue"]), {"decision": "incomplete", "note": "Foto"}
    )
    assert response.url == verify_url(open_programme, queue["batik"])
    response = client.post(verify_url(open_programme, queue["batik"]), {"decision": "verified"})
    assert response.url == detail_url(open_programme)  # none waiting any more


def test_checking_again_an_older_one_goes_to_the_first_waiting(
    client_for, field_officer, open_programme, queue
):
    response = client_for(field_officer).post(
        verify_url(open_programme, queue["done"]), {"decision": "verified"}
    )
    assert response.url == verify_url(open_programme, queue["tas"])
