"""The registration deadline (bench/bench_peak_registration.py): each simulated producer comes
once, in their own session, to the last steps of the wizard: the products step, a new product
with a photo from the phone's camera (bench/phone_photo.py), a look at the permits, the review,
and "send"; then the status page. Redirects are followed by hand, so every request is timed
under its own name.
"""

import itertools
import json
import os
import random
import re

import gevent
from locust import HttpUser, constant, task

from bench.phone_photo import phone_photo

SESSIONS = json.loads(open(os.environ["KURASI_LOAD_SESSIONS"]).read())  # noqa: SIM115
BASE = f"/register/{SESSIONS['organisation']}/{SESSIONS['programme']}/"
PHOTO = phone_photo()
FORM = re.compile(r"<form\b(.*?)</form>", re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
# A person at the deadline: reading, typing the product's details, picking the photo.
PAUSE = [float(x) for x in os.environ.get("KURASI_LOAD_PAUSE", "2,5").split(",")]
_handed_out = itertools.count()


def hidden_fields(html, marker):
    """The hidden inputs (CSRF token included) of the page's form containing `marker`."""
    for form in FORM.findall(html or ""):
        if marker in form:
            return dict(HIDDEN.findall(form))
    return None


class Producer(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.me = SESSIONS["producer"][next(_handed_out) % len(SESSIONS["producer"])]
        self.client.cookies.set("sessionid", self.me["session"])
        self.step = f"{BASE}{self.me['business']}/"
        self.done = False

    def pause(self):
        gevent.sleep(random.uniform(*PAUSE))

    def get(self, path, name):
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/accounts/login" in response.url:
                response.failure(f"{response.status_code} {response.url}")
            return response

    def post(self, path, name, expect, **kwargs):
        """A form POST answered by a redirect to `expect` (anything else is an error)."""
        with self.client.post(
            path,
            name=name,
            allow_redirects=False,
            headers={"Referer": self.host + path},
            catch_response=True,
            **kwargs,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not location.endswith(expect):
                response.failure(f"{response.status_code} → {location or response.text[:200]}")
                return None
            return location

    @task
    def register(self):
        if self.done:
            gevent.sleep(3600)  # came once; stays away until the run ends
            return
        self.done = True
        products = f"{self.step}products/"
        page = self.get(products, "wizard: products step")
        fields = hidden_fields(page.text, 'value="add"')
        if fields is None:
            page.failure("no product form")
            return
        self.pause()
        name = f"Produk tenggat {self.me['business']}"
        fields.update(
            group=str(self.me["group"]),
            name=name,
            description="Dibuat di rumah, tanpa pengawet. Kemasan standing pouch dengan jendela.",
            price="25000",
            unit="pcs",
            monthly_capacity="500",
            materials="Bahan lokal dari pasar setempat",
            packaging="Standing pouch 250 g",
            shelf_life_days="90" if self.me["is_food"] else "",
        )
        sent = self.post(
            products,
            "wizard: add product with photo (POST)",
            products,
            data=fields,
            files={"photo": ("IMG_20261206_101500.jpg", PHOTO, "image/jpeg")},
        )
        if sent is None:
            return
        listed = self.get(products, "wizard: products step")
        if name not in (listed.text or ""):
            listed.failure("the new product is not listed")
            return
        self.pause()
        self.get(f"{self.step}documents/", "wizard: permits step")
        review = self.get(f"{self.step}review/", "wizard: review step")
        fields = hidden_fields(review.text, 'id="submit-form"')
        if fields is None:
            review.failure("no send form")
            return
        self.pause()
        send = f"{self.step}review/"
        if self.post(send, "wizard: send (POST)", "/my/applications/", data=fields):
            self.get("/my/applications/", "my applications")
