import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.privacy.models import DataBreach
from kurasi.programmes.models import ProgrammeStatus

from ..factories import ApplicationFactory, BusinessFactory, ProductFactory, ProgrammeFactory

LONG_AGO = dt.datetime(2017, 9, 19, 9, tzinfo=dt.UTC)


def finished_programme(organisation, *, year, months=None):
    return ProgrammeFactory(
        organisation=organisation,
        year=year,
        status=ProgrammeStatus.FINISHED,
        registration_opens_at=dt.datetime(year, 8, 1, tzinfo=dt.UTC),
        registration_closes_at=dt.datetime(year, 9, 1, tzinfo=dt.UTC),
        curation_date=dt.date(year, 9, 19),
        retention_months=months,
    )


def old_business(organisation, product_groups, programme, **fields):
    business = BusinessFactory(organisation=organisation, nik="3674015508950001", **fields)
    product = ProductFactory(business=business, group=product_groups["tas"])
    ApplicationFactory(programme=programme, product=product, status="verified")
    type(business).objects.filter(pk=business.pk).update(updated_at=LONG_AGO)
    product.__class__.objects.filter(pk=product.pk).update(updated_at=LONG_AGO)
    return business


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("enforce_retention", *args, stdout=out)
    return out.getvalue()


def test_enforce_retention_is_a_dry_run_by_default(organisation, product_groups):
    business = old_business(
        organisation, product_groups, finished_programme(organisation, year=2017)
    )
    output = run()
    assert f"Would anonymise business #{business.pk}" in output
    assert "1 people due. Dry run" in output
    business.refresh_from_db()
    assert business.nik == "3674015508950001"


def test_enforce_retention_commit_anonymises_only_those_past_retention(
    organisation, product_groups, producer
):
    old = old_business(organisation, product_groups, finished_programme(organisation, year=2017))
    recent_programme = finished_programme(organisation, year=2017, months=1200)
    kept = old_business(organisation, product_groups, recent_programme)
    running = ProgrammeFactory(organisation=organisation, slug="kurasi-jalan")
    both = old_business(
        organisation, product_groups, finished_programme(organisation, year=2016), owner=producer
    )
    ApplicationFactory(
        programme=running, product=ProductFactory(business=both, group=product_groups["tas"])
    )
    output = run("--commit")
    assert "1 people anonymised." in output
    old.refresh_from_db()
    kept.refresh_from_db()
    both.refresh_from_db()
    assert (old.nik, old.owner_name) == ("", "[erased]")
    assert kept.nik == "3674015508950001"
    assert both.nik == "3674015508950001"  # one of their programmes is still running
    assert AuditEvent.objects.filter(action="privacy.retention_erased").count() == 1


def test_recent_login_keeps_a_producer(organisation, product_groups, producer):
    business = old_business(
        organisation, product_groups, finished_programme(organisation, year=2017), owner=producer
    )
    producer.last_login = timezone.now()
    producer.save(update_fields=["last_login"])
    assert "0 people due" in run()
    business.refresh_from_db()
    assert business.owner_name != "[erased]"


def test_programme_page_shows_its_retention(client_for, admin_user, organisation, product_groups):
    programme = finished_programme(organisation, year=2017, months=24)
    url = reverse("programmes:programme_detail", args=[organisation.slug, programme.slug])
    page = client_for(admin_user).get(url).content.decode()
    assert 'id="retention"' in page
    assert "24" in page
    assert "2019" in page


BREACHES = "privacy:breach_list"


def breach_data(**extra):
    return {
        "discovered_at": "2026-11-02T08:00",
        "description": "Laptop petugas hilang",
        "categories": ["identity", "contact"],
        "people_affected": "40",
        "measures": "Kata sandi diganti",
        **extra,
    }


def test_admin_records_a_breach_with_its_72_hour_deadline(client_for, admin_user, organisation):
    client = client_for(admin_user)
    response = client.post(
        reverse("privacy:breach_create", args=[organisation.slug]), breach_data()
    )
    assert response.status_code == 302
    breach = DataBreach.objects.get()
    assert breach.deadline - breach.discovered_at == dt.timedelta(hours=72)
    assert breach.recorded_by == admin_user
    assert AuditEvent.objects.filter(action="privacy.breach_recorded").count() == 1
    page = client.get(reverse(BREACHES, args=[organisation.slug])).content.decode()
    assert f'class="breach-row overdue" data-breach="{breach.pk}"' in page


def test_recording_notifications_closes_a_breach(client_for, admin_user, organisation):
    client = client_for(admin_user)
    client.post(reverse("privacy:breach_create", args=[organisation.slug]), breach_data())
    breach = DataBreach.objects.get()
    client.post(
        reverse("privacy:breach_edit", args=[organisation.slug, breach.pk]),
        breach_data(
            authority_notified_at="2026-11-03T10:00",
            authority_notice="Surat ke Kominfo",
            people_notified_at="2026-11-03T11:00",
            people_notice="WhatsApp",
        ),
    )
    breach.refresh_from_db()
    assert breach.is_closed
    assert not breach.is_overdue()
    event = AuditEvent.objects.get(action="privacy.breach_updated")
    assert sorted(event.changes) == [
        "authority_notice",
        "authority_notified_at",
        "people_notice",
        "people_notified_at",
    ]


def test_notification_before_discovery_is_refused_and_input_kept(
    client_for, admin_user, organisation
):
    response = client_for(admin_user).post(
        reverse("privacy:breach_create", args=[organisation.slug]),
        breach_data(authority_notified_at="2026-11-01T10:00"),
    )
    assert response.status_code == 200
    assert "Laptop petugas hilang" in response.content.decode()
    assert DataBreach.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "status"),
    [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)],
)
def test_breach_register_refused_to_others(client_for, request, organisation, persona, status):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse(BREACHES, args=[organisation.slug])).status_code == status


def test_breach_list_query_count(
    client_for, admin_user, organisation, django_assert_max_num_queries
):
    client = client_for(admin_user)
    url = reverse(BREACHES, args=[organisation.slug])

    def add(n):
        for _ in range(n):
            DataBreach.objects.create(
                organisation=organisation,
                discovered_at=timezone.now(),
                description="x",
                people_affected=1,
            )

    add(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add(5)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)
