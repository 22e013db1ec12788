"""The error file of a partial import: the rows left out, as typed, with the reason for each.

Same columns as the uploaded file (in its order, headers as written), plus "Alasan / Reason"
at the end: the person fixes the cells and imports the file again; the reason column is left
out by the import (synonyms.py), the rows imported before are found again and left unchanged.
Written with the project's tabular writer (typed cells, formulas neutralised).
"""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from kurasi.lib import tabular

REASON_HEADER = "Alasan / Reason"


def reason_for(row) -> str:
    """Why the row was left out, in the current language."""
    if row.errors:
        return "; ".join(f"{column}: {message}" for column, message in row.errors)
    conflict = row.conflict
    advice = _("Choose whether it is the same business, then import the row again.")
    return f"{conflict.summary()} {advice}"


def _column_type(values):
    present = [v for v in values if v not in (None, "")]
    if present and all(
        isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in present
    ):
        return tabular.NUMBER
    if present and all(isinstance(v, dt.date) for v in present):
        return tabular.DATE
    return tabular.TEXT


def _plain(value):
    """A cell as typed; a whole number read as 3674015508950001.0 is written as one."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def error_table(plan) -> tabular.Table:
    rows = plan.left_out
    keys = list(plan.headers)
    records = []
    for row in rows:
        cells = row.cells or {}
        record = {key: _plain(cells.get(key)) for key in keys}
        record["__reason__"] = reason_for(row)
        records.append(record)
    columns = [
        tabular.Column(key, plan.headers[key], type=_column_type([r[key] for r in records]))
        for key in keys
    ]
    columns.append(tabular.Column("__reason__", REASON_HEADER, width=60))
    return tabular.Table(columns=columns, rows=records, sheet_title="Data")


def error_file(plan):
    """The .xlsx of the rows left out, as an open temporary file."""
    return tabular.xlsx_file(error_table(plan))
