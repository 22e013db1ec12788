"""Programmes (open calls): staff pages to set them up and verify applications; public pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.curation.setup_checks import setup_checklist
from kurasi.lib import exports
from kurasi.lib.concurrency import StaleEdit, show_stale
from kurasi.lib.pagination import CappedPaginator
from kurasi.lib.qr import qr_svg
from kurasi.lib.regions import region_name
from kurasi.lib.urls import absolute_url
from kurasi.outbox import services as outbox
from kurasi.registration.wizard import register_button
from kurasi.registry.access import REGISTRY_ROLES
from kurasi.registry.filters import PAGE_SIZE

from . import services
from .forms import ApplicationFilterForm, ProgrammeForm, VerificationForm
from .models import COUNTED_STATUSES, Application, ApplicationStatus, Programme, ProgrammeStatus
from .verification import next_waiting
from .views_verification import after_single_verification

VERIFIABLE = [ApplicationStatus.SUBMITTED, ApplicationStatus.INCOMPLETE, ApplicationStatus.VERIFIED]


def with_counts(programmes):
    return programmes.annotate(
        counted=Count("applications", filter=Q(applications__status__in=COUNTED_STATUSES)),
        awaiting=Count("applications", filter=Q(applications__status=ApplicationStatus.SUBMITTED)),
    )


def get_programme_for_staff(user, org_slug, slug, *roles):
    """(membership, programme) for staff of the programme's office; 404 for anyone else."""
    membership = get_membership_for_user(user, org_slug, *(roles or REGISTRY_ROLES))
    programme = get_object_or_404(
        Programme.objects.for_organisation(membership.organisation).select_related("organisation"),
        slug=slug,
    )
    return membership, programme


@login_required
def programme_list(request, org_slug):
    membership = get_membership_for_user(request.user, org_slug, *REGISTRY_ROLES)
    programmes = with_counts(Programme.objects.for_organisation(membership.organisation))
    return render(
        request,
        "programmes/programme_list.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "programmes": programmes,
            "export_links": exports.export_links(request, "programmes:programme_export", org_slug),
        },
    )


def _programme_form_page(request, membership, form, programme=None):
    return render(
        request,
        "programmes/programme_form.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "form": form,
            "programme": programme,
        },
    )


def _save(request, form):
    return services.save_programme(
        actor=request.user,
        programme=form.save(commit=False),
        form_changed=form.changed_data,
        m2m={
            "product_groups": form.cleaned_data["product_groups"],
            "required_certificate_types": form.cleaned_data["required_certificate_types"],
        },
    )


@login_required
def programme_create(request, org_slug):
    membership = get_membership_for_user(request.user, org_slug, Role.ADMIN)
    organisation = membership.organisation
    initial = {"year": timezone.localdate().year, "status": ProgrammeStatus.DRAFT}
    form = ProgrammeForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        programme = _save(request, form)
        messages.success(request, _("The programme was created."))
        return redirect("programmes:programme_detail", org_slug, programme.slug)
    return _programme_form_page(request, membership, form)


@login_required
def programme_edit(request, org_slug, slug):
    membership, programme = get_programme_for_staff(request.user, org_slug, slug, Role.ADMIN)
    form = ProgrammeForm(
        request.POST or None, organisation=membership.organisation, instance=programme
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = _save(request, form)
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect("programmes:programme_detail", org_slug, programme.slug)
    return _programme_form_page(request, membership, form, programme)


def _filtered_applications(programme, form):
    values = form.values()
    applications = Application.objects.for_programme(programme).exclude(
        status=ApplicationStatus.DRAFT
    )
    if "status" in values:
        applications = applications.filter(status=values["status"])
    if "group" in values:
        applications = applications.filter(product__group=values["group"])
    if "q" in values:
        text = values["q"].strip()
        applications = applications.filter(
            Q(product__name__icontains=text)
            | Q(product__business__name__icontains=text)
            | Q(product__business__owner_name__icontains=text)
        )
    return applications.select_related(
        "product__group", "product__business", "registered_by", "verified_by"
    )


@login_required
def programme_detail(request, org_slug, slug):
    membership, programme = get_programme_for_staff(request.user, org_slug, slug)
    programme = with_counts(Programme.objects.filter(pk=programme.pk)).get()
    # Filters hold no personal data (a product or business name at most), so plain GET is fine.
    form = ApplicationFilterForm(request.GET, programme=programme)
    page = CappedPaginator(_filtered_applications(programme, form), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "programme": programme,
        "groups": programme.product_groups.all(),
        "places_left": None
        if programme.quota is None
        else max(programme.quota - programme.counted, 0),
        "form": form,
        "page": page,
        "export_links": exports.export_links(
            request, "programmes:application_export", org_slug, slug
        ),
        "checklist": setup_checklist(programme) if membership.role == Role.ADMIN else None,
        # Field officers open each session's desk, board and schedule (admins its set-up page).
        "sessions": programme.curation_sessions.order_by("date", "starts_at"),
    }
    return render(request, "programmes/programme_detail.html", context)


@login_required
def application_verify(request, org_slug, slug, pk):
    """Check one application: complete, or incomplete with reasons, in a message to the producer
    by their channel (kurasi/outbox); the page says what happened to the message."""
    membership, programme = get_programme_for_staff(request.user, org_slug, slug)
    application = get_object_or_404(
        Application.objects.for_programme(programme)
        .filter(status__in=VERIFIABLE)
        .select_related("product__group", "product__business__owner", "programme__organisation"),
        pk=pk,
    )
    business = application.product.business
    form = VerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verified = services.verify_application(
                actor=request.user,
                application=application,
                complete=form.cleaned_data["decision"] == ApplicationStatus.VERIFIED,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The result was saved. %(delivery)s")
                % {"delivery": outbox.summary(verified.outbox_message)},
            )
            # On to the next application waiting (the list when none is), so a desk works
            # through the queue without going back to the list each time.
            return redirect(after_single_verification(programme, application))
    required = list(programme.required_certificate_types.all())
    certificates = list(
        business.certificates.filter(
            Q(product=None) | Q(product=application.product)
        ).select_related("type")
    )
    held = {c.type_id for c in certificates if c.status != "expired"}
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "programme": programme,
        "application": application,
        "business": business,
        "certificates": certificates,
        "missing": [t for t in required if t.pk not in held],
        "photos": application.product.photos.all(),
        "next_waiting": next_waiting(programme, application),
        "waiting": programme.applications.awaiting_verification().count(),
        "form": form,
        "reach": outbox.how_it_will_go(business),
    }
    return render(request, "programmes/application_verify.html", context)


# --- public pages --------------------------------------------------------------------------------


def call_list(request):
    """All published calls of all offices: those accepting registrations now first."""
    now = timezone.now()
    calls = (
        with_counts(Programme.objects.published())
        .select_related("organisation")
        .prefetch_related("product_groups")
        .annotate(
            accepting=Case(
                When(
                    status=ProgrammeStatus.OPEN,
                    registration_opens_at__lte=now,
                    registration_closes_at__gt=now,
                    then=Value(0),
                ),
                When(status=ProgrammeStatus.OPEN, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("accepting", "-registration_opens_at", "title")
    )
    return render(request, "programmes/call_list.html", {"calls": calls, "now": now})


def _published_call(org_slug, slug):
    programme = get_object_or_404(
        with_counts(Programme.objects.published()).select_related("organisation"),
        organisation__slug=org_slug,
        slug=slug,
    )
    places_left = None if programme.quota is None else max(programme.quota - programme.counted, 0)
    return {
        "programme": programme,
        "organisation": programme.organisation,
        "groups": programme.product_groups.all(),
        "documents": programme.required_certificate_types.all(),
        "places_left": places_left,
        "area_name": region_name(programme.area_code) or programme.area_code,
        "accepting": programme.is_accepting() and places_left != 0,
        # The registration page is built by the registration app; its URL name is not yet fixed.
        "register_url": reverse("registration:start", args=[org_slug, slug]),
    }


def call_detail(request, org_slug, slug):
    context = _published_call(org_slug, slug)
    # The office's own staff get assisted registration, or no button (curators).
    context["register_url"], context["assisted"] = register_button(
        request.user, context["programme"]
    )
    return render(request, "programmes/call_detail.html", context)


def call_print(request, org_slug, slug):
    """The announcement to print on one A4 page, with a QR code to the registration page on
    Kurasi's public address (SITE_URL): a poster on the office's wall leads to the call."""
    context = _published_call(org_slug, slug)
    register_link = absolute_url(context["register_url"])
    context |= {
        "printed_on": timezone.localdate(),
        "register_link": register_link,
        "register_qr": qr_svg(register_link),
    }
    return render(request, "programmes/call_print.html", context)
