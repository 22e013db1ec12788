"""The curation day of Tuesday 19 September 2017 (DOMAIN.md §1): one session in Ruang Gintung,
two tables with the four curators, every product scheduled, and every producer checked in with a
sample code — the article says all were assessed, so no no-shows; two came without a slot.

Built through the same services the pages use, at the day's own times. Deterministic; a second
run changes nothing.
"""

import datetime as dt
import random

from kurasi.accounts.models import User
from kurasi.curation.models_day import CurationSession, Slot
from kurasi.curation.services_day import check_in, save_session, save_table, schedule_automatically
from kurasi.curation.services_day import walk_in as check_in_walk_in

from .accounts import STAFF

DAY = dt.date(2017, 9, 19)
SESSION = {
    "date": DAY,
    "place": "Ruang Gintung, Puspemkot Tangsel lantai 4",
    "starts_at": dt.time(8, 0),
    "ends_at": dt.time(16, 0),
    "slot_minutes": 10,
    "grace_minutes": 30,
}
TABLES = [
    (
        "Meja 1 · makanan & minuman",
        ["kurator1@tangsel.kurasi.test", "kurator4@tangsel.kurasi.test"],
    ),
    (
        "Meja 2 · tas, busana & aksesori",
        ["kurator2@tangsel.kurasi.test", "kurator3@tangsel.kurasi.test"],
    ),
]
# Two producers came without a slot; they arrived at these times.
WALK_IN_TIMES = [dt.time(10, 40), dt.time(13, 5)]


def seed_day(organisation, programme):
    existing = CurationSession.objects.filter(programme=programme, date=DAY).first()
    if existing is not None:
        return existing
    staff = {u.email: u for u in User.objects.filter(email__in=[e for e, _, _ in STAFF])}
    admin, desk = staff[STAFF[0][0]], [staff[STAFF[1][0]], staff[STAFF[2][0]]]
    session = save_session(actor=admin, programme=programme, values=SESSION)
    for name, emails in TABLES:
        save_table(actor=admin, session=session, name=name, curators=[staff[e] for e in emails])
    schedule_automatically(actor=admin, session=session)

    rng = random.Random(19092017)
    slots = list(Slot.objects.filter(session=session).select_related("application").order_by("pk"))
    walk_ins = rng.sample(slots, len(WALK_IN_TIMES))
    # They had no slot: the schedule is made again without them, as it was before the day.
    Slot.objects.filter(pk__in=[s.pk for s in walk_ins]).delete()
    opening = session.start - dt.timedelta(minutes=30)
    arrivals = [
        (max(opening, s.starts_at - dt.timedelta(minutes=rng.randint(5, 45))), s.application, False)
        for s in slots
        if s not in walk_ins
    ]
    arrivals += [
        (session.at(time), s.application, True)
        for time, s in zip(WALK_IN_TIMES, walk_ins, strict=True)
    ]
    for index, (moment, application, is_walk_in) in enumerate(sorted(arrivals, key=lambda a: a[0])):
        officer = desk[index % len(desk)]
        if is_walk_in:
            check_in_walk_in(actor=officer, session=session, application=application, now=moment)
        else:
            check_in(actor=officer, application=application, now=moment)
    return session
