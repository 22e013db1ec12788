"""Finding a business that is already in the registry under the same identity.

Offices register the same producer twice all the time: once by the producer, once by a field
officer, once more from last year's spreadsheet. Any of the same NIB, NIK or phone number is a
strong match; a very similar name in the same village is a likely one.
"""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from .models import Business

# Token-set similarity (0–100) above which two names in one village are flagged.
SIMILAR_NAME_THRESHOLD = 88
NAME_NOISE = re.compile(r"\b(ud|cv|pt|toko|usaha|home industry|industri rumah tangga|ikm)\b")


@dataclass(frozen=True)
class DuplicateMatch:
    business: Business
    reason: str

    @property
    def label(self):
        return REASONS[self.reason]


REASONS = {
    "nib": _("same NIB"),
    "nik": _("same owner NIK"),
    "phone": _("same phone number"),
    "name": _("very similar name in the same village"),
}


def comparable_name(name: str) -> str:
    text = re.sub(r"[^a-z0-9 ]", " ", (name or "").lower())
    return " ".join(NAME_NOISE.sub(" ", text).split())


def names_are_similar(a: str, b: str) -> bool:
    a, b = comparable_name(a), comparable_name(b)
    return bool(a and b) and fuzz.token_set_ratio(a, b) >= SIMILAR_NAME_THRESHOLD


def find_duplicates(
    organisation, *, nib="", nik="", phone="", name="", village_code="", exclude_pk=None
):
    """Businesses of `organisation` that look like the one described. Two queries at most."""
    strong = Q(pk__in=[])
    if nib:
        strong |= Q(nib=nib)
    if nik:
        strong |= Q(nik=nik)
    if phone:
        strong |= Q(phone=phone)
    candidates = Business.objects.for_organisation(organisation)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    matches = []
    for business in candidates.filter(strong):
        reason = next(
            key
            for key, value in (("nib", nib), ("nik", nik), ("phone", phone))
            if value and getattr(business, key) == value
        )
        matches.append(DuplicateMatch(business, reason))
    if name and village_code:
        seen = {match.business.pk for match in matches}
        for business in candidates.filter(village_code=village_code).exclude(pk__in=seen):
            if names_are_similar(name, business.name):
                matches.append(DuplicateMatch(business, "name"))
    return matches
