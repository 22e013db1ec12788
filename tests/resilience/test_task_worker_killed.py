"""A task worker killed mid-task (SIGKILL: no clean-up runs) leaves its task marked running;
`requeue_stalled_tasks` queues it again once, and the email it sends goes out exactly once — also
when the kill came after the email left. A task stalled twice is marked failed, not tried a third
time.

The worker (`manage.py db_worker`) and the commands run as child processes against a database of
their own (a fresh PostgreSQL database or a SQLite file, following the suite's DATABASE_URL), with
the database task backend, so the kill hits a real worker as in production.
"""

import json
import signal
from pathlib import Path

import pytest

from ..security.test_import_killed import child, finish, scratch_database

CHILD = str(Path(__file__).with_name("worker_child.py"))


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    with scratch_database(tmp_path_factory.mktemp("worker")) as (url, _counts, _writing):
        finish(child(url, "manage.py", "migrate", "-v0"))
        yield url


@pytest.fixture
def run(database, tmp_path, monkeypatch):
    """run("enqueue", "k1") → its output; run.killed("worker", "pause-in-send") → the line the
    worker printed before it was killed."""
    mail = tmp_path / "mail"
    mail.mkdir()
    monkeypatch.setenv("KURASI_TASK_WORKER", "1")
    monkeypatch.setenv("MAIL_DIR", str(mail))

    def run(*args):
        return finish(child(database, *(args if args[0] == "manage.py" else (CHILD, *args))))

    def killed(*args):
        process = child(database, CHILD, *args)
        line = process.stderr.readline()
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        assert process.returncode == -signal.SIGKILL
        return line.strip()

    def report():
        return json.loads(run("report"))

    def emails():
        return sum(path.read_text().count("Message-ID: ") for path in mail.iterdir())

    def requeue():
        return run("manage.py", "requeue_stalled_tasks", "--older-than", "0").strip()

    run.killed, run.report, run.emails, run.requeue = killed, report, emails, requeue
    run("clear")
    return run


def test_killed_while_sending_retried_once_sends_one_email(run):
    task = run("enqueue", "k-sending").strip()
    assert run.killed("worker", "pause-in-send") == "sending"
    assert run.report()["tasks"][task] == {"status": "RUNNING", "tries": 1, "value": None}
    assert run.emails() == 0

    assert run.requeue() == "Stalled tasks: 1 queued again, 0 marked failed."
    assert run.report()["tasks"][task]["status"] == "READY"
    run("worker")
    assert run.report()["tasks"][task] == {"status": "SUCCESSFUL", "tries": 2, "value": "sent"}
    assert run.emails() == 1
    assert "email:k-sending" in run.report()["effects"]

    # Nothing stalled any more: nothing runs again.
    assert run.requeue() == "Stalled tasks: 0 queued again, 0 marked failed."
    run("worker")
    assert run.emails() == 1


def test_killed_after_the_email_left_the_retry_sends_nothing(run):
    task = run("enqueue", "k-finishing").strip()
    assert run.killed("worker", "pause-before-finish") == "finishing"
    assert run.report()["tasks"][task]["status"] == "RUNNING"
    assert run.emails() == 1

    assert run.requeue() == "Stalled tasks: 1 queued again, 0 marked failed."
    run("worker")
    report = run.report()
    assert report["tasks"][task] == {"status": "SUCCESSFUL", "tries": 2, "value": "already sent"}
    assert report["effects"].count("email:k-finishing") == 1
    assert run.emails() == 1


def test_a_task_stalled_twice_is_marked_failed_not_tried_again(run):
    task = run("enqueue", "k-twice").strip()
    assert run.killed("worker", "pause-in-send") == "sending"
    run.requeue()
    assert run.killed("worker", "pause-in-send") == "sending"
    assert run.requeue() == "Stalled tasks: 0 queued again, 1 marked failed."
    assert run.report()["tasks"][task]["status"] == "FAILED"
    run("worker")
    assert run.report()["tasks"][task]["tries"] == 2
    assert run.emails() == 0


def test_a_task_running_for_less_than_the_limit_is_left_alone(run):
    task = run("enqueue", "k-young").strip()
    assert run.killed("worker", "pause-in-send") == "sending"
    out = run("manage.py", "requeue_stalled_tasks").strip()  # default: 30 minutes
    assert out == "Stalled tasks: 0 queued again, 0 marked failed."
    assert run.report()["tasks"][task]["status"] == "RUNNING"
