"""Set-up guards (issue 17): a product group without a rubric stops assignment and scheduling;
breaks in a session; a new programme copied from an earlier one."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from kurasi.audit.models import AuditEvent
from kurasi.curation.models import (
    Assignment,
    CurationPlan,
    CurationSession,
    OutcomeBand,
    ProgrammeRubric,
    SessionBreak,
    Slot,
)
from kurasi.curation.services_day import schedule_automatically
from kurasi.programmes.models import Programme, ProgrammeStatus

from ..factories import (
    BusinessFactory,
    OrganisationFactory,
    ProgrammeFactory,
    certificate_type,
)
from .conftest import SLUG, day_url, programme_url, verified

COPY_URL = reverse("curation:programme_copy", args=[SLUG])
WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def english(client_for):
    """A logged-in client whose pages are in English, so the tests read the English msgids."""

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def add_break(session, start=(8, 15), end=(8, 30), label="Istirahat, sholat Dzuhur"):
    return SessionBreak.objects.create(
        session=session, starts_at=dt.time(*start), ends_at=dt.time(*end), label=label
    )


def local_times(slots):
    return sorted(timezone.localtime(s.starts_at).strftime("%H.%M") for s in slots)


# --- guards -------------------------------------------------------------------------------------


@pytest.fixture
def unrubricked(open_programme, product_groups, organisation):
    """Verified products in two groups, neither with a rubric; a session with a food table."""
    bakery = BusinessFactory(organisation=organisation, name="Roti Melati")
    return [
        verified(open_programme, bakery, product_groups["makanan"], "Roti Gambang"),
        verified(open_programme, bakery, product_groups["tas"], "Tas Pandan"),
    ]


def test_automatic_assignment_refuses_and_names_each_group_without_rubric(
    english, admin_user, open_programme, unrubricked, curators
):
    response = english(admin_user).post(programme_url("assign_auto", open_programme))
    content = response.content.decode()
    guard = content.split('id="rubric-guard"')[1].split("</section>")[0]
    assert "Makanan" in guard
    assert "Tas" in guard
    assert reverse("curation:programme_settings", args=[SLUG, open_programme.pk]) in guard
    assert not Assignment.objects.exists()
    assert not AuditEvent.objects.filter(action="assignment.automatic").exists()


def test_a_group_with_its_rubric_is_not_named(
    english, admin_user, open_programme, unrubricked, product_groups, rubrics_chosen
):
    ProgrammeRubric.objects.filter(product_group=product_groups["makanan"]).delete()
    client = english(admin_user)
    response = client.post(programme_url("assign_auto", open_programme))
    groups = response.content.decode().split('id="groups-without-rubric"')[1].split("</ul>")[0]
    assert "Makanan" in groups
    assert "Tas" not in groups


def test_manual_assignment_refuses_without_rubric(
    english, admin_user, open_programme, unrubricked, curators
):
    response = english(admin_user).post(
        programme_url("assignment_add", open_programme),
        {"application": unrubricked[0].pk, "curator": curators["food"][0].pk},
        follow=True,
    )
    assert "No rubric yet for: Makanan, Tas." in response.content.decode()
    assert not Assignment.objects.exists()


def test_scheduling_refuses_without_rubric_and_the_page_links_to_the_fix(
    english, admin_user, open_programme, unrubricked, curators
):
    from kurasi.curation.services_day import save_session, save_table

    from .conftest import SESSION_VALUES

    session = save_session(actor=admin_user, programme=open_programme, values=SESSION_VALUES)
    save_table(actor=admin_user, session=session, name="Meja 1", curators=curators["food"])
    client = english(admin_user)
    response = client.post(day_url("schedule_auto", session), follow=True)
    content = response.content.decode()
    assert "No rubric yet for: Makanan, Tas." in content
    assert 'id="rubric-guard"' in content
    assert 'id="choose-rubrics"' in content
    assert not Slot.objects.exists()
    placed = client.post(
        day_url("slot_place", session),
        {"application": unrubricked[0].pk, "table": session.tables.get().pk, "time": "08:00"},
        follow=True,
    )
    assert "No rubric yet for: Makanan, Tas." in placed.content.decode()
    assert not Slot.objects.exists()


def test_programme_page_checklist_names_what_is_missing(
    english, admin_user, open_programme, unrubricked, product_groups
):
    url = reverse("programmes:programme_detail", args=[SLUG, open_programme.slug])
    content = english(admin_user).get(url).content.decode()
    checklist = content.split('id="setup-checklist"')[1].split("</section>")[0]
    groups = "Aksesori, Busana, Makanan, Minuman ringan, Tas"
    assert f"A rubric for every product group: <strong>missing</strong> ({groups})" in checklist
    assert reverse("curation:programme_settings", args=[SLUG, open_programme.pk]) in checklist
    assert "Outcome bands: <strong>missing</strong>" in checklist
    assert "no session yet" in checklist


def test_checklist_is_for_the_admin_only(client_for, field_officer, open_programme):
    url = reverse("programmes:programme_detail", args=[SLUG, open_programme.slug])
    assert 'id="setup-checklist"' not in client_for(field_officer).get(url).content.decode()


# --- breaks -------------------------------------------------------------------------------------


def test_automatic_scheduling_leaves_the_break_free(admin_user, session, applications):
    add_break(session)  # 08.15–08.30: the session's second slot
    schedule_automatically(actor=admin_user, session=session)
    food = Slot.objects.filter(table__name="Meja 1")
    assert local_times(food) == ["08.00", "08.30"]
    assert "08.15" not in local_times(Slot.objects.all())


def test_a_break_between_slot_starts_blocks_every_slot_it_touches(session):
    add_break(session, start=(8, 20), end=(8, 25))
    times = [timezone.localtime(t).strftime("%H.%M") for t in session.slot_times()]
    assert times == ["08.00", "08.30", "08.45"]


def test_placing_by_hand_in_a_break_is_refused(english, admin_user, session, applications):
    from kurasi.curation.services_day import place_application

    add_break(session)
    with translation.override("en"), pytest.raises(ValidationError, match="during a break"):
        place_application(
            actor=admin_user,
            session=session,
            application=applications[0],
            table=session.tables.first(),
            starts_at=dt.datetime(2026, 9, 19, 8, 15, tzinfo=WIB),
        )
    response = english(admin_user).post(
        day_url("slot_place", session),
        {"application": applications[0].pk, "table": session.tables.first().pk, "time": "08:15"},
        follow=True,
    )
    assert not Slot.objects.exists()
    assert response.status_code == 200


def test_break_added_on_the_schedule_page_and_shown_on_print_and_board(
    english, admin_user, session
):
    client = english(admin_user)
    response = client.post(
        day_url("break_add", session),
        {"starts_at": "08:15", "ends_at": "08:30", "label": "Istirahat, sholat Dzuhur"},
    )
    assert response.status_code == 302
    pause = session.breaks.get()
    assert (pause.starts_at, pause.ends_at) == (dt.time(8, 15), dt.time(8, 30))
    assert AuditEvent.objects.filter(action="session.break_added").exists()
    # The board's refreshing part carries the breaks: one added during the day appears there
    # without anyone reloading the big screen.
    for name in ("session", "schedule_print", "board", "board_live"):
        content = client.get(day_url(name, session)).content.decode()
        assert "08:15–08:30 Istirahat, sholat Dzuhur" in content, name
    # Times follow the language: Indonesian writes them with a dot.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    content = client.get(day_url("session", session)).content.decode()
    assert "08.15–08.30 Istirahat, sholat Dzuhur" in content
    client.post(day_url("break_remove", session, pause.pk))
    assert not session.breaks.exists()


def test_the_board_says_when_a_break_is_under_way(english, admin_user, session):
    now = timezone.localtime()
    session.date = now.date()
    session.save()
    # Within today, around now (a break cannot cross midnight).
    start = max(now - dt.timedelta(minutes=5), now.replace(hour=0, minute=0)).time()
    end = min(now + dt.timedelta(minutes=10), now.replace(hour=23, minute=59)).time()
    start, end = start.replace(second=0, microsecond=0), end.replace(second=0, microsecond=0)
    SessionBreak.objects.create(session=session, starts_at=start, ends_at=end, label="Sholat")
    content = english(admin_user).get(day_url("board_live", session)).content.decode()
    assert f"Break now: Sholat, until {end:%H:%M}" in content
    session.breaks.all().delete()
    content = english(admin_user).get(day_url("board_live", session)).content.decode()
    assert "Break now" not in content


def test_a_break_over_a_scheduled_product_or_outside_the_hours_is_refused(
    english, admin_user, session, applications
):
    schedule_automatically(actor=admin_user, session=session)
    client = english(admin_user)
    clash = client.post(
        day_url("break_add", session),
        {"starts_at": "08:00", "ends_at": "08:10", "label": "Rapat"},
        follow=True,
    )
    assert "during this break: move it first" in clash.content.decode()
    outside = client.post(
        day_url("break_add", session),
        {"starts_at": "12:00", "ends_at": "13:00", "label": "Makan siang"},
        follow=True,
    )
    assert "within the session" in outside.content.decode()
    assert not session.breaks.exists()


@pytest.mark.parametrize("persona", ["field_officer", "curator", "producer", "outsider"])
def test_only_the_office_admin_adds_or_removes_breaks(client_for, request, session, persona):
    pause = add_break(session)
    client = client_for(request.getfixturevalue(persona))
    values = {"starts_at": "08:30", "ends_at": "08:45", "label": "Sholat"}
    assert client.post(day_url("break_add", session), values).status_code in (403, 404)
    assert client.post(day_url("break_remove", session, pause.pk)).status_code in (403, 404)
    assert list(session.breaks.all()) == [pause]


# --- copying a programme ------------------------------------------------------------------------


@pytest.fixture
def source(admin_user, open_programme, session, applications, curators):
    """Last year's programme, fully set up and used: plan, bands, documents, a second session
    on the day after, breaks, and applications with assignments, a slot and a check-in."""
    programme = open_programme
    programme.curation_date = dt.date(2026, 9, 19)
    programme.quota = 120
    programme.venue = "Puspemkot Tangsel"
    programme.contact = "0812 0000 0000"
    programme.announcement = "Kurasi produk IKM."
    programme.eligible_region_code = "36.74.01"
    programme.retention_months = 24
    programme.save()
    programme.required_certificate_types.set([certificate_type("nib"), certificate_type("halal")])
    CurationPlan.objects.create(
        programme=programme,
        curators_per_application=3,
        disagreement_threshold=Decimal("15.50"),
        appeal_days=14,
        score_basis="calibrated",
    )
    OutcomeBand.objects.create(
        programme=programme,
        label="Lolos nasional",
        minimum_score=80,
        is_pass=True,
        target="national",
    )
    OutcomeBand.objects.create(programme=programme, label="Pembinaan", minimum_score=0, position=1)
    add_break(session)
    second = CurationSession.objects.create(
        programme=programme,
        date=dt.date(2026, 9, 20),
        place="Aula Kecamatan",
        starts_at=dt.time(13, 0),
        ends_at=dt.time(15, 0),
        slot_minutes=20,
        grace_minutes=10,
    )
    add_break(second, start=(14, 0), end=(14, 20), label="Sholat Ashar")
    schedule_automatically(actor=admin_user, session=session)
    Assignment.objects.create(application=applications[0], curator=curators["food"][0])
    return programme


def copy_values(programme, **changes):
    values = {
        "source": programme.pk,
        "title": "Kurasi Produk IKM 2027",
        "slug": "kurasi-2027",
        "year": 2027,
        "registration_opens_at": "2027-06-01T08:00",
        "registration_closes_at": "2027-07-31T16:00",
        "curation_date": "2027-09-18",
    }
    return {**values, **changes}


def test_copy_reproduces_the_source_settings(english, admin_user, source):
    response = english(admin_user).post(COPY_URL, copy_values(source))
    copy = Programme.objects.get(slug="kurasi-2027")
    assert response["Location"] == reverse("programmes:programme_detail", args=[SLUG, copy.slug])
    assert (copy.title, copy.year, copy.status) == (
        "Kurasi Produk IKM 2027",
        2027,
        ProgrammeStatus.DRAFT,
    )
    assert copy.registration_opens_at == dt.datetime(2027, 6, 1, 8, 0, tzinfo=WIB)
    assert copy.registration_closes_at == dt.datetime(2027, 7, 31, 16, 0, tzinfo=WIB)
    assert copy.curation_date == dt.date(2027, 9, 18)
    for name in ("announcement", "quota", "eligible_region_code", "venue", "contact"):
        assert getattr(copy, name) == getattr(source, name), name
    assert copy.retention_months == source.retention_months
    assert set(copy.product_groups.all()) == set(source.product_groups.all())
    assert set(copy.required_certificate_types.all()) == set(
        source.required_certificate_types.all()
    )

    def plan(p):
        return CurationPlan.objects.filter(programme=p).values(
            "curators_per_application", "disagreement_threshold", "appeal_days", "score_basis"
        )[0]

    assert plan(copy) == plan(source)

    def rubrics(p):
        return dict(
            ProgrammeRubric.objects.filter(programme=p).values_list("product_group", "rubric")
        )

    assert rubrics(copy) == rubrics(source)
    assert len(rubrics(copy)) == 5

    def bands(p):
        return list(
            p.outcome_bands.values_list("label", "minimum_score", "is_pass", "target", "position")
        )

    assert bands(copy) == bands(source)

    def sessions(p, shift=dt.timedelta(0)):
        return [
            (
                s.date + shift,
                s.place,
                s.starts_at,
                s.ends_at,
                s.slot_minutes,
                s.grace_minutes,
                [
                    (t.name, t.position, sorted(c.pk for c in t.curators.all()))
                    for t in s.tables.all()
                ],
                [(b.starts_at, b.ends_at, b.label) for b in s.breaks.all()],
            )
            for s in p.curation_sessions.prefetch_related("tables__curators", "breaks")
        ]

    # Moved from 19–20 September 2026 to 18–19 September 2027, hours kept.
    assert sessions(copy) == sessions(source, shift=dt.timedelta(days=364))
    assert [s.date for s in copy.curation_sessions.all()] == [
        dt.date(2027, 9, 18),
        dt.date(2027, 9, 19),
    ]
    event = AuditEvent.objects.get(action="programme.copied")
    assert event.object_id == str(copy.pk)


def test_copy_brings_nothing_from_applications_or_scores(english, admin_user, source):
    assert Slot.objects.filter(session__programme=source).exists()
    english(admin_user).post(COPY_URL, copy_values(source))
    copy = Programme.objects.get(slug="kurasi-2027")
    assert not copy.applications.exists()
    assert not Slot.objects.filter(session__programme=copy).exists()
    assert not Assignment.objects.filter(application__programme=copy).exists()
    assert not copy.check_ins.exists()
    assert source.applications.count() == 3  # the source keeps everything


def test_copy_takes_the_newest_version_of_each_rubric(english, admin_user, source):
    from kurasi.curation.models import Rubric

    old = ProgrammeRubric.objects.filter(programme=source).first()
    newer = Rubric.objects.create(
        organisation=old.rubric.organisation,
        name=old.rubric.name,
        kind=old.rubric.kind,
        family=old.rubric.family,
        version=old.rubric.version + 1,
    )
    english(admin_user).post(COPY_URL, copy_values(source))
    chosen = ProgrammeRubric.objects.get(
        programme__slug="kurasi-2027", product_group=old.product_group
    )
    assert chosen.rubric == newer


def test_copy_leaves_off_people_no_longer_curators(english, admin_user, source, curators):
    gone = curators["non_food"][0]
    gone.memberships.all().delete()
    response = english(admin_user).post(COPY_URL, copy_values(source), follow=True)
    assert f"left off the tables: {gone.full_name}" in response.content.decode()
    table = CurationSession.objects.filter(programme__slug="kurasi-2027").first().tables.last()
    assert gone not in table.curators.all()


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"curation_date": ""}, "curation_date", "This field is required."),
        ({"registration_opens_at": ""}, "registration_opens_at", "This field is required."),
        ({"registration_closes_at": ""}, "registration_closes_at", "This field is required."),
        (
            {"registration_closes_at": "2026-07-31T16:00"},
            "registration_closes_at",
            "This date has passed",
        ),
        ({"curation_date": "2026-09-19"}, "curation_date", "This date has passed"),
        ({"curation_date": "2027-07-01"}, "curation_date", "after registration closes"),
        (
            {"registration_opens_at": "2027-08-01T08:00"},
            "registration_closes_at",
            "close after it opens",
        ),
        ({"slug": "kurasi-2026"}, "slug", "uses this address"),
    ],
)
def test_copy_asks_for_new_dates_and_a_free_address(
    english, admin_user, source, changes, field, error
):
    response = english(admin_user).post(COPY_URL, copy_values(source, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    # The page speaks the user's language; the errors read after the request would not.
    assert error in response.content.decode()
    assert not Programme.objects.filter(title="Kurasi Produk IKM 2027").exists()


def test_copy_form_offers_only_the_office_programmes(
    english, admin_user, source, other_organisation
):
    from ..factories import ProgrammeFactory

    foreign = ProgrammeFactory(organisation=other_organisation, slug="depok-2026")
    client = english(admin_user)
    page = client.get(COPY_URL + f"?from={source.pk}")
    assert page.status_code == 200
    assert list(page.context["form"].fields["source"].queryset) == [source]
    response = client.post(COPY_URL, copy_values(source, source=foreign.pk))
    assert "source" in response.context["form"].errors
    assert not Programme.objects.filter(slug="kurasi-2027").exists()


@pytest.mark.parametrize("persona", ["field_officer", "curator", "producer", "outsider"])
def test_copy_is_for_the_office_admin_only(client_for, request, source, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(COPY_URL).status_code in (403, 404)
    assert client.post(COPY_URL, copy_values(source)).status_code in (403, 404)
    assert not Programme.objects.filter(slug="kurasi-2027").exists()


def test_the_programme_pages_link_to_the_copy(english, admin_user, source):
    client = english(admin_user)
    listing = client.get(reverse("programmes:programme_list", args=[SLUG])).content.decode()
    assert COPY_URL in listing
    detail = client.get(reverse("programmes:programme_detail", args=[SLUG, source.slug]))
    assert f"{COPY_URL}?from={source.pk}" in detail.content.decode()


def test_copy_link_suggests_the_next_season(english, admin_user, source):
    """From the programme page's "copy" link, the form comes filled with the source moved on by
    whole years to the first season whose registration has not closed yet."""
    source.registration_opens_at = dt.datetime(2025, 6, 1, 8, 0, tzinfo=WIB)
    source.registration_closes_at = dt.datetime(2025, 7, 31, 16, 0, tzinfo=WIB)
    source.curation_date = dt.date(2025, 9, 20)
    source.year = 2025
    source.title = "Kurasi Produk IKM 2025"
    source.slug = "kurasi-2025"
    source.save()
    today = timezone.localdate()
    years = today.year - 2025 + (1 if (today.month, today.day) >= (7, 31) else 0)
    year = 2025 + years
    page = english(admin_user).get(f"{COPY_URL}?from={source.pk}").content.decode()
    assert f'value="Kurasi Produk IKM {year}"' in page
    assert f'value="kurasi-{year}"' in page
    assert f'name="year" value="{year}"' in page
    assert f'value="{year}-06-01T08:00"' in page
    assert f'value="{year}-07-31T16:00"' in page
    assert f'value="{year}-09-20"' in page


def test_copy_link_of_another_office_suggests_nothing(english, admin_user, source):
    other = ProgrammeFactory(organisation=OrganisationFactory(), title="Lain 2025", slug="lain")
    page = english(admin_user).get(f"{COPY_URL}?from={other.pk}").content.decode()
    assert "Lain" not in page
    assert f'name="year" value="{timezone.localdate().year}"' in page
