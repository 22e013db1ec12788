"""Offices in a chain: a city or regency office sits under its province's office, a province's
under the ministry. Organisers above ask the offices below for nominees and read their figures
(kurasi/nominations, kurasi/insights); each office's own records stay its own.

Where the Kemendagri codes tell (36.74 lies in 36), the office above is derived; the platform
operator sets it where they cannot (a province under the ministry, or two offices for one
province).
"""

from django.utils.translation import gettext as _

from kurasi.audit.services import record_event
from kurasi.lib.regions import region_name

from .models import Organisation, OrganisationKind

# The chain is at most kota/kabupaten → provinsi → national: a bound on the walks below, so a
# cycle set by mistake can never loop.
MAX_DEPTH = 4


def province_code(region_code: str) -> str:
    """The province part of a Kemendagri code: "36.74" → "36"."""
    return (region_code or "").split(".")[0]


def is_regency_or_city(organisation) -> bool:
    """Whether the office serves a kota/kabupaten (36.74) rather than a province (36)."""
    return "." in (organisation.region_code or "")


def derived_parent(organisation) -> Organisation | None:
    """The office above `organisation` as the region codes tell it: for a city or regency
    office, the office serving its province (the one of the same kind when there are several).
    None for a province's office, a national one, or when no single office serves the province.
    A ministry is never derived: its seat's region code (31 for Jakarta) says nothing of whom it
    serves, so the operator places the offices under it."""
    if not is_regency_or_city(organisation) or is_national(organisation):
        return None
    above = list(
        Organisation.objects.filter(region_code=province_code(organisation.region_code))
        .exclude(pk=organisation.pk)
        .exclude(kind=OrganisationKind.MINISTRY)
    )
    same_kind = [o for o in above if o.kind == organisation.kind]
    if len(same_kind) == 1:
        return same_kind[0]
    return above[0] if len(above) == 1 else None


def link_to_chain(organisation, *, actor=None) -> list[Organisation]:
    """Fill in what the codes tell for a new office: the office above it, and (for a province's
    office) the offices of its cities and regencies that had none. Never replaces an office
    above set before, and a national office is left to the operator. Returns the offices
    changed.

    Side effects: each office adopted by the new province's office gets an
    "organisation.parent_changed" event in its own trail (the new office's own office above is
    recorded in its "organisation.created" event by the caller).
    """
    changed = []
    if organisation.parent_id is None:
        parent = derived_parent(organisation)
        if parent is not None:
            organisation.parent = parent
            organisation.save(update_fields=["parent"])
            changed.append(organisation)
    if is_regency_or_city(organisation) or is_national(organisation):
        return changed
    orphans = (
        Organisation.objects.filter(
            parent__isnull=True, region_code__startswith=f"{organisation.region_code}."
        )
        .exclude(pk=organisation.pk)
        .exclude(kind=OrganisationKind.MINISTRY)
    )
    for office in orphans:
        if derived_parent(office) == organisation:
            office.parent = organisation
            office.save(update_fields=["parent"])
            changed.append(office)
            record_event(
                actor=actor,
                action="organisation.parent_changed",
                obj=office,
                organisation=office,
                changes={"parent": [None, organisation.name]},
            )
    return changed


def offices_below(organisation, *, include_self=False) -> list[int]:
    """Ids of every office below `organisation`, at any depth (one query per level)."""
    found, level = [], [organisation.pk]
    seen = {organisation.pk}
    for _depth in range(MAX_DEPTH):
        level = [
            pk
            for pk in Organisation.objects.filter(parent_id__in=level).values_list("pk", flat=True)
            if pk not in seen
        ]
        if not level:
            break
        seen.update(level)
        found.extend(level)
    return [organisation.pk, *found] if include_self else found


def offices_above(organisation) -> list[Organisation]:
    """The offices above `organisation`, nearest first."""
    chain, seen = [], {organisation.pk}
    current = organisation
    for _depth in range(MAX_DEPTH):
        if current.parent_id is None or current.parent_id in seen:
            break
        current = Organisation.objects.get(pk=current.parent_id)
        seen.add(current.pk)
        chain.append(current)
    return chain


def would_loop(organisation, parent) -> bool:
    """Whether putting `organisation` under `parent` would close a cycle."""
    if parent is None:
        return False
    return parent.pk == organisation.pk or parent.pk in offices_below(organisation)


def is_national(organisation) -> bool:
    return organisation.kind == OrganisationKind.MINISTRY


def levels_below(organisation) -> int:
    """How many levels of offices sit under `organisation` (0 when none; one query per level)."""
    levels, level, seen = 0, [organisation.pk], {organisation.pk}
    for _depth in range(MAX_DEPTH + 1):
        level = [
            pk
            for pk in Organisation.objects.filter(parent_id__in=level).values_list("pk", flat=True)
            if pk not in seen
        ]
        if not level:
            break
        seen.update(level)
        levels += 1
    return levels


def _names(organisation, parent) -> dict:
    return {
        "office": organisation.name,
        "region": region_name(organisation.region_code) or organisation.region_code,
        "province": region_name(province_code(organisation.region_code)) or "—",
        "parent": parent.name,
        "parent_region": region_name(parent.region_code) or parent.region_code,
    }


def area_problem(organisation, parent) -> str | None:
    """Why the region codes forbid putting `organisation` under `parent`, or None.

    The office above serves an area holding the office's own (its province, or the same area),
    or is national. A ministry sits at the top: under no regional office.
    """
    message = _area_message(organisation, parent)
    return message % _names(organisation, parent) if message else None


def _area_message(organisation, parent) -> str | None:
    own, above = organisation.region_code, parent.region_code
    if is_national(parent):
        return None
    if is_national(organisation):
        return _(
            "%(office)s is a ministry: it sits at the top of the chain, under no regional office."
        )
    if not is_regency_or_city(organisation):
        if above == own:
            return None
        return _(
            "%(office)s serves the province of %(region)s: it sits under the ministry (or "
            "another office of the same province), not under %(parent)s, which serves "
            "%(parent_region)s."
        )
    if province_code(own) != province_code(above):
        return _(
            "%(office)s serves %(region)s in the province of %(province)s; %(parent)s "
            "serves %(parent_region)s, in another province. A kota/kabupaten office sits "
            "under an office of its own province, or under the ministry."
        )
    if above not in (own, province_code(own)):
        return _(
            "%(parent)s serves %(parent_region)s, not %(region)s. A kota/kabupaten office "
            "sits under the office of its province, or under the ministry."
        )
    return None


def placement_problem(organisation, parent) -> str | None:
    """Why `organisation` cannot sit under `parent` (a sentence for the operator), or None.

    Checks, in order: the office itself, a circle (the office above sits below the office
    already), the areas the two serve, and the number of levels (at most MAX_DEPTH, so the walks
    above reach every office).
    """
    if parent is None:
        return None
    names = _names(organisation, parent)
    if parent.pk == organisation.pk:
        return _("An office cannot sit under itself.")
    above = [parent, *offices_above(parent)]
    if organisation.pk in {office.pk for office in above} or would_loop(organisation, parent):
        circle = _(
            "%(parent)s already sits under %(office)s: putting %(office)s under it would make "
            "a circle. Change the office above %(parent)s first."
        )
        return circle % names
    problem = area_problem(organisation, parent)
    if problem:
        return problem
    levels = len(above) + 1 + levels_below(organisation)
    if levels > MAX_DEPTH:
        return _(
            "The chain would have %(levels)s levels of offices; Kurasi keeps at most %(max)s."
        ) % {"levels": levels, "max": MAX_DEPTH}
    return None
