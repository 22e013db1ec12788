"""Reading the messy values offices type into spreadsheets.

Every parser takes what the reader gives (str, int, float, datetime or None) and returns a clean
value, or raises `CellError` with a message a person can act on. Parsers are plain functions with
no database access: the planner calls them for every cell of 100,000 rows.
"""

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _
from lokal import parse_phone

from kurasi.registry.identifiers import digits_only

from .quantities import Unreadable, read_quantity

# Spreadsheet programs keep 15 significant digits; a double is exact up to 2**53.
EXACT_FLOAT_LIMIT = 2**53
MAX_RUPIAH = Decimal(10) ** 16 - 1  # the models' max_digits=16
MAX_COUNT = 2_147_483_647  # PositiveIntegerField on every database
# Offices' files repeat the same few spellings down a column ("15rb", "Rp 12.500", "L", the same
# phone on every product row of a business): text cells are parsed once per distinct value.
# Parsers are pure, so a cached result is the result; errors are not cached and raise each time.
DISTINCT_VALUES = 4096


class Noted:
    """A value read with a liberty (the lower end of a range, "lebih dari 100"): the row keeps
    the cell's original text in its note, so nothing the office wrote is lost."""

    __slots__ = ("original", "value")

    def __init__(self, value, original):
        self.value, self.original = value, original

    def __eq__(self, other):
        return isinstance(other, Noted) and (self.value, self.original) == (
            other.value,
            other.original,
        )

    def __hash__(self):
        return hash((self.value, self.original))

    def __repr__(self):
        return f"Noted({self.value!r}, {self.original!r})"


def plain(value):
    """The value without its note."""
    return value.value if type(value) is Noted else value


class CellError(Exception):
    """A value that cannot be read; `message` is translatable."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def text(raw) -> str:
    if type(raw) is str:  # most cells: skip the checks below (called ~20 times a row)
        return " ".join(raw.split())
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return " ".join(str(raw).split())


def number_text(raw, *, what) -> str:
    """Digits of an identifier, refusing a spreadsheet number that may have lost digits."""
    if isinstance(raw, float):
        if not raw.is_integer() or abs(raw) >= EXACT_FLOAT_LIMIT:
            raise CellError(what)
        return str(int(raw))
    return digits_only(raw)


def phone(raw) -> str:
    """E.164 (+6281234567890) from 0812-3456-7890, +62 812…, 62812… or a number cell 812345678."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        value = number_text(raw, what=_("Enter the phone number as text."))
        # A number cell drops the leading 0: 812345678 was typed as 0812345678.
        value = value if value.startswith(("0", "62")) else "0" + value
    else:
        value = text(raw)
    return _phone_text(value) if value else ""


@lru_cache(maxsize=DISTINCT_VALUES)
def _phone_text(value) -> str:
    parsed = parse_phone(value)
    if not parsed.valid or not parsed.e164:
        raise CellError(_("Not a valid Indonesian phone number, e.g. 0812-3456-7890."))
    return parsed.e164


def nik(raw) -> str:
    """Digits of a NIK typed with spaces or dots, or read from a number cell that kept them all.

    Spreadsheet programs keep 15 significant digits, so a 16-digit NIK typed as a number comes
    back with its last digit turned to 0 (LibreOffice: 3674034203900003 → 3674034203900000).
    A number cell is trusted only when it cannot have lost a digit.
    """
    message = _("NIK must be entered as text: as a number, the spreadsheet lost its last digit.")
    value = number_text(raw, what=message)
    if isinstance(raw, int | float) and len(value) == 16 and value.endswith("0"):
        raise CellError(message)
    return value


def identifier(raw) -> str:
    return number_text(raw, what=_("Enter this number as text (the number lost digits)."))


GENDERS = {
    "l": "M", "laki laki": "M", "lakilaki": "M", "laki": "M", "pria": "M", "m": "M",
    "male": "M", "lk": "M", "bapak": "M", "bpk": "M", "pak": "M", "man": "M", "cowok": "M",
    "p": "F", "perempuan": "F", "wanita": "F", "f": "F", "female": "F", "w": "F", "pr": "F",
    "ibu": "F", "bu": "F", "woman": "F", "prp": "F", "perem": "F",
}  # fmt: skip


NOT_LETTERS = re.compile(r"[^a-z]+")


def gender(raw) -> str:
    return _gender_text(text(raw))


@lru_cache(maxsize=DISTINCT_VALUES)
def _gender_text(value) -> str:
    value = NOT_LETTERS.sub(" ", value.lower()).strip()
    if not value:
        return ""
    if value not in GENDERS:
        raise CellError(_("Gender must be L/P (Laki-laki/Perempuan) or M/F."))
    return GENDERS[value]


YES = {"ya", "y", "yes", "1", "true", "benar", "ada", "v", "x", "✓"}
NO = {"tidak", "tdk", "t", "n", "no", "0", "false", "tidak ada", "-"}


def yes_no(raw, *, default=True) -> bool:
    value = text(raw).lower()
    if raw is True or raw is False:
        return raw
    if not value:
        return default
    if value in YES:
        return True
    if value in NO:
        return False
    raise CellError(_("Write ya or tidak (yes or no)."))


def email(raw) -> str:
    value = text(raw).lower()
    if value:
        try:
            validate_email(value)
        except ValidationError as error:
            raise CellError(_("Not a valid email address.")) from error
    return value


PLAIN_RUPIAH = re.compile(r"^(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,0{1,2}|,-)?$", re.IGNORECASE)
NEGATIVE_RUPIAH = re.compile(r"^(rp\.?\s*)?-", re.IGNORECASE)


def rupiah(raw) -> Decimal | Noted | None:
    """Rp 150.000, 150.000,00, Rp. 1.250.000,-, 150rb, 25 ribu, 1,5 jt, 1.5juta, or a number
    cell → whole Rupiah; a range ("25-30rb") → its lower end, Noted (quantities.py says why)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return _whole_rupiah(Decimal(str(raw)))
    return _rupiah_text(text(raw))


@lru_cache(maxsize=DISTINCT_VALUES)
def _rupiah_text(value) -> Decimal | None:
    if not value or value == "-":
        return None
    if NEGATIVE_RUPIAH.match(value):
        raise CellError(_("An amount cannot be negative."))
    plain = PLAIN_RUPIAH.match(value)
    if plain:
        # Most cells are "150000" or "Rp 150.000": skip the general parser (slow at 100k rows).
        return _whole_rupiah(Decimal(plain.group(1).replace(".", "")))
    try:
        amount, noted = read_quantity(value, money=True)
    except Unreadable as error:
        raise CellError(_("Not an amount in Rupiah, e.g. Rp 150.000.")) from error
    amount = _whole_rupiah(amount)
    return Noted(amount, value) if noted else amount


def _whole_rupiah(amount) -> Decimal:
    if amount < 0:
        raise CellError(_("An amount cannot be negative."))
    if amount > MAX_RUPIAH:  # before rounding: a huge number cannot be rounded to units
        raise CellError(_("This amount is too large."))
    return amount.quantize(Decimal(1))


def count(raw) -> int | Noted | None:
    """A whole number: 12, 12.0, "1.000", "12 orang", "120 potong/bulan", "± 500", "1,5 rb";
    a range ("100-150") → its lower end, Noted (quantities.py says why)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if float(raw) != int(raw):
            raise CellError(_("Enter a whole number."))
        value = int(raw)
    else:
        return _count_text(str(raw))
    if not 0 <= value <= MAX_COUNT:
        raise CellError(_("Enter a whole number."))
    return value


WHOLE_NUMBER = re.compile(r"\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:[.,]0{1,2})?\s*[a-zA-Z ]*")


@lru_cache(maxsize=DISTINCT_VALUES)
def _count_text(value) -> int | Noted:
    match = WHOLE_NUMBER.fullmatch(value)
    if match:  # most cells: "12", "1.000", "12 orang"
        return _whole(int(match.group(1).replace(".", "")))
    try:
        number, noted = read_quantity(value)
    except Unreadable as error:
        raise CellError(_("Enter a whole number.")) from error
    if number != number.to_integral_value():
        raise CellError(_("Enter a whole number."))
    number = _whole(int(number))
    return Noted(number, " ".join(value.split())) if noted else number


def _whole(value) -> int:
    if not 0 <= value <= MAX_COUNT:
        raise CellError(_("Enter a whole number."))
    return value


YEAR_ONLY = re.compile(r"\d{4}")
SHORT_YEAR = re.compile(r"['’`](\d{2})")
YEAR_IN_TEXT = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|2100)(?!\d)")
DECADE = re.compile(r"(?<!\d)(\d{2})\s*-?\s*an\b")
MONTH_YEAR = re.compile(r"(?:([a-z]+)\.?|(\d{1,2}))[\s\-./,]*(\d{4}|'?\d{2})")
PLAIN_YEAR = re.compile(r"(?:(?:tahun|thn|th|sejak|berdiri|tgl|tanggal|year|since)\.?\s*)*\d{4}")
YEAR_RANGE = re.compile(r"\s*(?:-|–|—|~|/|s\.?\s?d\.?|s/d|sampai|hingga|to)\s*")
YEAR_WORDS = re.compile(r"[a-z\s.,'’±~+\-/()]*")


def year(raw) -> int | Noted | None:
    """2015, 2015.0, '15, a date in any form date() reads (12-03-2015, 12 Maret 2015, a date
    cell, an Excel serial day), Maret 2015, 03/2015, "sejak 2015", "1990-an" → 1990 and
    "2015-2016" → 2015 (Noted: the original stays in the note)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.date):
        return raw.year
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if float(raw) != int(raw):
            raise CellError(_("Enter a year between 1900 and 2100."))
        value = int(raw)
        if 2100 < value <= 120_000:  # a date cell saved as its Excel serial day
            return date(value).year
        return _year_range(value)
    typed = text(raw).lower()
    return _year_text(typed) if typed else None  # only spaces: an empty cell


def _year_range(value) -> int:
    if not 1900 <= value <= 2100:
        raise CellError(_("Enter a year between 1900 and 2100."))
    return value


@lru_cache(maxsize=DISTINCT_VALUES)
def _year_text(value) -> int | Noted:
    if YEAR_ONLY.fullmatch(value):
        return _year_range(int(value))
    if match := SHORT_YEAR.fullmatch(value):
        return _two_digit_year(match.group(1))
    try:
        return date(value).year
    except CellError:
        pass
    if (match := MONTH_YEAR.fullmatch(value)) and (
        match.group(1) in MONTHS or (match.group(2) and 1 <= int(match.group(2)) <= 12)
    ):
        found = match.group(3).lstrip("'")
        return _year_range(int(found)) if len(found) == 4 else _two_digit_year(found)
    if not YEAR_WORDS.fullmatch(YEAR_IN_TEXT.sub(" ", DECADE.sub(" ", value))):
        raise CellError(_("Enter a year between 1900 and 2100."))
    years = YEAR_IN_TEXT.findall(value)
    if len(years) == 2:
        between = value[value.index(years[0]) + 4 : value.rindex(years[1])]
        if not YEAR_RANGE.fullmatch(between):
            raise CellError(_("Enter a year between 1900 and 2100."))
        return Noted(_year_range(min(int(y) for y in years)), value)
    if len(years) == 1:
        found = _year_range(int(years[0]))
        return found if PLAIN_YEAR.fullmatch(value) else Noted(found, value)
    if (decades := DECADE.findall(value)) and len(decades) == 1:
        return Noted(_two_digit_year(decades[0]), value)
    raise CellError(_("Enter a year between 1900 and 2100."))


def _two_digit_year(digits) -> int:
    """'15 → 2015, '98 → 1998; 90-an → 1990. A year not yet come is of the last century."""
    number = int(digits)
    century = 2000 if 2000 + number <= dt.date.today().year else 1900
    return century + number


MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6,
    "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "agustus": 8, "august": 8, "agu": 8,
    "agt": 8, "ags": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10,
    "october": 10, "okt": 10, "oct": 10, "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip
NUMERIC_DATE = re.compile(r"(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})")
ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?")
WORDED_DATE = re.compile(r"(\d{1,2})[\s\-./]*([a-z]+)\.?[\s\-./,]*(\d{4}|\d{2})")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def date(raw) -> dt.date | None:
    """19 September 2017, 19 Sep 2017, 19/09/2017, 19-9-2017, 2017-09-19 or a date cell.

    Day first, as Indonesians write it. A bare number is an Excel serial day (as some
    programs save date cells in CSV).
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if 1 <= raw <= 120_000:
            return EXCEL_EPOCH + dt.timedelta(days=int(raw))
        raise CellError(_("Not a date, e.g. 19/09/2017 or 19 September 2017."))
    return _date_text(text(raw).lower())


@lru_cache(maxsize=DISTINCT_VALUES)
def _date_text(value) -> dt.date:
    try:
        if match := ISO_DATE.fullmatch(value):
            year_, month, day = (int(part) for part in match.groups())
        elif match := NUMERIC_DATE.fullmatch(value):
            day, month, year_ = (int(part) for part in match.groups())
            year_ += 2000 if year_ < 100 else 0
        elif (match := WORDED_DATE.fullmatch(value)) and match.group(2) in MONTHS:
            day, month, year_ = int(match.group(1)), MONTHS[match.group(2)], int(match.group(3))
            year_ += 2000 if year_ < 100 else 0  # "12-Mar-15", as Excel writes dates in CSV
        else:
            raise ValueError(value)
        return dt.date(year_, month, day)
    except ValueError as error:
        raise CellError(_("Not a date, e.g. 19/09/2017 or 19 September 2017.")) from error


CODE_SEPARATORS = re.compile(r"[\s,;/]+")
FIVE_DIGITS = re.compile(r"\d{5}")


def kbli_codes(raw) -> list[str]:
    codes = [code for code in CODE_SEPARATORS.split(text(raw)) if code]
    if any(not FIVE_DIGITS.fullmatch(code) for code in codes):
        raise CellError(_("KBLI codes have 5 digits each, separated by commas."))
    return list(dict.fromkeys(codes))


def postal_code(raw) -> str:
    value = identifier(raw)
    if value and not FIVE_DIGITS.fullmatch(value):
        raise CellError(_("A postal code has 5 digits."))
    return value
