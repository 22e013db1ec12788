"""Where the table sits in a sheet as offices keep it: a title and subtitle above, blank rows, a
header on row 4 or spread over two rows (a merged "Alamat" over "Kecamatan" | "Kelurahan"), and
totals or notes rows below the data.

The header is the row (or pair of rows) among the first SEARCH_ROWS whose cells name the most
known columns (mapping.field_for_header); rows read before it are never data.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .mapping import ROW_NUMBER_KEY, field_for_header

SEARCH_ROWS = 30
MAX_WIDTH = 1000
# A sub-header under a group that says "the value itself": Kapasitas / Jumlah → Kapasitas.
GENERIC = {"jumlah", "nilai", "banyaknya", "angka", "besaran", "total", "value", "amount", "qty"}
# The whole cell: "JUMLAH", "Total:", "Jumlah Keseluruhan" (a business may be "Total Snack").
TOTALS = re.compile(
    r"\s*(jumlah|jml|total|grand\s*total|sub\s*total)(\s+(keseluruhan|seluruhnya|akhir|ikm|umkm))?"
    r"\s*[:.]?\s*",
    re.IGNORECASE,
)
# A word and a colon: "Keterangan: …", "Sumber: …" ("Sumber Rejeki" is a business), or "* …".
NOTES = re.compile(r"\s*((keterangan|ket|catatan|sumber|note|notes|nb)\s*[:.]|\*)", re.IGNORECASE)
NAME_KEYS = ("business_name", "owner_name", "product_name")
NUMERIC_KEYS = {
    "capital", "yearly_sales", "workers", "price", "monthly_capacity", "shelf_life_days",
    "year_founded",
}  # fmt: skip
NUMBER = re.compile(r"^\s*(rp\.?\s*)?[\d.,\s]+\s*$", re.IGNORECASE)


@dataclass
class Header:
    index: int  # 0-based position of the (last) header row among the rows given
    cells: list  # one header text per column (two rows combined)
    rows: int  # 1 or 2
    score: tuple  # (required columns found, known columns found)


def _text(cell) -> str:
    return " ".join(str(cell).split()) if cell not in (None, "") else ""


def _known(text) -> str:
    key = field_for_header(text) if text else ""
    return "" if key == ROW_NUMBER_KEY else key


def _score(cells) -> tuple:
    keys = {_known(_text(cell)) for cell in cells[:MAX_WIDTH]} - {""}
    return (len(keys & {"business_name", "owner_name"}), len(keys))


def combine(group_row, sub_row, merged_spans=()) -> list:
    """One header per column from a group row above sub-headers."""
    width = min(max(len(group_row), len(sub_row)), MAX_WIDTH)
    groups = [_text(group_row[i]) if i < len(group_row) else "" for i in range(width)]
    subs = [_text(sub_row[i]) if i < len(sub_row) else "" for i in range(width)]
    spread = list(groups)
    for first, last in merged_spans:  # a merged group cell stands over all its columns
        for i in range(first + 1, min(last + 1, width)):
            if not spread[i]:
                spread[i] = groups[first]
    for i in range(1, width):  # an unmerged group written once over its sub-headers
        if not spread[i] and subs[i] and spread[i - 1] and subs[i - 1]:
            spread[i] = spread[i - 1]
    # A group whose sub-headers all name fields alone ("Alamat" over "Kecamatan" | "Kelurahan")
    # only gathers them; else each sub-header qualifies the group ("Kapasitas" over "Satuan").
    spans = {}
    for i in range(width):
        if spread[i] and subs[i]:
            spans.setdefault(spread[i], []).append(subs[i])
    gathering = {
        group for group, names in spans.items() if len(names) > 1 and all(map(_known, names))
    }
    return [_one(spread[i], subs[i], spread[i] in gathering) for i in range(width)]


def _one(group, sub, gathering=False) -> str:
    if not sub:
        return group
    if not group or group == sub:
        return sub
    for text in (f"{sub} {group}", f"{group} {sub}"):
        if _known(text):
            return text
    if sub.lower() in GENERIC and _known(group):
        return group
    if _known(sub) and (gathering or not _known(group)):
        return sub  # "Alamat" over "Kecamatan": the sub-header names the field
    return f"{group} ({sub})"  # "Kapasitas (Satuan)": the mapping step decides


def find_header(rows, merged=()) -> Header | None:
    """The best header among the first rows (a list of tuples), or None if none names a
    known column. `merged`: ((first row, first column), (last row, last column)) ranges."""
    best = None
    rows = rows[:SEARCH_ROWS]
    for index, row in enumerate(rows):
        if not any(_text(cell) for cell in row):
            continue
        candidates = [(row, 1, _score(row))]
        # A group row has several cells (a title has one, however wide it is merged).
        if index + 1 < len(rows) and sum(1 for cell in row if _text(cell)) >= 2:
            spans = [(c0, c1) for (r0, c0), (r1, c1) in merged if r0 <= index <= r1 and c1 > c0]
            cells = combine(row, rows[index + 1], spans)
            candidates.append((cells, 2, _score(cells)))
        for cells, height, score in candidates:
            if score[1] and (best is None or score > best.score):
                position = index + height - 1
                best = Header(position, [_text(c) for c in cells], height, score)
    return best


def skip_reason(row, record):
    """Why a row under the header is not data (a translatable text), or None."""
    first = next((cell for cell in row if cell not in (None, "")), None)
    name = record.get("business_name")
    for cell in (first, name):
        if isinstance(cell, str):
            if TOTALS.fullmatch(cell):
                return _("a totals row, skipped")
            if NOTES.match(cell) and not record.get("owner_name"):
                return _("a note under the table, skipped")
    if any(record.get(key) not in (None, "") for key in NAME_KEYS):
        return None
    values = [(key, value) for key, value in record.items() if value not in (None, "")]
    if values and all(
        (key in NUMERIC_KEYS or key.startswith("?")) and _is_number(value) for key, value in values
    ):
        return _("only numbers and no names: a totals row, skipped")
    return None


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and bool(NUMBER.match(value))
