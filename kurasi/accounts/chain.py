"""Offices in a chain: a city or regency office sits under its province's office, a province's
under the ministry. Organisers above ask the offices below for nominees and read their figures
(kurasi/nominations, kurasi/insights); each office's own records stay its own.

Where the Kemendagri codes tell (36.74 lies in 36), the office above is derived; the platform
operator sets it where they cannot (a province under the ministry, or two offices for one
province).
"""

from .models import Organisation, OrganisationKind

# The chain is at most kota/kabupaten → provinsi → national: a bound on the walks below, so a
# cycle set by mistake can never loop.
MAX_DEPTH = 4


def province_code(region_code: str) -> str:
    """The province part of a Kemendagri code: "36.74" → "36"."""
    return (region_code or "").split(".")[0]


def derived_parent(organisation) -> Organisation | None:
    """The office above `organisation` as the region codes tell it: for a city or regency
    office, the office serving its province (the one of the same kind when there are several).
    None for a province's office, or when no single office serves the province."""
    code = organisation.region_code or ""
    if "." not in code:
        return None
    above = list(
        Organisation.objects.filter(region_code=province_code(code)).exclude(pk=organisation.pk)
    )
    same_kind = [o for o in above if o.kind == organisation.kind]
    if len(same_kind) == 1:
        return same_kind[0]
    return above[0] if len(above) == 1 else None


def link_to_chain(organisation) -> list[Organisation]:
    """Fill in what the codes tell for a new office: the office above it, and (for a province's
    office) the offices of its cities and regencies that had none. Never replaces an office
    above set before. Returns the offices changed."""
    changed = []
    if organisation.parent_id is None:
        parent = derived_parent(organisation)
        if parent is not None:
            organisation.parent = parent
            organisation.save(update_fields=["parent"])
            changed.append(organisation)
    if "." not in (organisation.region_code or ""):
        orphans = Organisation.objects.filter(
            parent__isnull=True, region_code__startswith=f"{organisation.region_code}."
        ).exclude(pk=organisation.pk)
        for office in orphans:
            if derived_parent(office) == organisation:
                office.parent = organisation
                office.save(update_fields=["parent"])
                changed.append(office)
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
