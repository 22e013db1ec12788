"""A curator's assignments and scoring through the API: their own only, as on the scoring page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurasi.audit.models import AuditEvent
from kurasi.curation.models import Assessment, AssessmentStatus, Assignment, ProgrammeRubric
from kurasi.curation.services import copy_preset
from tests.factories import (
    ApplicationFactory,
    BusinessFactory,
    MembershipFactory,
    ProductFactory,
    UserFactory,
)

OFFICE = "/api/v1/o/disperindag-tangsel"
LIST = f"{OFFICE}/assessments/"


@pytest.fixture
def food_rubric(admin_user, organisation):
    return copy_preset(actor=admin_user, organisation=organisation, preset_code="food")


@pytest.fixture
def curated_application(open_programme, product_groups, food_rubric):
    ProgrammeRubric.objects.create(
        programme=open_programme, product_group=product_groups["makanan"], rubric=food_rubric
    )
    business = BusinessFactory(
        organisation=open_programme.organisation, name="Roti Melati", nik="3674015508950001"
    )
    product = ProductFactory(
        business=business, group=product_groups["makanan"], name="Roti Gambang"
    )
    return ApplicationFactory(programme=open_programme, product=product, status="verified")


@pytest.fixture
def assignment(curated_application, curator):
    return Assignment.objects.create(application=curated_application, curator=curator)


@pytest.fixture
def other_curator(organisation):
    user = UserFactory(full_name="Kurator Lain")
    MembershipFactory(user=user, organisation=organisation, role="curator")
    return user


def detail_url(assignment):
    return f"{LIST}{assignment.pk}/"


def all_scores(rubric, value):
    return {c.key: {"value": value} for c in rubric.criteria.all()}


def test_assessment_list_shows_the_curators_own_assignments(api_for, curator, assignment):
    response = api_for(curator).get(LIST)
    row = response.json()["results"][0]
    assert response.status_code == 200
    assert (row["id"], row["product_name"], row["assessment_status"]) == (
        assignment.pk,
        "Roti Gambang",
        "not_started",
    )
    assert "3674015508950001" not in response.content.decode()


def test_assessment_list_leaves_out_other_curators_assignments(api_for, other_curator, assignment):
    assert api_for(other_curator).get(LIST).json()["results"] == []


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_user", 403), ("field_officer", 403), ("outsider", 404), ("producer", 404)],
)
def test_assessment_list_refuses_non_curators(request, api_for, assignment, persona, status):
    assert api_for(request.getfixturevalue(persona)).get(LIST).status_code == status


def test_assessment_list_needs_the_curation_scope(api_for, curator, assignment):
    response = api_for(curator, scopes=["registry:read"]).get(LIST)
    assert (response.status_code, response.json()["error"]["code"]) == (403, "permission_denied")


def test_assessment_list_runs_the_same_queries_for_one_and_many(
    api_for, curator, assignment, curated_application
):
    api = api_for(curator)
    api.get(LIST)
    with CaptureQueriesContext(connection) as one:
        api.get(LIST)
    for index in range(3):
        product = ProductFactory(
            business=curated_application.product.business,
            group=curated_application.product.group,
            name=f"Kue {index}",
        )
        application = ApplicationFactory(programme=curated_application.programme, product=product)
        Assignment.objects.create(application=application, curator=assignment.curator)
    with CaptureQueriesContext(connection) as many:
        response = api.get(LIST)
    assert response.json()["count"] == 4
    assert len(many) == len(one)


def test_assessment_detail_shows_the_rubric_and_an_empty_draft(
    api_for, curator, assignment, food_rubric
):
    response = api_for(curator).get(detail_url(assignment))
    body = response.json()
    assert response.status_code == 200
    assert [c["key"] for c in body["criteria"]] == [c.key for c in food_rubric.criteria.all()]
    assert (body["status"], body["scores"]) == ("draft", {})
    assert "3674015508950001" not in response.content.decode()


def test_assessment_draft_is_saved_and_read_back(api_for, curator, assignment, food_rubric):
    first = food_rubric.criteria.first()
    api = api_for(curator)
    response = api.patch(
        detail_url(assignment),
        {"scores": {first.key: {"value": 4, "note": "Rapi"}}, "notes": "Bagus"},
        format="json",
    )
    again = api.get(detail_url(assignment)).json()
    assert response.status_code == 200
    assert again["scores"][first.key] == {"value": 4, "note": "Rapi", "recommendation": ""}
    assert (again["status"], again["notes"]) == ("draft", "Bagus")


def test_assessment_submitted_complete_is_final(api_for, curator, assignment, food_rubric):
    api = api_for(curator)
    submitted = api.patch(
        detail_url(assignment),
        {"scores": all_scores(food_rubric, 4), "submit": True},
        format="json",
    )
    again = api.patch(
        detail_url(assignment),
        {"scores": all_scores(food_rubric, 1), "submit": True},
        format="json",
    )
    assessment = Assessment.objects.get()
    assert (submitted.status_code, again.status_code) == (200, 200)
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert {s.value for s in assessment.scores.all()} == {4}
    assert AuditEvent.objects.filter(action="assessment.submitted").count() == 1


def test_assessment_incomplete_submission_names_the_missing_criteria(
    api_for, curator, assignment, food_rubric
):
    criteria = list(food_rubric.criteria.all())
    response = api_for(curator).patch(
        detail_url(assignment),
        {"scores": {criteria[0].key: {"value": 3}}, "submit": True},
        format="json",
    )
    message = response.json()["error"]["fields"]["scores"][0]
    assert response.status_code == 400
    assert all(c.name in message for c in criteria[1:])
    assert Assessment.objects.get().status == AssessmentStatus.DRAFT


def test_assessment_score_outside_the_scale_is_refused(api_for, curator, assignment, food_rubric):
    key = food_rubric.criteria.first().key
    response = api_for(curator).patch(
        detail_url(assignment), {"scores": {key: {"value": 9}}}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [f"score_{key}"]


def test_assessment_unknown_criterion_is_refused(api_for, curator, assignment):
    response = api_for(curator).patch(
        detail_url(assignment), {"scores": {"rasa-lain": {"value": 3}}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"scores": ["Unknown criteria: rasa-lain"]}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("other_curator", 404),
        ("admin_user", 403),
        ("field_officer", 403),
        ("outsider", 404),
        ("producer", 404),
    ],
)
@pytest.mark.parametrize("method", ["get", "patch"])
def test_assessment_detail_refuses_others(request, api_for, assignment, persona, status, method):
    api = api_for(request.getfixturevalue(persona))
    response = getattr(api, method)(detail_url(assignment), {"notes": "x"}, format="json")
    assert response.status_code == status
    assert Assessment.objects.count() == 0


def test_assessment_write_needs_the_curation_write_scope(api_for, curator, assignment):
    response = api_for(curator, scopes=["curation:read"]).patch(
        detail_url(assignment), {"notes": "x"}, format="json"
    )
    assert response.status_code == 403
