"""Reading exported files back, and the checks every list export shares."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kurasi.audit.models import AuditEvent


def content(response):
    """The body, kept on the response: a streamed body can be read only once."""
    assert response.status_code == 200, response.status_code
    if not hasattr(response, "read_back"):
        streamed = response.streaming and b"".join(response.streaming_content)
        response.read_back = streamed if response.streaming else response.content
    return response.read_back


def read_csv(response):
    """Rows of the CSV as dicts keyed by header."""
    assert response["Content-Type"].startswith("text/csv")
    text = content(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def read_workbook(response):
    return load_workbook(io.BytesIO(content(response)))


def read_xlsx(response):
    """Rows of the data sheet as dicts keyed by header (cell values)."""
    sheet = read_workbook(response).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def info_lines(response):
    sheet = read_workbook(response)["Info"]
    return {row[0].value: row[1].value for row in sheet.iter_rows()}


def last_export():
    return AuditEvent.objects.filter(action="list.exported").latest("pk")


def export_queries(client, url):
    """Queries of one export, its file read to the end (a streamed CSV queries as it goes)."""
    with CaptureQueriesContext(connection) as queries:
        content(client.get(url))
    return len(queries)
