"""Import (upload, dry run, confirm) and export of the registry, for office admins and field
officers of the organisation."""

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.lib import exports
from kurasi.lib.ratelimits import limit, user_key
from kurasi.programmes.enrolment import ConsentBasis

from . import exporter
from .access import REGISTRY_ROLES, can_see_nik
from .filters import BUSINESS_SEARCHES, filter_businesses, filter_data
from .importer import Fate, ImportRefused, plan_import, run_import
from .importing import jobs, pending
from .importing.conflicts import parse_choices
from .importing.enrolments import enrolment_options
from .importing.mapping import field_choices, mapping_from_post
from .importing.reader import ZIP_MAGIC
from .models import ProductGroup
from .regions import districts_in
from .services_io import remember_mapping, remembered_mapping

MAX_UPLOAD = 25 * 1024 * 1024
CONSENT_NOTE_NEEDED = _(
    "Say where the evidence of the producers' consent is kept, e.g. the file of forms."
)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    create_anyway = forms.BooleanField(
        label=_("Create a new business even when a very similar name is in the same village"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 25 MB."))
        # Told by content, not by name: an .xlsx is a zip; a .csv is text without NUL bytes.
        start = upload.read(2048)
        upload.seek(0)
        if not start.startswith(ZIP_MAGIC) and b"\x00" in start:
            raise forms.ValidationError(_("Upload an .xlsx workbook or a .csv file."))
        return upload


def _staff(request, slug):
    return get_membership_for_user(request.user, slug, *REGISTRY_ROLES)


def _page(request, membership, *, form, plan=None, token="", status=200, options=None):
    enrolment = (options or {}).get("enrolment") or enrolment_options({})
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "form": form,
        "plan": plan,
        "token": token,
        "fates": Fate,
        "districts": districts_in(membership.organisation.region_code),
        "groups": ProductGroup.objects.filter(organisation=membership.organisation),
        "may_see_nik": can_see_nik(membership),
        "consent_bases": ConsentBasis.choices,
        "enrolment": enrolment,
    }
    if plan is not None:
        context["field_choices"] = field_choices()  # the column mapping step
        context["shown_rows"] = plan.shown_rows()
        context["fate_counts"] = [
            (label, plan.counts.get(value, 0), value) for value, label in Fate.choices
        ]
    return render(request, "registry/io/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@limit("import_upload", user_key)
def import_page(request, slug):
    """GET: the upload form. POST: keep the file and show the dry run (nothing written)."""
    membership = _staff(request, slug)
    organisation = membership.organisation
    if request.method == "GET":
        return _page(request, membership, form=UploadForm())
    token = request.POST.get("token", "")
    create_anyway = request.POST.get("create_anyway") == "on"
    if token:  # checking a kept file again, e.g. with "create anyway"
        handle = pending.open_upload(token, organisation=organisation, user=request.user)
        if handle is None:
            messages.error(request, _("The uploaded file has expired. Upload it again."))
            return redirect("registry_io:import", slug=slug)
    else:
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return _page(request, membership, form=form, status=400)
        token = pending.keep_upload(
            form.cleaned_data["file"], organisation=organisation, user=request.user
        )
        handle = pending.open_upload(token, organisation=organisation, user=request.user)
    _signature, mapping = mapping_from_post(request.POST)
    if mapping is None:  # a new upload: the office's choices for these headers, if any
        mapping = partial(remembered_mapping, organisation)
    with handle:
        plan = plan_import(
            handle,
            organisation=organisation,
            create_anyway=create_anyway,
            choices=parse_choices(request.POST),
            mapping=mapping,
            sheet=request.POST.get("sheet") or None,
        )
    pending.save_meta(token, organisation=organisation, user=request.user, rows=len(plan.rows))
    form = UploadForm(initial={"create_anyway": create_anyway})
    return _page(request, membership, form=form, plan=plan, token=token)


def _confirm_options(request):
    """What the person chose on the dry-run page (JSON-serialisable: a background task gets it)."""
    return {
        "create_anyway": request.POST.get("create_anyway") == "on",
        "partial": request.POST.get("partial") == "on",
        "choices": parse_choices(request.POST),
        "mapping": mapping_from_post(request.POST)[1] or {},  # the columns the dry run showed
        "sheet": request.POST.get("sheet") or None,  # the workbook's sheet the dry run read
        # The consent basis for the rows whose product is to be entered into a call.
        "enrolment": enrolment_options(request.POST),
    }


def _consent_unexplained(options) -> bool:
    """A consent basis other than "already recorded" needs where its evidence is kept."""
    enrolment = options["enrolment"]
    return enrolment["consent_basis"] != ConsentBasis.RECORDED and not enrolment["consent_note"]


def _remember_columns(request, organisation, signature, mapping):
    """The column choices confirmed with an import, for the next file with these headers."""
    if signature:
        remember_mapping(
            actor=request.user, organisation=organisation, signature=signature, mapping=mapping
        )


@login_required
@require_POST
def import_confirm(request, slug):
    """Plan the kept file again and write it in one transaction; the file is then deleted."""
    membership = _staff(request, slug)
    organisation = membership.organisation
    token = request.POST.get("token", "")
    options = _confirm_options(request)
    create_anyway = options["create_anyway"]
    handle = pending.open_upload(token, organisation=organisation, user=request.user)
    if handle is None:
        messages.error(request, _("The uploaded file has expired. Upload it again."))
        return redirect("registry_io:import", slug=slug)
    if _consent_unexplained(options):
        planning = {k: v for k, v in options.items() if k not in ("enrolment", "partial")}
        with handle:
            plan = plan_import(handle, organisation=organisation, **planning)
        messages.error(request, CONSENT_NOTE_NEEDED)
        form = UploadForm(initial={"create_anyway": create_anyway})
        return _page(
            request, membership, form=form, plan=plan, token=token, status=400, options=options
        )
    rows = pending.load_meta(token, organisation=organisation, user=request.user).get("rows")
    if jobs.in_background(rows):  # a large file: a worker writes it, the page shows progress
        handle.close()
        _remember_columns(request, organisation, *mapping_from_post(request.POST))
        jobs.start(token, actor=request.user, organisation=organisation, rows=rows, options=options)
        return redirect("registry_io:job", slug=slug, token=token)
    try:
        with handle:
            plan = run_import(handle, actor=request.user, organisation=organisation, **options)
    except ImportRefused as refused:
        messages.error(request, _("The file has errors: nothing was imported."))
        form = UploadForm(initial={"create_anyway": create_anyway})
        return _page(request, membership, form=form, plan=refused.plan, token=token, status=400)
    except DatabaseError:
        # The transaction was rolled back; the message names no value (they may be personal).
        messages.error(
            request,
            _(
                "The database refused the import, so nothing was imported. "
                "Check the file's values or ask the administrator."
            ),
        )
        return redirect("registry_io:import", slug=slug)
    pending.discard_upload(token, organisation=organisation, user=request.user)
    if plan.column_match is not None:
        match = plan.column_match
        _remember_columns(request, organisation, match.signature, match.choices_made)
    # The result page: the counts, the error file of rows left out, what the calls named in the
    # file refused, and a way to enter the imported businesses into a call.
    jobs.finish(token, plan, organisation=organisation)
    return redirect("registry_io:job", slug=slug, token=token)


@login_required
@require_GET
def import_template(request, slug, fmt):
    _staff(request, slug)
    if fmt == "xlsx":
        return FileResponse(
            exporter.template_xlsx(),
            as_attachment=True,
            filename="kurasi-template-impor.xlsx",
            content_type=XLSX_TYPE,
        )
    if fmt == "csv":
        response = StreamingHttpResponse(
            exporter.template_csv_lines(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="kurasi-template-impor.csv"'
        return response
    raise Http404


def _registry_applied(filter_form, filters, include_nik):
    """The filters in force, for the audit event and the file's Info sheet."""
    applied = exports.applied_from_form(filter_form)
    keys = {a.key for a in applied}
    if filters.district_code and "district" not in keys:
        applied.append(exports.describe("district", _("District"), filters.district_code))
    if filters.group is not None and "group" not in keys:
        applied.append(exports.describe("group", _("Product group"), filters.group))
    if include_nik:
        applied.append(exports.Applied("include_nik", "NIK", "1", "✓"))
    return applied


@login_required
@require_GET
def export(request, slug, fmt):
    """The registry as .csv or .xlsx; NIK only for a role that may see it and asks for it."""
    membership = _staff(request, slug)
    if fmt not in exports.FORMATS:
        raise Http404
    organisation = membership.organisation
    # From the staff list, the export link carries the list's remembered search: apply it all.
    form, matching = filter_businesses(organisation, filter_data(request, BUSINESS_SEARCHES))
    filters = exporter.parse_registry_filters(
        organisation, request.GET, matching_businesses=matching.order_by()
    )
    include_nik = request.GET.get("include_nik") == "1" and can_see_nik(membership)
    exporter.record_export(
        actor=request.user,
        organisation=organisation,
        kind=fmt,
        include_nik=include_nik,
        filters=filters,
        rows=exporter.count_records(organisation, filters),
    )
    table = exporter.registry_table(organisation, filters, include_nik=include_nik)
    info = exports.info_for(
        request, title=_("Registry"), applied=_registry_applied(form, filters, include_nik)
    )
    filename = f"kurasi-registry-{organisation.slug}-{timezone.localdate():%Y%m%d}"
    return exports.file_response(table, fmt=fmt, filename=filename, info=info)
