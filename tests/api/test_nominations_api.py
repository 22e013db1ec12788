"""Calls for nominations through the API: the province (Disperindag Provinsi Banten) creates,
opens and closes its call and reads only what the offices below shared; Tangsel, an office asked,
reads its candidates, nominates, records or asks consent and submits its list. Another office
gets 404, curators 403, a token without the nominations scope 403; never an NIK; contacts only
once a place is confirmed."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.exhibitions.models import Allocation, AllocationStatus, Exhibition
from kurasi.nominations.models import CallStatus, ConsentState, Nomination, NominationCall
from kurasi.outbox.models import Message
from kurasi.registry.models import Business
from tests.nominations import conftest as chain
from tests.nominations import nominees
from tests.nominations.nominees import nominate

# The chain's fixtures (tests/nominations/conftest.py): the province, its offices below, its call.
province = chain.province
province_admin = chain.province_admin
province_officer = chain.province_officer
province_curator = chain.province_curator
province_groups = chain.province_groups
banten_expo = chain.banten_expo
tangsel = chain.tangsel
tangerang = chain.tangerang
call = chain.call
call_tangsel = chain.call_tangsel
call_tangerang = chain.call_tangerang
lists = nominees.lists  # both offices' lists, submitted; Tangsel's Sambal Roa held back

NIK = "3674015508950001"
PROVINCE = "/api/v1/o/disperindag-banten/nominations/calls/"
TANGSEL = "/api/v1/o/disperindag-tangsel/nominations/asked/"


def call_url(call, tail=""):
    return f"{PROVINCE}{call.pk}/{tail}"


def asked_url(call_office, tail=""):
    return f"{TANGSEL}{call_office.pk}/{tail}"


def with_nik(*setups):
    """Every business of the offices below gets an NIK, to look for it in the answers."""
    for setup in setups:
        Business.objects.filter(organisation=setup.office).update(nik=NIK)


def deadline_in(days):
    return (timezone.now() + dt.timedelta(days=days)).isoformat()


# --- the organiser's calls -----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["province_admin", "province_officer"])
def test_organiser_staff_list_their_calls(request, api_for, call, persona):
    response = api_for(request.getfixturevalue(persona)).get(PROVINCE)
    row = response.json()["results"][0]
    assert response.status_code == 200
    assert (row["title"], row["status"], row["offices_asked"], row["lists_submitted"]) == (
        "Nominasi Banten Trade Expo",
        "open",
        2,
        0,
    )
    assert row["exhibition"]["name"] == "Banten Trade Expo"
    assert row["food_certificate_codes"] == ["halal"]
    assert {g["name"] for g in row["groups"]} == {"Tas", "Busana", "Makanan", "Minuman ringan"}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("province_curator", 403), ("admin_user", 404), ("outsider", 404), ("producer", 404)],
)
def test_calls_are_refused_to_curators_lower_offices_and_outsiders(
    request, api_for, call, persona, status
):
    api = api_for(request.getfixturevalue(persona))
    for url in (PROVINCE, call_url(call), call_url(call, "offices/"), call_url(call, "nominees/")):
        assert api.get(url).status_code == status, url


def test_a_lower_office_cannot_reach_the_call_under_its_own_address(api_for, admin_user, call):
    api = api_for(admin_user)
    own = f"/api/v1/o/disperindag-tangsel/nominations/calls/{call.pk}/"
    assert api.get(own).status_code == 404
    assert api.get(f"{own}nominees/").status_code == 404
    assert api.post(f"{own}close/").status_code == 404
    assert api.get("/api/v1/o/disperindag-tangsel/nominations/calls/").json()["count"] == 0


def test_calls_need_a_token_with_the_nominations_scope(api_for, province_admin, call):
    response = api_for(province_admin, scopes=["exhibitions:read"]).get(PROVINCE)
    assert response.status_code == 403
    assert "nominations:read" in response.json()["error"]["message"]
    reader = api_for(province_admin, scopes=["nominations:read"])
    assert reader.get(PROVINCE).status_code == 200
    response = reader.post(call_url(call, "close/"))
    assert response.status_code == 403
    assert "nominations:write" in response.json()["error"]["message"]


@pytest.fixture
def second_expo(province, banten_expo):
    first_day = timezone.localdate() + dt.timedelta(days=60)
    return Exhibition.objects.create(
        organisation=province,
        name="Pameran Kriya Banten",
        level="regional",
        venue="Serang",
        starts_on=first_day,
        ends_on=first_day + dt.timedelta(days=2),
    )


def test_organiser_admin_creates_opens_and_closes_a_call(
    api_for, province_admin, second_expo, tangsel, province_groups, events_before
):
    api = api_for(province_admin)
    body = {
        "exhibition_id": second_expo.pk,
        "title": "Nominasi Pameran Kriya",
        "deadline": deadline_in(20),
        "group_ids": [province_groups["tas"].pk],
        "food_certificate_codes": ["Halal"],
        "offices": [{"office": "disperindag-tangsel", "quota": 2, "minimum": 1}],
    }
    response = api.post(PROVINCE, body, format="json")
    created = response.json()
    assert response.status_code == 201, created
    assert (created["status"], created["offices_asked"], created["food_certificate_codes"]) == (
        "draft",
        1,
        ["halal"],
    )
    assert response["ETag"]
    call = NominationCall.objects.get(pk=created["id"])
    assert [(co.office.slug, co.quota, co.minimum) for co in call.offices.all()] == [
        ("disperindag-tangsel", 2, 1)
    ]
    # A draft is not the office's yet.
    assert api_for(tangsel.admin).get(TANGSEL).json()["count"] == 0
    opened = api.post(call_url(call, "open/"))
    assert (opened.status_code, opened.json()["status"]) == (200, "open")
    assert api_for(tangsel.admin).get(TANGSEL).json()["count"] == 1
    closed = api.post(call_url(call, "close/"))
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    again = api.post(call_url(call, "close/"))
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "Only an open call can be closed."
    actions = (
        AuditEvent.objects.filter(id__gt=events_before)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert [a for a in actions if a.startswith("nomination_call.")] == [
        "nomination_call.created",
        "nomination_call.opened",
        "nomination_call.closed",
    ]


def test_a_new_call_asks_every_office_directly_below_by_default(
    api_for, province_admin, second_expo, tangsel, tangerang
):
    body = {"exhibition_id": second_expo.pk, "title": "Nominasi", "deadline": deadline_in(20)}
    response = api_for(province_admin).post(PROVINCE, body, format="json")
    assert response.status_code == 201
    assert response.json()["offices_asked"] == 2


def test_a_call_refuses_offices_not_below_and_a_second_call_on_an_exhibition(
    api_for, province_admin, second_expo, call, outsider
):
    api = api_for(province_admin)
    body = {
        "exhibition_id": second_expo.pk,
        "title": "Nominasi",
        "deadline": deadline_in(20),
        "offices": [{"office": "disperindag-depok", "quota": 2}],
    }
    response = api.post(PROVINCE, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["offices"] == [
        "disperindag-depok is not an office below Disperindag Provinsi Banten."
    ]
    late = {**body, "offices": [], "deadline": f"{second_expo.starts_on}T12:00:00+07:00"}
    response = api.post(PROVINCE, late, format="json")
    assert response.status_code == 400
    assert "deadline" in response.json()["error"]["fields"]
    taken = {**body, "offices": [], "exhibition_id": call.exhibition_id}
    response = api.post(PROVINCE, taken, format="json")
    assert response.status_code == 409
    assert not NominationCall.objects.filter(exhibition=second_expo).exists()


def test_only_the_organisers_admin_writes_calls(
    api_for, province_officer, call, second_expo, province_curator
):
    officer = api_for(province_officer)
    body = {"exhibition_id": second_expo.pk, "title": "Nominasi", "deadline": deadline_in(20)}
    assert officer.post(PROVINCE, body, format="json").status_code == 403
    assert officer.patch(call_url(call), {"title": "X"}, format="json").status_code == 403
    assert officer.post(call_url(call, "close/")).status_code == 403
    assert api_for(province_curator).post(call_url(call, "close/")).status_code == 403
    assert NominationCall.objects.get(pk=call.pk).status == CallStatus.OPEN


def test_changing_a_call_keeps_what_is_not_sent_and_refuses_a_stale_revision(
    api_for, province_admin, call
):
    api = api_for(province_admin)
    read = api.get(call_url(call))
    etag = read["ETag"]
    response = api.patch(
        call_url(call), {"title": "Nominasi BTE 2026"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == "Nominasi BTE 2026"
    assert response.json()["offices_asked"] == 2
    assert response.json()["food_certificate_codes"] == ["halal"]
    stale = api.patch(call_url(call), {"title": "Lain"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["error"]["fields"]["title"]
    assert NominationCall.objects.get(pk=call.pk).title == "Nominasi BTE 2026"


def test_the_offices_asked_show_what_they_share_and_only_a_number_held_back(
    api_for, province_officer, lists
):
    rows = api_for(province_officer).get(call_url(lists.call_office.call, "offices/")).json()
    by_office = {r["office"]: r for r in rows["results"]}
    tangsel = by_office["disperindag-tangsel"]
    assert (tangsel["shared"], tangsel["held_back"], tangsel["shares_scores"]) == (2, 1, True)
    assert by_office["disperindag-kota-tangerang"]["shared"] == 3


# --- the organiser's view of the nominees --------------------------------------------------


def test_the_organiser_reads_only_shared_nominees_and_what_each_office_shares(
    api_for, province_admin, call, lists, tangsel, tangerang, call_tangerang
):
    with_nik(tangsel, tangerang)
    call_tangerang.share_scores = False
    call_tangerang.share_legality = False
    call_tangerang.save(update_fields=["share_scores", "share_legality"])
    response = api_for(province_admin).get(call_url(call, "nominees/"))
    rows = response.json()["results"]
    assert response.status_code == 200
    assert NIK not in response.content.decode()
    names = sorted((r["office"], r["product_name"]) for r in rows)
    assert names == [
        ("disperindag-kota-tangerang", "Keripik Tempe"),
        ("disperindag-kota-tangerang", "Nampan Ukir"),
        ("disperindag-kota-tangerang", "Tas Anyaman Pandan"),
        ("disperindag-tangsel", "Keripik Tempe"),
        ("disperindag-tangsel", "Tas Anyaman Pandan"),
    ]
    # The held-back nominee (no consent) never reaches the organiser.
    assert "Sambal Roa" not in response.content.decode()
    tangsel_food = next(
        r for r in rows if r["office"] == "disperindag-tangsel" and r["group"]["name"] == "Makanan"
    )
    assert (tangsel_food["score"], tangsel_food["permits"][0]["valid"]) == (72.0, True)
    for row in rows:
        assert row["contacts"] is None
        assert row["place"] is None
        if row["office"] == "disperindag-kota-tangerang":
            assert (row["score"], row["outcome"], row["permits"]) == (None, None, None)


def test_the_nominees_filter_by_office_and_group(
    api_for, province_admin, call, lists, call_tangsel
):
    api = api_for(province_admin)
    rows = api.get(call_url(call, "nominees/"), {"office": call_tangsel.pk}).json()["results"]
    assert {r["office"] for r in rows} == {"disperindag-tangsel"}
    unknown = api.get(call_url(call, "nominees/"), {"group": 999999}).json()
    assert unknown["count"] == 0
    assert api.get(call_url(call, "nominees/"), {"office": "x"}).status_code == 400


def test_nothing_is_shared_before_the_office_submits(api_for, province_admin, call, tangsel):
    nominate(call.offices.get(office=tangsel.office), tangsel.app("bag"), None)
    assert api_for(province_admin).get(call_url(call, "nominees/")).json()["count"] == 0


def test_the_organisers_allocation_places_nominees_and_contacts_come_once_confirmed(
    api_for, province_admin, call, lists, tangsel
):
    api = api_for(province_admin)
    exhibitions = "/api/v1/o/disperindag-banten/exhibitions/"
    show = call.exhibition
    run = api.post(f"{exhibitions}{show.pk}/allocate/")
    assert run.status_code == 200, run.json()
    assert run.json()["placed"] == 5
    table = api.get(f"{exhibitions}{show.pk}/allocations/").json()
    assert table["count"] == 5
    assert all(row["score"] is not None for row in table["results"])
    # An office that keeps its scores: the allocation ranks by them, the organiser sees none.
    call.offices.filter(office=tangsel.office).update(share_scores=False)
    table = api.get(f"{exhibitions}{show.pk}/allocations/").json()["results"]
    scores = {(row["business_name"], row["score"]) for row in table}
    assert {name for name, score in scores if score is None} == {
        tangsel.app("bag").business.name,
        tangsel.app("food_halal").business.name,
    }
    assert api.get(f"{exhibitions}{show.pk}/").json()["total_score_placed"] is None
    invited = api.post(f"{exhibitions}{show.pk}/invitations/")
    assert invited.json()["invited"] == 5
    rows = api.get(call_url(call, "nominees/")).json()["results"]
    assert {r["place"]["status"] for r in rows} == {"invited"}
    assert all(r["contacts"] is None for r in rows)
    bag = Allocation.objects.get(exhibition=show, application=tangsel.app("bag"))
    bag.status = AllocationStatus.CONFIRMED
    bag.save(update_fields=["status"])
    rows = api.get(call_url(call, "nominees/")).json()["results"]
    confirmed = [r for r in rows if r["place"]["status"] == "confirmed"]
    assert [r["contacts"]["phone"] for r in confirmed] == [tangsel.app("bag").business.phone]
    assert all(r["contacts"] is None for r in rows if r["place"]["status"] != "confirmed")


def test_the_nominee_list_runs_the_same_queries_for_few_and_many(
    api_for, province_admin, call, lists, tangsel, call_tangsel, province_groups
):
    api = api_for(province_admin)
    api.get(PROVINCE)  # the token's first use writes last_used_at
    with CaptureQueriesContext(connection) as few:
        first = api.get(call_url(call, "nominees/"))
    for key in ("failed", "coaching", "absent", "old"):
        nominate(call_tangsel, tangsel.app(key), province_groups["tas"])
    with CaptureQueriesContext(connection) as many:
        second = api.get(call_url(call, "nominees/"))
    assert (first.json()["count"], second.json()["count"]) == (5, 9)
    assert len(many) == len(few)


# --- an office asked -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_an_office_lists_the_calls_it_was_asked(request, api_for, call, tangsel, persona):
    response = api_for(request.getfixturevalue(persona)).get(TANGSEL)
    row = response.json()["results"][0]
    assert response.status_code == 200
    assert (row["title"], row["organiser"], row["quota"], row["accepting"]) == (
        "Nominasi Banten Trade Expo",
        "Disperindag Provinsi Banten",
        3,
        True,
    )


@pytest.mark.parametrize(("persona", "status"), [("curator", 403), ("outsider", 404)])
def test_calls_asked_are_refused_to_curators_and_outsiders(
    request, api_for, call_tangsel, persona, status
):
    api = api_for(request.getfixturevalue(persona))
    for tail in ("", "candidates/", "nominees/"):
        assert api.get(asked_url(call_tangsel, tail)).status_code == status
    assert api.get(TANGSEL).status_code == status


def test_another_office_asked_cannot_see_this_offices_list(
    api_for, call_tangsel, tangerang, province_admin
):
    for user in (tangerang.admin, province_admin):
        api = api_for(user)
        assert api.get(asked_url(call_tangsel)).status_code == 404
        own = user.memberships.get().organisation.slug
        theirs = f"/api/v1/o/{own}/nominations/asked/{call_tangsel.pk}/"
        assert api.get(theirs).status_code == 404
        assert api.get(f"{theirs}nominees/").status_code == 404


def test_candidates_come_with_reason_codes_and_sentences(
    api_for, field_officer, call_tangsel, tangsel
):
    with_nik(tangsel)
    response = api_for(field_officer).get(asked_url(call_tangsel, "candidates/"))
    rows = response.json()["results"]
    assert NIK not in response.content.decode()
    by_product = {r["product_name"]: r for r in rows}
    assert by_product["Tas Anyaman Pandan"]["eligible"] is True
    assert by_product["Tas Anyaman Pandan"]["group"]["name"] == "Tas"
    assert [r["code"] for r in by_product["Sambal Roa"]["reasons"]] == ["food_permit"]
    assert by_product["Sambal Roa"]["reasons"][0]["text"].startswith("Food or drink without")
    assert [r["code"] for r in by_product["Dompet Kain Perca"]["reasons"]] == ["not_passed"]
    assert [r["code"] for r in by_product["Tas Batik"]["reasons"]] == ["too_old"]
    assert [r["code"] for r in by_product["Tas Rajut"]["reasons"]] == ["absent"]
    assert "Bros Manik" not in by_product  # not decided: not a curated producer yet
    assert [r["eligible"] for r in rows] == sorted((r["eligible"] for r in rows), reverse=True)
    eligible = api_for(field_officer).get(
        asked_url(call_tangsel, "candidates/"), {"eligible": "true"}
    )
    assert {r["product_name"] for r in eligible.json()["results"]} == {
        "Tas Anyaman Pandan",
        "Keripik Tempe",
    }


def test_the_office_nominates_records_and_asks_consent_then_submits(
    api_for, admin_user, field_officer, call_tangsel, tangsel, province_admin, events_before
):
    with_nik(tangsel)
    admin = api_for(admin_user)
    body = {
        "nominees": [
            {"application_id": tangsel.app("bag").pk},
            {"application_id": tangsel.app("food_halal").pk},
        ]
    }
    response = admin.post(asked_url(call_tangsel, "nominees/"), body, format="json")
    assert response.status_code == 201, response.json()
    created = {r["product_name"]: r for r in response.json()["created"]}
    assert {r["consent"] for r in created.values()} == {"missing"}
    assert created["Tas Anyaman Pandan"]["group"]["name"] == "Tas"
    bag, food = created["Tas Anyaman Pandan"]["id"], created["Keripik Tempe"]["id"]
    # A field officer records one answer and asks the other producer.
    officer = api_for(field_officer)
    answer = {"given": True, "channel": "phone", "consent_by": "Ibu Sari, pemilik"}
    recorded = officer.post(
        asked_url(call_tangsel, f"nominees/{bag}/consent/"), answer, format="json"
    )
    assert (recorded.status_code, recorded.json()["consent"]) == (200, "given")
    assert recorded.json()["held_back"] is None
    asked = officer.post(asked_url(call_tangsel, f"nominees/{food}/ask-consent/"))
    assert asked.status_code == 200, asked.json()
    assert asked.json()["nomination"]["consent"] == "asked"
    assert Message.objects.get(pk=asked.json()["outbox_message_id"]).organisation == tangsel.office
    # The admin sends the list: the producer who has not agreed is held back, with the reason.
    submitted = admin.post(
        asked_url(call_tangsel, "submit/"),
        {"cover_note": "Dua produk terbaik.", "share_scores": False},
        format="json",
    )
    state = submitted.json()
    assert submitted.status_code == 200, state
    assert [n["product_name"] for n in state["sent"]] == ["Tas Anyaman Pandan"]
    assert [(h["nomination"]["product_name"], h["reason"]["code"]) for h in state["held_back"]] == [
        ("Keripik Tempe", "no_consent")
    ]
    assert state["held_back"][0]["reason"]["text"] == (
        "The producer has not agreed to share her data with the organiser."
    )
    assert NIK not in submitted.content.decode()
    # The organiser gets the one who agreed, without her score (not shared), never the other.
    organiser = api_for(province_admin).get(call_url(call_tangsel.call, "nominees/")).json()
    assert [(r["product_name"], r["score"]) for r in organiser["results"]] == [
        ("Tas Anyaman Pandan", None)
    ]
    actions = (
        AuditEvent.objects.filter(id__gt=events_before)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert [a for a in actions if a.startswith("nomination.")] == [
        "nomination.added",
        "nomination.added",
        "nomination.consent_recorded",
        "nomination.consent_asked",
        "nomination.list_submitted",
    ]


def test_nominating_an_ineligible_product_refuses_the_whole_request(
    api_for, admin_user, call_tangsel, tangsel
):
    body = {
        "nominees": [
            {"application_id": tangsel.app("bag").pk},
            {"application_id": tangsel.app("food_no_halal").pk},
        ]
    }
    response = api_for(admin_user).post(asked_url(call_tangsel, "nominees/"), body, format="json")
    assert response.status_code == 400
    [problem] = response.json()["error"]["fields"]["nominees"]
    assert problem.startswith("Sambal Roa: Food or drink without")
    assert not Nomination.objects.exists()


def test_only_the_offices_admin_nominates_withdraws_and_submits(
    api_for, field_officer, call_tangsel, tangsel
):
    nomination = nominate(call_tangsel, tangsel.app("bag"), None)
    officer = api_for(field_officer)
    body = {"nominees": [{"application_id": tangsel.app("food_halal").pk}]}
    assert (
        officer.post(asked_url(call_tangsel, "nominees/"), body, format="json").status_code == 403
    )
    assert officer.delete(asked_url(call_tangsel, f"nominees/{nomination.pk}/")).status_code == 403
    assert officer.post(asked_url(call_tangsel, "submit/"), {}, format="json").status_code == 403
    assert Nomination.objects.count() == 1


def test_the_admin_withdraws_a_nominee_until_the_call_closes(
    api_for, admin_user, call_tangsel, tangsel
):
    api = api_for(admin_user)
    first = nominate(call_tangsel, tangsel.app("bag"), None)
    second = nominate(call_tangsel, tangsel.app("food_halal"), None)
    assert api.delete(asked_url(call_tangsel, f"nominees/{first.pk}/")).status_code == 204
    NominationCall.objects.filter(pk=call_tangsel.call_id).update(status=CallStatus.CLOSED)
    closed = api.delete(asked_url(call_tangsel, f"nominees/{second.pk}/"))
    assert closed.status_code == 409
    assert closed.json()["error"]["message"] == "The organiser has closed this call."
    body = {"nominees": [{"application_id": tangsel.app("bag").pk}]}
    assert api.post(asked_url(call_tangsel, "nominees/"), body, format="json").status_code == 409
    assert list(Nomination.objects.values_list("pk", flat=True)) == [second.pk]


def test_consent_never_takes_a_phone_number(api_for, field_officer, call_tangsel, tangsel):
    nomination = nominate(call_tangsel, tangsel.app("bag"), None, consent=ConsentState.MISSING)
    answer = {"given": True, "channel": "whatsapp", "consent_by": "Ibu Sari 0812 3456 7890"}
    url = asked_url(call_tangsel, f"nominees/{nomination.pk}/consent/")
    response = api_for(field_officer).post(url, answer, format="json")
    assert response.status_code == 400
    assert "consent_by" in response.json()["error"]["fields"]
    nomination.refresh_from_db()
    assert (nomination.consent, nomination.consent_by) == (ConsentState.MISSING, "")


def test_a_nominee_of_another_office_is_not_found(
    api_for, admin_user, call_tangsel, call_tangerang, tangerang
):
    theirs = nominate(call_tangerang, tangerang.app("bag"), None)
    api = api_for(admin_user)
    assert api.get(asked_url(call_tangsel, f"nominees/{theirs.pk}/")).status_code == 404
    url = asked_url(call_tangsel, f"nominees/{theirs.pk}/consent/")
    answer = {"given": False, "channel": "phone", "consent_by": "Pak Joko"}
    assert api.post(url, answer, format="json").status_code == 404


def test_the_asked_endpoints_need_the_nominations_scope(api_for, admin_user, call_tangsel):
    response = api_for(admin_user, scopes=["exhibitions:read"]).get(TANGSEL)
    assert response.status_code == 403
    reader = api_for(admin_user, scopes=["nominations:read"])
    response = reader.post(asked_url(call_tangsel, "submit/"), {}, format="json")
    assert response.status_code == 403
    assert call_tangsel.__class__.objects.get(pk=call_tangsel.pk).submitted_at is None


def test_the_schema_has_the_nomination_paths(anonymous_api):
    paths = anonymous_api.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/o/{org_slug}/nominations/calls/",
        "/api/v1/o/{org_slug}/nominations/calls/{call_id}/nominees/",
        "/api/v1/o/{org_slug}/nominations/asked/{call_office_id}/candidates/",
        "/api/v1/o/{org_slug}/nominations/asked/{call_office_id}/nominees/{id}/consent/",
        "/api/v1/o/{org_slug}/nominations/asked/{call_office_id}/submit/",
    ):
        assert path in paths, path


def test_an_edit_read_before_the_call_closed_is_stale(api_for, province_admin, call):
    api = api_for(province_admin)
    etag = api.get(call_url(call))["ETag"]
    assert api.post(call_url(call, "close/")).status_code == 200
    stale = api.patch(call_url(call), {"title": "Lain"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert NominationCall.objects.get(pk=call.pk).title != "Lain"
