"""Review and submit: refusals keep the draft; the status page lists every application."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kurasi.programmes.models import Application, ApplicationStatus

from ..factories import ApplicationFactory, ProductFactory, ProgrammeFactory
from .conftest import wizard_url

STATUS = reverse("registration:status")


@pytest.fixture
def draft(producer_business, open_programme):
    product = producer_business.products.get()
    return Application.objects.create(programme=open_programme, product=product)


def submit(client, programme, business):
    client.cookies["kurasi_language"] = "en"
    return client.post(wizard_url(programme, "review", business.pk), follow=True)


def alerts(response):
    return [str(m) for m in response.context["messages"]]


def test_review_shows_everything_and_submits(client_for, producer, producer_business, draft):
    client = client_for(producer)
    url = wizard_url(draft.programme, "review", producer_business.pk)
    content = client.get(url).content.decode()
    assert "Roti Gambang" in content
    assert 'id="submit-registration"' in content
    response = submit(client, draft.programme, producer_business)
    assert response.redirect_chain[-1][0] == STATUS
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED
    assert draft.submitted_at is not None


def test_submit_after_closing_is_refused_with_the_date_and_keeps_the_draft(
    client_for, producer, producer_business, draft
):
    programme = draft.programme
    programme.registration_closes_at = timezone.make_aware(dt.datetime(2026, 3, 1, 16, 0))
    programme.registration_opens_at = programme.registration_closes_at - dt.timedelta(days=30)
    programme.save()
    response = submit(client_for(producer), programme, producer_business)
    assert response.redirect_chain[-1][0] == wizard_url(programme, "review", producer_business.pk)
    [message] = alerts(response)
    assert "closed on 1 March 2026, 16:00" in message
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert 'id="window-problems"' in response.content.decode()


def test_submit_before_opening_is_refused(client_for, producer, producer_business, draft):
    programme = draft.programme
    programme.registration_opens_at = timezone.now() + dt.timedelta(days=2)
    programme.registration_closes_at = timezone.now() + dt.timedelta(days=20)
    programme.save()
    response = submit(client_for(producer), programme, producer_business)
    assert "opens on" in alerts(response)[0]
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_submit_refused_when_the_call_is_closed_by_status(
    client_for, producer, producer_business, draft
):
    draft.programme.status = "closed"
    draft.programme.save()
    response = submit(client_for(producer), draft.programme, producer_business)
    assert "closed on" in alerts(response)[0]
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_submit_beyond_the_quota_is_refused(client_for, producer, producer_business, draft):
    programme = draft.programme
    programme.quota = 1
    programme.save()
    ApplicationFactory(programme=programme, status=ApplicationStatus.SUBMITTED)
    response = submit(client_for(producer), programme, producer_business)
    assert "quota of 1 products" in alerts(response)[0]
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_submit_for_a_group_no_longer_accepted_is_refused(
    client_for, producer, producer_business, draft, product_groups
):
    draft.programme.product_groups.remove(product_groups["makanan"])
    response = submit(client_for(producer), draft.programme, producer_business)
    assert "does not accept the product group Makanan" in alerts(response)[0]
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_refusal_in_indonesian_by_default(client_for, producer, producer_business, draft):
    draft.programme.status = "closed"
    draft.programme.save()
    client = client_for(producer)
    response = client.post(wizard_url(draft.programme, "review", producer_business.pk), follow=True)
    assert response.status_code == 200
    assert '<html lang="id">' in response.content.decode()


def test_start_page_of_a_closed_call_refuses_with_dates(client_for, producer, open_programme):
    open_programme.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    open_programme.registration_opens_at = timezone.now() - dt.timedelta(days=20)
    open_programme.save()
    client = client_for(producer)
    client.cookies["kurasi_language"] = "en"
    response = client.get(wizard_url(open_programme, "start"))
    content = response.content.decode()
    assert 'id="window-problems"' in content
    assert "closed on" in content
    assert 'id="new-business"' not in content


def test_adding_a_product_after_closing_keeps_the_product_but_makes_no_draft(
    client_for, producer, producer_business, open_programme, product_groups
):
    open_programme.status = "closed"
    open_programme.save()
    url = wizard_url(open_programme, "products", producer_business.pk)
    response = client_for(producer).post(
        url,
        {"action": "add", "group": product_groups["makanan"].pk, "name": "Roti Sobek"},
        follow=True,
    )
    assert producer_business.products.filter(name="Roti Sobek").exists()
    assert not Application.objects.exists()
    assert response.status_code == 200


def test_incomplete_application_is_sent_again(client_for, producer, producer_business, draft):
    draft.status = ApplicationStatus.INCOMPLETE
    draft.verification_note = "Foto produk kurang jelas"
    draft.save()
    client = client_for(producer)
    content = client.get(STATUS).content.decode()
    assert "Foto produk kurang jelas" in content
    assert wizard_url(draft.programme, "review", producer_business.pk) in content
    submit(client, draft.programme, producer_business)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED


def test_status_page_lists_applications_with_status(client_for, producer, producer_business, draft):
    response = client_for(producer).get(STATUS)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-status="draft"' in content
    assert "Roti Gambang" in content


def test_status_page_needs_login(client, db):
    assert client.get(STATUS).status_code == 302


def test_status_page_shows_only_own_applications(
    client_for, other_producer, producer_business, draft
):
    content = client_for(other_producer).get(STATUS).content.decode()
    assert "Roti Gambang" not in content


def test_producer_dashboard_lists_applications(client_for, producer, draft):
    content = client_for(producer).get(reverse("insights:dashboard")).content.decode()
    assert "Roti Gambang" in content


def test_home_lists_open_calls_with_a_link_to_register(client, open_programme, organisation):
    ProgrammeFactory(organisation=organisation, status="draft", title="Belum diumumkan")
    content = client.get(reverse("insights:home")).content.decode()
    assert open_programme.title in content
    assert wizard_url(open_programme, "start") in content
    assert "Belum diumumkan" not in content


def test_status_page_runs_constant_queries(client_for, producer, producer_business, open_programme):
    client = client_for(producer)
    ApplicationFactory(programme=open_programme, product=producer_business.products.get())
    client.get(STATUS)  # warm the session
    with CaptureQueriesContext(connection) as one:
        client.get(STATUS)
    for _ in range(9):
        product = ProductFactory(business=producer_business)
        ApplicationFactory(
            programme=ProgrammeFactory(organisation=open_programme.organisation), product=product
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(STATUS)
    assert response.content.decode().count('class="card application"') == 10
    assert len(many) == len(one)
