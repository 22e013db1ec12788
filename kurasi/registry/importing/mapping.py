"""Which field each of the file's columns holds: headers as offices write them, and the person's
own choices (the column mapping step of the dry run, remembered per office and header set).

A header is normalised once per file (case, punctuation, parentheticals and units dropped,
abbreviations spelt out: "Harga (Rp)" → harga, "Kapasitas /bulan" → kapasitas, "Tgl Berdiri" →
tanggal berdiri) and looked up in one dict built at import time; a header still not found is
compared word by word with the synonyms (the longest synonym whose words it all holds wins, when
only one field has such a synonym). "No", "No." and "Nomor" alone are the row-number column and
are left out without asking.

Every other column the file has is carried through the reader under a key of its own ("?7" for
the eighth column), so the planner sees whether it holds anything: a column with content that
is neither mapped to a field nor explicitly ignored stops the import until the person decides.
"""

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .columns import COLUMNS, COLUMNS_BY_KEY
from .errors import REASON_HEADER
from .synonyms import ABBREVIATIONS, NOT_RECOGNISED, ROW_NUMBER, SYNONYMS, UNIT_WORDS

IGNORE = "ignore"
EXTRA = "?"  # prefix of the key a column without a field travels under
MAX_COLUMNS = 1000  # a header row wider than this is not a table anybody keeps by hand
BARE_WHATSAPP = {"wa", "whatsapp"}

PARENTHETICAL = re.compile(r"\([^)]*\)|\[[^\]]*\]")
NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def basic_name(text) -> str:
    """Lower case, punctuation to single spaces: the header set's fingerprint is made of these."""
    return " ".join(NOT_ALPHANUMERIC.sub(" ", str(text or "").lower()).split())


def _expand(words):
    return [ABBREVIATIONS.get(word, word) for word in words]


def _lookup_forms(text):
    """The header's forms to look up, from as written to the most stripped."""
    lower = str(text or "").lower().replace("№", "no ")
    full = _expand(basic_name(lower).split())
    bare = _expand(basic_name(PARENTHETICAL.sub(" ", lower)).split()) or full
    forms = [" ".join(full), " ".join(bare)]
    without_units = [w for i, w in enumerate(bare) if not _is_unit(bare, i)]
    if without_units:
        forms.append(" ".join(without_units))
    return forms


def _is_unit(words, index):
    word = words[index]
    if word == "per":
        return index + 1 < len(words) and words[index + 1] in UNIT_WORDS
    # Never the first word: "Bulan" alone is not a unit of anything. Digits: "Omzet 2023".
    return index > 0 and (word in UNIT_WORDS or word.isdigit())


# A header naming another period than the field's is not that field ("Omzet per Bulan" is not a
# yearly figure, "Kapasitas per Tahun" not a monthly one): the person decides.
OTHER_PERIOD = {
    "monthly_capacity": {"tahun", "tahunan", "year", "yearly", "hari", "harian", "day", "minggu"},
    "yearly_sales": {"bulan", "bulanan", "month", "monthly", "hari", "harian", "day", "minggu"},
}


def _build_lookup():
    lookup = {}
    for column in COLUMNS:
        names = (column.header_id, column.header_en, column.key, *column.aliases)
        for name in (*names, *SYNONYMS.get(column.key, ())):
            for form in _lookup_forms(name)[:1]:
                lookup.setdefault(form, column.key)
    for name in ROW_NUMBER:
        lookup[" ".join(_expand(basic_name(name).split()))] = ROW_NUMBER_KEY
    for name in NOT_RECOGNISED:
        lookup[" ".join(_expand(basic_name(name).split()))] = ""
    return lookup


ROW_NUMBER_KEY = "row_number"
LOOKUP = _build_lookup()
# Synonyms of two words or more, as word sets, for headers that hold one among other words.
WORD_SETS = tuple(
    (frozenset(name.split()), key)
    for name, key in LOOKUP.items()
    if key and key != ROW_NUMBER_KEY and len(name.split()) >= 2
)


@lru_cache(maxsize=4096)
def field_for_header(text) -> str:
    """The field key a header names, "row_number", or "" when not recognised."""
    if str(text).strip() in ("#", "№", REASON_HEADER):
        # REASON_HEADER: the reasons column of our own error file (errors.py), left out too.
        return ROW_NUMBER_KEY
    forms = _lookup_forms(text)
    key = _find(forms)
    if key in OTHER_PERIOD and OTHER_PERIOD[key] & set(forms[0].split()):
        return ""
    return key


def _find(forms):
    for form in forms:
        if form in LOOKUP:
            return LOOKUP[form]
    words = set(forms[-1].split())
    best, keys = 0, set()
    for names, key in WORD_SETS:
        if names <= words:
            if len(names) > best:
                best, keys = len(names), {key}
            elif len(names) == best:
                keys.add(key)
    return keys.pop() if len(keys) == 1 else ""


def header_signature(header_row) -> str:
    """The header set's fingerprint: the same columns in the same order give the same value."""
    names = [basic_name(cell) for cell in header_row[:MAX_COLUMNS]]
    while names and not names[-1]:
        names.pop()
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()


def clean_mapping(data) -> dict[str, str]:
    """{column index: field key or "ignore"} from untrusted input (a form, the stored JSON)."""
    if not isinstance(data, dict):
        return {}
    allowed = {*COLUMNS_BY_KEY, IGNORE}
    return {
        str(index): value
        for index, value in list(data.items())[:MAX_COLUMNS]
        if str(index).isdigit() and int(index) < MAX_COLUMNS and value in allowed
    }


SIGNATURE = re.compile(r"[0-9a-f]{64}")


def mapping_from_post(data):
    """(header signature, {column index: choice}) from the mapping step's fields ("columns"
    holds the signature, "column-<index>" each choice), or (None, None) when the form sent none:
    then the remembered mapping applies."""
    signature = data.get("columns", "")
    if not SIGNATURE.fullmatch(signature):
        return None, None
    chosen = {
        name.removeprefix("column-"): data.get(name)
        for name in list(data.keys())[: MAX_COLUMNS + 20]
        if name.startswith("column-")
    }
    return signature, clean_mapping(chosen)


def field_choices():
    """(key, header in the page's language) for the mapping step's selects."""
    from .columns import column_label

    return [(column.key, column_label(column.key)) for column in COLUMNS]


@dataclass(slots=True)
class ColumnInfo:
    index: int
    header: str  # as written ("" for a column without a header)
    key: str = ""  # the field, or "" when the column goes nowhere
    how: str = "unknown"  # auto, chosen, ignored, row_number, unknown
    automatic: str = ""  # what the header alone would give
    filled: bool = False

    @property
    def letter(self):
        """The spreadsheet's column name: A … Z, AA …"""
        number, name = self.index + 1, ""
        while number:
            number, rest = divmod(number - 1, 26)
            name = chr(65 + rest) + name
        return name

    @property
    def extra_key(self):
        return f"{EXTRA}{self.index}"

    @property
    def undecided(self):
        return self.filled and self.how == "unknown"

    @property
    def left_out(self):
        return self.filled and self.how in ("unknown", "ignored")


class Headers(dict):
    """{key: header as written}, as the reader has always returned it, plus the whole match."""

    match = None


@dataclass
class ColumnMatch:
    columns: list = field(default_factory=list)
    signature: str = ""
    mapping: dict = field(default_factory=dict)  # the choices applied
    remembered: bool = False
    _watch: dict = field(default_factory=dict)  # extra key → ColumnInfo, until seen filled

    @property
    def positions(self):
        """{cell index: key the reader files the cell under}."""
        return {c.index: c.key or c.extra_key for c in self.columns if c.how != "row_number"}

    @property
    def unknown(self):
        return [c.header for c in self.columns if c.how == "unknown" and c.header]

    @property
    def undecided(self):
        return [c for c in self.columns if c.undecided]

    @property
    def left_out(self):
        return [c for c in self.columns if c.left_out]

    @property
    def choices_made(self):
        """The mapping worth remembering: choices that differ from what the headers give."""
        return {
            str(c.index): (c.key or IGNORE)
            for c in self.columns
            if c.how in ("chosen", "ignored") and (c.key or IGNORE) != c.automatic
        }

    def headers(self):
        headers = Headers(
            (c.key or c.extra_key, c.header or c.letter)
            for c in self.columns
            if c.how != "row_number"
        )
        headers.match = self
        return headers

    def see(self, record):
        """Note which columns without a field hold something (called for every row)."""
        if self._watch:
            for key in [key for key in self._watch if key in record]:
                self._watch.pop(key).filled = True


def match_columns(header_row, mapping=None) -> ColumnMatch:
    """Every column of the header row with its field. `mapping` is {column index: key or
    "ignore"}, or a function of the header signature giving it (the remembered mapping)."""
    header_row = list(header_row)[:MAX_COLUMNS]
    match = ColumnMatch(signature=header_signature(header_row))
    if callable(mapping):
        mapping = clean_mapping(mapping(match.signature))
        match.remembered = bool(mapping)
    match.mapping = mapping = clean_mapping(mapping or {})
    columns = []
    for index, raw in enumerate(header_row):
        header = " ".join(str(raw).split()) if raw is not None else ""
        automatic = field_for_header(header) if header else ""
        columns.append(ColumnInfo(index, header, automatic=automatic))
    while columns and not columns[-1].header and str(columns[-1].index) not in mapping:
        columns.pop()  # trailing blank headers: cells out there are the reader's business
    _prefer_phone_for_bare_whatsapp(columns)
    taken = set()
    for column in columns:  # the person's choices first, then the headers
        chosen = mapping.get(str(column.index))
        if chosen == IGNORE:
            column.how = "ignored"
        elif chosen and chosen not in taken:
            column.key, column.how = chosen, "auto" if chosen == column.automatic else "chosen"
            taken.add(chosen)
    for column in columns:
        if column.how != "unknown" or not column.automatic:
            continue
        if column.automatic == ROW_NUMBER_KEY:
            column.how = "row_number"
        elif column.automatic not in taken:
            column.key, column.how = column.automatic, "auto"
            taken.add(column.automatic)
    match.columns = columns
    match._watch = {c.extra_key: c for c in columns if not c.key and c.how != "row_number"}
    return match


def _prefer_phone_for_bare_whatsapp(columns):
    """A column headed just "WA" or "WhatsApp" holds the numbers when no other column does."""
    if any(c.automatic == "phone" for c in columns):
        return
    for column in columns:
        if column.automatic == "whatsapp" and basic_name(column.header) in BARE_WHATSAPP:
            column.automatic = "phone"
            return
