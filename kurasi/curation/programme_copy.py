"""Copying a programme's set-up from an earlier one (issue 17): a new call starts with last
year's product groups, documents, rubrics, bands, sessions and tables instead of from nothing.

What is copied: the call's rules (groups, documents required, quota, area, venue, contact,
announcement, retention), the curation plan (curators per product, threshold, appeal window,
score basis), the rubric of each product group (its newest version: an edit made since is what
the office wants now), the outcome bands, and each session with its tables, their curators
(those still curators of the office) and its breaks, moved to the new curation day.
What is not: applications, slots, check-ins, assignments, assessments, decisions, letters,
appeals and exhibitions. Curators' product groups belong to the office, not to a programme, so
the new programme has them already.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from kurasi.audit.services import record_event
from kurasi.programmes.models import Programme, ProgrammeStatus

from .models import CurationPlan, ProgrammeRubric, Rubric
from .models_day import CurationSession, SessionBreak, Table
from .models_decisions import OutcomeBand
from .services_day import office_curators

PROGRAMME_FIELDS = [
    "announcement",
    "quota",
    "eligible_region_code",
    "venue",
    "contact",
    "retention_months",
]
PLAN_FIELDS = ["curators_per_application", "disagreement_threshold", "appeal_days", "score_basis"]
BAND_FIELDS = ["label", "minimum_score", "is_pass", "target", "position"]
SESSION_FIELDS = ["place", "starts_at", "ends_at", "slot_minutes", "grace_minutes"]


def _years_later(value, years):
    """`value` (a date or datetime) moved by whole years; 29 February becomes 28 February."""
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)


def _next_season_text(text, old_year, new_year):
    """A title or address with its year moved on, or with the new year added when it names none."""
    if str(old_year) in text:
        return text.replace(str(old_year), str(new_year))
    return f"{text} {new_year}" if text else ""


def suggested_copy(source, now):
    """Initial values of the copy form for `source`: its title, address, year and dates moved on
    by the fewest whole years that put registration's close in the future, so an office copying
    last season's call only checks the dates instead of typing each of them again."""
    closes = source.registration_closes_at
    years = 1
    while closes is not None and _years_later(closes, years) <= now:
        years += 1
    year = source.year + years
    initial = {
        "source": source.pk,
        "year": year,
        "title": _next_season_text(source.title, source.year, year),
        "slug": _next_season_text(source.slug, source.year, year).replace(" ", "-"),
    }
    for name in ("registration_opens_at", "registration_closes_at", "curation_date"):
        value = getattr(source, name)
        if value is not None:
            initial[name] = _years_later(value, years)
    return initial


@dataclass
class CopyResult:
    programme: Programme
    curators_left_out: list = field(default_factory=list)  # no longer curators of the office


def newest_rubric(rubric):
    return Rubric.objects.filter(family=rubric.family).order_by("-version").first()


def _day_shift(source, curation_date):
    """How many days the sessions move: from the source's curation day (or its first session's
    day) to the new one, so a two-day curation stays two consecutive days."""
    first = source.curation_date or (
        source.curation_sessions.order_by("date").values_list("date", flat=True).first()
    )
    return curation_date - first if first else dt.timedelta(0)


@transaction.atomic
def copy_programme(
    *,
    actor,
    source,
    title,
    slug,
    year,
    registration_opens_at,
    registration_closes_at,
    curation_date,
):
    """A new draft programme of `source`'s office with `source`'s settings and the new dates.

    Side effects: the Programme and its copied rows (see the module's doc); one audit event on
    the new programme naming its source and what was copied. Returns a CopyResult.
    """
    programme = Programme(
        organisation=source.organisation,
        title=title,
        slug=slug,
        year=year,
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
        curation_date=curation_date,
        status=ProgrammeStatus.DRAFT,
        **{name: getattr(source, name) for name in PROGRAMME_FIELDS},
    )
    programme.save()
    programme.product_groups.set(source.product_groups.all())
    programme.required_certificate_types.set(source.required_certificate_types.all())

    plan = CurationPlan.objects.filter(programme=source).first()
    if plan is not None:
        CurationPlan.objects.create(
            programme=programme, **{name: getattr(plan, name) for name in PLAN_FIELDS}
        )
    rubrics = ProgrammeRubric.objects.filter(programme=source).select_related("rubric")
    ProgrammeRubric.objects.bulk_create(
        ProgrammeRubric(
            programme=programme,
            product_group_id=choice.product_group_id,
            rubric=newest_rubric(choice.rubric),
        )
        for choice in rubrics
    )
    OutcomeBand.objects.bulk_create(
        OutcomeBand(programme=programme, **{name: getattr(band, name) for name in BAND_FIELDS})
        for band in source.outcome_bands.all()
    )
    result = CopyResult(programme)
    _copy_sessions(source, programme, _day_shift(source, curation_date), result)
    record_event(
        actor=actor,
        action="programme.copied",
        obj=programme,
        organisation=programme.organisation,
        changes={
            "source": [None, source.slug],
            "rubrics": [None, len(rubrics)],
            "bands": [None, programme.outcome_bands.count()],
            "sessions": [None, programme.curation_sessions.count()],
        },
    )
    return result


def _copy_sessions(source, programme, shift, result):
    curators = set(office_curators(programme.organisation).values_list("pk", flat=True))
    left_out = {}
    sessions = source.curation_sessions.prefetch_related("tables__curators", "breaks")
    for session in sessions:
        copy = CurationSession.objects.create(
            programme=programme,
            date=session.date + shift,
            **{name: getattr(session, name) for name in SESSION_FIELDS},
        )
        SessionBreak.objects.bulk_create(
            SessionBreak(session=copy, starts_at=b.starts_at, ends_at=b.ends_at, label=b.label)
            for b in session.breaks.all()
        )
        for table in session.tables.all():
            new_table = Table.objects.create(session=copy, name=table.name, position=table.position)
            staying = [c for c in table.curators.all() if c.pk in curators]
            new_table.curators.set(staying)
            for curator in table.curators.all():
                if curator.pk not in curators:
                    left_out[curator.pk] = curator
    result.curators_left_out = sorted(left_out.values(), key=lambda c: c.full_name)
