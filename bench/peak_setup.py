"""Data and sessions for the season's peaks (bench/bench_peak_*.py), run inside a configured
Django process after seed_demo. Sessions are minted as bench/load_setup.py does: one per person.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kurasi.accounts.models import Membership, Organisation, Role, User
from kurasi.accounts.services import grant_role
from kurasi.curation.models import Assignment, CuratorCoverage
from kurasi.curation.models_day import CurationSession, Slot
from kurasi.curation.services_day import save_session, save_table, schedule_automatically
from kurasi.demo.accounts import ORGANISATION
from kurasi.programmes.models import Application, Programme, ProgrammeStatus
from kurasi.registry.models import Business

from .load_setup import open_scoring_programme, session_for

DEADLINE_SLUG = "kurasi-uji-tenggat"
DAY_SLUG = "kurasi-uji-hari-kurasi"
CURATORS = 20


def office():
    return Organisation.objects.get(slug=ORGANISATION["slug"])


# --- the registration deadline ------------------------------------------------------------------


@transaction.atomic
def deadline_programme(producers):
    """A call closing tomorrow (no quota) and `producers` people whose business is registered
    already, each with a session: they come back at the deadline to add a product with its photo
    and send. Returns the sessions file's content."""
    organisation = office()
    source = Programme.objects.filter(organisation=organisation).order_by("year", "pk").first()
    now = timezone.now()
    programme = Programme.objects.create(
        organisation=organisation,
        title="Kurasi Produk IKM (uji tenggat)",
        slug=DEADLINE_SLUG,
        year=now.year,
        status=ProgrammeStatus.OPEN,
        registration_opens_at=now - dt.timedelta(days=30),
        registration_closes_at=now + dt.timedelta(days=1),
        curation_date=timezone.localdate() + dt.timedelta(days=5),
    )
    programme.product_groups.set(source.product_groups.all())
    model = Business.objects.filter(organisation=organisation).exclude(village_code="").first()
    groups = list(programme.product_groups.values_list("pk", "is_food"))
    people = []
    for n in range(producers):
        user = User.objects.create(full_name=f"Pelaku Usaha {n + 1}", phone=f"+62819200{n:05d}")
        business = Business.objects.create(
            organisation=organisation,
            owner=user,
            name=f"Usaha Uji Tenggat {n + 1}",
            owner_name=user.full_name,
            phone=user.phone,
            address=model.address,
            district_code=model.district_code,
            village_code=model.village_code,
            consent_notice_version=settings.KURASI_PRIVACY_NOTICE_VERSION,
            consent_given_at=now - dt.timedelta(days=7),
        )
        group, is_food = groups[n % len(groups)]
        people.append(
            {
                "session": session_for(user),
                "business": business.pk,
                "group": group,
                "is_food": is_food,
            }
        )
    return {"organisation": organisation.slug, "programme": programme.slug, "producer": people}


# --- the curation day ---------------------------------------------------------------------------


def curators(organisation, count):
    """The demo's four curators and more, up to `count`, each covering every product group."""
    have = [
        m.user
        for m in Membership.objects.filter(organisation=organisation, role=Role.CURATOR)
        .select_related("user")
        .order_by("pk")
    ]
    for n in range(len(have), count):
        user = User.objects.create(
            full_name=f"Kurator Uji {n + 1}", email=f"kurator-uji{n + 1}@tangsel.kurasi.test"
        )
        grant_role(actor=None, organisation=organisation, user=user, role=Role.CURATOR)
        have.append(user)
    source = Programme.objects.filter(organisation=organisation).order_by("year", "pk").first()
    for user in have:
        for group in source.product_groups.all():
            CuratorCoverage.objects.get_or_create(
                organisation=organisation, curator=user, product_group=group
            )
    return have


def day_hours():
    """The session began ten minutes ago (the first producers are due), for up to six hours."""
    now = timezone.localtime()
    start = now.replace(minute=now.minute // 10 * 10, second=0, microsecond=0)
    start -= dt.timedelta(minutes=10)
    end = min(start + dt.timedelta(hours=6), now.replace(hour=23, minute=50))
    return {
        "date": start.date(),
        "starts_at": start.time(),
        "ends_at": end.time(),
        "slot_minutes": 10,
        "grace_minutes": 30,
    }


@transaction.atomic
def curation_day(products_per_entrant=3, desks=2, boards=2):
    """Today's curation of a closed call: 20 curators at 10 tables with their assignments, every
    product scheduled, nobody checked in yet. Returns the sessions file's content."""
    organisation = office()
    people = curators(organisation, CURATORS)
    by_curator = open_scoring_programme(slug=DAY_SLUG, products_per_entrant=products_per_entrant)
    programme = Programme.objects.get(organisation=organisation, slug=DAY_SLUG)
    admin = Membership.objects.filter(organisation=organisation, role=Role.ADMIN).first().user
    session = save_session(
        actor=admin, programme=programme, values={"place": "Aula (uji beban)", **day_hours()}
    )
    for n in range(0, len(people), 2):
        save_table(
            actor=admin, session=session, name=f"Meja {n // 2 + 1}", curators=people[n : n + 2]
        )
    schedule_automatically(actor=admin, session=session)
    officers = [
        m.user
        for m in Membership.objects.filter(organisation=organisation, role=Role.FIELD_OFFICER)
        .select_related("user")
        .order_by("pk")
    ]
    arrivals = [
        {
            "application": s.application_id,
            # Searched by phone, as most producers are; by the business's name without one.
            "q": s.application.product.business.phone or s.application.product.business.name,
        }
        for s in Slot.objects.filter(session=session)
        .select_related("application__product__business")
        .order_by("starts_at", "table__name")
    ]
    return {
        "organisation": organisation.slug,
        "programme": programme.pk,
        "session": session.pk,
        "curator": [
            {"session": session_for(user), "assignments": by_curator.get(user.pk, [])}
            for user in people
        ],
        # Each desk takes every other producer in the order of their slots.
        "desk": [
            {"session": session_for(officers[n % len(officers)]), "arrivals": arrivals[n::desks]}
            for n in range(desks)
        ],
        "board": [{"session": session_for(admin)} for _ in range(boards)],
        "counts": {
            "applications": Application.objects.filter(programme=programme).count(),
            "assignments": Assignment.objects.filter(application__programme=programme).count(),
            "scheduled": len(arrivals),
            "tables": CurationSession.objects.get(pk=session.pk).tables.count(),
        },
    }
