import datetime as dt
from decimal import Decimal

import pytest

from kurasi.curation.models_decisions import OutcomeBand
from kurasi.curation.results import compute_results, propose_band

from ..factories import CertificateFactory, certificate_type
from .conftest import make_application, results_url, score


def rows_by_name(response):
    return {r.application.product.name: r for r in response.context["page"].object_list}


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_results_page_open_to_admin_and_field_officer(
    client_for, request, programme, bands, persona
):
    response = client_for(request.getfixturevalue(persona)).get(results_url(programme))
    assert response.status_code == 200
    assert response.context["can_decide"] is (persona == "admin_user")


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("producer", 404), ("outsider", 404)]
)
def test_results_page_refused(client_for, request, programme, persona, status):
    assert client_for(request.getfixturevalue(persona)).get(results_url(programme)).status_code == (
        status
    )


def test_results_page_sends_anonymous_to_login(client, programme):
    assert client.get(results_url(programme)).status_code == 302


def test_results_show_mean_median_calibration_and_rank(
    client_for, admin_user, programme, product_groups, bands, curators
):
    good = make_application(programme, product_groups, "Dodol Betawi")
    fair = make_application(programme, product_groups, "Kerupuk Ikan")
    score(programme, good, curators[0], 5)
    score(programme, good, curators[1], 4)
    score(programme, good, curators[2], 5)
    score(programme, fair, curators[0], 3)
    score(programme, fair, curators[1], 3)
    rows = rows_by_name(client_for(admin_user).get(results_url(programme)))
    assert rows["Dodol Betawi"].mean == pytest.approx(91.67)
    assert rows["Dodol Betawi"].median == 100
    assert rows["Dodol Betawi"].rank == 1
    assert rows["Kerupuk Ikan"].rank == 2
    assert rows["Kerupuk Ikan"].mean == 50
    assert len(rows["Dodol Betawi"].scores) == 3
    # A curator's best product is above their own habit: calibrated above the programme mean.
    assert all(s.calibrated > 70 for s in rows["Dodol Betawi"].scores)
    assert rows["Dodol Betawi"].proposed_band == bands["Lolos — siap pameran nasional"]
    assert rows["Kerupuk Ikan"].proposed_band == bands["Perlu pembinaan"]


def test_disagreement_flag_follows_the_programme_threshold(
    programme, product_groups, bands, curators
):
    split = make_application(programme, product_groups, "Bolu Pandan")
    score(programme, split, curators[0], 5)  # 100
    score(programme, split, curators[1], 4)  # 75: 25 points apart
    assert compute_results(programme).rows[0].disagreement is True
    programme.curation_plan.disagreement_threshold = 30
    programme.curation_plan.save()
    assert compute_results(programme).rows[0].disagreement is False


def test_veto_caps_a_passing_score_at_the_best_non_passing_band(
    client_for, admin_user, programme, product_groups, bands, curators
):
    application = make_application(programme, product_groups, "Keripik Pedas")
    criteria = {c.key: 5 for c in programme.rubric_choices.first().rubric.criteria.all()}
    score(programme, application, curators[0], {**criteria, "rasa": 1})
    score(programme, application, curators[1], {**criteria, "rasa": 2})  # mean 1.5 < 2
    row = compute_results(programme).rows[0]
    assert row.mean >= 80
    assert [v.key for v in row.vetoes] == ["rasa"]
    assert row.proposed_band == bands["Perlu pembinaan"]
    assert row.capped
    page = client_for(admin_user).get(results_url(programme)).content.decode()
    assert "Veto: Rasa" in page or "Veto: Rasa" in page.replace("&nbsp;", " ")


def test_one_harsh_curator_alone_does_not_veto(programme, product_groups, bands, curators):
    application = make_application(programme, product_groups, "Keripik Pisang")
    criteria = {c.key: 5 for c in programme.rubric_choices.first().rubric.criteria.all()}
    score(programme, application, curators[0], {**criteria, "rasa": 1})
    score(programme, application, curators[1], {**criteria, "rasa": 3})  # mean 2, minimum 2
    assert compute_results(programme).rows[0].vetoes == []


def test_legality_gate_is_judged_on_the_curation_day(programme, product_groups, bands, curators):
    none = make_application(programme, product_groups, "Tanpa NIB", nib=False)
    late = make_application(programme, product_groups, "NIB Terlambat", nib=False)
    CertificateFactory(
        business=late.product.business,
        type=certificate_type("nib"),
        issued_on=programme.curation_date + dt.timedelta(days=1),
    )
    held = make_application(programme, product_groups, "Dengan NIB")
    for application in (none, late, held):
        score(programme, application, curators[0], 5)
    rows = {r.application.product.name: r for r in compute_results(programme).rows}
    assert rows["Tanpa NIB"].gate_failed
    assert rows["NIB Terlambat"].gate_failed  # issued after the day: did not count then
    assert not rows["Dengan NIB"].gate_failed
    assert rows["Tanpa NIB"].proposed_band == bands["Perlu pembinaan"]
    assert rows["Dengan NIB"].proposed_band == bands["Lolos — siap pameran nasional"]
    reasons = rows["Tanpa NIB"].cap_reasons(programme.curation_date)
    assert any("NIB" in reason for reason in reasons)


def _bands():
    specs = [("A", 80, True), ("B", 65, True), ("C", 45, False), ("D", 0, False)]
    return [
        OutcomeBand(pk=i, label=label, minimum_score=Decimal(m), is_pass=p, position=i)
        for i, (label, m, p) in enumerate(specs, start=1)
    ]


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (100, "A"),
        (80, "A"),
        (79.99, "B"),
        (65, "B"),
        (64.99, "C"),
        (45, "C"),
        (44.99, "D"),
        (0, "D"),
    ],
)
def test_band_thresholds_at_their_boundaries(value, label):
    band, capped = propose_band(value, _bands(), capped=False)
    assert band.label == label
    assert capped is False


@pytest.mark.parametrize(("value", "label"), [(95, "C"), (70, "C"), (50, "C"), (10, "D")])
def test_a_cap_never_raises_a_band(value, label):
    assert propose_band(value, _bands(), capped=True)[0].label == label


def test_no_scores_no_proposal():
    assert propose_band(None, _bands(), capped=False) == (None, False)


def test_filters_by_group_and_status(
    client_for, admin_user, programme, product_groups, bands, curators
):
    food = make_application(programme, product_groups, "Dodol")
    drink = make_application(programme, product_groups, "Wedang", group="minuman-ringan")
    unscored = make_application(programme, product_groups, "Belum")
    score(programme, food, curators[0], 4)
    score(programme, drink, curators[0], 4)
    del unscored
    client = client_for(admin_user)
    group = product_groups["minuman-ringan"].pk
    assert set(rows_by_name(client.get(results_url(programme, f"?group={group}")))) == {"Wedang"}
    assert set(rows_by_name(client.get(results_url(programme, "?status=pending")))) == {"Belum"}
    assert client.get(results_url(programme, "?status=nonsense&group=x")).status_code == 200


def test_results_page_shows_a_change_at_once_despite_its_cache(
    client_for, admin_user, programme, product_groups, bands, curators
):
    application = make_application(programme, product_groups, "Tanpa NIB", nib=False)
    score(programme, application, curators[0], 5)
    client = client_for(admin_user)
    row = client.get(results_url(programme)).context["results"].rows[0]
    assert row.gate_failed
    assert client.get(results_url(programme)).context["results"].rows[0].gate_failed  # cached
    CertificateFactory(
        business=application.product.business,
        type=certificate_type("nib"),
        issued_on=programme.curation_date - dt.timedelta(days=30),
    )
    row = client.get(results_url(programme)).context["results"].rows[0]
    assert not row.gate_failed
    assert row.proposed_band == bands["Lolos — siap pameran nasional"]
