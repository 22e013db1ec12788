"""Facilitation programmes: list, create (from a gap list), edit, candidates, participants' status.

Office admins manage programmes and participants; field officers see them and update a
participant's status; curators are refused; another office's staff get 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role
from kurasi.lib import exports
from kurasi.lib.concurrency import StaleEdit, show_stale, stale_row_message
from kurasi.lib.notify import whatsapp_link
from kurasi.outbox import services as outbox
from kurasi.programmes.models import Programme
from kurasi.registry.models import Business

from . import services
from .candidates import candidates_for
from .forms import CompleteForm, ProgrammeForm, StatusForm
from .gaps import certificate_type_by_code
from .models import FacilitationKind, FacilitationProgramme, Participation, ParticipationStatus
from .views import STAFF_ROLES

PROGRAMMES = FacilitationProgramme.objects.select_related("target_type", "organisation")


def get_programme(user, slug, pk, *roles):
    membership = get_membership_for_user(user, slug, *roles)
    programme = get_object_or_404(PROGRAMMES.filter(organisation=membership.organisation), pk=pk)
    return membership, programme


def get_participation(user, slug, pk):
    membership = get_membership_for_user(user, slug, *STAFF_ROLES)
    participation = get_object_or_404(
        Participation.objects.select_related(
            "programme__target_type", "programme__organisation", "business"
        ),
        programme__organisation=membership.organisation,
        pk=pk,
    )
    return membership, participation


def programmes_with_counts(organisation):
    """The office's facilitation programmes with participants and done counts (list, export)."""
    return (
        PROGRAMMES.filter(organisation=organisation)
        .annotate(
            participants=Count("participations"),
            done=Count("participations", filter=Q(participations__status=ParticipationStatus.DONE)),
        )
        # Explicit: Django drops Meta.ordering from a query that groups (the counts).
        .order_by(*FacilitationProgramme._meta.ordering)
    )


def participations_of(programme):
    return programme.participations.select_related(
        "business", "certificate__type", "answer_recorded_by"
    )


@login_required
def programme_list(request, slug):
    membership = get_membership_for_user(request.user, slug, *STAFF_ROLES)
    programmes = programmes_with_counts(membership.organisation)
    # The latest curation programme, for the link to its year-on-year comparison.
    latest = Programme.objects.filter(organisation=membership.organisation).first()
    return render(
        request,
        "facilitation/programme_list.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "programmes": programmes,
            "latest": latest,
            "export_links": exports.export_links(
                request, "facilitation:programme_list_export", slug
            ),
        },
    )


def initial_for(target_code):
    """A new programme made from a gap list starts filled in for that list."""
    certificate_type = certificate_type_by_code(target_code) if target_code else None
    if certificate_type is None:
        return {}
    today = timezone.localdate()
    return {
        "target_type": certificate_type,
        "kind": FacilitationKind.CERTIFICATION,
        "title": _("Facilitation: %(type)s %(year)s")
        % {"type": certificate_type.name, "year": today.year},
        "starts_on": today,
        "ends_on": today.replace(month=12, day=31),
        "provider": certificate_type.issuer,
        "cost_to_producer": 0,
    }


@login_required
def programme_create(request, slug):
    membership = get_membership_for_user(request.user, slug, Role.ADMIN)
    organisation = membership.organisation
    form = ProgrammeForm(
        organisation,
        request.POST or None,
        instance=FacilitationProgramme(organisation=organisation),
        initial=initial_for(request.GET.get("target", "")),
    )
    if request.method == "POST" and form.is_valid():
        programme = services.save_programme(
            actor=request.user, programme=form.save(commit=False), fields=list(form.changed_data)
        )
        messages.success(request, _("The programme was created. Choose its participants below."))
        return redirect(programme)
    return render(
        request,
        "facilitation/programme_form.html",
        {"membership": membership, "organisation": organisation, "form": form},
    )


@login_required
def programme_edit(request, slug, pk):
    """Admins correct a programme: dates, provider, quota (never below those taking part)."""
    membership, programme = get_programme(request.user, slug, pk, Role.ADMIN)
    form = ProgrammeForm(membership.organisation, request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            if form.has_changed():
                services.save_programme(
                    actor=request.user, programme=form.save(commit=False), fields=form.changed_data
                )
                messages.success(request, _("The programme was saved."))
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            return redirect(programme)
    return render(
        request,
        "facilitation/programme_form.html",
        {"membership": membership, "organisation": membership.organisation, "form": form},
    )


@login_required
def programme_detail(request, slug, pk):
    membership, programme = get_programme(request.user, slug, pk, *STAFF_ROLES)
    participations = list(participations_of(programme).prefetch_related("business__products"))
    for participation in participations:
        participation.whatsapp = whatsapp_link(
            participation.business.phone if participation.business.phone_is_whatsapp else "",
            services.invitation_text(programme, participation.business),
        )
        participation.complete_form = CompleteForm(
            participation.business, prefix=f"p{participation.pk}"
        )
    candidates = []
    if membership.role == Role.ADMIN:
        candidates = candidates_for(programme, [p.business_id for p in participations])
    return render(
        request,
        "facilitation/programme_detail.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "programme": programme,
            "participations": participations,
            "candidates": candidates,
            "status_choices": ParticipationStatus.choices,
            "export_links": exports.export_links(
                request, "facilitation:participants_export", slug, pk
            ),
        },
    )


@login_required
@require_POST
def participants_add(request, slug, pk):
    membership, programme = get_programme(request.user, slug, pk, Role.ADMIN)
    ids = [int(i) for i in request.POST.getlist("business") if i.isdigit()]
    businesses = list(Business.objects.for_organisation(membership.organisation).filter(pk__in=ids))
    status = (
        ParticipationStatus.ENROLLED
        if request.POST.get("action") == "enrol"
        else ParticipationStatus.INVITED
    )
    if not businesses:
        messages.error(request, _("Choose at least one producer."))
        return redirect(programme)
    try:
        rows = services.add_participants(
            actor=request.user, programme=programme, businesses=businesses, status=status
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(programme)
    messages.success(
        request,
        _("%(count)s producers added. %(delivery)s")
        % {
            "count": len(rows),
            "delivery": outbox.summary_of_many([row.outbox_message for row in rows]),
        },
    )
    return redirect(programme)


@login_required
@require_POST
def participation_status(request, slug, pk):
    _membership, participation = get_participation(request.user, slug, pk)
    form = StatusForm(request.POST, participation=participation)
    if form.is_valid():
        try:
            services.change_status(
                actor=request.user,
                participation=participation,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                revision=form.cleaned_data["revision"],
            )
        except StaleEdit as stale:
            messages.error(request, stale_row_message(stale))
        else:
            messages.success(
                request,
                _("Status of %(business)s updated.") % {"business": participation.business},
            )
    else:
        messages.error(request, " ".join(form.errors.get("status", [_("Choose a status.")])))
    return redirect(participation.programme)


@login_required
def participation_done(request, slug, pk):
    """Done with the certificate obtained: a form of its own, so a wrong number is shown with
    the typing kept."""
    membership, participation = get_participation(request.user, slug, pk)
    form = CompleteForm(participation.business, request.POST or None, prefix=f"p{participation.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_with_certificate(
                actor=request.user,
                participation=participation,
                **form.cleaned_data,  # number, issued_on, expires_on, product
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(business)s is done; the certificate was recorded.")
                % {"business": participation.business},
            )
            return redirect(participation.programme)
    return render(
        request,
        "facilitation/participation_done.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "participation": participation,
            "programme": participation.programme,
            "form": form,
        },
    )
