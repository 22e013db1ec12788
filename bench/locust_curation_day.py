"""The curation day (bench/bench_peak_curation_day.py): curators scoring at their tables, the
check-in desks receiving producers, and the live board on the hall's screens.

- A curator opens their next product, sets the scores as they look at it (the page's script
  autosaves a few seconds after each change, carrying the revision it last saw), then submits and
  goes back to the queue.
- A desk officer searches the arriving producer by phone (a POST: phones stay out of addresses),
  marks them arrived (a sample code is given), and prints the sample's label.
- A board screen loads the board once, then fetches its live part every 10 seconds, as its htmx
  polling does.

Redirects are followed by hand, so every request is timed under its own name.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, constant, task

SESSIONS = json.loads(open(os.environ["KURASI_LOAD_SESSIONS"]).read())  # noqa: SIM115
ORG = SESSIONS["organisation"]
SESSION = f"/o/{ORG}/programmes/{SESSIONS['programme']}/curation/sessions/{SESSIONS['session']}/"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION_FIELD = re.compile(r'name="revision" value="(\d*)"')
SCORE_FIELD = re.compile(r'name="(score_[\w-]+)" value="(\d+)"')
PAUSE = [float(x) for x in os.environ.get("KURASI_LOAD_PAUSE", "2,6").split(",")]
BOARD_EVERY = float(os.environ.get("KURASI_BOARD_EVERY", "10"))
_handed_out = {kind: itertools.count() for kind in ("curator", "desk", "board")}


class DayUser(HttpUser):
    abstract = True
    kind = ""

    def on_start(self):
        pool = SESSIONS[self.kind]
        self.me = pool[next(_handed_out[self.kind]) % len(pool)]
        self.client.cookies.set("sessionid", self.me["session"])

    def page(self, path, name):
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/accounts/login" in response.url:
                response.failure(f"{response.status_code} {response.url}")
            return response

    def post(self, path, name, data, expect=None):
        """A POST; with `expect`, it must redirect to an address containing it."""
        with self.client.post(
            path,
            data=data,
            name=name,
            allow_redirects=False,
            headers={"Referer": self.host + path},
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if expect is None and response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif expect is not None and (response.status_code != 302 or expect not in location):
                response.failure(f"{response.status_code} → {location or response.text[:200]}")
            return response


class Curator(DayUser):
    kind = "curator"
    fixed_count = len(SESSIONS["curator"])
    wait_time = between(*PAUSE)

    def on_start(self):
        super().on_start()
        self.todo = list(self.me["assignments"])
        random.shuffle(self.todo)

    @task
    def score_next_product(self):
        """The queue, one product scored with 3–5 autosaves, then submitted."""
        self.page(f"/o/{ORG}/curate/", "curator: queue")
        if not self.todo:
            return
        path = f"/o/{ORG}/curate/{self.todo.pop()}/"
        page = self.page(path, "curator: scoring page")
        text = page.text or ""
        token, revision = CSRF_FIELD.search(text), REVISION_FIELD.search(text)
        levels = {}
        for field, level in SCORE_FIELD.findall(text):
            levels.setdefault(field, []).append(level)
        if not token or not revision or not levels:
            page.failure("no scoring form")
            return
        data = {"csrfmiddlewaretoken": token.group(1), "revision": revision.group(1)}
        criteria = list(levels)
        for change in range(random.randint(3, 5)):
            self.wait()
            # The curator scores a few criteria, then writes a note; the script saves each time.
            for field in criteria[change::3]:
                data[field] = random.choice(levels[field])
            data["notes"] = "Kemasan rapi, label perlu komposisi." if change else ""
            saved = self.post(path, "curator: autosave (POST)", dict(data, action="autosave"))
            if saved.status_code == 200:
                data["revision"] = str(saved.json().get("revision", data["revision"]))
        self.wait()
        data.update({field: random.choice(values) for field, values in levels.items()})
        self.post(path, "curator: submit (POST)", dict(data, action="submit"), f"/o/{ORG}/curate/")


class Desk(DayUser):
    kind = "desk"
    fixed_count = len(SESSIONS["desk"])
    wait_time = between(*PAUSE)

    def on_start(self):
        super().on_start()
        self.arrivals = iter(self.me["arrivals"])

    @task
    def check_in_next_producer(self):
        arrival = next(self.arrivals, None)
        desk = f"{SESSION}desk/"
        page = self.page(desk, "desk: page")
        token = CSRF_FIELD.search(page.text or "")
        if arrival is None or not token:
            return
        self.wait()
        found = self.post(
            desk,
            "desk: search (POST)",
            {"csrfmiddlewaretoken": token.group(1), "q": arrival["q"]},
        )
        action = f"{SESSION}desk/{arrival['application']}/arrived/"
        if action not in (found.text or ""):
            found.failure("the producer was not found")
            return
        self.post(
            action,
            "desk: mark arrived (POST)",
            {"csrfmiddlewaretoken": token.group(1)},
            f"?shown={arrival['application']}",
        )
        self.page(f"{desk}?shown={arrival['application']}", "desk: page after check-in")
        self.page(f"{SESSION}label/{arrival['application']}/", "desk: sample label")


class Board(DayUser):
    kind = "board"
    fixed_count = len(SESSIONS["board"])
    wait_time = constant(BOARD_EVERY)

    def on_start(self):
        super().on_start()
        self.page(f"{SESSION}board/", "board: page")

    @task
    def refresh(self):
        self.page(f"{SESSION}board/live/", "board: live part (every 10 s)")
