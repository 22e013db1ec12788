"""Kept results patched after saves (kurasi/curation/results_cache.py) equal a full computation,
and the results page's sizes keep their query counts."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.curation import decisions, results_cache
from kurasi.curation.models import Assignment
from kurasi.curation.results import compute_results
from kurasi.curation.services import save_assessment, start_assessment

from .bulk import add_scored_applications
from .conftest import results_url, rubric_of


@pytest.fixture(autouse=True)
def nothing_kept():
    results_cache._kept.clear()  # a programme id of an earlier test's rolled-back data
    yield
    results_cache._kept.clear()


def comparable(results):
    return [
        (
            r.application.pk,
            r.rank,
            r.pending,
            r.mean,
            r.median,
            r.spread,
            r.calibrated_mean,
            r.disagreement,
            [(s.curator_id, s.name, s.raw, s.calibrated) for s in r.scores],
            [(v.key, v.mean, v.minimum) for v in r.vetoes],
            [(f.certificate_type_id, f.held, f.is_gate) for f in r.legality],
            r.proposed_band and r.proposed_band.pk,
            r.capped,
            r.appeal_open,
            r.absent,
            r.decision and (r.decision.pk, r.decision.band_id),
        )
        for r in results.rows
    ]


def kept_after(programme):
    with CaptureQueriesContext(connection) as queries:
        kept = results_cache.cached_results(programme)
    return kept, len(queries)


def save(rng, assignment, rubric, *, submit):
    assessment = start_assessment(actor=assignment.curator, assignment=assignment)
    scores = {
        c.key: {"value": rng.randint(rubric.scale_min, rubric.scale_max)}
        for c in rubric.criteria.all()
    }
    save_assessment(actor=assignment.curator, assessment=assessment, scores=scores, submit=submit)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kept_results_after_random_saves_equal_a_full_computation(
    seed, programme, product_groups, bands, curators, admin_user
):
    rng = random.Random(seed)
    rubric = rubric_of(programme)
    add_scored_applications(programme, product_groups["makanan"], rubric, curators, 12, seed=seed)
    waiting = add_scored_applications(
        programme, product_groups["makanan"], rubric, curators[:1], 8, seed=seed + 10
    )
    # Curators still to score the last 8 applications: assigned, no assessment yet.
    Assignment.objects.bulk_create(
        Assignment(application=a, curator=c) for a in waiting for c in curators[1:]
    )
    _, cold_queries = kept_after(programme)
    to_score = list(Assignment.objects.filter(application__in=waiting, curator__in=curators[1:]))
    rng.shuffle(to_score)
    for step, assignment in enumerate(to_score):
        save(rng, assignment, rubric, submit=rng.random() < 0.7)
        if step % 4 == 3:  # now and then the office decides a product between saves
            decisions.decide(
                actor=admin_user,
                programme=programme,
                application_ids=[rng.choice(waiting).pk],
            )
        kept, queries = kept_after(programme)
        assert comparable(kept) == comparable(compute_results(programme))
        assert queries < cold_queries  # patched, not computed afresh


def test_kept_results_follow_a_draft_saved_twice_and_submitted(
    programme, product_groups, bands, curators
):
    rng = random.Random(5)
    rubric = rubric_of(programme)
    add_scored_applications(programme, product_groups["makanan"], rubric, curators[:2], 5)
    assignment = Assignment.objects.create(
        application=programme.applications.first(), curator=curators[2]
    )
    kept_after(programme)
    for submit in (False, False, True):
        save(rng, assignment, rubric, submit=submit)
        kept, _ = kept_after(programme)
        assert comparable(kept) == comparable(compute_results(programme))
    assert len(kept.by_application()[assignment.application_id].scores) == 3


def print_url(programme, suffix=""):
    return (
        reverse("curation:results_print", args=[programme.organisation.slug, programme.slug])
        + suffix
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize(("size", "shown"), [("", 50), ("100", 100), ("250", 250), ("all", 260)])
def test_results_page_shows_the_chosen_number_of_rows(
    size, shown, client_for, admin_user, programme, product_groups, bands, curators
):
    add_scored_applications(
        programme, product_groups["makanan"], rubric_of(programme), curators, 260
    )
    response = client_for(admin_user).get(results_url(programme, f"?size={size}"))
    assert len(response.context["page"].object_list) == shown
    assert response.content.decode().count('name="applications"') == shown
    assert f'<option value="{size}" selected>' in response.content.decode()


def test_results_page_keeps_the_size_in_its_page_links(
    client_for, admin_user, programme, product_groups, bands, curators
):
    add_scored_applications(
        programme, product_groups["makanan"], rubric_of(programme), curators, 120
    )
    response = client_for(admin_user).get(results_url(programme, "?size=100&status=undecided"))
    page = response.content.decode()
    assert "?status=undecided&amp;size=100&amp;page=2" in page
    assert 'name="filter_size" value="100"' in page
    assert print_url(programme, "?status=undecided&amp;size=100") in page


def test_results_page_runs_the_same_queries_at_every_size(
    client_for, admin_user, programme, product_groups, bands, curators
):
    client = client_for(admin_user)
    add_scored_applications(
        programme, product_groups["makanan"], rubric_of(programme), curators, 300
    )
    client.get(results_url(programme))  # the results kept
    counts = {
        size: count_queries(client, results_url(programme, f"?size={size}"))[0]
        for size in ("", "100", "250", "all")
    }
    assert len(set(counts.values())) == 1, counts


def test_print_view_lists_every_row_of_the_filters(
    client_for, admin_user, programme, product_groups, bands, curators
):
    client = client_for(admin_user)
    add_scored_applications(
        programme, product_groups["makanan"], rubric_of(programme), curators, 70
    )
    few, response = count_queries(client, print_url(programme))
    assert response.context["count"] == 70
    page = response.content.decode()
    assert page.count("<tr>") == 71  # a heading row and every product, not a page of 50
    assert "site-header" not in page  # no navigation on paper
    assert "Produk Massal" in page
    add_scored_applications(
        programme, product_groups["makanan"], rubric_of(programme), curators, 30, seed=4
    )
    many, response = count_queries(client, print_url(programme, "?status=decided"))
    assert response.context["count"] == 0
    assert many == few


def test_print_view_is_for_the_office_staff_only(
    client_for, admin_user, field_officer, curator, producer, outsider, programme
):
    assert client_for(admin_user).get(print_url(programme)).status_code == 200
    assert client_for(field_officer).get(print_url(programme)).status_code == 200
    for refused in (curator, producer, outsider):
        assert client_for(refused).get(print_url(programme)).status_code in (403, 404)


def assignments_url(programme, suffix=""):
    return (
        reverse("curation:assignments", args=[programme.organisation.slug, programme.pk]) + suffix
    )


def test_assignment_page_shows_products_a_page_at_a_time_with_the_same_queries(
    client_for, admin_user, programme, product_groups, curators
):
    client = client_for(admin_user)
    rubric = rubric_of(programme)
    add_scored_applications(programme, product_groups["makanan"], rubric, curators, 10)
    few, response = count_queries(client, assignments_url(programme))
    assert len(response.context["applications"]) == 10
    add_scored_applications(programme, product_groups["makanan"], rubric, curators, 240, seed=2)
    many, response = count_queries(client, assignments_url(programme, "?page=3"))
    page = response.content.decode()
    assert len(response.context["applications"]) == 50  # 250 products, 100 a page
    assert (response.context["page"].number, response.context["page"].paginator.num_pages) == (3, 3)
    # Hand assignment still offers every product, not only this page's.
    assert page.count('<option value="') >= 250
    assert many == few


def test_assignment_page_hand_form_assigns_a_product_of_any_page(
    client_for, admin_user, programme, product_groups, curators
):
    applications = add_scored_applications(
        programme, product_groups["makanan"], rubric_of(programme), curators[:1], 120
    )
    last = applications[-1]
    client = client_for(admin_user)
    page = client.get(assignments_url(programme)).content.decode()
    assert f'<option value="{last.pk}">{last.product.name} · {last.product.business.name}' in page
    client.post(
        reverse("curation:assignment_add", args=[programme.organisation.slug, programme.pk]),
        {"application": last.pk, "curator": curators[1].pk},
    )
    assert set(last.assignments.values_list("curator_id", flat=True)) == {
        curators[0].pk,
        curators[1].pk,
    }
