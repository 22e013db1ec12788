"""Finding a business that is already in the registry under the same identity.

Offices register the same producer twice all the time: once by the producer, once by a field
officer, once more from last year's spreadsheet. Any of the same NIB, NIK or phone number is a
strong match; a very similar name in the same village is a likely one.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from .models import Business

# Whole-name similarity (0–100, words in any order) above which two names are "very similar".
SIMILAR_NAME_THRESHOLD = 88
# Words that say nothing about which business it is: legal forms, shop words and honorifics.
# "Keripik Bu Sari" and "Keripik Sari" are the same name; "Bu" tells nothing.
NAME_NOISE = re.compile(
    r"\b(ud|cv|pt|tbk|koperasi|kop|toko|usaha|warung|home industry|industri rumah tangga|ikm|"
    r"umkm|ukm|bu|ibu|pak|bapak|bpk|mbak|mas|mbah|bang|kak|teh|akang|hj|h|haji|hajah|hajjah)\b"
)
# Words offices' producers add to a name and drop again ("Batik Sari Jaya" is "Batik Sari"):
# they count for a quarter of a distinctive word.
FILLER_WORDS = frozenset(
    [
        "jaya",
        "makmur",
        "abadi",
        "sejahtera",
        "sentosa",
        "mandiri",
        "berkah",
        "barokah",
        "barakah",
        "maju",
        "baru",
        "indah",
        "utama",
        "sukses",
        "bersama",
        "group",
        "grup",
    ]
)
FILLER_WEIGHT = 0.25
# Share of the words' weight two names must have in common to be "very similar".
SHARED_WEIGHT = 0.75


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


@lru_cache(maxsize=65536)  # the import compares each business's name on every one of its rows
def comparable_name(name: str) -> str:
    """The name's distinctive words: lower case, no punctuation, legal forms and honorifics
    left out."""
    text = re.sub(r"[^a-z0-9 ]", " ", (name or "").lower())
    return " ".join(NAME_NOISE.sub(" ", text).split())


def _weight(word):
    return FILLER_WEIGHT if word in FILLER_WORDS else 1.0


def comparable_names_similar(a: str, b: str) -> bool:
    """`names_are_similar` on two `comparable_name`s.

    Very similar when the whole names are (a typo, another word order), or when they share
    at least two distinctive words making up three quarters of the larger name's weight. A
    name's words all found inside a longer name are not enough: "Sari" is not "Keripik Sari",
    while "Batik Sari" is "Batik Sari Jaya" (the extra word is a filler).
    """
    if not a or not b:
        return False
    if a == b or fuzz.token_sort_ratio(a, b) >= SIMILAR_NAME_THRESHOLD:
        return True
    words_a, words_b = set(a.split()), set(b.split())
    shared = words_a & words_b
    if sum(1 for word in shared if word not in FILLER_WORDS) < 2:
        return False
    larger = max(sum(map(_weight, words_a)), sum(map(_weight, words_b)))
    return sum(map(_weight, shared)) >= SHARED_WEIGHT * larger


def names_are_similar(a: str, b: str) -> bool:
    return comparable_names_similar(comparable_name(a), comparable_name(b))


def same_person(a: str, b: str) -> bool:
    """Two ways of writing one person's name: the same but for case, an honorific or a typo,
    or one the short form of the other ("Sri" and "Sri Wahyuni")."""
    a, b = comparable_name(a), comparable_name(b)
    if a == b:
        return True
    if not a or not b:
        return False
    words_a, words_b = set(a.split()), set(b.split())
    return (
        words_a <= words_b
        or words_b <= words_a
        or fuzz.token_sort_ratio(a, b) >= SIMILAR_NAME_THRESHOLD
    )


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
