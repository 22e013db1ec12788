"""The programme report for the head of office: the dashboard's figures for one programme, the
producers who passed, the facilitation needs and the exhibitions, under the office's letterhead.
Made with WeasyPrint when downloaded (like the result letters); always in Bahasa Indonesia."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from kurasi.lib.urls import site_url

from . import figures
from .dashboard import office_dashboard
from .figures_followup import facilitation_needs


def report_context(programme):
    scope = figures.Scope(programme.organisation, programme)
    return {
        "programme": programme,
        "organisation": programme.organisation,
        "issued_on": timezone.localdate(),
        "progress": figures.curation_progress(scope),
        "passed": figures.passed_products(scope),
        "needs": facilitation_needs(programme),
        "print": True,
        **office_dashboard(scope),
    }


def render_report_pdf(programme) -> bytes:
    from weasyprint import HTML  # imported here: it loads Pango, needed by printed pages only

    with translation.override("id"):
        html = render_to_string("insights/report.html", report_context(programme))
    return HTML(string=html, base_url=site_url()).write_pdf()
