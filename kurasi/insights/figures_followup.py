"""What followed the curation: facilitation outcomes, exhibitions, and (for the report) the
legality needs of a programme's producers."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from kurasi.exhibitions.models import HOLDING, AllocationStatus, BoothType, Exhibition
from kurasi.facilitation.gaps import load_rulebook, office_gaps
from kurasi.facilitation.models import FacilitationKind, Participation, ParticipationStatus
from kurasi.facilitation.progress import judging_day
from kurasi.registry.models import Business


@dataclass
class FacilitationRow:
    kind: str
    statuses: dict  # status value → count
    certificates: int  # participations that led to a certificate

    @property
    def total(self):
        return sum(self.statuses.values())


def facilitation_outcomes(scope) -> list[FacilitationRow]:
    """Participants per facilitation kind and status, for programmes starting in the scope's
    year (the selected programme's year), or all years."""
    participations = Participation.objects.filter(programme__organisation=scope.organisation)
    year = scope.programme.year if scope.programme else scope.year
    if year is not None:
        participations = participations.filter(programme__starts_on__year=year)
    # order_by(): the default order (by business name) would join every business for nothing.
    rows = (
        participations.order_by()
        .values("programme__kind", "status")
        .annotate(n=Count("pk"), certified=Count("certificate_id"))
    )
    by_kind = {}
    for row in rows:
        item = by_kind.setdefault(
            row["programme__kind"], FacilitationRow(row["programme__kind"], {}, 0)
        )
        item.statuses[row["status"]] = row["n"]
        item.certificates += row["certified"]
    labels = dict(FacilitationKind.choices)
    result = []
    for value, _label in FacilitationKind.choices:
        if value in by_kind:
            by_kind[value].kind = labels[value]
            result.append(by_kind[value])
    return result


FACILITATION_COLUMNS = ParticipationStatus.choices


@dataclass
class ExhibitionRow:
    name: str
    level: str
    starts_on: object
    booths: int
    holding: int
    confirmed: int
    declined: int


def exhibitions(scope) -> list[ExhibitionRow]:
    """Exhibitions fed by the programmes in scope: booths, places held, confirmed, declined."""
    booths = dict(
        BoothType.objects.filter(exhibition__programme_id__in=scope.programme_ids)
        .values("exhibition_id")
        .annotate(n=Sum("count"))
        .values_list("exhibition_id", "n")
    )
    rows = Exhibition.objects.filter(programme_id__in=scope.programme_ids).annotate(
        holding=Count("allocations", filter=Q(allocations__status__in=HOLDING)),
        confirmed=Count("allocations", filter=Q(allocations__status=AllocationStatus.CONFIRMED)),
        declined=Count("allocations", filter=Q(allocations__status=AllocationStatus.DECLINED)),
    )
    return [
        ExhibitionRow(
            e.name,
            e.get_level_display(),
            e.starts_on,
            booths.get(e.pk, 0),
            e.holding,
            e.confirmed,
            e.declined,
        )
        for e in rows
    ]


def facilitation_needs(programme) -> list[tuple[str, str, int]]:
    """(rule name, severity, producers) of the legality gaps open among the programme's
    producers on its judging day, most producers first. Judged by facilitation/rules.py in a
    fixed number of queries; a programme has hundreds of producers, not the whole registry."""
    businesses = Business.objects.filter(products__applications__programme=programme).distinct()
    book = load_rulebook(programme.organisation)
    day = judging_day(programme)
    producers = {}
    for item in office_gaps(programme.organisation, day, book, businesses):
        for requirement in item.requirements:
            if requirement.is_open:
                producers.setdefault(requirement.rule.id, set()).add(item.business.pk)
    rows = [
        (book.records[rule_id].name, book.records[rule_id].get_severity_display(), len(ids))
        for rule_id, ids in producers.items()
    ]
    return sorted(rows, key=lambda r: (-r[2], r[0]))
