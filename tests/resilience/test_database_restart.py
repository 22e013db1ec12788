"""PostgreSQL stopped for about ten seconds under a running gunicorn (the curation day's server):
every request meanwhile answers a clean 503 (no 500, no traceback, nobody logged out); once the
database is back the same worker process answers again, the curator is still logged in and a
score sent after the recovery is stored. Nothing is restarted but PostgreSQL.

PostgreSQL only (selected by the database engine, see conftest.py). It stops and starts the
machine's cluster as .ci/run starts it, and always starts it again (try/finally): other test runs
on the same server see a ten-second outage too.
"""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connections
from django.urls import reverse

from kurasi.curation.models import Assessment

from ..curation.conftest import full_scores

pytestmark = [pytest.mark.postgresql_only, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
OUTAGE_SECONDS = 10


def cluster(action):
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def database_ready(expected):
    db = settings.DATABASES["default"]
    host, port = db["HOST"] or "127.0.0.1", str(db["PORT"] or 5432)
    for _ in range(120):
        ready = subprocess.run(["pg_isready", "-q", "-h", host, "-p", port]).returncode == 0
        if ready == expected:
            return
        time.sleep(0.5)
    raise AssertionError(f"PostgreSQL never became {'ready' if expected else 'unreachable'}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    db = settings.DATABASES["default"]  # the test database, during the tests
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def workers_of(server):
    """The gunicorn worker processes (children of the master)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == server.pid:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def serve(port, log):
    env = dict(
        os.environ,
        DATABASE_URL=database_url(),
        KURASI_ENV="development",
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    command = [
        str(Path(sys.executable).with_name("gunicorn")), "kurasi.wsgi",
        f"--bind=127.0.0.1:{port}", "--workers=1", "--worker-class=gthread", "--threads=2",
        "--timeout=60", "--preload",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise AssertionError("gunicorn did not start")


def test_a_database_restart_answers_503_and_recovers_in_the_same_process(
    client_for, curator, assignment, food_rubric, tmp_path
):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    queue = base + reverse("curation:queue", args=["disperindag-tangsel"])
    score = base + reverse("curation:score", args=["disperindag-tangsel", assignment.pk])
    api = f"{base}/api/v1/o/disperindag-tangsel/assessments/"
    browser = requests.Session()
    browser.cookies.set("sessionid", client_for(curator).cookies["sessionid"].value)
    log_path = tmp_path / "gunicorn.log"
    log = log_path.open("w")
    server = serve(port, log)
    stopped = False
    try:
        page = browser.get(score, allow_redirects=False, timeout=30)
        assert page.status_code == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        worker = workers_of(server)
        assert len(worker) == 1

        scores = full_scores(food_rubric, 3)  # read now: this process loses the database too

        def save(notes, **headers):
            data = {**scores, "notes": notes, "action": "autosave"}
            return browser.post(
                score, data={**data, "csrfmiddlewaretoken": token}, allow_redirects=False,
                headers={"Referer": score, **headers}, timeout=30,
            )  # fmt: skip

        cluster("stop")
        stopped = True
        database_ready(False)
        during = []
        started = time.monotonic()
        while time.monotonic() - started < OUTAGE_SECONDS:
            during += [
                browser.get(queue, allow_redirects=False, timeout=30),
                browser.get(base + "/", allow_redirects=False, timeout=30),
                browser.get(api, timeout=30),
                save("Dikirim saat basis data mati.", **{"X-Requested-With": "fetch"}),
                save("Dikirim saat basis data mati."),
            ]
            time.sleep(0.5)
        cluster("start")
        stopped = False
        database_ready(True)

        assert {response.status_code for response in during} == {503}
        for response in during:
            assert response.headers["Retry-After"] == "15"
            assert "Traceback" not in response.text
            assert "sessionid" not in response.cookies
        assert during[2].json()["error"]["code"] == "unavailable"
        assert during[3].json()["error"]["code"] == "unavailable"
        assert "<h1>Sebentar tidak tersedia</h1>" in during[0].text

        # Back: the same worker process answers, the curator is still logged in.
        again = browser.get(queue, allow_redirects=False, timeout=30)
        assert again.status_code == 200
        assert "Roti Gambang" in again.text
        assert browser.get(api, timeout=30).status_code == 200
        resent = save("Dikirim lagi setelah basis data kembali.", **{"X-Requested-With": "fetch"})
        assert resent.status_code == 200
        assert workers_of(server) == worker
    finally:
        if stopped:
            cluster("start")
            database_ready(True)
        server.terminate()
        server.wait(timeout=30)
        log.close()
        connections.close_all()  # this process's connection died with the server

    assessment = Assessment.objects.get(curator=curator)
    assert assessment.notes == "Dikirim lagi setelah basis data kembali."
    assert set(assessment.scores.values_list("value", flat=True)) == {3}
    served = log_path.read_text()
    assert "Traceback" not in served
    assert "Database unavailable: GET curation:queue answered 503" in served
