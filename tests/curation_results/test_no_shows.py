"""A producer marked "did not come" at the check-in desk, carried through the curators' queues,
the results, the decisions (an outcome of its own), letters, exports and the API, and undone when
the producer turns up late and is checked in."""

import datetime as dt

import pytest
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.curation.models import Assessment, Assignment
from kurasi.curation.models_decisions import Decision
from kurasi.curation.services_day import save_session

from .conftest import CURATION_DAY, detail_url, make_application, results_url, score

SLUG = "disperindag-tangsel"


@pytest.fixture
def session(admin_user, programme):
    return save_session(
        actor=admin_user,
        programme=programme,
        values={
            "date": CURATION_DAY,
            "place": "Ruang Gintung",
            "starts_at": dt.time(8, 0),
            "ends_at": dt.time(12, 0),
            "slot_minutes": 15,
            "grace_minutes": 30,
        },
    )


@pytest.fixture
def day(programme, product_groups, bands, curators):
    """Dodol scored by two curators; Bolu assigned to the same two, its producer not yet come."""
    dodol = make_application(programme, product_groups, "Dodol")
    score(programme, dodol, curators[0], 5)
    score(programme, dodol, curators[1], 5)
    bolu = make_application(programme, product_groups, "Bolu")
    for curator in curators[:2]:
        Assignment.objects.create(application=bolu, curator=curator)
    return {"dodol": dodol, "bolu": bolu}


def desk(client, session, application, action):
    url = reverse(
        "curation:desk_action",
        args=[SLUG, session.programme_id, session.pk, application.pk, action],
    )
    return client.post(url)


def queue(client):
    response = client.get(reverse("curation:queue", args=[SLUG]))
    assert response.status_code == 200
    return response


def row(response, application):
    return next(
        r for r in response.context["page"].object_list if r.application.pk == application.pk
    )


def decide(client, programme, applications, **data):
    url = reverse("curation:decide_bulk", args=[SLUG, programme.slug])
    return client.post(url, {"action": "confirm", "applications": applications, **data})


def test_no_show_leaves_the_curators_queue_folded_as_absent(
    client_for, field_officer, curator, session, day
):
    desk(client_for(field_officer), session, day["bolu"], "no_show")
    response = queue(client_for(curator))
    assert [a.application_id for a in response.context["assignments"]] == [day["dodol"].pk]
    assert [a.application_id for a in response.context["absent"]] == [day["bolu"].pk]
    content = response.content.decode()
    assert 'id="queue-absent"' in content
    # Folded and not a link to the scoring page: nothing waits to be scored.
    absent = content[content.index('id="queue-absent"') :]
    assert f'data-application="{day["bolu"].pk}"' in absent
    assert (
        reverse("curation:score", args=[SLUG, day["bolu"].assignments.get(curator=curator).pk])
        not in content
    )


def test_late_check_in_brings_the_product_back_with_the_curators_typing(
    client_for, field_officer, curator, session, day
):
    assignment = day["bolu"].assignments.get(curator=curator)
    curator_client = client_for(curator)
    curator_client.get(reverse("curation:score", args=[SLUG, assignment.pk]))  # a draft begun
    officer = client_for(field_officer)
    desk(officer, session, day["bolu"], "no_show")
    assert day["bolu"].pk in [a.application_id for a in queue(curator_client).context["absent"]]

    desk(officer, session, day["bolu"], "arrived")

    response = queue(curator_client)
    assert response.context["absent"] == []
    assert day["bolu"].pk in [a.application_id for a in response.context["assignments"]]
    assert Assignment.objects.filter(application=day["bolu"]).count() == 2
    assert Assessment.objects.filter(application=day["bolu"], curator=curator).exists()


def test_results_count_a_no_show_as_absent_not_still_scoring(
    client_for, admin_user, field_officer, programme, session, day
):
    desk(client_for(field_officer), session, day["bolu"], "no_show")
    client = client_for(admin_user)
    response = client.get(results_url(programme))
    bolu = row(response, day["bolu"])
    assert (bolu.absent, bolu.pending, bolu.proposed_band, bolu.rank) == (True, 0, None, None)
    assert row(response, day["dodol"]).rank == 1
    content = response.content.decode()
    bolu_html = content[content.index(f'id="row-{day["bolu"].pk}"') :].split("</tr>")[0]
    assert 'class="is-absent"' in bolu_html
    assert "flag-absent" in bolu_html
    assert "flag-pending" not in bolu_html
    only_absent = client.get(results_url(programme, "?status=absent"))
    assert [r.application.pk for r in only_absent.context["page"].object_list] == [day["bolu"].pk]
    still_scoring = client.get(results_url(programme, "?status=pending"))
    assert day["bolu"].pk not in [
        r.application.pk for r in still_scoring.context["page"].object_list
    ]


def test_confirming_records_absent_as_an_outcome_of_its_own(
    client_for, admin_user, field_officer, programme, session, day, bands
):
    desk(client_for(field_officer), session, day["bolu"], "no_show")
    decide(client_for(admin_user), programme, [day["dodol"].pk, day["bolu"].pk])
    absent = Decision.objects.get(application=day["bolu"])
    assert (absent.absent, absent.band, absent.overridden) == (True, None, False)
    assert absent.score_snapshot["absent"] is True
    assert (
        Decision.objects.get(application=day["dodol"]).band
        == bands["Lolos — siap pameran nasional"]
    )
    event = AuditEvent.objects.get(action="decision.made", object_id=str(absent.pk))
    assert event.changes["band"] == [None, "absent"]
    response = client_for(admin_user).get(results_url(programme))
    assert row(response, day["bolu"]).decision.absent is True
    assert "Tidak hadir" in response.content.decode()


def test_an_absent_product_cannot_be_given_a_band(
    client_for, admin_user, field_officer, programme, session, day, bands
):
    desk(client_for(field_officer), session, day["bolu"], "no_show")
    client = client_for(admin_user)
    response = decide(
        client,
        programme,
        [day["bolu"].pk],
        action="override",
        band=bands["Tidak lolos"].pk,
        reason="Tidak membawa sampel.",
    )
    assert response.status_code == 302
    assert not Decision.objects.exists()
    # The detail page offers only the absent outcome, and records it.
    page = client.get(detail_url(programme, day["bolu"]))
    assert 'id="absent-notice"' in page.content.decode()
    assert 'id="record-absent"' in page.content.decode()
    client.post(detail_url(programme, day["bolu"]), {"absent": "1"})
    assert Decision.objects.get(application=day["bolu"]).absent


def test_field_officer_cannot_record_an_absent_outcome(
    client_for, field_officer, programme, session, day
):
    officer = client_for(field_officer)
    desk(officer, session, day["bolu"], "no_show")
    response = officer.post(detail_url(programme, day["bolu"]), {"absent": "1"})
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_late_check_in_withdraws_an_absent_decision_not_yet_in_a_letter(
    client_for, admin_user, field_officer, programme, session, day
):
    officer = client_for(field_officer)
    desk(officer, session, day["bolu"], "no_show")
    decide(client_for(admin_user), programme, [day["bolu"].pk])
    decision = Decision.objects.get(application=day["bolu"])

    desk(officer, session, day["bolu"], "arrived")

    assert not Decision.objects.filter(application=day["bolu"]).exists()
    assert AuditEvent.objects.filter(
        action="decision.withdrawn", object_id=str(decision.pk)
    ).exists()
    arrived = AuditEvent.objects.filter(action="check_in.arrived").latest("pk")
    assert arrived.changes["no_show_at"][1] == ""
    bolu = row(client_for(admin_user).get(results_url(programme)), day["bolu"])
    assert (bolu.absent, bolu.pending, bolu.decision) == (False, 2, None)


def test_an_absent_letter_stays_until_the_office_decides_again(
    client_for, admin_user, field_officer, programme, session, day, bands, curators
):
    officer, admin = client_for(field_officer), client_for(admin_user)
    desk(officer, session, day["bolu"], "no_show")
    decide(admin, programme, [day["bolu"].pk])
    admin.post(reverse("curation:issue_letters", args=[SLUG, programme.slug]))
    letter = Decision.objects.get(application=day["bolu"])
    verified = admin.get(reverse("curation:verify_code", args=[letter.verification_code]))
    assert "Tidak hadir" in verified.content.decode()

    desk(officer, session, day["bolu"], "arrived")
    score(programme, day["bolu"], curators[0], 4)
    score(programme, day["bolu"], curators[1], 4)
    assert Decision.objects.get(application=day["bolu"]).absent  # the letter is a record
    admin.post(
        detail_url(programme, day["bolu"]),
        {
            "band": bands["Lolos — pameran regional"].pk,
            "reason": "Datang terlambat, sudah dinilai.",
        },
    )
    changed = Decision.objects.get(application=day["bolu"])
    assert (changed.absent, changed.band) == (False, bands["Lolos — pameran regional"])
    assert changed.verification_code != letter.verification_code


def test_results_export_names_the_absent_outcome(
    client_for, admin_user, field_officer, programme, session, day
):
    desk(client_for(field_officer), session, day["bolu"], "no_show")
    client = client_for(admin_user)
    decide(client, programme, [day["bolu"].pk])
    response = client.get(reverse("curation:results_export", args=[SLUG, programme.slug, "csv"]))
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    bolu = next(line for line in lines if ",Bolu," in line)
    assert bolu.count("Tidak hadir") == 2  # proposed and decided
    assert "Tidak lolos" not in bolu
