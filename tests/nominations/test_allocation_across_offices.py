"""The organiser allocates its exhibition across the offices below: the candidates are the call's
shared nominees only, each office's quota and minimum are kept, and only the organiser's admin
runs it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions import invitations
from kurasi.exhibitions.models import Allocation, AllocationStatus, Availability
from kurasi.exhibitions.reasons import reason_text
from kurasi.exhibitions.services import problem_sentences, run_allocation
from kurasi.lib.answers import AnswerRecord, Channel
from kurasi.nominations.models import CallOffice

from . import nominees

lists = nominees.lists  # the offices' lists (a fixture)


def _places(exhibition):
    return dict(
        Allocation.objects.filter(exhibition=exhibition).values_list("application_id", "status")
    )


def test_only_shared_nominees_are_candidates_and_each_office_keeps_its_quota(
    banten_expo, call_tangsel, tangsel, tangerang, province_admin, lists
):
    call_tangsel.quota = 1
    call_tangsel.save(update_fields=["quota"])
    solution = run_allocation(actor=province_admin, exhibition=banten_expo)
    assert solution.feasible, solution.problems
    places = _places(banten_expo)
    # The held-back nominee and the producers nobody nominated are not candidates at all.
    assert tangsel.app("food_no_halal").pk not in places
    assert tangsel.app("failed").pk not in places
    assert places[tangsel.app("bag").pk] == AllocationStatus.PROPOSED
    assert places[tangsel.app("food_halal").pk] == AllocationStatus.WAITLISTED
    for key in ("carving", "bag", "food_halal"):
        assert places[tangerang.app(key).pk] == AllocationStatus.PROPOSED
    waiting = Allocation.objects.get(exhibition=banten_expo, application=tangsel.app("food_halal"))
    assert waiting.reason == "office_max"
    assert "1" in reason_text(waiting)
    assert waiting.score == 72


def test_an_offices_minimum_gives_it_a_place_before_higher_scores_elsewhere(
    banten_expo, call_tangsel, call_tangerang, tangsel, tangerang, province_admin, lists
):
    banten_expo.booth_types.filter(label="Kuliner").delete()
    banten_expo.booth_types.update(count=2)
    run_allocation(actor=province_admin, exhibition=banten_expo)
    places = _places(banten_expo)
    proposed = {app for app, status in places.items() if status == AllocationStatus.PROPOSED}
    # Tangerang's carving (90) and bag (88) would take both booths; Tangsel's minimum is 1.
    assert proposed == {tangerang.app("carving").pk, tangsel.app("bag").pk}
    assert places[tangerang.app("bag").pk] == AllocationStatus.WAITLISTED


def test_a_minimum_above_an_offices_nominees_is_explained(
    banten_expo, call_tangsel, province_admin, lists
):
    call_tangsel.quota = call_tangsel.minimum = 3
    call_tangsel.save(update_fields=["quota", "minimum"])
    solution = run_allocation(actor=province_admin, exhibition=banten_expo)
    assert not solution.feasible
    sentences = problem_sentences(solution.problems)
    assert any(call_tangsel.office.name in s and "3" in s for s in sentences), sentences


def test_a_nominee_who_cannot_attend_gets_no_place(banten_expo, tangerang, province_admin, lists):
    Availability.objects.create(
        exhibition=banten_expo, business=tangerang.app("carving").product.business, available=False
    )
    run_allocation(actor=province_admin, exhibition=banten_expo)
    assert _places(banten_expo).get(tangerang.app("carving").pk) != AllocationStatus.PROPOSED
    assert _places(banten_expo)[tangerang.app("bag").pk] == AllocationStatus.PROPOSED


def test_the_organisers_admin_allocates_from_the_exhibition_page(
    client_for, banten_expo, province, province_admin, tangsel, lists
):
    url = reverse("exhibitions:allocate", args=[province.slug, banten_expo.pk])
    response = client_for(province_admin).post(url)
    assert response.status_code == 302
    assert Allocation.objects.filter(exhibition=banten_expo).exists()


@pytest.mark.parametrize("who", ["admin", "officer"])
def test_a_lower_office_cannot_run_the_organisers_allocation(
    client_for, banten_expo, province, tangsel, lists, who
):
    url = reverse("exhibitions:allocate", args=[province.slug, banten_expo.pk])
    response = client_for(getattr(tangsel, who)).post(url)
    assert response.status_code == 404
    assert not Allocation.objects.filter(exhibition=banten_expo).exists()


def test_the_organisers_field_officer_cannot_run_the_allocation(
    client_for, banten_expo, province, province_officer, lists
):
    url = reverse("exhibitions:allocate", args=[province.slug, banten_expo.pk])
    assert client_for(province_officer).post(url).status_code == 403
    assert not Allocation.objects.filter(exhibition=banten_expo).exists()


def test_the_waiting_list_keeps_the_offices_quota_when_a_place_comes_free(
    banten_expo, call, call_tangsel, tangsel, tangerang, province_admin, lists
):
    """Three booths; Tangsel may have one place. Tangsel's halal food (80) waits first in line,
    but when Tangerang's bag declines, the place goes to Tangerang's halal food (72)."""
    banten_expo.booth_types.filter(label="Kuliner").delete()
    banten_expo.booth_types.update(count=3)
    CallOffice.objects.filter(call=call).update(minimum=0)
    CallOffice.objects.filter(pk=call_tangsel.pk).update(quota=1)
    Decision.objects.filter(application=tangsel.app("food_halal")).update(
        score_snapshot={"mean": 80}
    )
    run_allocation(actor=province_admin, exhibition=banten_expo)
    invitations.send_invitations(actor=province_admin, exhibition=banten_expo, notify=False)
    places = _places(banten_expo)
    assert places[tangsel.app("food_halal").pk] == AllocationStatus.WAITLISTED
    bag = Allocation.objects.get(exhibition=banten_expo, application=tangerang.app("bag"))
    invitations.respond(
        actor=tangerang.officer,
        allocation=bag,
        accept=False,
        for_producer=True,
        record=AnswerRecord(
            answered_by="Pak Joko", channel=Channel.PHONE, answered_at=timezone.now()
        ),
    )
    places = _places(banten_expo)
    assert places[tangsel.app("food_halal").pk] == AllocationStatus.WAITLISTED
    assert places[tangerang.app("food_halal").pk] == AllocationStatus.INVITED


def test_a_nominee_taken_off_her_offices_list_loses_her_proposed_place_at_the_next_run(
    banten_expo, call_tangsel, tangsel, tangerang, province_admin, lists
):
    """No stale proposal holds a booth: her row goes with her nomination, and the booth goes to
    the next; an invited nominee's row would stay (the run never touches answers)."""
    run_allocation(actor=province_admin, exhibition=banten_expo)
    bag = tangsel.app("bag")
    assert _places(banten_expo)[bag.pk] == AllocationStatus.PROPOSED
    call_tangsel.nominations.get(application=bag).delete()
    run_allocation(actor=province_admin, exhibition=banten_expo)
    places = _places(banten_expo)
    assert bag.pk not in places
    assert places[tangsel.app("food_halal").pk] == AllocationStatus.PROPOSED
