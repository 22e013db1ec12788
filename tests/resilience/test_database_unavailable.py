"""While the database is out of reach every request answers a clean 503 (never a traceback, a 500
or a wrong page), in the shape its caller understands, without logging anyone out.

On both engines the outage is simulated in the process: the connection refuses to open (as when
the server is down at a request's start) or a query fails midway as on a closed connection. The
real outage (PostgreSQL stopped under a running gunicorn) is test_database_restart.py.
"""

import logging

import psycopg
import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.urls import reverse

from kurasi.curation.models import Assessment

from ..curation.conftest import full_scores

API_PROGRAMMES = "/api/v1/o/disperindag-tangsel/programmes/"
QUEUE = reverse("curation:queue", args=["disperindag-tangsel"])


def score_url(assignment):
    return reverse("curation:score", args=["disperindag-tangsel", assignment.pk])


def refuse(*args, **kwargs):
    """What connecting raises while PostgreSQL is down: the driver's error wrapped by Django."""
    try:
        raise psycopg.OperationalError("connection failed: Connection refused")
    except psycopg.OperationalError as driver:
        raise OperationalError(str(driver)) from driver


class Outage:
    """No connection can be opened, as while PostgreSQL restarts; `end()` brings it back."""

    def __init__(self):
        self.patch = pytest.MonkeyPatch()

    def start(self):
        self.patch.setattr(connection, "ensure_connection", refuse)

    def end(self):
        self.patch.undo()


@pytest.fixture
def outage():
    outage = Outage()
    yield outage
    outage.end()


def session_row(client):
    key = client.cookies["sessionid"].value
    return Session.objects.filter(session_key=key).values_list("session_data", "expire_date")[0]


def assert_clean(response):
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "15"
    assert "Traceback" not in body
    assert "OperationalError" not in body
    assert "sessionid" not in response.cookies  # nothing saved over the person's session
    return body


def test_pages_answer_a_static_page_in_the_persons_language_and_nobody_is_logged_out(
    client_for, curator, outage, caplog
):
    client = client_for(curator)
    before = session_row(client)
    outage.start()
    with caplog.at_level(logging.WARNING, logger="kurasi.unavailable"):
        body = assert_clean(client.get(QUEUE + "?q=kurator@tangsel.test"))
    assert "<h1>Sebentar tidak tersedia</h1>" in body
    assert "csrfmiddlewaretoken" not in body  # rendered without the session
    # One warning line naming the path, without the query or anyone's data.
    [record] = [r for r in caplog.records if r.name == "kurasi.unavailable"]
    assert record.levelname == "WARNING"
    assert record.getMessage() == (
        "Database unavailable: GET curation:queue answered 503 (OperationalError)"
    )
    assert not record.exc_info

    client.cookies["kurasi_language"] = "en"
    body = assert_clean(client.get("/"))
    assert "<h1>Briefly unavailable</h1>" in body
    assert "You are still logged in." in body

    outage.end()
    assert session_row(client) == before
    assert client.get(QUEUE).status_code == 200  # the same session, still logged in


def test_api_scoring_autosave_and_htmx_get_their_own_shapes(
    client_for, curator, admin_user, assignment, outage
):
    api = client_for(admin_user)
    scorer = client_for(curator)
    outage.start()

    response = api.get(API_PROGRAMMES, HTTP_ACCEPT_LANGUAGE="en")
    assert_clean(response)
    assert response.json()["error"]["code"] == "unavailable"
    assert "send it again in a moment" in response.json()["error"]["message"]

    # The scoring page's script sends its queue with X-Requested-With: fetch; it keeps the entry
    # queued on a 503 and resends it (kurasi/static/kurasi/curation-score.js).
    saved = scorer.post(
        score_url(assignment), {"action": "autosave", "notes": "x"}, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert_clean(saved)
    assert saved.json()["error"]["code"] == "unavailable"

    body = assert_clean(scorer.get(reverse("insights:home"), HTTP_HX_REQUEST="true"))
    assert body.startswith('<p class="notice notice-warning" role="alert">')


def test_a_connection_lost_midway_answers_503_and_the_resent_save_is_stored(
    client_for, curator, assignment, food_rubric
):
    scorer = client_for(curator)
    scorer.get(score_url(assignment))
    data = {**full_scores(food_rubric, 3), "action": "autosave", "revision": "1"}

    def closed(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("UPDATE") and "curation_assessment" in sql:
            raise OperationalError("the connection is closed")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(closed):
        lost = scorer.post(score_url(assignment), data, HTTP_X_REQUESTED_WITH="fetch")
    assert_clean(lost)

    resent = scorer.post(score_url(assignment), data, HTTP_X_REQUESTED_WITH="fetch")
    assert resent.status_code == 200
    assessment = Assessment.objects.get(curator=curator)
    assert assessment.notes == "Rasa enak, label belum lengkap."
    assert set(assessment.scores.values_list("value", flat=True)) == {3}


def test_a_mistake_in_a_query_is_not_called_an_outage(client_for, curator):
    def broken(execute, sql, params, many, context):
        raise OperationalError('relation "no_such_table" does not exist')

    client = client_for(curator)
    with connection.execute_wrapper(broken), pytest.raises(OperationalError):
        client.get(QUEUE)


def test_an_anonymous_page_whose_view_needs_the_database_answers_503(client, db, outage):
    outage.start()
    body = assert_clean(client.get(reverse("programmes:call_list")))
    assert "<h1>Sebentar tidak tersedia</h1>" in body


def test_the_database_lost_inside_a_middleware_answers_503_too(client_for, curator, caplog):
    """The session is read by the middlewares after the connection check: a connection lost
    just then is answered by the 500 handler as an outage, and logged as one line."""
    client = client_for(curator)
    client.raise_request_exception = False

    def session_lost(execute, sql, params, many, context):
        if "django_session" in sql:
            refuse()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(session_lost), caplog.at_level(logging.INFO):
        body = assert_clean(client.get(QUEUE))
    assert "<h1>Sebentar tidak tersedia</h1>" in body
    assert [(r.name, r.levelname) for r in caplog.records if r.levelno >= logging.WARNING] == [
        ("kurasi.unavailable", "WARNING")
    ]


def test_an_api_request_losing_the_database_midway_answers_503_json(
    client_for, admin_user, open_programme
):
    """The API's own exception handler leaves an outage to the middleware: a 503 with
    Retry-After in the API's error shape, not its generic 500."""
    client = client_for(admin_user)

    def closed(execute, sql, params, many, context):
        if "programmes_programme" in sql:
            raise OperationalError("the connection is closed")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(closed):
        response = client.get(API_PROGRAMMES)
    body = assert_clean(response)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "unavailable"
    assert "Traceback" not in body
