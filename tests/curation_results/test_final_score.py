"""One deciding score ("Nilai akhir"): in a calibrated programme where the raw mean and the
calibrated mean fall in different bands, the results page, its detail, the letter, the exports,
the API and the producer's page all show the same final score first, and the band follows it."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from kurasi.api.scopes import Scope
from kurasi.api.services import create_token
from kurasi.curation.decisions import decide, issue_letters
from kurasi.curation.models_decisions import Decision
from kurasi.curation.results import propose_band

from ..exports.helpers import read_csv, read_xlsx
from .conftest import detail_url, make_application, results_url, score
from .test_letters import pdf_text

NATIONAL, REGIONAL = "Lolos — siap pameran nasional", "Lolos — pameran regional"
API_OFFICE = "/api/v1/o/disperindag-tangsel"


def api_client(user):
    _token, secret = create_token(actor=user, name="test", scopes=Scope.values)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
    return client


@pytest.fixture
def calibrated(programme, product_groups, bands, curators, admin_user, producer):
    """A harsh and a lenient curator score four products alike in order. Kopi Robusta is both
    curators' best: raw mean 75 (regional band), calibrated mean 81.19 (national band)."""
    programme.curation_plan.score_basis = "calibrated"
    programme.curation_plan.save(update_fields=["score_basis"])
    harsh, lenient = curators[0], curators[1]
    names = {
        "Kopi Robusta": (4, 4),
        "Teh Melati": (2, 4),
        "Gula Aren": (2, 3),
        "Sirup Pala": (1, 3),
    }
    applications = {}
    for name, (by_harsh, by_lenient) in names.items():
        owner = producer if name == "Kopi Robusta" else None
        application = make_application(programme, product_groups, name, owner=owner)
        score(programme, application, harsh, by_harsh)  # 4 → 75, 2 → 25, 1 → 0
        score(programme, application, lenient, by_lenient)  # 4 → 75, 3 → 50
        applications[name] = application
    return applications["Kopi Robusta"]


def test_final_score_is_the_calibrated_mean_and_the_band_follows_it(
    client_for, admin_user, programme, bands, calibrated
):
    response = client_for(admin_user).get(results_url(programme))
    row = next(r for r in response.context["page"].object_list if r.application.pk == calibrated.pk)
    assert (row.mean, row.deciding_score) == (75.0, 81.19)
    assert propose_band(row.mean, bands.values(), capped=False)[0] == bands[REGIONAL]
    assert row.proposed_band == bands[NATIONAL]


def test_results_page_shows_the_final_score_first_with_the_raw_mean(
    client_for, admin_user, programme, calibrated
):
    html = client_for(admin_user).get(results_url(programme)).content.decode()
    table_row = re.search(rf'<tr id="row-{calibrated.pk}".*?</tr>', html, re.S).group(0)
    cells = re.findall(r'<td data-label="([^"]+)"[^>]*>(.*?)</td>', table_row, re.S)
    labels = [label for label, _cell in cells]
    assert labels.index("Nilai akhir") < labels.index("Rata-rata mentah")
    assert labels.index("Nilai akhir") < labels.index("Kurator")
    shown = dict(cells)
    assert shown["Nilai akhir"].strip() == "<strong>81,19</strong>"
    assert shown["Rata-rata mentah"].strip() == "75,00"
    assert NATIONAL in shown["Diusulkan"]
    assert "rata-rata nilai terkalibrasi" in html  # the staff's one-line explanation


def test_result_detail_shows_the_final_score_and_each_curators_calibration(
    client_for, field_officer, programme, calibrated, curators
):
    html = client_for(field_officer).get(detail_url(programme, calibrated)).content.decode()
    assert '<span class="value" id="final-score">81,19</span>Nilai akhir' in html
    assert '<span class="value" id="raw-mean">75,00</span>Rata-rata mentah' in html
    assert f"{curators[0].full_name}: 75,00 → 89,16" in html  # the harsh curator's best
    assert f"{curators[1].full_name}: 75,00 → 73,21" in html
    assert f'<strong id="proposed-band">{NATIONAL}</strong>' in html


def test_letter_exports_api_and_my_results_show_the_same_final_score(
    client_for, admin_user, producer, programme, calibrated
):
    decide(actor=admin_user, programme=programme, application_ids=[calibrated.pk])
    issue_letters(actor=admin_user, programme=programme)
    decision = Decision.objects.get(application=calibrated)
    assert decision.band.label == NATIONAL
    assert decision.score_snapshot["deciding_score"] == 81.19

    letter = client_for(admin_user).get(
        reverse(
            "curation:staff_letter",
            args=[programme.organisation.slug, programme.slug, calibrated.pk],
        )
    )
    text = " ".join(pdf_text(letter).split())
    assert "Nilai akhir: 81,19 dari 100" in text
    assert "Rata-rata mentah nilai para kurator: 75,00" in text

    export = reverse(
        "curation:results_export", args=[programme.organisation.slug, programme.slug, "xlsx"]
    )
    sheet = {r["Produk"]: r for r in read_xlsx(client_for(admin_user).get(export))}
    assert (sheet["Kopi Robusta"]["Nilai akhir"], sheet["Kopi Robusta"]["Rata-rata mentah"]) == (
        81.19,
        75,
    )
    assert list(sheet["Kopi Robusta"]).index("Nilai akhir") < list(sheet["Kopi Robusta"]).index(
        "Rata-rata mentah"
    )
    csv_rows = {
        r["Produk"]: r for r in read_csv(client_for(admin_user).get(export.replace("xlsx", "csv")))
    }
    assert csv_rows["Kopi Robusta"]["Nilai akhir"] == "81.19"

    api = api_client(admin_user).get(f"{API_OFFICE}/programmes/{programme.slug}/decisions/")
    row = next(r for r in api.json()["results"] if r["application_id"] == calibrated.pk)
    assert (row["final_score"], row["score"], row["mean_score"]) == (81.19, 81.19, 75.0)
    assert (row["final_score_basis"], row["proposed_band"]["label"]) == ("calibrated", NATIONAL)

    mine = client_for(producer).get(reverse("curation:my_results")).content.decode()
    assert 'Nilai akhir: <strong class="final-score">81,19</strong> dari 100' in mine
    assert "Rata-rata mentah nilai para kurator: 75,00" in mine


def test_a_decision_from_before_the_final_score_keeps_the_mean_it_stored(
    client_for, admin_user, producer, programme, calibrated
):
    decide(actor=admin_user, programme=programme, application_ids=[calibrated.pk])
    issue_letters(actor=admin_user, programme=programme)
    old = {"mean": 71.9, "median": 71.9, "calibrated_mean": 80.4, "scores": [], "absent": False}
    Decision.objects.filter(application=calibrated).update(score_snapshot=old)
    letter = client_for(admin_user).get(
        reverse(
            "curation:staff_letter",
            args=[programme.organisation.slug, programme.slug, calibrated.pk],
        )
    )
    assert "Nilai akhir: 71,90 dari 100" in " ".join(pdf_text(letter).split())
    mine = client_for(producer).get(reverse("curation:my_results")).content.decode()
    assert '<strong class="final-score">71,90</strong>' in mine
    assert "Rata-rata mentah nilai para kurator" not in mine  # not known to be calibrated
