"""Entering many businesses into a call at once, from the registry list: the preview with its
refusals, the confirmation that writes exactly what was previewed, consent and the trail."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.outbox.models import Kind, Message
from kurasi.programmes.models import Application, ApplicationStatus
from kurasi.registry.models import Business

from ..factories import ApplicationFactory, BusinessFactory, ProductFactory, ProgrammeFactory
from ..registry.helpers import ORG

ENROL = reverse("programmes:enrol", args=[ORG])
CONFIRM = reverse("programmes:enrol_confirm", args=[ORG])
LIST = reverse("registry:business_list", args=[ORG])
NOTICE = settings.KURASI_PRIVACY_NOTICE_VERSION


def business(organisation, name, group=None, *, consent=True, products=1, **fields):
    """A business with `products` products of `group`, its owner's consent recorded or not."""
    made = BusinessFactory(
        organisation=organisation,
        name=name,
        consent_notice_version=NOTICE if consent else "",
        **fields,
    )
    for number in range(products):
        ProductFactory(business=made, group=group, name=f"{name} produk {number + 1}")
    return made


@pytest.fixture
def call(organisation, product_groups):
    """A call for bags and food only, with 3 places."""
    return ProgrammeFactory(
        organisation=organisation,
        title="Kurasi Produk IKM 2026",
        slug="kurasi-2026",
        quota=3,
        product_groups=[product_groups["tas"], product_groups["makanan"]],
    )


@pytest.fixture
def world(organisation, product_groups, call):
    """One business per outcome, named so that the list's order is A, B, C, …"""
    food, dress = product_groups["makanan"], product_groups["busana"]
    entered = business(organisation, "D Sudah Ikut", food)
    ApplicationFactory(
        programme=call,
        product=entered.products.get(),
        status=ApplicationStatus.SUBMITTED,
    )
    return {
        "enter": business(organisation, "A Keripik", food),
        "group": business(organisation, "B Batik", dress),
        "area": business(
            organisation,
            "C Luar Kota",
            food,
            district_code="32.76.01",
            village_code="32.76.01.1001",
        ),
        "entered": entered,
        "consent": business(organisation, "E Tanpa Persetujuan", food, consent=False),
        "empty": business(organisation, "F Tanpa Produk", products=0),
        "second": business(organisation, "G Sambal", food),
        "quota": business(organisation, "H Kue", food),
    }


def chosen(world, *keys):
    return [world[key].pk for key in (keys or world)]


def preview(client, businesses, **fields):
    data = {"business": businesses, **fields}
    return client.post(ENROL, data)


def choice(call, **fields):
    return {"programme": call.pk, "consent_basis": "recorded", "consent_note": "", **fields}


def outcomes(plan):
    return {(e.business_name, e.outcome, e.reason) for e in plan.entries}


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_preview_shows_each_refusal_with_its_reason(client_for, field_officer, call, world):
    response = preview(english(client_for(field_officer)), chosen(world), **choice(call))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert outcomes(plan) == {
        ("A Keripik", "create", ""),
        ("B Batik", "refused", "group"),
        ("C Luar Kota", "refused", "area"),
        ("D Sudah Ikut", "refused", "entered"),
        ("E Tanpa Persetujuan", "refused", "consent"),
        ("F Tanpa Produk", "refused", "no_product"),
        ("G Sambal", "create", ""),  # the second of the two places left
        ("H Kue", "refused", "quota"),
    }
    content = response.content.decode()
    for text in (
        "This call does not accept the product group Busana.",
        "This call is only open to producers in the office&#x27;s area.",
        "Already in this call (Submitted).",
        "The quota of 3 products for this call is full.",
        "consent to the current privacy notice is not recorded",
        "The business has no product in the registry.",
    ):
        assert text in content
    assert Application.objects.filter(programme=call).count() == 1  # nothing written


def test_preview_refuses_everything_when_registration_is_closed(
    client_for, field_officer, organisation, product_groups, world
):
    import datetime as dt

    from django.utils import timezone

    closed = ProgrammeFactory(
        organisation=organisation,
        registration_opens_at=timezone.now() - dt.timedelta(days=30),
        registration_closes_at=timezone.now() - dt.timedelta(days=1),
    )
    plan = preview(client_for(field_officer), chosen(world, "enter"), **choice(closed)).context[
        "plan"
    ]
    assert [(e.outcome, e.reason) for e in plan.entries] == [("refused", "closed")]


def test_confirm_creates_exactly_the_previewed_applications(client_for, field_officer, call, world):
    client = english(client_for(field_officer))
    plan = preview(client, chosen(world), **choice(call)).context["plan"]
    to_enter = {e.product_id for e in plan.entries if e.outcome == "create"}
    response = client.post(
        CONFIRM, {"business": chosen(world), **choice(call), "fingerprint": plan.fingerprint}
    )
    assert response.status_code == 302
    created = Application.objects.filter(programme=call, registered_by=field_officer)
    assert set(created.values_list("product_id", flat=True)) == to_enter
    assert {a.status for a in created} == {ApplicationStatus.SUBMITTED}
    assert all(a.submitted_at is not None and a.business_id for a in created)
    # The trail: one event per application, one for the run.
    events = AuditEvent.objects.filter(action="application.submitted", actor=field_officer)
    assert sorted(int(e.object_id) for e in events) == sorted(a.pk for a in created)
    run = AuditEvent.objects.get(action="programme.bulk_enrolled")
    assert run.changes["entered"] == [None, 2]
    assert run.changes["refused"] == [None, 6]
    assert {e.changes["enrolment"][1] for e in events} == {run.pk}
    # One "registration received" message per producer, through the outbox.
    messages = Message.objects.filter(kind=Kind.REGISTRATION_RECEIVED)
    assert sorted(m.business_id for m in messages) == sorted(
        [world["enter"].pk, world["second"].pk]
    )
    result = client.get(response.url)
    assert result.status_code == 200
    content = result.content.decode()
    assert "H Kue" in content
    assert "The quota of 3 products for this call is full." in content
    for application in created:
        assert (
            reverse("programmes:application_verify", args=[ORG, call.slug, application.pk])
            in content
        )


def test_confirm_writes_nothing_when_the_outcome_changed_since_the_preview(
    client_for, field_officer, call, world, product_groups
):
    client = english(client_for(field_officer))
    plan = preview(client, chosen(world), **choice(call)).context["plan"]
    # Meanwhile a producer registers on their own and takes a place of the quota.
    ApplicationFactory(
        programme=call,
        product__business__organisation=call.organisation,
        product__group=product_groups["tas"],
        status=ApplicationStatus.SUBMITTED,
    )
    before = Application.objects.count()
    response = client.post(
        CONFIRM, {"business": chosen(world), **choice(call), "fingerprint": plan.fingerprint}
    )
    assert response.status_code == 409
    assert Application.objects.count() == before
    assert not AuditEvent.objects.filter(action="programme.bulk_enrolled").exists()
    assert not Message.objects.exists()
    fresh = response.context["plan"]
    assert fresh.counts["create"] == 1  # one place left now
    assert "Something changed since the preview" in response.content.decode()


def test_confirm_without_a_preview_shows_the_preview(client_for, field_officer, call, world):
    response = client_for(field_officer).post(CONFIRM, {"business": chosen(world), **choice(call)})
    assert response.status_code == 409
    assert Application.objects.filter(programme=call).count() == 1


def test_consent_basis_records_consent_and_says_so_in_the_trail(
    client_for, field_officer, call, world
):
    client = client_for(field_officer)
    fields = choice(
        call, consent_basis="paper", consent_note="Formulir bertanda tangan, map IKM 2026"
    )
    plan = preview(client, chosen(world, "consent"), **fields).context["plan"]
    assert [(e.outcome, e.records_consent) for e in plan.entries] == [("create", True)]
    response = client.post(
        CONFIRM, {"business": chosen(world, "consent"), **fields, "fingerprint": plan.fingerprint}
    )
    assert response.status_code == 302
    owner = Business.objects.get(pk=world["consent"].pk)
    assert owner.consent_notice_version == NOTICE
    assert owner.consent_recorded_by == field_officer
    assert owner.consent_given_at is not None
    assert owner.revision == world["consent"].revision + 1  # an open edit form cannot undo it
    event = AuditEvent.objects.for_object(owner).get(action="business.consent_recorded")
    assert event.changes["consent_basis"] == [None, "paper"]
    assert event.changes["consent_notice_version"] == [None, NOTICE]
    assert event.reason == "Formulir bertanda tangan, map IKM 2026"
    # Businesses whose consent was recorded already are left as they were.
    assert AuditEvent.objects.filter(action="business.consent_recorded").count() == 1


def test_consent_basis_needs_where_the_evidence_is(client_for, field_officer, call, world):
    client = client_for(field_officer)
    fields = choice(call, consent_basis="in_person")
    response = preview(client, chosen(world, "consent"), **fields)
    assert response.context["form"].has_error("consent_note")
    assert response.context["plan"] is None
    response = client.post(
        CONFIRM, {"business": chosen(world, "consent"), **fields, "fingerprint": "x"}
    )
    assert response.status_code == 400
    assert not Application.objects.filter(product__business=world["consent"]).exists()
    assert Business.objects.get(pk=world["consent"].pk).consent_notice_version == ""


def test_a_draft_the_producer_started_is_sent(client_for, field_officer, call, world):
    product = world["enter"].products.get()
    draft = ApplicationFactory(programme=call, product=product, status=ApplicationStatus.DRAFT)
    client = client_for(field_officer)
    plan = preview(client, chosen(world, "enter"), **choice(call)).context["plan"]
    assert [(e.outcome, e.application_id) for e in plan.entries] == [("draft", draft.pk)]
    client.post(
        CONFIRM,
        {"business": chosen(world, "enter"), **choice(call), "fingerprint": plan.fingerprint},
    )
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED
    assert draft.submitted_at is not None
    assert Application.objects.filter(product=product).count() == 1


def test_all_matching_the_registry_search_keeps_the_search(
    client_for, admin_user, organisation, product_groups, call
):
    food = product_groups["makanan"]
    wanted = [business(organisation, f"Keripik {n}", food) for n in range(30)]
    business(organisation, "Batik Lain", food)
    client = client_for(admin_user)
    listed = client.post(LIST, {"q": "keripik"})
    query = listed.url.split("?", 1)[1]  # ?search=<key>: the search stays out of the address
    assert "keripik" not in query
    page = client.get(listed.url)
    assert page.context["page"].paginator.count == 30
    response = client.post(f"{ENROL}?{query}", {"all_matching": "on", **choice(call)})
    plan = response.context["plan"]
    assert {e.business_id for e in plan.entries} == {b.pk for b in wanted}
    assert response.context["selection"].count == 30
    confirmed = client.post(
        f"{CONFIRM}?{query}",
        {"all_matching": "on", **choice(call), "fingerprint": plan.fingerprint},
    )
    assert confirmed.status_code == 302
    # 3 places: the first three in the preview's order.
    assert Application.objects.filter(programme=call).count() == 3


def test_registry_list_offers_the_action_with_checkboxes(
    client_for, field_officer, organisation, product_groups
):
    made = business(organisation, "Keripik Bu Sri", product_groups["makanan"])
    content = client_for(field_officer).get(LIST).content.decode()
    assert f'name="business" value="{made.pk}"' in content
    assert f'action="{ENROL}"' in content
    assert 'name="all_matching"' in content


def test_with_one_open_call_the_preview_comes_at_once(client_for, field_officer, call, world):
    response = client_for(field_officer).post(ENROL, {"business": chosen(world, "enter")})
    assert response.status_code == 200
    assert response.context["plan"].programme == call


def test_nothing_chosen_goes_back_to_the_list(client_for, field_officer, call):
    response = client_for(field_officer).post(ENROL, {"business": ["999999"]})
    assert response.status_code == 302
    assert response.url == LIST


def test_another_offices_businesses_are_not_taken(
    client_for, field_officer, call, other_organisation, product_groups
):
    elsewhere = BusinessFactory(organisation=other_organisation, consent_notice_version=NOTICE)
    response = client_for(field_officer).post(ENROL, {"business": [elsewhere.pk], **choice(call)})
    assert response.status_code == 302  # nothing of this office chosen


def test_another_offices_call_cannot_be_chosen(
    client_for, field_officer, world, other_organisation
):
    theirs = ProgrammeFactory(organisation=other_organisation)
    response = preview(client_for(field_officer), chosen(world, "enter"), **choice(theirs))
    assert response.context["form"].has_error("programme")
    assert response.context["plan"] is None


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_enrolment_allowed_to_admins_and_field_officers(client_for, request, persona, call, world):
    client = client_for(request.getfixturevalue(persona))
    response = preview(client, chosen(world, "enter"), **choice(call))
    assert response.status_code == 200
    plan = response.context["plan"]
    confirmed = client.post(
        CONFIRM,
        {"business": chosen(world, "enter"), **choice(call), "fingerprint": plan.fingerprint},
    )
    assert confirmed.status_code == 302
    assert client.get(confirmed.url).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_enrolment_refused_to_others(client_for, request, persona, status, call, world):
    client = client_for(request.getfixturevalue(persona))
    assert preview(client, chosen(world, "enter"), **choice(call)).status_code == status
    response = client.post(
        CONFIRM, {"business": chosen(world, "enter"), **choice(call), "fingerprint": "x"}
    )
    assert response.status_code == status
    assert Application.objects.filter(programme=call).count() == 1


def test_result_page_is_the_offices_only(
    client_for, field_officer, outsider, call, world, other_organisation
):
    client = client_for(field_officer)
    plan = preview(client, chosen(world, "enter"), **choice(call)).context["plan"]
    done = client.post(
        CONFIRM,
        {"business": chosen(world, "enter"), **choice(call), "fingerprint": plan.fingerprint},
    )
    token = done.url.rstrip("/").rsplit("/", 1)[1]
    assert client_for(outsider).get(done.url).status_code == 404
    # The same token under the outsider's own office names nothing there.
    theirs = reverse("programmes:enrol_result", args=[other_organisation.slug, token])
    assert client_for(outsider).get(theirs).status_code == 404


def count(client, url, data):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
        assert response.status_code in (200, 302)
    return len(queries)


def test_preview_and_confirm_query_counts_do_not_grow_with_businesses(
    client_for, field_officer, organisation, product_groups, call
):
    call.quota = None
    call.save()
    client = client_for(field_officer)
    food = product_groups["makanan"]
    few = [business(organisation, f"Sedikit {n}", food, consent=n % 2 == 0).pk for n in range(2)]
    many = [
        business(organisation, f"Banyak {n}", food, consent=n % 2 == 0, products=2).pk
        for n in range(20)
    ]
    fields = choice(call, consent_basis="paper", consent_note="Map IKM")
    assert count(client, ENROL, {"business": few, **fields}) == count(
        client, ENROL, {"business": many, **fields}
    )

    def confirm(ids):
        plan = client.post(ENROL, {"business": ids, **fields}).context["plan"]
        return count(client, CONFIRM, {"business": ids, **fields, "fingerprint": plan.fingerprint})

    assert confirm(few) == confirm(many)
    assert Application.objects.filter(programme=call).count() == 42
