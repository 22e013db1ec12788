"""Numbers as people write them in a cell: "120 potong/bulan", "± 500", "100-150", "1.500",
"2,5", "Rp 25.000", "25rb", "1,5 jt", "Rp. 1.250.000,-" (used by values.py).

Separators, the Indonesian way first: a dot before exactly three digits groups thousands
("1.500" = 1500), a comma is the decimal mark ("2,5"); a lone dot or comma before one or two
digits is a decimal mark either way ("1.5juta"), and a comma before three digits groups thousands
as English spreadsheets write it ("1,500"). With both, the last one is the decimal mark.

A range ("100-150", "25-30rb", "10 s.d. 15") is read as its LOWER end. The figures go on the
record as facts the office relies on: a capacity, a workforce or a founding year that the
producer said they reach for certain, and for a price the "from" price a catalogue shows. The
lower end never claims more than the producer wrote, and an average would be a number nobody
wrote; the whole original text is kept in the note (values.Noted) so nothing is lost.
"""

import re
from decimal import Decimal, InvalidOperation

MULTIPLIERS = {
    "rb": 1_000, "ribu": 1_000, "rbu": 1_000, "rebu": 1_000, "k": 1_000, "jt": 1_000_000,
    "juta": 1_000_000, "jta": 1_000_000, "jut": 1_000_000, "m": 1_000_000_000,
    "miliar": 1_000_000_000, "milyar": 1_000_000_000, "mlyr": 1_000_000_000,
}  # fmt: skip
NUMBER = re.compile(
    r"(?<![\d.,])(\d[\d.,]*)(?:\s*(rb|ribu|rbu|rebu|k|jt|juta|jta|jut|m|miliar|milyar|mlyr)"
    r"(?![a-z]))?",
    re.IGNORECASE,
)
RANGE_BETWEEN = re.compile(
    r"\s*(?:-|–|—|~|s\.?\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga|to|sd|atau)\s*(?:rp\.?\s*)?",
    re.IGNORECASE,
)
# Words around a number that change what it claims: the original text goes in the note.
QUALIFIED = re.compile(
    r"(?:lebih\s+dari|kurang\s+dari|\bdi\s*atas|\bdi\s*bawah|>|<|≥|≤|\bmax|\bmaks|\bmin\b|\bminimal|\bmulai|\bantara|"
    r"\bup\s+to|\bover\b|\bunder\b)",
    re.IGNORECASE,
)
# What may stand around the number: currency, approximations, units, "per …" (letters, spaces
# and the punctuation of "potong/bulan", "Rp.", "± ", "+/-", ",-").
NOT_A_NUMBER_PART = re.compile(r"[^\W\d_]|[\s./±~+\-:,()%≥≤<>]")
CURRENCY_END = re.compile(r"[.,]-+$")
NEGATIVE = re.compile(r"^(?:rp\.?\s*)?[-–]\s*\d", re.IGNORECASE)


class Unreadable(ValueError):
    pass


def decimal_of(digits) -> Decimal:
    """1.500 → 1500, 2,5 → 2.5, 1,500 → 1500, 1.500,50 → 1500.50, 1.5 → 1.5."""
    digits = digits.strip(".,")
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        decimal_mark = "." if digits.rfind(".") > digits.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        whole, _, fraction = digits.rpartition(decimal_mark)
        if decimal_mark in whole:
            raise Unreadable(digits)
        return _grouped(whole, group_mark, fraction)
    mark = "." if dots else "," if commas else ""
    if not mark:
        return Decimal(digits)
    parts = digits.split(mark)
    if len(parts) == 2 and (len(parts[1]) != 3 or parts[0] == "0"):
        return _grouped(parts[0], mark, parts[1])  # a decimal mark: 2,5 · 1.5 · 0,125
    return _grouped(digits, mark, "")


def _grouped(whole, mark, fraction) -> Decimal:
    groups = whole.split(mark) if mark in whole else [whole]
    if not groups[0] or (len(groups[0]) > 3 and len(groups) > 1):
        raise Unreadable(whole)
    if any(len(group) != 3 for group in groups[1:]) or not all(g.isdigit() for g in groups):
        raise Unreadable(whole)
    if fraction and not fraction.isdigit():
        raise Unreadable(fraction)
    try:
        return Decimal("".join(groups) + ("." + fraction if fraction else ""))
    except InvalidOperation as error:
        raise Unreadable(whole) from error


def read_quantity(text, *, money=False) -> tuple[Decimal, bool]:
    """(value, noted): the number a cell's text states, and whether the reading took a liberty
    worth keeping the original for (a range, "lebih dari …"). Raises Unreadable."""
    value = CURRENCY_END.sub("", text.strip())
    if NEGATIVE.match(value):
        raise Unreadable(text)
    found = list(NUMBER.finditer(value))
    if not found or len(found) > 2:
        raise Unreadable(text)
    rest = NUMBER.sub(" ", value)
    if not all(NOT_A_NUMBER_PART.fullmatch(char) for char in rest):
        raise Unreadable(text)
    first = found[0]
    multiplier = _multiplier(first, money)
    noted = bool(QUALIFIED.search(rest))
    if len(found) == 2:
        second = found[1]
        if not RANGE_BETWEEN.fullmatch(value[first.end() : second.start()]):
            raise Unreadable(text)
        # "25-30rb": the second number's multiplier is the first's too.
        multiplier = multiplier if first.group(2) else _multiplier(second, money)
        noted = True
    return decimal_of(first.group(1)) * multiplier, noted


def _multiplier(match, money):
    word = (match.group(2) or "").lower()
    if word == "m" and not money:
        return 1  # "500 m" of cloth: metres, not miliar
    return MULTIPLIERS.get(word, 1)
