"""What a programme still lacks before curators are assigned and the day is scheduled.

Assignment and scheduling refuse to start while a product group with applications has no rubric:
its products could be assigned and put at a table, but nobody could score them (issue 17).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from kurasi.programmes.models import COUNTED_STATUSES, Application
from kurasi.registry.models import ProductGroup

from .models import CuratorCoverage, ProgrammeRubric
from .models_day import CurationSession, Table
from .models_decisions import OutcomeBand


class MissingRubrics(ValidationError):
    """Raised by assignment and scheduling; `groups` names each group lacking a rubric."""

    def __init__(self, groups):
        self.groups = list(groups)
        super().__init__(missing_rubrics_sentence(self.groups))


def missing_rubrics_sentence(groups) -> str:
    return _(
        "Choose a rubric for every product group with applications first. "
        "No rubric yet for: %(groups)s."
    ) % {"groups": ", ".join(g.name for g in groups)}


def groups_without_rubric(programme, *, with_applications=True):
    """Product groups of `programme` without a chosen rubric, in the catalogue's order.

    With `with_applications`, only groups that have applications (submitted, incomplete or
    verified); otherwise every group the call accepts.
    """
    chosen = ProgrammeRubric.objects.filter(programme=programme).values("product_group_id")
    if with_applications:
        entered = Application.objects.filter(
            programme=programme, status__in=COUNTED_STATUSES
        ).values("product__group_id")
        groups = ProductGroup.objects.filter(pk__in=entered)
    else:
        groups = programme.product_groups.all()
    return list(groups.exclude(pk__in=chosen).order_by("position", "name"))


def require_rubrics(programme):
    """Raise MissingRubrics when a product group with applications has no rubric."""
    missing = groups_without_rubric(programme)
    if missing:
        raise MissingRubrics(missing)


@dataclass
class ChecklistItem:
    done: bool
    text: str
    missing: str = ""  # what is lacking, in words
    url: str = ""  # where to fix it


def setup_checklist(programme) -> list[ChecklistItem]:
    """The set-up steps of a programme, each done or with what is missing and where to fix it."""
    slug, pk = programme.organisation.slug, programme.pk
    settings_url = reverse("curation:programme_settings", args=[slug, pk])
    sessions_url = reverse("curation:sessions", args=[slug, pk])
    groups = list(programme.product_groups.order_by("position", "name"))
    no_rubric = groups_without_rubric(programme, with_applications=False)
    covered = set(
        CuratorCoverage.objects.filter(
            organisation=programme.organisation, curator__is_active=True
        ).values_list("product_group_id", flat=True)
    )
    uncovered = [g for g in groups if g.pk not in covered]
    sessions = CurationSession.objects.filter(programme=programme).count()
    empty_tables = Table.objects.filter(session__programme=programme, curators__isnull=True)
    tables = Table.objects.filter(session__programme=programme).count()
    return [
        ChecklistItem(
            bool(groups),
            _("Product groups accepted"),
            "" if groups else _("no product group chosen"),
            reverse("programmes:programme_edit", args=[slug, programme.slug]),
        ),
        ChecklistItem(
            bool(groups) and not no_rubric,
            _("A rubric for every product group"),
            ", ".join(g.name for g in no_rubric),
            settings_url,
        ),
        ChecklistItem(
            bool(groups) and not uncovered,
            _("Curators covering every product group"),
            ", ".join(g.name for g in uncovered),
            reverse("curation:curator_groups", args=[slug]),
        ),
        ChecklistItem(
            OutcomeBand.objects.filter(programme=programme).exists(),
            _("Outcome bands"),
            "",
            reverse("curation:bands", args=[slug, programme.slug]),
        ),
        ChecklistItem(
            sessions > 0 and tables > 0 and not empty_tables.exists(),
            _("Curation sessions with tables and their curators"),
            _("no session yet")
            if not sessions
            else _("no table yet")
            if not tables
            else _("a table without curators"),
            sessions_url,
        ),
    ]
