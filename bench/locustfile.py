"""The users of bench/bench_load.py: producers, curators on the curation day, office admins.

Each simulated user takes a session minted by bench/load_setup.py and walks the pages that role
uses every day, with a person's pauses between clicks. Result letters (PDF made on request) are
left out: they are measured on their own, not as a page.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

SESSIONS = json.loads(open(os.environ["KURASI_LOAD_SESSIONS"]).read())  # noqa: SIM115
ORG = SESSIONS["organisation"]
SCORING = SESSIONS["programme"]
DEMO_PROGRAMME = "kurasi-produk-ikm-2017"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SCORE_FIELD = re.compile(r'name="(score_[\w-]+)" value="(\d+)"')
_handed_out = {kind: itertools.count() for kind in ("producer", "curator", "admin")}


class KurasiUser(HttpUser):
    abstract = True
    kind = ""
    # A person reads a page before the next click: 3–8 s (a curator's autosave fires a few
    # seconds after they stop typing). KURASI_LOAD_PAUSE="1,3" makes the users impatient.
    wait_time = between(*(float(x) for x in os.environ.get("KURASI_LOAD_PAUSE", "3,8").split(",")))

    def on_start(self):
        pool = SESSIONS[self.kind]
        self.me = pool[next(_handed_out[self.kind]) % len(pool)]
        self.client.cookies.set("sessionid", self.me["session"])

    def page(self, path, name=None):
        with self.client.get(path, name=name or path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif "/accounts/login" in response.url:
                response.failure("sent to the login page")
            return response


class Producer(KurasiUser):
    kind = "producer"
    fixed_count = len(SESSIONS["producer"])

    @task(3)
    def my_applications(self):
        self.page("/my/applications/")

    @task(2)
    def dashboard(self):
        self.page("/dashboard/")

    @task(2)
    def my_results(self):
        self.page("/my/results/")

    @task(1)
    def open_calls(self):
        self.page("/calls/")

    @task(1)
    def home(self):
        self.page("/")


class Curator(KurasiUser):
    kind = "curator"
    fixed_count = len(SESSIONS["curator"])

    @task(1)
    def queue(self):
        self.page(f"/o/{ORG}/curate/", name="/o/[org]/curate/")

    @task(4)
    def score_and_autosave(self):
        """Open a product, then save the draft as the page's script does while the curator types."""
        if not self.me["assignments"]:
            return
        assignment = random.choice(self.me["assignments"])
        path = f"/o/{ORG}/curate/{assignment}/"
        response = self.page(path, name="/o/[org]/curate/[assignment]/")
        token = CSRF_FIELD.search(response.text or "")
        levels = {}
        for field, level in SCORE_FIELD.findall(response.text or ""):
            levels.setdefault(field, []).append(level)
        if not token or not levels:
            return  # submitted already: the page is read-only
        data = {field: random.choice(values) for field, values in levels.items()}
        data.update(
            csrfmiddlewaretoken=token.group(1),
            action="autosave",
            notes="Kemasan rapi, label perlu komposisi.",
        )
        with self.client.post(
            path,
            data=data,
            name="/o/[org]/curate/[assignment]/ autosave",
            headers={"Referer": self.host + path},
            catch_response=True,
        ) as saved:
            if saved.status_code != 200 or "revision" not in saved.text:
                saved.failure(f"{saved.status_code}")


class OfficeAdmin(KurasiUser):
    kind = "admin"
    fixed_count = len(SESSIONS["admin"])

    @task(2)
    def office_dashboard(self):
        self.page(f"/o/{ORG}/", name="/o/[org]/")

    @task(3)
    def registry(self):
        self.page(f"/o/{ORG}/registry/", name="/o/[org]/registry/")

    @task(2)
    def registry_search(self):
        """A search is POSTed (phones and names stay out of addresses), then shown by redirect."""
        listing = self.page(f"/o/{ORG}/registry/", name="/o/[org]/registry/")
        token = CSRF_FIELD.search(listing.text or "")
        if token:
            self.client.post(
                f"/o/{ORG}/registry/",
                data={"csrfmiddlewaretoken": token.group(1), "q": random.choice(["roti", "tas"])},
                name="/o/[org]/registry/ search",
                headers={"Referer": f"{self.host}/o/{ORG}/registry/"},
            )

    @task(2)
    def products(self):
        self.page(f"/o/{ORG}/registry/products/", name="/o/[org]/registry/products/")

    @task(2)
    def programme(self):
        self.page(f"/o/{ORG}/programmes/{DEMO_PROGRAMME}/", name="/o/[org]/programmes/[programme]/")

    @task(2)
    def results(self):
        self.page(
            f"/o/{ORG}/programmes/{DEMO_PROGRAMME}/results/",
            name="/o/[org]/programmes/[programme]/results/",
        )

    @task(1)
    def scoring_programme(self):
        self.page(f"/o/{ORG}/programmes/{SCORING}/", name="/o/[org]/programmes/[programme]/")
