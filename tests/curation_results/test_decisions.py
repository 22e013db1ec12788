import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.curation.decisions import decide, issue_letters
from kurasi.curation.models_decisions import Decision, OutcomeBand

from .conftest import detail_url, make_application, results_url, score


def decide_url(programme):
    return reverse("curation:decide_bulk", args=[programme.organisation.slug, programme.slug])


@pytest.fixture
def scored(programme, product_groups, bands, curators):
    """Three food products: national (all 5), regional (all 4 → 75), coaching (all 3 → 50)."""
    made = {}
    for name, value in (("Dodol", 5), ("Bolu", 4), ("Kerupuk", 3)):
        application = make_application(programme, product_groups, name)
        score(programme, application, curators[0], value)
        score(programme, application, curators[1], value)
        made[name] = application
    return made


def test_admin_confirms_selected_proposals_in_bulk(
    client_for, admin_user, programme, bands, scored
):
    response = client_for(admin_user).post(
        decide_url(programme),
        {"action": "confirm", "applications": [scored["Dodol"].pk, scored["Bolu"].pk]},
    )
    assert response.status_code == 302
    decisions = {d.application.product.name: d for d in Decision.objects.select_related("band")}
    assert set(decisions) == {"Dodol", "Bolu"}
    assert decisions["Dodol"].band == bands["Lolos — siap pameran nasional"]
    assert decisions["Bolu"].band == bands["Lolos — pameran regional"]
    assert not decisions["Dodol"].overridden
    assert decisions["Dodol"].decided_by == admin_user
    assert decisions["Dodol"].score_snapshot["mean"] == 100
    events = AuditEvent.objects.filter(action="decision.made")
    assert events.count() == 2
    assert events.first().actor == admin_user


def test_confirm_all_proposals_in_a_group(
    client_for, admin_user, programme, product_groups, scored
):
    client_for(admin_user).post(
        decide_url(programme), {"confirm_group": product_groups["makanan"].pk}
    )
    assert Decision.objects.count() == 3


def test_confirming_again_never_undoes_an_override(admin_user, programme, bands, scored):
    decide(
        actor=admin_user,
        programme=programme,
        application_ids=[scored["Kerupuk"].pk],
        band=bands["Tidak lolos"],
        reason="Sampel berbeda dari produk terdaftar.",
    )
    outcome = decide(actor=admin_user, programme=programme, application_ids=[scored["Kerupuk"].pk])
    assert outcome.unchanged == 1
    assert Decision.objects.get().band == bands["Tidak lolos"]


def test_override_needs_a_reason(client_for, admin_user, programme, bands, scored):
    client = client_for(admin_user)
    data = {
        "action": "override",
        "applications": [scored["Kerupuk"].pk],
        "band": bands["Lolos — pameran regional"].pk,
    }
    client.post(decide_url(programme), data)
    assert not Decision.objects.exists()
    client.post(decide_url(programme), {**data, "reason": "Label sudah diperbaiki di tempat."})
    decision = Decision.objects.get()
    assert decision.overridden
    assert decision.proposed_band == bands["Perlu pembinaan"]
    assert decision.band == bands["Lolos — pameran regional"]
    event = AuditEvent.objects.get(action="decision.made")
    assert event.reason == "Label sudah diperbaiki di tempat."
    assert event.changes["band"] == [None, "Lolos — pameran regional"]


def test_bulk_decision_is_all_or_nothing(admin_user, programme, bands, scored):
    # Regional is Bolu's proposal but an override for Dodol: without a reason nothing is saved.
    with pytest.raises(ValidationError):
        decide(
            actor=admin_user,
            programme=programme,
            application_ids=[scored["Bolu"].pk, scored["Dodol"].pk],
            band=bands["Lolos — pameran regional"],
        )
    assert not Decision.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="decision").exists()


def test_confirm_skips_products_still_being_scored(
    admin_user, programme, product_groups, bands, curators, scored
):
    waiting = make_application(programme, product_groups, "Rengginang")
    score(programme, waiting, curators[0], 5)
    score(programme, waiting, curators[1], 5, submitted=False)
    outcome = decide(actor=admin_user, programme=programme, application_ids=[waiting.pk])
    assert [a.pk for a, _why in outcome.skipped] == [waiting.pk]
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("field_officer", 403), ("curator", 403), ("outsider", 404)]
)
def test_decisions_refused_to_others(client_for, request, programme, scored, persona, status):
    client = client_for(request.getfixturevalue(persona))
    data = {"action": "confirm", "applications": [scored["Dodol"].pk]}
    assert client.post(decide_url(programme), data).status_code == status
    assert client.post(detail_url(programme, scored["Dodol"]), {"band": 1}).status_code == status
    assert not Decision.objects.exists()


def test_detail_page_decides_and_a_change_after_the_letter_reissues_it(
    client_for, admin_user, programme, bands, scored
):
    client = client_for(admin_user)
    url = detail_url(programme, scored["Bolu"])
    assert client.get(url).status_code == 200
    client.post(url, {"band": bands["Lolos — pameran regional"].pk})
    decision = Decision.objects.get()
    issue_letters(actor=admin_user, programme=programme)
    decision.refresh_from_db()
    old_code, old_number = decision.verification_code, decision.letter_number
    response = client.post(url, {"band": bands["Perlu pembinaan"].pk})
    assert response.status_code == 200  # a change needs a reason
    assert Decision.objects.get().band == bands["Lolos — pameran regional"]
    client.post(url, {"band": bands["Perlu pembinaan"].pk, "reason": "Sanggahan pesaing terbukti."})
    decision.refresh_from_db()
    assert decision.band == bands["Perlu pembinaan"]
    assert decision.verification_code != old_code
    assert decision.letter_number != old_number
    assert AuditEvent.objects.filter(action="decision.changed").count() == 1


def test_field_officer_reads_the_detail_page_without_the_form(
    client_for, field_officer, programme, scored
):
    response = client_for(field_officer).get(detail_url(programme, scored["Dodol"]))
    assert response.status_code == 200
    assert response.context["can_decide"] is False
    assert b'name="band"' not in response.content


def bands_url(programme):
    return reverse("curation:bands", args=[programme.organisation.slug, programme.slug])


def test_admin_sets_up_and_edits_the_bands(client_for, admin_user, programme):
    client = client_for(admin_user)
    assert client.get(bands_url(programme)).status_code == 200
    client.post(bands_url(programme), {"use_suggested": "1"})
    bands = list(OutcomeBand.objects.filter(programme=programme))
    assert [float(b.minimum_score) for b in bands] == [80, 65, 45, 0]
    data = {
        "bands-TOTAL_FORMS": "5",
        "bands-INITIAL_FORMS": "4",
        "appeal_days": "14",
        "score_basis": "calibrated",
    }
    for i, band in enumerate(bands):
        data |= {
            f"bands-{i}-id": band.pk,
            f"bands-{i}-label": band.label,
            f"bands-{i}-minimum_score": "85" if i == 0 else band.minimum_score,
            f"bands-{i}-target": band.target,
        }
        if band.is_pass:
            data[f"bands-{i}-is_pass"] = "on"
    data |= {"bands-4-id": "", "bands-4-label": "", "bands-4-minimum_score": ""}
    data["bands-4-target"] = "none"
    response = client.post(bands_url(programme), data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    assert float(OutcomeBand.objects.get(pk=bands[0].pk).minimum_score) == 85
    programme.curation_plan.refresh_from_db()
    assert programme.curation_plan.appeal_days == 14
    assert programme.curation_plan.score_basis == "calibrated"
    assert AuditEvent.objects.filter(action="outcome_bands.changed").exists()
    # Without a band that does not pass, nothing is saved.
    for i in range(len(bands)):
        data[f"bands-{i}-is_pass"] = "on"
    data["bands-0-minimum_score"] = "90"
    response = client.post(bands_url(programme), data)
    assert response.status_code == 200
    assert float(OutcomeBand.objects.get(pk=bands[0].pk).minimum_score) == 85


@pytest.mark.parametrize(("persona", "status"), [("field_officer", 403), ("outsider", 404)])
def test_bands_page_refused(client_for, request, programme, persona, status):
    assert client_for(request.getfixturevalue(persona)).get(bands_url(programme)).status_code == (
        status
    )


def test_results_page_links_decided_products(client_for, admin_user, programme, bands, scored):
    decide(actor=admin_user, programme=programme, application_ids=[scored["Dodol"].pk])
    page = client_for(admin_user).get(results_url(programme)).content.decode()
    assert detail_url(programme, scored["Dodol"]) in page
