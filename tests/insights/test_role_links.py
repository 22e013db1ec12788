"""Every role's pages lead to the tasks of that role, and only to pages the role may open
(tests/crawl/test_links.py follows every link of every page; these pin the fixes it asked for)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kurasi.curation.models_day import CurationSession

SLUG = "disperindag-tangsel"
DASHBOARD = reverse("insights:organisation_dashboard", args=[SLUG])


def href(name, *args):
    return f'href="{reverse(name, args=args)}"'


@pytest.fixture
def session(open_programme):
    return CurationSession.objects.create(
        programme=open_programme,
        date=timezone.localdate() + dt.timedelta(days=20),
        place="Ruang Gintung, Puspemkot Tangsel",
        starts_at=dt.time(8, 0),
        ends_at=dt.time(12, 0),
    )


@pytest.mark.parametrize("page", ["insights:home", "programmes:call_detail"])
def test_a_call_leads_each_person_to_the_registration_they_may_use(
    client, client_for, admin_user, field_officer, curator, producer, open_programme, page
):
    args = [] if page == "insights:home" else [SLUG, open_programme.slug]
    url = reverse(page, args=args)
    wizard = href("registration:start", SLUG, open_programme.slug)
    assisted = href("registration:assisted_find", SLUG, open_programme.slug)
    for person in (None, producer):
        content = (client_for(person) if person else client).get(url).content.decode()
        assert wizard in content
        assert assisted not in content
    for staff in (admin_user, field_officer):
        content = client_for(staff).get(url).content.decode()
        assert assisted in content
        assert "Daftarkan pelaku usaha" in content
        assert wizard not in content
    content = client_for(curator).get(url).content.decode()
    assert wizard not in content
    assert assisted not in content


def test_field_officer_dashboard_links_each_task(client_for, field_officer, session):
    content = client_for(field_officer).get(DASHBOARD).content.decode()
    programme_id = session.programme_id
    assert href("registration:assisted_calls", SLUG) in content
    assert href("curation:desk", SLUG, programme_id, session.pk) in content
    assert href("curation:board", SLUG, programme_id, session.pk) in content
    assert href("facilitation:programme_list", SLUG) in content


def test_field_officer_dashboard_says_when_no_curation_day_is_set(client_for, field_officer):
    content = client_for(field_officer).get(DASHBOARD).content.decode()
    assert "Hari kurasi belum ditetapkan." in content
    assert 'id="check-in-link"' not in content


def test_curator_dashboard_links_the_live_board(client_for, curator, session):
    content = client_for(curator).get(DASHBOARD).content.decode()
    assert href("curation:board", SLUG, session.programme_id, session.pk) in content
    assert href("curation:desk", SLUG, session.programme_id, session.pk) not in content


def test_admin_dashboard_links_the_audit_log_and_assisted_registration(client_for, admin_user):
    content = client_for(admin_user).get(DASHBOARD).content.decode()
    assert href("audit:log", SLUG) in content
    assert href("registration:assisted_calls", SLUG) in content


def test_programme_page_gives_field_officers_the_day_pages_they_may_open(
    client_for, admin_user, field_officer, open_programme, session
):
    url = reverse("programmes:programme_detail", args=[SLUG, open_programme.slug])
    sessions = href("curation:sessions", SLUG, open_programme.pk)
    desk = href("curation:desk", SLUG, open_programme.pk, session.pk)
    content = client_for(field_officer).get(url).content.decode()
    assert sessions not in content
    assert desk in content
    assert href("curation:schedule_print", SLUG, open_programme.pk, session.pk) in content
    assert sessions in client_for(admin_user).get(url).content.decode()
