"""Data and sessions for bench/bench_load.py (run inside a configured Django process).

A second programme of the demo office opens for scoring so that curators write real drafts under
load, and every simulated user gets a session of their own, as a real browser would.
"""

import datetime as dt
import itertools

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kurasi.accounts.models import Membership, Organisation, Role, User
from kurasi.curation.assignment import Problem, assign
from kurasi.curation.models import Assignment, CurationPlan, CuratorCoverage, ProgrammeRubric
from kurasi.demo.accounts import ORGANISATION
from kurasi.programmes.models import Application, ApplicationStatus, Programme, ProgrammeStatus
from kurasi.registry.models import Business

LOAD_SLUG = "kurasi-uji-beban"
PRODUCER_ACCOUNTS = 20


def open_scoring_programme(slug=LOAD_SLUG, products_per_entrant=1):
    """The demo's products entered again in a programme whose curation has begun, no scores yet.

    With `products_per_entrant` above 1, each entrant of 2017 enters that many products (the
    others made for the bench, in the same group), for a curation day with more to score.
    Returns {curator id: [assignment ids]}.
    """
    organisation = Organisation.objects.get(slug=ORGANISATION["slug"])
    source = Programme.objects.filter(organisation=organisation).order_by("year", "pk").first()
    now = timezone.now()
    programme = Programme.objects.create(
        organisation=organisation,
        title="Kurasi Produk IKM (uji beban)",
        slug=slug,
        year=now.year,
        status=ProgrammeStatus.CLOSED,
        registration_opens_at=now - dt.timedelta(days=30),
        registration_closes_at=now - dt.timedelta(days=2),
        curation_date=timezone.localdate(),
    )
    programme.product_groups.set(source.product_groups.all())
    entrants = list(source.applications.values_list("product_id", "business_id"))
    entrants += more_products(source, products_per_entrant - 1)
    applications = Application.objects.bulk_create(
        Application(
            programme=programme,
            product_id=product_id,
            business_id=business_id,
            status=ApplicationStatus.VERIFIED,
            submitted_at=now - dt.timedelta(days=3),
        )
        for product_id, business_id in entrants
    )
    CurationPlan.objects.create(programme=programme, curators_per_application=2)
    for link in ProgrammeRubric.objects.filter(programme=source):
        ProgrammeRubric.objects.create(
            programme=programme, product_group=link.product_group, rubric=link.rubric
        )
    groups = {
        a.pk: a.product.group.code
        for a in Application.objects.filter(programme=programme).select_related("product__group")
    }
    covered = {}
    for coverage in CuratorCoverage.objects.filter(organisation=organisation).select_related(
        "product_group"
    ):
        covered.setdefault(coverage.curator_id, set()).add(coverage.product_group.code)
    solution = assign(Problem(applications=groups, curators=covered, k=2))
    Assignment.objects.bulk_create(
        Assignment(application_id=a, curator_id=c, is_automatic=True)
        for c, a in sorted(solution.pairs)
    )
    by_curator = {}
    for assignment in Assignment.objects.filter(application__in=applications):
        by_curator.setdefault(assignment.curator_id, []).append(assignment.pk)
    return by_curator


def more_products(source, per_entrant):
    """`per_entrant` more products of each entrant of `source`: [(product id, business id)]."""
    made = []
    for application in source.applications.select_related("product").order_by("pk"):
        name = application.product.name
        for n in range(per_entrant):
            product = application.product
            product.pk = None
            product.name = f"{name} (varian {n + 2})"
            product.save()
            made.append((product.pk, product.business_id))
    return made


def producer_accounts():
    """Owners' accounts for the first businesses of the demo, as if they had registered."""
    accounts = []
    for n, business in enumerate(Business.objects.order_by("pk")[:PRODUCER_ACCOUNTS]):
        if business.owner_id is None:
            user = User.objects.create(
                full_name=business.owner_name, phone=f"+62819000{n:05d}", email=None
            )
            business.owner = user
            business.save(update_fields=["owner"])
        accounts.append(business.owner)
    return accounts


def session_for(user):
    """A logged-in session, as the login page leaves it after the two-step code where one is set."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "kurasi.accounts.backends.EmailOrPhoneBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return store.session_key


def mint_sessions(users, assignments_by_curator):
    """One session per simulated user: 40 % producers, 40 % curators, 20 % office admins."""
    organisation = Organisation.objects.get(slug=ORGANISATION["slug"])
    staff = Membership.objects.filter(organisation=organisation).select_related("user")
    curators = [m.user for m in staff if m.role == Role.CURATOR]
    admins = [m.user for m in staff if m.role == Role.ADMIN]
    producers = producer_accounts()
    shares = {"producer": 0.4, "curator": 0.4, "admin": 0.2}
    pools = {
        "producer": itertools.cycle(producers),
        "curator": itertools.cycle(curators),
        "admin": itertools.cycle(admins),
    }
    sessions = {"organisation": organisation.slug, "programme": LOAD_SLUG}
    for kind, share in shares.items():
        sessions[kind] = []
        for _ in range(max(1, round(users * share))):
            user = next(pools[kind])
            entry = {"session": session_for(user)}
            if kind == "curator":
                entry["assignments"] = assignments_by_curator.get(user.pk, [])
            sessions[kind].append(entry)
    return sessions
