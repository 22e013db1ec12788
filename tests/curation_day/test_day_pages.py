import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.curation.models import CheckIn, CurationSession, Slot, Table
from kurasi.curation.services_day import check_in, schedule_automatically

from .conftest import day_url, programme_url, verified

ADMIN_PAGES = ["session", "session_edit", "table_new"]
DESK_PAGES = ["desk", "schedule_print"]
BOARD_PAGES = ["board", "board_live"]


@pytest.mark.parametrize("name", ADMIN_PAGES + DESK_PAGES + BOARD_PAGES)
def test_day_pages_open_for_the_office_admin(client_for, admin_user, session, name):
    assert client_for(admin_user).get(day_url(name, session)).status_code == 200


@pytest.mark.parametrize(
    ("name", "persona", "status"),
    [(n, "curator", 403) for n in ADMIN_PAGES + DESK_PAGES]
    + [(n, "field_officer", 403) for n in ADMIN_PAGES]
    + [(n, "field_officer", 200) for n in DESK_PAGES + BOARD_PAGES]
    + [(n, "curator", 200) for n in BOARD_PAGES]
    + [
        (n, p, 404)
        for n in ADMIN_PAGES + DESK_PAGES + BOARD_PAGES
        for p in ("outsider", "producer")
    ],
)
def test_day_pages_by_role(client_for, request, session, name, persona, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(day_url(name, session)).status_code == status


def test_day_pages_send_anonymous_to_login(client, session):
    response = client.get(day_url("board", session))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_sessions_page_creates_a_session(client_for, admin_user, open_programme, curators):
    url = programme_url("sessions", open_programme)
    assert client_for(admin_user).get(url).status_code == 200
    response = client_for(admin_user).post(
        url,
        {
            "date": "2026-09-19",
            "place": "Ruang Gintung",
            "starts_at": "08:00",
            "ends_at": "16:00",
            "slot_minutes": 10,
            "grace_minutes": 30,
        },
    )
    session = CurationSession.objects.get()
    assert response.status_code == 302
    assert session.slot_times()[-1].time() == dt.time(15, 50)
    assert AuditEvent.objects.filter(action="session.created").exists()


def test_session_that_ends_before_it_starts_is_refused_with_the_typing_kept(
    client_for, admin_user, open_programme
):
    response = client_for(admin_user).post(
        programme_url("sessions", open_programme),
        {
            "date": "2026-09-19",
            "place": "Aula Kecil",
            "starts_at": "16:00",
            "ends_at": "08:00",
            "slot_minutes": 10,
            "grace_minutes": 30,
        },
    )
    assert response.status_code == 200
    assert "Aula Kecil" in response.content.decode()
    assert not CurationSession.objects.exists()


@pytest.mark.parametrize("persona", ["curator", "field_officer", "outsider"])
def test_sessions_page_refused(client_for, request, open_programme, persona):
    status = 404 if persona == "outsider" else 403
    response = client_for(request.getfixturevalue(persona)).get(
        programme_url("sessions", open_programme)
    )
    assert response.status_code == status


def test_table_form_saves_curators(client_for, admin_user, session, curators, organisation):
    from .conftest import make_curator

    extra = make_curator(organisation, "Dedi Kusuma", [])
    response = client_for(admin_user).post(
        day_url("table_new", session), {"name": "Meja 3", "curators": [extra.pk]}
    )
    assert response.status_code == 302
    assert list(Table.objects.get(name="Meja 3").curators.all()) == [extra]


def test_table_form_refuses_a_curator_of_another_table(client_for, admin_user, session, curators):
    response = client_for(admin_user).post(
        day_url("table_new", session), {"name": "Meja 3", "curators": [curators["food"][0].pk]}
    )
    assert response.status_code == 200
    assert not Table.objects.filter(name="Meja 3").exists()


def test_schedule_button_and_whatsapp_links(client_for, admin_user, session, applications):
    client = client_for(admin_user)
    assert client.post(day_url("schedule_auto", session)).status_code == 302
    assert Slot.objects.count() == 3
    content = client.get(day_url("session", session)).content.decode()
    assert "https://wa.me/6281234567001?text=" in content
    assert "08.15" in content  # the second product's time is in the message
    assert "Ruang%20Gintung" in content


def test_manual_move_through_the_page(client_for, admin_user, session, applications):
    client = client_for(admin_user)
    table = session.tables.get(name="Meja 2")
    response = client.post(
        day_url("slot_place", session),
        {"application": applications[2].pk, "table": table.pk, "time": "08:45"},
    )
    assert response.status_code == 302
    slot = Slot.objects.get()
    assert (slot.table, slot.starts_at) == (table, session.at(dt.time(8, 45)))
    client.post(day_url("slot_remove", session, slot.pk))
    assert not Slot.objects.exists()


def test_a_product_whose_producer_came_stays_on_the_schedule(
    client_for, admin_user, field_officer, session, applications
):
    schedule_automatically(actor=admin_user, session=session)
    came = Slot.objects.get(application=applications[0])
    waiting = Slot.objects.get(application=applications[1])
    check_in(actor=field_officer, application=applications[0])
    client = client_for(admin_user)
    page = client.get(day_url("session", session)).content.decode()
    assert day_url("slot_remove", session, waiting.pk) in page
    assert day_url("slot_remove", session, came.pk) not in page
    response = client.post(day_url("slot_remove", session, came.pk), follow=True)
    assert "Pelaku usaha ini sudah datang" in response.content.decode()
    assert Slot.objects.filter(pk=came.pk).exists()
    assert not AuditEvent.objects.filter(action="schedule.removed").exists()


def test_printed_schedule_shows_no_phone_or_nik(client_for, field_officer, session, applications):
    business = applications[0].product.business
    business.nik = "3674015508950001"
    business.save()
    schedule_automatically(actor=field_officer, session=session)
    content = client_for(field_officer).get(day_url("schedule_print", session)).content.decode()
    assert "Roti Gambang" in content
    assert "Roti Melati" in content
    assert "3674015508950001" not in content
    assert "567001" not in content
    assert "wa.me" not in content


@pytest.mark.parametrize("typed", ["0812-3456-7001", "+62 812 3456 7001", "6281234567001"])
def test_desk_finds_a_producer_by_phone_typed_any_way(
    client_for, field_officer, session, applications, typed
):
    response = client_for(field_officer).post(day_url("desk", session), {"q": typed})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Roti Gambang" in content
    assert "Kue Lapis" in content
    assert "Tas Pandan" not in content


def test_desk_finds_by_business_or_product_name(client_for, field_officer, session, applications):
    content = client_for(field_officer).post(day_url("desk", session), {"q": "pandan"}).content
    assert b"Tas Pandan" in content
    assert b"Roti Gambang" not in content


def test_desk_checks_in_with_a_sample_code_and_keeps_the_phone_out_of_urls(
    client_for, field_officer, session, applications
):
    schedule_automatically(actor=field_officer, session=session)
    client = client_for(field_officer)
    response = client.post(day_url("desk_action", session, applications[0].pk, "arrived"))
    assert response.status_code == 302
    assert "567001" not in response.url
    page = client.get(response.url).content.decode()
    assert "data-sample-code>K26-001<" in page
    record = CheckIn.objects.get()
    assert record.checked_in_by == field_officer
    assert record.arrived_at is not None
    label = client.get(day_url("sample_label", session, applications[0].pk))
    assert label.status_code == 200
    assert b"K26-001" in label.content


def test_desk_walk_in_and_no_show(client_for, field_officer, session, applications):
    client = client_for(field_officer)
    client.post(day_url("desk_action", session, applications[2].pk, "walk_in"))
    assert CheckIn.objects.get(application=applications[2]).is_walk_in
    response = client.post(day_url("desk_action", session, applications[2].pk, "no_show"))
    assert response.status_code == 302
    assert CheckIn.objects.get(application=applications[2]).no_show_at is None  # refused


def test_desk_action_on_another_programme_is_404(
    client_for, field_officer, session, other_organisation
):
    from ..factories import ApplicationFactory

    foreign = ApplicationFactory(programme__organisation=other_organisation)
    response = client_for(field_officer).post(
        day_url("desk_action", session, foreign.pk, "arrived")
    )
    assert response.status_code == 404


def test_desk_refused_to_curators(client_for, curator, session, applications):
    response = client_for(curator).post(
        day_url("desk_action", session, applications[0].pk, "arrived")
    )
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_board_shows_arrival_as_the_product_at_the_table(
    client_for, curator, field_officer, session, applications
):
    schedule_automatically(actor=field_officer, session=session)
    check_in(actor=field_officer, application=applications[1])
    content = client_for(curator).get(day_url("board_live", session)).content.decode()
    assert 'hx-trigger="every 10s"' in content
    assert "<html" not in content  # only the partial
    current = content.split('data-current="')[1].split("</p>")[0]
    assert "Kue Lapis" in current


def test_board_shows_late_producers_as_no_shows(client_for, curator, session, applications):
    # The session (19 September 2026) is past: nobody came, so after the grace time all
    # three are no-shows, listed apart from the queue.
    schedule_automatically(actor=curator, session=session)
    content = client_for(curator).get(day_url("board_live", session)).content.decode()
    assert 'data-state="expected"' not in content
    assert content.count('data-state="no_show"') == 3
    assert 'data-no-show="2"' in content
    assert 'data-no-show="1"' in content


def test_board_query_count_does_not_grow(
    client_for, curator, field_officer, session, applications, open_programme, product_groups
):
    schedule_automatically(actor=field_officer, session=session)
    check_in(actor=field_officer, application=applications[0])
    client = client_for(curator)
    with CaptureQueriesContext(connection) as few:
        client.get(day_url("board", session))
    session.ends_at = dt.time(16, 0)
    session.save()
    business = applications[0].product.business
    for n in range(20):
        application = verified(open_programme, business, product_groups["makanan"], f"Kue {n}")
        if n % 2:
            check_in(actor=field_officer, application=application)
    schedule_automatically(actor=field_officer, session=session)
    with CaptureQueriesContext(connection) as many:
        response = client.get(day_url("board", session))
    assert response.content.decode().count("Kue ") >= 4
    assert len(many) == len(few)
