"""An absent product (the desk marked its producer as not come) through the API: flagged in the
curator's assignments and in the results, decided as absent, refused a band."""

import pytest

from kurasi.curation.models import Assignment, Decision
from kurasi.curation.services_day import mark_no_show
from tests.curation_results.conftest import make_application

from . import test_decisions
from .test_decisions import OFFICE, decide_url, list_url

# The fixtures of the decisions tests, shared.
scored_programme = test_decisions.scored_programme
scored = test_decisions.scored


@pytest.fixture
def absent(scored_programme, product_groups, field_officer, curator):
    application = make_application(scored_programme, product_groups, "Bolu Kukus")
    Assignment.objects.create(application=application, curator=curator)
    mark_no_show(actor=field_officer, application=application)
    return application


def test_results_flag_the_absent_product_and_confirming_records_absent(
    api_for, admin_user, scored, scored_programme, absent
):
    api = api_for(admin_user)
    rows = {r["application_id"]: r for r in api.get(list_url(scored_programme)).json()["results"]}
    assert (rows[absent.pk]["absent"], rows[absent.pk]["curators_pending"]) == (True, 0)
    assert rows[absent.pk]["proposed_band"] is None
    assert rows[scored.pk]["absent"] is False
    response = api.post(decide_url(scored_programme, absent), {}, format="json")
    assert response.status_code == 200
    assert (response.json()["decided_absent"], response.json()["decided_band"]) == (True, None)
    assert Decision.objects.get(application=absent).absent


def test_a_band_for_an_absent_product_is_refused(api_for, admin_user, scored_programme, absent):
    band = scored_programme.outcome_bands.order_by("minimum_score").first()
    response = api_for(admin_user).post(
        decide_url(scored_programme, absent), {"band": band.pk, "reason": "x"}, format="json"
    )
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_curator_assignments_flag_the_absent_product(api_for, curator, absent):
    response = api_for(curator).get(f"{OFFICE}/assessments/")
    (row,) = response.json()["results"]
    assert (row["application_id"], row["absent"], row["assessment_status"]) == (
        absent.pk,
        True,
        "not_started",
    )
