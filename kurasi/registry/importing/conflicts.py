"""Identity conflicts: a row that agrees with a business on one identifier and not on another.

A family, a cooperative or a reseller often gives one phone number for several producers, and
offices type NIKs wrongly: the same phone (or NIK, or NIB) is a reason to look, not to merge. A
row whose NIB, NIK or phone number is also another business's (stored, or an earlier row of the
file) is that business only if nothing else contradicts it: a different NIB or NIK, or a
business or owner name that is not the same name written differently. Otherwise the row is a
conflict, shown with both sides, and the person chooses: the same business (update it) or a
different business (create one). A shared phone alone suggests a different business, so that is
the choice made for them unless they change it; a shared NIK or NIB needs a choice, or the row is
left out.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kurasi.registry.duplicates import names_are_similar, same_person
from kurasi.registry.identifiers import mask_nik

from .index import IDENTITY_FIELDS

SAME, NEW = "same", "new"
CHOICES = (SAME, NEW)
LABELS = {
    "name": _("Business name"),
    "owner_name": _("Owner's name"),
    "nib": "NIB",
    "nik": "NIK",
    "phone": _("Phone"),
}
# The same, inside a sentence ("the same phone number as row 3, but a different NIK").
IN_SENTENCE = {
    "name": _("business name"),
    "owner_name": _("owner's name"),
    "nib": "NIB",
    "nik": "NIK",
    "phone": _("phone number"),
}


@dataclass(slots=True, eq=False)
class Conflict:
    matched_on: tuple  # identifiers both sides share
    differs: tuple  # identity fields where they disagree
    ours: dict  # the row's values
    theirs: dict  # the other side's values
    other_row: int | None = None  # the earlier row of the file, when the other side is one
    other_id: int | None = None  # the stored business, when the other side is one
    default: str = ""
    choice: str = ""

    @property
    def resolved(self):
        return self.choice in CHOICES

    def sides(self):
        """(label, the row's value, the other side's value, differs?) for each identity field,
        NIKs masked."""
        lines = []
        for field in IDENTITY_FIELDS:
            ours, theirs = self.ours.get(field) or "", self.theirs.get(field) or ""
            if field == "nik":
                ours, theirs = mask_nik(ours), mask_nik(theirs)
            if ours or theirs:
                lines.append((LABELS[field], ours, theirs, field in self.differs))
        return lines

    def summary(self):
        """One line for the error file: what agrees, what does not."""
        shared = ", ".join(str(IN_SENTENCE[f]) for f in self.matched_on)
        differs = ", ".join(str(IN_SENTENCE[f]) for f in self.differs)
        if self.other_row is not None:
            return _("The same %(shared)s as row %(row)d, but a different %(differs)s.") % {
                "shared": shared,
                "row": self.other_row,
                "differs": differs,
            }
        return _(
            "The same %(shared)s as the registered business %(name)s, but a different %(differs)s."
        ) % {
            "shared": shared,
            "name": self.theirs.get("name") or "",
            "differs": differs,
        }


def disagreements(fields, index, target) -> tuple:
    """Identity fields both the row and the target fill and that differ (names compared as
    names)."""
    differs = []
    for field in ("nib", "nik"):
        ours = fields.get(field)
        if ours:
            theirs = index.value(target, field)
            if theirs and ours != theirs:
                differs.append(field)
    name, other = fields.get("name"), index.value(target, "name")
    if name and other and not names_are_similar(name, other):
        differs.append("name")
    owner = fields.get("owner_name")
    other = index.value(target, "owner_name") if owner else None
    if owner and other and not same_person(owner, other):
        differs.append("owner_name")
    return tuple(differs)


def choose_target(candidates, fields, index, choices, row_number):
    """(target, conflict) for a row whose identifiers other businesses share.

    `candidates` is {target: [shared identifiers]}, strongest first. The first candidate that
    nothing contradicts is the row's business (no conflict). Otherwise the row conflicts with
    the strongest candidate; its conflict carries the person's choice from `choices` (or the
    default: a different business when only the phone is shared).
    """
    for target in candidates:
        if not disagreements(fields, index, target):
            return target, None
    target, matched_on = next(iter(candidates.items()))
    conflict = Conflict(
        matched_on=tuple(matched_on),
        differs=disagreements(fields, index, target),
        ours={field: fields.get(field) for field in IDENTITY_FIELDS},
        theirs=index.identity(target),  # a copy, as it is now
    )
    if isinstance(target, int):
        conflict.other_id = target
    elif target.existing_id is not None:
        conflict.other_id = target.existing_id
    else:
        conflict.other_row = target.first_row
    if tuple(matched_on) == ("phone",):
        # A shared phone is normal; only the owner's name written differently is the same.
        conflict.default = SAME if conflict.differs == ("owner_name",) else NEW
    choice = choices.get(row_number)
    conflict.choice = choice if choice in CHOICES else conflict.default
    return target, conflict


def parse_choices(data) -> dict:
    """{row number: choice} from a form's "conflict-<row>" fields."""
    choices = {}
    for key, value in data.items():
        if key.startswith("conflict-") and key[9:].isdigit() and value in CHOICES:
            choices[int(key[9:])] = value
    return choices
