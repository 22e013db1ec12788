import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.accounts.models import Role
from kurasi.curation.models import Assessment, Assignment

from ..factories import ApplicationFactory, MembershipFactory, ProductFactory
from .conftest import full_scores


def score_url(assignment):
    return reverse("curation:score", args=["disperindag-tangsel", assignment.pk])


QUEUE = reverse("curation:queue", args=["disperindag-tangsel"])


def test_curator_sees_their_queue(client_for, assignment, curator):
    response = client_for(curator).get(QUEUE)
    assert response.status_code == 200
    assert "Roti Gambang" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_user", 403), ("field_officer", 403), ("outsider", 404), ("producer", 404)],
)
def test_queue_refused_to_non_curators(client_for, request, assignment, persona, status):
    assert client_for(request.getfixturevalue(persona)).get(QUEUE).status_code == status


def test_queue_query_count_does_not_grow(client_for, assignment, curator, curated_application):
    client = client_for(curator)
    with CaptureQueriesContext(connection) as one:
        client.get(QUEUE)
    for _ in range(20):
        product = ProductFactory(
            business=curated_application.product.business, group=curated_application.product.group
        )
        Assignment.objects.create(
            application=ApplicationFactory(
                programme=curated_application.programme, product=product
            ),
            curator=curator,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(QUEUE)
    assert len(many) == len(one)


def test_scoring_page_shows_product_rubric_and_legality_but_no_nik(
    client_for, assignment, curator, food_rubric
):
    response = client_for(curator).get(score_url(assignment))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Roti Gambang" in content
    assert food_rubric.criteria.first().name in content
    assert "3674015508950001" not in content
    assert "NIB" in content


def test_another_curator_cannot_open_the_assignment(client_for, assignment, organisation):
    other = MembershipFactory(organisation=organisation, role=Role.CURATOR).user
    assert client_for(other).get(score_url(assignment)).status_code == 404


def test_draft_keeps_everything_typed(client_for, assignment, curator, food_rubric):
    client = client_for(curator)
    first = food_rubric.criteria.first()
    client.post(
        score_url(assignment),
        {f"score_{first.key}": 4, f"note_{first.key}": "gurih", "action": "draft"},
    )
    page = client.get(score_url(assignment)).content.decode()
    assert "gurih" in page
    assessment = Assessment.objects.get(curator=curator)
    assert assessment.status == "draft"
    assert assessment.scores.get(criterion=first).value == 4


def test_autosave_answers_json_and_saves(client_for, assignment, curator, food_rubric):
    first = food_rubric.criteria.first()
    response = client_for(curator).post(
        score_url(assignment), {f"score_{first.key}": 3, "action": "autosave"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "draft"
    assert Assessment.objects.get(curator=curator).scores.get(criterion=first).value == 3


def test_submit_twice_makes_one_assessment_and_keeps_the_first(
    client_for, assignment, curator, food_rubric
):
    client = client_for(curator)
    data = {**full_scores(food_rubric, 5), "action": "submit"}
    assert client.post(score_url(assignment), data).status_code == 302
    client.post(score_url(assignment), {**full_scores(food_rubric, 1), "action": "submit"})
    assessments = Assessment.objects.filter(curator=curator)
    assert assessments.count() == 1
    assert assessments.get().weighted_score == 100
    assert assessments.get().status == "submitted"


def test_incomplete_submission_is_refused_and_the_typing_kept(
    client_for, assignment, curator, food_rubric
):
    first = food_rubric.criteria.first()
    response = client_for(curator).post(
        score_url(assignment),
        {f"score_{first.key}": 2, f"note_{first.key}": "perlu perbaikan", "action": "submit"},
    )
    assert response.status_code == 200
    assert "perlu perbaikan" in response.content.decode()
    assessment = Assessment.objects.get(curator=curator)
    assert assessment.status == "draft"
    assert assessment.scores.get(criterion=first).value == 2


def test_score_outside_the_scale_is_refused(client_for, assignment, curator, food_rubric):
    first = food_rubric.criteria.first()
    response = client_for(curator).post(
        score_url(assignment), {f"score_{first.key}": 9, "action": "draft"}
    )
    assert response.status_code == 200
    assert not Assessment.objects.get(curator=curator).scores.exists()
