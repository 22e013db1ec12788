"""What the planner looks rows up in, built once per import rather than queried per row.

A 100,000-row file cannot afford `find_duplicates` (two queries a row): the organisation's
businesses are read once into dictionaries by NIB, NIK and phone, and by village for the
similar-name check; product groups, certificate types and region names likewise.
"""

from collections import defaultdict

from rapidfuzz import fuzz, process

from kurasi.programmes.models import Programme
from kurasi.registry.duplicates import (
    comparable_name,
    comparable_names_similar,
)
from kurasi.registry.models import Business, CertificateType, ProductGroup, RegionAlias
from kurasi.registry.regions import districts_in, match_region, normalise_name, villages_in

from .columns import CERTIFICATE_COLUMNS

CERTIFICATE_TYPE_CODES = (*CERTIFICATE_COLUMNS.values(), "bpom-ml")


def group_key(text) -> str:
    return " ".join(str(text or "").casefold().replace("-", " ").replace("_", " ").split())


def product_key(name) -> str:
    return " ".join(str(name or "").casefold().split())


class RegionMatcher:
    """District and village names of the organisation's area → Kemendagri codes, memoised."""

    def __init__(self, organisation):
        self.area = organisation.region_code
        self.extra = dict(
            RegionAlias.objects.filter(organisation=organisation).values_list("alias", "code")
        )
        self.parents = sorted({code.rsplit(".", 1)[0] for code, _ in districts_in(self.area)})
        self._districts, self._villages = {}, {}

    def district(self, name) -> str | None:
        wanted = normalise_name(name)
        if wanted not in self._districts:
            self._districts[wanted] = next(
                (
                    code
                    for parent in self.parents
                    if (code := match_region(wanted, parent_code=parent, extra_aliases=self.extra))
                ),
                None,
            )
        return self._districts[wanted]

    def village(self, name, district_code) -> str | None:
        """The village within the district; without a district, the only one of that name."""
        wanted = normalise_name(name)
        key = (wanted, district_code)
        if key not in self._villages:
            if district_code:
                found = match_region(wanted, parent_code=district_code, extra_aliases=self.extra)
            else:
                found = {
                    code
                    for district, _ in districts_in(self.area)
                    if villages_in(district)
                    and (
                        code := match_region(wanted, parent_code=district, extra_aliases=self.extra)
                    )
                }
                found = found.pop() if len(found) == 1 else None
            self._villages[key] = found
        return self._villages[key]


class ReferenceData:
    """Product groups, certificate types and regions of one organisation."""

    def __init__(self, organisation):
        self.groups = {}
        for group in ProductGroup.objects.filter(organisation=organisation):
            self.groups[group_key(group.name)] = group
        # Codes win over names when a name happens to equal another group's code.
        for group in self.groups.copy().values():
            self.groups[group_key(group.code)] = group
        types = CertificateType.objects.available_to(organisation).filter(
            code__in=CERTIFICATE_TYPE_CODES
        )
        # An office's own type of the same code replaces the shipped one.
        self.certificate_types = {
            t.code: t for t in sorted(types, key=lambda t: t.organisation_id is not None)
        }
        self.regions = RegionMatcher(organisation)
        # The office's calls by title and by short name, for the import's "Program" column.
        # A short name wins over a title that happens to equal another call's short name.
        programmes = list(
            Programme.objects.for_organisation(organisation)
            .select_related("organisation")
            .order_by("pk")
        )
        self.programmes = {}
        for programme in programmes:
            self.programmes.setdefault(group_key(programme.title), programme)
        for programme in programmes:
            self.programmes[group_key(programme.slug)] = programme


IDENTIFIERS = ("nib", "nik", "phone")
PREFILTER = 70
# What tells two businesses apart when they share an identifier (issue 16, item 5).
IDENTITY_FIELDS = ("name", "owner_name", "nib", "nik", "phone")


class BusinessIndex:
    """The organisation's businesses by identity, plus new ones as the planner meets them.

    Values are "targets": an existing business id (int) or a planned business (object). An
    identifier shared by several targets (a family's phone) keeps them all, in a tuple.
    Similar names: an existing business in the same village is compared with rapidfuzz
    (a C pre-filter over the village's list, then `comparable_names_similar`); a business new
    in the same file only by its comparable name, since comparing every new row with every
    other would cost minutes on a 100,000-row file.
    """

    def __init__(self, organisation):
        self.by_identity = {field: {} for field in IDENTIFIERS}
        self.stored = {}  # business id → its IDENTITY_FIELDS values
        self.by_village = defaultdict(lambda: ([], []))
        self.by_comparable = {}
        rows = (
            Business.objects.for_organisation(organisation)
            .order_by("pk")
            .values_list("pk", *IDENTITY_FIELDS, "village_code")
        )
        for pk, name, owner, nib, nik, phone, village in rows.iterator(chunk_size=5000):
            self.stored[pk] = (name, owner, nib, nik, phone)
            self._add_identity(pk, nib=nib, nik=nik, phone=phone)
            if village and name:
                comparables, targets = self.by_village[village]
                comparables.append(comparable_name(name))
                targets.append((pk, name))

    def _add_identity(self, target, *, nib, nik, phone):
        for field, value in (("nib", nib), ("nik", nik), ("phone", phone)):
            if value:
                known = self.by_identity[field]
                present = known.get(value)
                if present is None:
                    known[value] = target
                elif isinstance(present, tuple):
                    if target not in present:
                        known[value] = (*present, target)
                elif present is not target:
                    known[value] = (present, target)

    def add(self, target, fields):
        """Remember a business planned from the file, so later rows find it."""
        self._add_identity(
            target, nib=fields.get("nib"), nik=fields.get("nik"), phone=fields.get("phone")
        )
        village, name = fields.get("village_code"), fields.get("name")
        if village and name:
            self.by_comparable.setdefault((village, comparable_name(name)), (target, name))

    def candidates(self, fields):
        """{target: [identifiers it shares with `fields`]}, strongest identifier (NIB, NIK,
        phone) first."""
        found = {}
        for field in IDENTIFIERS:
            value = fields.get(field)
            if value:
                present = self.by_identity[field].get(value)
                if present is None:
                    continue
                for target in present if isinstance(present, tuple) else (present,):
                    found.setdefault(target, []).append(field)
        return found

    def value(self, target, field):
        """One of the target's IDENTITY_FIELDS: as planned from the file, else as stored.
        Read field by field, so checking a row against its business allocates nothing."""
        if isinstance(target, int):
            stored = self.stored.get(target)
            return stored[IDENTITY_FIELDS.index(field)] if stored else None
        if target.existing_id is None:
            return target.fields.get(field)
        if not target.fill_only:
            planned = target.fields.get(field)
            if planned:
                return planned
        return self.value(target.existing_id, field)

    def identity(self, target) -> dict:
        """The target's IDENTITY_FIELDS, as `value` reads them."""
        return {field: self.value(target, field) for field in IDENTITY_FIELDS}

    def find(self, fields):
        """The target with the same NIB, NIK or phone (in that order), or None."""
        return next(iter(self.candidates(fields)), None)

    def similar(self, name, village_code):
        """(target, its name) of a very similar name in the same village, or None."""
        if not village_code or not name:
            return None
        wanted = comparable_name(name)
        if not wanted:
            return None
        if (village_code, wanted) in self.by_comparable:
            return self.by_comparable[(village_code, wanted)]
        comparables, targets = self.by_village.get(village_code, ((), ()))
        if comparables:
            # A loose pre-filter in C (token_set_ratio is never below the whole-name score and is
            # high when names share words), then the real test on the few it lets through.
            for _match, _score, position in process.extract(
                wanted,
                comparables,
                scorer=fuzz.token_set_ratio,
                processor=None,
                score_cutoff=PREFILTER,
                limit=5,
            ):
                if comparable_names_similar(wanted, comparables[position]):
                    return targets[position]
        return None
