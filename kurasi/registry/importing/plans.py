"""The plan's parts: each row's fate, and the business, product and certificate it makes or
updates (planner.py builds them; compare.py and apply.py read them)."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from kurasi.registry.models import Business, Product


class Fate(models.TextChoices):
    NEW = "new", _("New")
    UPDATE = "update", _("Update")
    UNCHANGED = "unchanged", _("Unchanged")
    DUPLICATE = "duplicate", _("Duplicate of")
    CONFLICT = "conflict", _("Conflict")
    ERROR = "error", _("Error")


@dataclass(slots=True, eq=False)
class BusinessPlan:
    fields: dict
    existing_id: int | None = None
    fill_only: bool = False
    first_row: int = 0
    instance: Business | None = None  # the stored record, when it has changes to write
    changes: dict = field(default_factory=dict)
    before: dict = field(default_factory=dict)

    @property
    def name(self):
        return self.fields.get("name") or (self.instance.name if self.instance else "")


@dataclass(slots=True, eq=False)
class ProductPlan:
    business: BusinessPlan
    fields: dict
    first_row: int
    existing_id: int | None = None
    instance: Product | None = None
    changes: dict = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class CertificatePlan:
    business: BusinessPlan
    product: ProductPlan
    type_id: int
    number: str
    expires_on: object
    exists: bool = False


@dataclass(slots=True, eq=False)
class RowPlan:
    number: int
    business: BusinessPlan | None = None
    product: ProductPlan | None = None
    certificates: tuple = ()
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    duplicate_of: str = ""
    conflict: object = None
    cells: dict | None = None  # the raw cells, kept for a row left out (for the error file)
    business_name: str = ""
    product_name: str = ""
    fate: str = ""
    programme: object = None  # the call the row's product is to be entered into

    @property
    def fate_label(self):
        return Fate(self.fate).label if self.fate else ""

    @property
    def left_out(self):
        """Not imported: an error, or a conflict nobody decided."""
        return bool(self.errors) or (self.conflict is not None and not self.conflict.resolved)
