"""A programme's results and decisions through the API: staff read, admins decide."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurasi.audit.models import AuditEvent
from kurasi.curation.decisions import create_default_bands
from kurasi.curation.models import CurationPlan, Decision, ProgrammeRubric
from kurasi.curation.services import copy_preset
from tests.curation_results.conftest import make_application, score

OFFICE = "/api/v1/o/disperindag-tangsel"


@pytest.fixture
def scored_programme(open_programme, product_groups, admin_user, organisation, curator):
    rubric = copy_preset(actor=admin_user, organisation=organisation, preset_code="food")
    ProgrammeRubric.objects.create(
        programme=open_programme, product_group=product_groups["makanan"], rubric=rubric
    )
    CurationPlan.objects.create(programme=open_programme, disagreement_threshold=20)
    create_default_bands(actor=admin_user, programme=open_programme)
    return open_programme


@pytest.fixture
def scored(scored_programme, product_groups, curator):
    application = make_application(scored_programme, product_groups, "Roti Gambang")
    score(scored_programme, application, curator, 5)
    return application


def list_url(programme):
    return f"{OFFICE}/programmes/{programme.slug}/decisions/"


def decide_url(programme, application):
    return f"{list_url(programme)}{application.pk}/"


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_decision_list_shows_results_to_staff(request, api_for, scored, scored_programme, persona):
    response = api_for(request.getfixturevalue(persona)).get(list_url(scored_programme))
    row = response.json()["results"][0]
    assert response.status_code == 200
    assert (row["application_id"], row["product_name"], row["business_name"]) == (
        scored.pk,
        "Roti Gambang",
        "Usaha Roti Gambang",
    )
    assert (row["mean_score"], row["decided_band"]) == (100.0, None)
    assert row["proposed_band"] is not None
    body = response.content.decode()
    assert "3674015508950001" not in body
    assert "Rahasia" not in body


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_decision_list_refuses_others(request, api_for, scored, scored_programme, persona, status):
    response = api_for(request.getfixturevalue(persona)).get(list_url(scored_programme))
    assert response.status_code == status


def test_decision_list_needs_the_curation_scope(api_for, admin_user, scored, scored_programme):
    response = api_for(admin_user, scopes=["programmes:read"]).get(list_url(scored_programme))
    assert response.status_code == 403


def test_decision_list_filters_by_status(api_for, admin_user, scored, scored_programme):
    api = api_for(admin_user)
    decided = api.get(list_url(scored_programme), {"status": "decided"}).json()
    undecided = api.get(list_url(scored_programme), {"status": "undecided"}).json()
    assert (decided["count"], undecided["count"]) == (0, 1)


def test_decision_list_runs_the_same_queries_for_one_and_many(
    api_for, admin_user, curator, scored, scored_programme, product_groups
):
    api = api_for(admin_user)
    api.get(f"{OFFICE}/programmes/")  # the token's first use is written once
    # Both measured requests compute the results afresh (the data changed in between).
    with CaptureQueriesContext(connection) as one:
        api.get(list_url(scored_programme))
    for index in range(3):
        application = make_application(scored_programme, product_groups, f"Kue {index}")
        score(scored_programme, application, curator, 3)
    with CaptureQueriesContext(connection) as many:
        response = api.get(list_url(scored_programme))
    assert response.json()["count"] == 4
    assert len(many) == len(one)


def test_decision_confirms_the_proposal(api_for, admin_user, scored, scored_programme):
    response = api_for(admin_user).post(decide_url(scored_programme, scored), {}, format="json")
    decision = Decision.objects.get()
    assert response.status_code == 200
    assert response.json()["decided_band"]["id"] == decision.band_id
    assert (decision.overridden, decision.band_id) == (False, decision.proposed_band_id)
    assert AuditEvent.objects.filter(action="decision.made").count() == 1


def test_decision_override_needs_a_reason(api_for, admin_user, scored, scored_programme):
    other = scored_programme.outcome_bands.order_by("minimum_score").first()
    api = api_for(admin_user)
    refused = api.post(decide_url(scored_programme, scored), {"band": other.pk}, format="json")
    accepted = api.post(
        decide_url(scored_programme, scored),
        {"band": other.pk, "reason": "Belum punya izin edar."},
        format="json",
    )
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["reason"]
    assert accepted.status_code == 200
    assert (accepted.json()["decided_band"]["id"], accepted.json()["overridden"]) == (
        other.pk,
        True,
    )


def test_decision_band_of_another_programme_is_refused(
    api_for, admin_user, scored, scored_programme, other_organisation
):
    response = api_for(admin_user).post(
        decide_url(scored_programme, scored), {"band": 999999, "reason": "x"}, format="json"
    )
    assert response.status_code == 400
    assert Decision.objects.count() == 0


def test_decision_of_an_unknown_application_is_not_found(
    api_for, admin_user, scored, scored_programme
):
    response = api_for(admin_user).post(f"{list_url(scored_programme)}999999/", {}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)],
)
def test_decision_refuses_all_but_admins(
    request, api_for, scored, scored_programme, persona, status
):
    response = api_for(request.getfixturevalue(persona)).post(
        decide_url(scored_programme, scored), {}, format="json"
    )
    assert response.status_code == status
    assert Decision.objects.count() == 0


def test_decision_needs_the_curation_write_scope(api_for, admin_user, scored, scored_programme):
    response = api_for(admin_user, scopes=["curation:read"]).post(
        decide_url(scored_programme, scored), {}, format="json"
    )
    assert response.status_code == 403
    assert Decision.objects.count() == 0
