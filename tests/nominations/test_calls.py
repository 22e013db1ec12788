"""The organiser's calls: its list, a new call on one of its exhibitions asking the offices below
with a quota each, editing, opening and closing; who may and who is refused."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.exhibitions.models import Exhibition
from kurasi.nominations import services
from kurasi.nominations.models import CallOffice, CallStatus, NominationCall


@pytest.fixture
def second_expo(province, banten_expo):
    """Another exhibition of the province's, without a call yet."""
    first_day = timezone.localdate() + dt.timedelta(days=60)
    return Exhibition.objects.create(
        organisation=province,
        name="Banten Craft Fair",
        level="regional",
        venue="Alun-alun Serang",
        starts_on=first_day,
        ends_on=first_day + dt.timedelta(days=2),
    )


def deadline_text(days=20):
    return (timezone.localtime() + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def form_data(exhibition, offices, **more):
    data = {
        "exhibition": exhibition.pk,
        "title": "Nominasi Banten Craft Fair",
        "note": "Kriya terbaik.",
        "deadline": deadline_text(),
        "passed_within_years": 2,
        "food_certificate_codes": ["halal"],
    }
    for office, quota, minimum in offices:
        data.update({f"ask_{office.pk}": "on", f"quota_{office.pk}": quota})
        data[f"minimum_{office.pk}"] = minimum
    data.update(more)
    return data


def test_admin_creates_a_draft_call_asking_offices_below_with_quotas(
    client_for, province, province_admin, second_expo, tangsel, tangerang, province_groups
):
    client = client_for(province_admin)
    url = reverse("nominations:call_create", args=[province.slug])
    page = client.get(url).content.decode()
    assert tangsel.office.name in page
    assert tangerang.office.name in page
    data = form_data(second_expo, [(tangsel.office, 4, 1), (tangerang.office, 2, 0)])
    data["groups"] = [province_groups["tas"].pk]
    response = client.post(url, data)
    assert response.status_code == 302
    call = NominationCall.objects.get(exhibition=second_expo)
    assert call.status == CallStatus.DRAFT
    assert call.food_certificate_codes == ["halal"]
    assert list(call.groups.all()) == [province_groups["tas"]]
    assert {(co.office, co.quota, co.minimum) for co in call.offices.all()} == {
        (tangsel.office, 4, 1),
        (tangerang.office, 2, 0),
    }
    event = AuditEvent.objects.get(action="nomination_call.created")
    assert event.organisation == province


def test_the_form_keeps_the_typing_and_says_why(
    client_for, province, province_admin, second_expo, tangsel, tangerang
):
    client = client_for(province_admin)
    url = reverse("nominations:call_create", args=[province.slug])
    data = form_data(second_expo, [(tangsel.office, 2, 3)], title="Nominasi kriya")
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Nominasi kriya"' in page
    assert "Minimum tidak boleh melebihi kuota." in page
    late = form_data(second_expo, [(tangsel.office, 2, 0)], deadline=deadline_text(90))
    page = client.post(url, late).content.decode()
    assert "sebelum hari pertama pameran" in page
    assert not NominationCall.objects.filter(exhibition=second_expo).exists()


def test_the_call_asks_every_office_directly_below_by_default(
    province, province_admin, second_expo, tangsel, tangerang
):
    call = services.create_call(
        actor=province_admin,
        exhibition=second_expo,
        title="Nominasi",
        deadline=timezone.now() + dt.timedelta(days=10),
    )
    assert {co.office for co in call.offices.all()} == {tangsel.office, tangerang.office}
    assert {co.quota for co in call.offices.all()} == {services.DEFAULT_QUOTA}


def test_an_office_not_below_cannot_be_asked(province_admin, second_expo, other_organisation):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.create_call(
            actor=province_admin,
            exhibition=second_expo,
            title="Nominasi",
            deadline=timezone.now() + dt.timedelta(days=10),
            offices=[(other_organisation, 3, 0)],
        )
    assert not NominationCall.objects.filter(exhibition=second_expo).exists()


def test_admin_opens_and_closes_the_call(client_for, province, province_admin, call):
    call.status = CallStatus.DRAFT
    call.save()
    client = client_for(province_admin)
    assert (
        client.post(reverse("nominations:call_open", args=[province.slug, call.pk])).status_code
        == 302
    )
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    assert call.opened_at is not None
    client.post(reverse("nominations:call_close", args=[province.slug, call.pk]))
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    actions = AuditEvent.objects.filter(action__startswith="nomination_call.")
    assert sorted(e.action for e in actions) == [
        "nomination_call.closed",
        "nomination_call.opened",
    ]


def test_admin_edits_quotas_and_an_office_that_nominated_stays(
    client_for, province, province_admin, call, call_tangsel, tangsel, tangerang
):
    services.nominate(
        actor=tangsel.admin, call_office=call_tangsel, applications=[tangsel.app("bag")]
    )
    client = client_for(province_admin)
    url = reverse("nominations:call_edit", args=[province.slug, call.pk])
    assert client.get(url).status_code == 200
    data = form_data(call.exhibition, [(tangerang.office, 5, 2)], title="Nominasi BTE")
    data.pop("exhibition")
    page = client.post(url, data).content.decode()
    assert "tetap diminta" in page  # Tangsel nominated: it cannot be dropped
    data = form_data(
        call.exhibition, [(tangsel.office, 3, 0), (tangerang.office, 5, 2)], title="Nominasi BTE"
    )
    data.pop("exhibition")
    assert client.post(url, data).status_code == 302
    call.refresh_from_db()
    assert call.title == "Nominasi BTE"
    assert CallOffice.objects.get(call=call, office=tangerang.office).quota == 5
    event = AuditEvent.objects.get(action="nomination_call.changed")
    assert "offices" in event.changes


def test_call_list_shows_the_organisers_calls(client_for, province, province_officer, call):
    response = client_for(province_officer).get(
        reverse("nominations:call_list", args=[province.slug])
    )
    assert response.status_code == 200
    assert call.title in response.content.decode()
    assert 'id="new-call"' not in response.content.decode()  # field officers read


@pytest.mark.parametrize("who", ["officer", "curator", "office_below", "outsider", "producer"])
def test_organiser_pages_refuse_others(
    client_for, province, province_officer, province_curator, tangsel, outsider, producer, call,
    who,
):  # fmt: skip
    user = {
        "officer": province_officer,
        "curator": province_curator,
        "office_below": tangsel.admin,
        "outsider": outsider,
        "producer": producer,
    }[who]
    client = client_for(user)
    for name, args, method in (
        ("call_create", [province.slug], "get"),
        ("call_open", [province.slug, call.pk], "post"),
        ("call_close", [province.slug, call.pk], "post"),
        ("call_edit", [province.slug, call.pk], "post"),
    ):
        response = getattr(client, method)(reverse(f"nominations:{name}", args=args))
        assert response.status_code in (403, 404), (name, who)
    if who != "officer":
        listing = client.get(reverse("nominations:call_list", args=[province.slug]))
        assert listing.status_code in (403, 404)
    if who in ("office_below", "outsider"):
        # At their own office's address the province's call is not theirs: 404.
        own = user.memberships.get().organisation.slug
        url = reverse("nominations:call_edit", args=[own, call.pk])
        assert client.get(url).status_code == 404
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN


def test_call_list_queries_do_not_grow(
    client_for, province, province_admin, call, second_expo, django_assert_max_num_queries
):
    client = client_for(province_admin)
    url = reverse("nominations:call_list", args=[province.slug])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    services.create_call(
        actor=province_admin,
        exhibition=second_expo,
        title="Kedua",
        deadline=timezone.now() + dt.timedelta(days=10),
    )
    with django_assert_max_num_queries(len(one)):
        client.get(url)


def test_the_exhibition_page_leads_an_organiser_to_ask_the_offices_below(
    client_for, province, province_admin, province_officer, second_expo, call, tangsel, admin_user
):
    detail = reverse("exhibitions:detail", args=[province.slug, second_expo.pk])
    page = client_for(province_admin).get(detail).content.decode()
    link = reverse("nominations:call_create", args=[province.slug])
    assert f'href="{link}?exhibition={second_expo.pk}"' in page
    form = client_for(province_admin).get(f"{link}?exhibition={second_expo.pk}").content.decode()
    assert f'<option value="{second_expo.pk}" selected>' in form
    # Its field officers read the page without the link (only admins open calls).
    assert 'id="ask-below-link"' not in client_for(province_officer).get(detail).content.decode()
    # An exhibition with a call links its nominations instead.
    with_call = client_for(province_admin).get(call.exhibition.get_absolute_url()).content.decode()
    assert 'id="ask-below-link"' not in with_call
    assert 'id="nominations-link"' in with_call
    # An office with nobody below is never offered it.
    own = Exhibition.objects.create(
        organisation=tangsel.office,
        name="Pameran Tangsel",
        level="regional",
        starts_on=second_expo.starts_on,
        ends_on=second_expo.ends_on,
    )
    mine = client_for(admin_user).get(own.get_absolute_url()).content.decode()
    assert 'id="ask-below-link"' not in mine
