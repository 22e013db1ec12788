"""The curator's day (issue 17 item 2): a queue per programme in the schedule's order, progress,
submitted work folded away, past programmes apart, and the next product after each submission."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kurasi.curation.models import Assessment, Assignment, ProgrammeRubric
from kurasi.curation.services_day import check_in, place_application, save_session, save_table
from kurasi.programmes.models import ProgrammeStatus

from ..factories import (
    ApplicationFactory,
    BusinessFactory,
    MembershipFactory,
    ProductFactory,
    ProgrammeFactory,
)
from .conftest import full_scores

SLUG = "disperindag-tangsel"
QUEUE = reverse("curation:queue", args=[SLUG])


def score_url(assignment):
    return reverse("curation:score", args=[SLUG, assignment.pk])


def assign(programme, group, curator, name):
    product = ProductFactory(
        business=BusinessFactory(organisation=programme.organisation), group=group, name=name
    )
    application = ApplicationFactory(programme=programme, product=product)
    return Assignment.objects.create(application=application, curator=curator)


@pytest.fixture
def rubric_for(food_rubric, product_groups):
    def attach(programme):
        ProgrammeRubric.objects.create(
            programme=programme, product_group=product_groups["makanan"], rubric=food_rubric
        )
        return programme

    return attach


@pytest.fixture
def today_session(admin_user, open_programme, rubric_for):
    rubric_for(open_programme)
    return save_session(
        actor=admin_user,
        programme=open_programme,
        values={
            "date": timezone.localdate(),
            "place": "Aula Dinas",
            "starts_at": dt.time(8, 0),
            "ends_at": dt.time(12, 0),
            "slot_minutes": 15,
            "grace_minutes": 30,
        },
    )


@pytest.fixture
def schedule(admin_user, curator, today_session, product_groups):
    """Five products for the curator: four on the schedule (two tables), one not scheduled."""
    session, food = today_session, product_groups["makanan"]
    table_a = save_table(actor=admin_user, session=session, name="Meja A", curators=[curator])
    colleague = MembershipFactory(organisation=session.programme.organisation, role="curator").user
    table_b = save_table(actor=admin_user, session=session, name="Meja B", curators=[colleague])
    at = session.slot_times()
    made = {}
    for name, table, time in [
        ("Keripik", table_b, at[2]),
        ("Dodol", table_a, at[0]),
        ("Sambal", table_b, at[0]),
        ("Bolu", table_a, at[1]),
    ]:
        made[name] = assign(session.programme, food, curator, name)
        place_application(
            actor=admin_user,
            session=session,
            application=made[name].application,
            table=table,
            starts_at=time,
        )
    made["Abon"] = assign(session.programme, food, curator, "Abon")  # not scheduled
    return made


def names(assignments):
    return [a.product_name for a in assignments]


def test_queue_order_follows_the_schedule(client_for, curator, schedule, field_officer):
    check_in(actor=field_officer, application=schedule["Bolu"].application)
    response = client_for(curator).get(QUEUE)
    [day] = response.context["queues"]
    # Time first, then table; the product not on the schedule last.
    assert names(day.to_score) == ["Dodol", "Sambal", "Bolu", "Keripik", "Abon"]
    content = response.content.decode()
    positions = [
        content.index(f'data-application="{schedule[n].application_id}"')
        for n in ["Dodol", "Sambal", "Bolu", "Keripik", "Abon"]
    ]
    assert positions == sorted(positions)
    bolu = next(a for a in day.to_score if a.product_name == "Bolu")
    assert bolu.table_name == "Meja A"
    assert timezone.localtime(bolu.slot_at).time() == dt.time(8, 15)
    assert bolu.sample_code
    assert bolu.sample_code in content


def test_queue_shows_progress_and_folds_submitted_work(client_for, curator, schedule, food_rubric):
    client = client_for(curator)
    client.post(score_url(schedule["Dodol"]), {**full_scores(food_rubric, 4), "action": "submit"})
    response = client.get(QUEUE)
    [day] = response.context["queues"]
    assert (day.scored, day.total) == (1, 5)
    assert names(day.submitted) == ["Dodol"]
    assert "Dodol" not in names(day.to_score)
    content = response.content.decode()
    assert "1 dari 5 dinilai" in content
    folded = content[content.index('class="queue-folded queue-done"') :]
    assert "Dodol" in folded


def test_past_programmes_are_kept_apart(
    client_for, curator, schedule, organisation, product_groups, rubric_for, food_rubric
):
    last_year = rubric_for(
        ProgrammeFactory(
            organisation=organisation,
            title="Kurasi 2025",
            year=2025,
            status=ProgrammeStatus.FINISHED,
        )
    )
    old = assign(last_year, product_groups["makanan"], curator, "Kue Lapis Lama")
    client = client_for(curator)
    client.post(score_url(old), {**full_scores(food_rubric, 3), "action": "submit"})

    response = client.get(QUEUE)
    assert [q.programme for q in response.context["queues"]] == [
        schedule["Dodol"].application.programme
    ]
    assert [q.programme for q in response.context["past"]] == [last_year]
    content = response.content.decode()
    assert "Kue Lapis Lama" not in content
    assert f"?programme={last_year.pk}" in content

    earlier = client.get(QUEUE, {"programme": last_year.pk})
    [shown] = earlier.context["queues"]
    assert names(shown.submitted) == ["Kue Lapis Lama"]


def test_submit_goes_to_the_next_product_in_slot_order(client_for, curator, schedule, food_rubric):
    client = client_for(curator)
    response = client.post(
        score_url(schedule["Dodol"]), {**full_scores(food_rubric, 4), "action": "submit"}
    )
    assert response.status_code == 302
    assert response["Location"] == score_url(schedule["Sambal"])
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "Tersimpan. Produk berikutnya: Sambal"


def test_skipped_product_comes_round_again_and_last_submission_says_all_done(
    client_for, curator, schedule, food_rubric
):
    client = client_for(curator)
    order = ["Sambal", "Bolu", "Keripik", "Abon"]  # Dodol skipped (its producer is late)
    for this, following in zip(order, [*order[1:], "Dodol"], strict=True):
        response = client.post(
            score_url(schedule[this]), {**full_scores(food_rubric, 4), "action": "submit"}
        )
        assert response["Location"] == score_url(schedule[following])
    response = client.post(
        score_url(schedule["Dodol"]), {**full_scores(food_rubric, 4), "action": "submit"}
    )
    assert response["Location"] == QUEUE
    # The flashes were not shown in between (no page followed the redirects): the last one.
    last = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert last.startswith("Tersimpan. Semua produk")
    assert Assessment.objects.filter(curator=curator, status="submitted").count() == 5


def test_queue_query_count_stays_the_same_with_more_programmes_and_slots(
    client_for, curator, schedule, organisation, product_groups, rubric_for, field_officer
):
    client = client_for(curator)
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    for name in ["Keripik", "Bolu", "Sambal"]:
        check_in(actor=field_officer, application=schedule[name].application)
    other = rubric_for(ProgrammeFactory(organisation=organisation, title="Pameran 2026"))
    for i in range(6):
        assign(other, product_groups["makanan"], curator, f"Produk {i}")
    last_year = ProgrammeFactory(organisation=organisation, status=ProgrammeStatus.FINISHED)
    assign(last_year, product_groups["makanan"], curator, "Lama")
    with CaptureQueriesContext(connection) as many:
        response = client.get(QUEUE)
    assert len(response.context["queues"]) == 2
    assert len(many) == len(few)


def test_scoring_form_takes_at_most_twelve_queries(client_for, curator, schedule, field_officer):
    check_in(actor=field_officer, application=schedule["Dodol"].application)
    client = client_for(curator)
    url = score_url(schedule["Dodol"])
    client.get(url)  # the first open creates the assessment
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "Meja A" in response.content.decode()
    assert len(queries) <= 12


def test_other_curators_queue_does_not_show_her_products(client_for, schedule, organisation):
    other = MembershipFactory(organisation=organisation, role="curator").user
    response = client_for(other).get(QUEUE)
    assert response.context["queues"] == []
    assert "Dodol" not in response.content.decode()


def test_asking_for_another_offices_programme_shows_nothing(
    client_for, curator, schedule, other_organisation
):
    elsewhere = ProgrammeFactory(organisation=other_organisation)
    response = client_for(curator).get(QUEUE, {"programme": elsewhere.pk})
    assert response.status_code == 200
    assert response.context["queues"] == []
    assert "Dodol" not in response.content.decode()
