"""Booths reserved for product groups (issue 17: food went to a craft booth): the solver, the
waiting list and the undo of a decline never give a reserved booth to another group; the
reservation combines with the booth's features; the setup form edits it and the page shows it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kurasi.audit.models import AuditEvent
from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions.allocation import BoothType, Candidate, Exhibition, Problem, solve
from kurasi.exhibitions.invitations import send_invitations
from kurasi.exhibitions.models import Allocation, BoothNeeds
from kurasi.exhibitions.models import BoothType as BoothTypeRow
from kurasi.exhibitions.services import run_allocation
from kurasi.registry.models import Product

from ..factories import ApplicationFactory, BusinessFactory, ProductFactory, ProductGroupFactory
from .test_allocation import broken_rules, brute_force, value

WIB = ZoneInfo("Asia/Jakarta")
GROUPS = ["food", "bags"]
FEATURES = [frozenset(), frozenset({"power"}), frozenset({"cold"})]
RESERVATIONS = [frozenset(), frozenset({"food"}), frozenset({"bags"})]


def reserved_for_others(problem, placed):
    """Places in a booth reserved for a group other than the product's."""
    candidates = {c.key: c for c in problem.candidates}
    booths = {(e.key, b.key): b for e in problem.exhibitions for b in e.booth_types}
    return [
        (ck, ek)
        for (ck, ek), bk in placed.items()
        if booths[(ek, bk)].groups and candidates[ck].group not in booths[(ek, bk)].groups
    ]


@st.composite
def reserved_problems(draw):
    """One or two exhibitions whose booth types may be reserved for a group (and have features);
    a few candidates of both groups with needs."""
    exhibitions = []
    for i in range(draw(st.integers(1, 2))):
        start = dt.date(2017, 10, 11) + dt.timedelta(days=draw(st.sampled_from([0, 10])) * i)
        types = tuple(
            BoothType(
                f"b{j}",
                draw(st.integers(0, 2)),
                draw(st.sampled_from(FEATURES)),
                draw(st.sampled_from(RESERVATIONS)),
            )
            for j in range(draw(st.integers(1, 2)))
        )
        exhibitions.append(
            Exhibition(
                key=f"e{i}",
                start=start,
                end=start + dt.timedelta(days=4),
                booth_types=types,
                group_min={g: draw(st.integers(0, 1)) for g in GROUPS},
            )
        )
    candidates = tuple(
        Candidate(
            key=c,
            business=draw(st.integers(0, 3)),
            group=draw(st.sampled_from(GROUPS)),
            score=draw(st.integers(1, 100)),
            needs=draw(st.sampled_from(FEATURES)),
        )
        for c in range(draw(st.integers(0, 5)))
    )
    return Problem(candidates=candidates, exhibitions=tuple(exhibitions))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reserved_problems())
def test_solver_never_places_a_product_in_a_booth_reserved_for_another_group(problem):
    solution = solve(problem)
    best = brute_force(problem)  # brute force keeps every rule, reservations included
    if best is None:
        assert not solution.feasible
        return
    assert solution.feasible, solution.problems
    assert reserved_for_others(problem, solution.placed) == []
    assert not broken_rules(problem, solution.placed)
    assert abs(value(problem, solution.placed) - best) < 1e-6


def test_solver_gives_the_food_booth_to_food_even_with_a_lower_score():
    show = Exhibition(
        "tei",
        dt.date(2017, 10, 11),
        dt.date(2017, 10, 15),
        booth_types=(BoothType("food", 1, frozenset({"cold"}), frozenset({"food"})),),
    )
    craft = Candidate("bag", business=1, group="bags", score=95)
    food = Candidate("sambal", business=2, group="food", score=60, needs=frozenset({"cold"}))
    solution = solve(Problem((craft, food), (show,)))
    assert solution.placed == {("sambal", "tei"): "food"}
    outcome = solution.outcomes[("bag", "tei")]
    assert (outcome.code, outcome.params) == ("no_booth", {"needs": [], "reserved": True})


def test_solver_reservation_and_features_must_both_fit():
    """A cold booth reserved for food: not for cold bags, nor for food that needs power."""
    show = Exhibition(
        "tei",
        dt.date(2017, 10, 11),
        dt.date(2017, 10, 15),
        booth_types=(BoothType("cold", 3, frozenset({"cold"}), frozenset({"food"})),),
    )
    people = (
        Candidate("cold-bag", business=1, group="bags", score=99, needs=frozenset({"cold"})),
        Candidate("blender", business=2, group="food", score=98, needs=frozenset({"power"})),
        Candidate("ice", business=3, group="food", score=50, needs=frozenset({"cold"})),
        Candidate("chips", business=4, group="food", score=40),
    )
    solution = solve(Problem(people, (show,)))
    assert set(solution.placed) == {("ice", "tei"), ("chips", "tei")}
    assert solution.outcomes[("blender", "tei")].params == {"needs": ["power"]}


# Through the pages and the database: the office's exhibition with one open booth and one kept
# for food (makanan).


@pytest.fixture
def food_show(exhibition, product_groups, organisation):
    """The fixture's TEI (Siti's bag 92, Budi's bag 88, one open booth "Standar") with a food
    booth for makanan and two food products: Sambal (70) and Kerupuk (60)."""
    food = BoothTypeRow.objects.create(exhibition=exhibition, label="Pangan", count=1)
    food.reserved_for.set([product_groups["makanan"]])
    band = Decision.objects.first().band
    for name, score in (("Sambal", 70), ("Kerupuk", 60)):
        business = BusinessFactory(organisation=organisation, name=f"Usaha {name}")
        product = ProductFactory(business=business, group=product_groups["makanan"], name=name)
        application = ApplicationFactory(
            programme=exhibition.programme, product=product, status="verified"
        )
        Decision.objects.create(
            application=application,
            band=band,
            score_snapshot={"mean": score},
            decided_at=dt.datetime(2017, 9, 22, tzinfo=dt.UTC),
        )
    return exhibition


def places(exhibition):
    return {
        a.application.product.name: (a.status, a.booth_type.label if a.booth_type else None)
        for a in Allocation.objects.filter(exhibition=exhibition).select_related(
            "application__product", "booth_type"
        )
    }


def staff_decline(client, allocation):
    e = allocation.exhibition
    url = reverse("exhibitions:record_answer", args=[e.organisation.slug, e.pk, allocation.pk])
    answer = {
        "answer": "no",
        "answered_by": "Pak Sambal",
        "channel": "phone",
        "answered_at": timezone.localtime(timezone.now(), WIB).strftime("%Y-%m-%dT%H:%M"),
        "confirm_decline": "on",
    }
    assert client.post(url, answer).status_code == 302


def allocate(client, exhibition):
    slug = exhibition.organisation.slug
    response = client.post(reverse("exhibitions:allocate", args=[slug, exhibition.pk]))
    assert response.status_code == 302


def test_allocation_keeps_the_food_booth_for_food(client_for, admin_user, food_show):
    allocate(client_for(admin_user), food_show)
    assert places(food_show) == {
        "Tas Siti": ("proposed", "Standar"),
        "Tas Budi": ("waitlisted", None),
        "Sambal": ("proposed", "Pangan"),
        "Kerupuk": ("waitlisted", None),
    }


def test_waiting_list_refill_never_gives_the_food_booth_to_a_bag(
    client_for, admin_user, producer, other_producer, food_show
):
    """Sambal declines: Budi's bag waits first (88 > 60) but the free booth is kept for food,
    so Kerupuk is invited; then Siti declines and Budi gets the open booth."""
    allocate(client_for(admin_user), food_show)
    send_invitations(actor=admin_user, exhibition=food_show, notify=False)
    sambal = Allocation.objects.get(application__product__name="Sambal")
    staff_decline(client_for(admin_user), sambal)  # Sambal's business has no account
    assert places(food_show)["Sambal"] == ("declined", None)
    assert places(food_show)["Kerupuk"] == ("invited", "Pangan")
    assert places(food_show)["Tas Budi"] == ("waitlisted", None)

    siti = Allocation.objects.get(business__owner=producer)
    client_for(producer).post(
        reverse("exhibitions:my_decline", args=[siti.pk]), {"confirm_decline": "on"}
    )
    assert places(food_show)["Tas Budi"] == ("invited", "Standar")


def test_waiting_list_leaves_a_reserved_booth_empty_rather_than_give_it_away(
    client_for, admin_user, producer, product_groups, exhibition
):
    """Only bags wait: when the food booth's place comes free nobody gets it."""
    exhibition.booth_types.update(count=1)
    booth = BoothTypeRow.objects.create(exhibition=exhibition, label="Pangan", count=1)
    booth.reserved_for.set([product_groups["makanan"]])
    allocate(client_for(admin_user), exhibition)
    send_invitations(actor=admin_user, exhibition=exhibition, notify=False)
    siti = Allocation.objects.get(business__owner=producer)
    client_for(producer).post(
        reverse("exhibitions:my_decline", args=[siti.pk]), {"confirm_decline": "on"}
    )
    # Budi's bag takes Siti's open booth; the food booth stays empty.
    assert places(exhibition) == {
        "Tas Siti": ("declined", None),
        "Tas Budi": ("invited", "Standar"),
    }


def test_cold_booth_reserved_for_food_needs_both(client_for, admin_user, product_groups, food_show):
    """The food booth gains cold storage and Sambal needs power: neither booth fits it."""
    BoothTypeRow.objects.filter(label="Pangan").update(cold_storage=True)
    product = Product.objects.get(name="Sambal")
    BoothNeeds.objects.create(product=product, power=True)
    allocate(client_for(admin_user), food_show)
    sambal = Allocation.objects.get(application__product=product)
    assert (sambal.status, sambal.reason) == ("out", "no_booth")
    assert places(food_show)["Kerupuk"] == ("proposed", "Pangan")


def test_setup_form_reserves_booths_and_the_page_shows_it(
    client_for, admin_user, field_officer, product_groups, exhibition, other_organisation
):
    booth = exhibition.booth_types.get()
    slug = exhibition.organisation.slug
    url = reverse("exhibitions:booth_edit", args=[slug, exhibition.pk, booth.pk])
    form = {"label": "Standar", "count": 1, "size": "", "revision": booth.revision}
    data = {**form, "reserved_for": [product_groups["tas"].pk, product_groups["busana"].pk]}
    assert client_for(admin_user).post(url, data).status_code == 302
    assert {g.code for g in booth.reserved_for.all()} == {"tas", "busana"}
    event = AuditEvent.objects.filter(action="exhibition.booth_saved").latest("id")
    assert event.changes["reserved_for"] == [None, ["Busana", "Tas"]]
    page = client_for(field_officer).get(exhibition.get_absolute_url()).content.decode()
    assert "Busana, Tas" in page
    # A group of another office cannot be chosen.
    stranger = ProductGroupFactory(organisation=other_organisation, code="tas")
    booth.refresh_from_db()
    data = {**form, "revision": booth.revision, "reserved_for": [stranger.pk]}
    assert client_for(admin_user).post(url, data).status_code == 200
    assert {g.code for g in booth.reserved_for.all()} == {"tas", "busana"}
    assert not booth.reserved_for.filter(pk=stranger.pk).exists()


def test_setup_refuses_to_reserve_a_booth_held_by_another_group(
    client_for, admin_user, product_groups, exhibition
):
    run_allocation(actor=admin_user, exhibition=exhibition)  # Siti's bag holds the booth
    booth = exhibition.booth_types.get()
    url = reverse(
        "exhibitions:booth_edit", args=[exhibition.organisation.slug, exhibition.pk, booth.pk]
    )
    data = {
        "label": "Standar",
        "count": 1,
        "revision": booth.revision,
        "reserved_for": [product_groups["makanan"].pk],
    }
    response = client_for(admin_user).post(url, data)
    assert response.status_code == 200
    assert "sudah dipegang produk kelompok lain" in response.content.decode()
    assert not booth.reserved_for.exists()


def test_booth_added_with_a_reservation(client_for, admin_user, product_groups, exhibition):
    url = reverse("exhibitions:booth_add", args=[exhibition.organisation.slug, exhibition.pk])
    data = {
        "booth-label": "Pangan",
        "booth-count": 2,
        "booth-cold_storage": "on",
        "booth-reserved_for": [product_groups["makanan"].pk],
    }
    assert client_for(admin_user).post(url, data).status_code == 302
    booth = exhibition.booth_types.get(label="Pangan")
    assert [g.code for g in booth.reserved_for.all()] == ["makanan"]
    assert booth.cold_storage
