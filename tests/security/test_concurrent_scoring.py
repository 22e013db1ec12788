"""Issue 8 attack: two saves of scores at the same moment lose no update.

Each request goes through the scoring page's POST (the form the page renders, the autosave the
page's script sends) in its own thread with its own database connection; a barrier releases them
together so the two transactions really overlap (select_for_update makes the second wait).
"""

import sqlite3
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from kurasi.accounts.models import Role
from kurasi.curation.models import Assessment, Assignment
from kurasi.curation.results import compute_results
from kurasi.programmes.models import Application

from ..curation import conftest as curation
from ..factories import MembershipFactory, UserFactory

# The curation tests' bakery product, rubric and assignment, as fixtures of this module too.
food_rubric = curation.food_rubric
curated_application = curation.curated_application
assignment = curation.assignment


@pytest.fixture
def threads_share_database(transactional_db, tmp_path):
    """Every thread on one database. PostgreSQL: as it is. SQLite: the test database lives in
    memory, where a second connection meets "table is locked" instead of waiting its turn as on a
    file; so the data made so far is copied to a WAL file that every connection opens.
    Request it after the fixtures whose data the test needs."""
    memory = connections["default"]
    if memory.vendor != "sqlite":
        yield
        return
    path = tmp_path / "shared.sqlite3"
    with sqlite3.connect(path) as target:
        memory.connection.backup(target)
    connections.settings["default"] = {**memory.settings_dict, "NAME": str(path)}
    connections["default"] = on_file = connections.create_connection("default")
    yield
    on_file.close()
    connections.settings["default"] = memory.settings_dict
    connections["default"] = memory


def score_url(assignment):
    return reverse("curation:score", args=["disperindag-tangsel", assignment.pk])


def at_once(*posts):
    """Send each (client, url, data) POST in its own thread, released together; the responses."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)
    failures = []

    def send(index, client, url, data):
        try:
            barrier.wait(timeout=30)
            responses[index] = client.post(url, data)
        except Exception as error:  # reported below, so a thread's failure fails the test
            failures.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=send, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    return responses


def form_as_loaded(client, url):
    """The hidden revision the page's form carries (the test client skips CSRF checks)."""
    response = client.get(url)
    assert response.status_code == 200
    return {"revision": response.context["form"]["revision"].value()}


@pytest.mark.django_db(transaction=True)
def test_two_curators_submitting_at_once_both_count_in_results(
    client_for, assignment, curator, organisation, food_rubric, threads_share_database
):
    second = MembershipFactory(
        organisation=organisation, role=Role.CURATOR, user=UserFactory(full_name="Citra Dewi")
    ).user
    other = Assignment.objects.create(application=assignment.application, curator=second)
    Application.objects.filter(pk=assignment.application_id).update(status="verified")
    keys = [c.key for c in food_rubric.criteria.all()]
    posts = []
    for user, job, value in [(curator, assignment, 4), (second, other, 2)]:
        client = client_for(user)
        data = form_as_loaded(client, score_url(job))
        data.update({f"score_{key}": value for key in keys}, notes=f"Nilai {value}")
        posts.append((client, score_url(job), {**data, "action": "submit"}))

    responses = at_once(*posts)

    assert [r.status_code for r in responses] == [302, 302]
    stored = {
        a.curator_id: (a.status, a.notes, sorted(s.value for s in a.scores.all()))
        for a in Assessment.objects.prefetch_related("scores")
    }
    assert stored == {
        curator.pk: ("submitted", "Nilai 4", [4] * len(keys)),
        second.pk: ("submitted", "Nilai 2", [2] * len(keys)),
    }
    row = compute_results(assignment.application.programme).by_application()[
        assignment.application_id
    ]
    assert sorted((s.curator_id, s.raw) for s in row.scores) == sorted(
        (a.curator_id, float(a.weighted_score)) for a in Assessment.objects.all()
    )
    assert sorted(s.curator_id for s in row.scores) == sorted([curator.pk, second.pk])


def device_form(client, url, keys, **typed):
    """The whole form a phone sends: every field, blank unless typed (unticked scores absent)."""
    data = form_as_loaded(client, url)
    data.update({"notes": "", "recommendation": "", "action": "autosave"})
    for key in keys:
        data.update({f"note_{key}": "", f"advice_{key}": ""})
    data.update(typed)
    return data


@pytest.mark.django_db(transaction=True)
def test_one_curator_on_two_devices_saving_at_once_keeps_both_devices_typing(
    client_for, assignment, curator, food_rubric, threads_share_database
):
    url = score_url(assignment)
    first_key, second_key, *_ = keys = [c.key for c in food_rubric.criteria.all()]
    phone, tablet = client_for(curator), client_for(curator)
    # Both pages opened before either saved, as two devices on a curation day are.
    phone_form = device_form(
        phone, url, keys, **{f"score_{first_key}": 4, f"note_{first_key}": "Kemasan rapi"}
    )
    tablet_form = device_form(
        tablet, url, keys, **{f"score_{second_key}": 3, "notes": "Label belum lengkap"}
    )

    responses = at_once((phone, url, phone_form), (tablet, url, tablet_form))

    assert [r.status_code for r in responses] == [200, 200]
    assert sorted(r.json()["revision"] for r in responses) == [1, 2]
    assessment = Assessment.objects.get()
    scores = {
        s.criterion.key: (s.value, s.note) for s in assessment.scores.select_related("criterion")
    }
    assert assessment.revision == 2
    assert assessment.notes == "Label belum lengkap"
    assert scores[first_key] == (4, "Kemasan rapi")
    assert scores[second_key] == (3, "")
    # The later answer tells its device what the other device saved, to show in its blanks.
    later = max(responses, key=lambda r: r.json()["revision"]).json()["fields"]
    assert (later[f"score_{first_key}"], later[f"score_{second_key}"]) == (4, 3)


@pytest.mark.django_db
def test_a_form_showing_the_latest_revision_can_still_clear_a_note(
    client_for, assignment, curator, food_rubric
):
    url = score_url(assignment)
    keys = [c.key for c in food_rubric.criteria.all()]
    client = client_for(curator)
    client.post(url, device_form(client, url, keys, notes="Salah ketik"))
    assert client.post(url, device_form(client, url, keys, notes="")).status_code == 200
    assert Assessment.objects.get().notes == ""
