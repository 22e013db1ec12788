"""Curation day pages: sessions and tables, the schedule (with WhatsApp links and a printable
version), the check-in desk with sample labels, and the live board."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kurasi.lib import exports
from kurasi.lib.concurrency import StaleEdit, show_stale
from kurasi.lib.notify import whatsapp_link
from kurasi.lib.phone import try_normalise_phone
from kurasi.lib.times import time_of

from . import services_day as day
from .access_day import ADMIN, BOARD, DESK, get_programme_for_staff, get_session_for_staff
from .answers_day import with_answers
from .board import current_break, session_slots, table_queues, walk_in_queue
from .forms_day import (
    BreakForm,
    DeskSearchForm,
    PlaceForm,
    SessionForm,
    TableForm,
    programme_applications,
)
from .models_day import CheckIn, Slot
from .setup_checks import MissingRubrics, groups_without_rubric

DESK_RESULTS = 20


def _context(membership, session=None, **extra):
    programme = session.programme if session else extra.get("programme")
    return {
        "membership": membership,
        "organisation": membership.organisation,
        "programme": programme,
        "session": session,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request, slug, programme_id):
    membership, programme = get_programme_for_staff(request.user, slug, programme_id, ADMIN)
    form = SessionForm(request.POST or None, initial={"date": programme.curation_date})
    if request.method == "POST" and form.is_valid():
        session = day.save_session(
            actor=request.user, programme=programme, values=form.cleaned_data
        )
        messages.success(request, _("Session created. Now add its tables."))
        return redirect("curation:session", slug, programme.pk, session.pk)
    listed = programme.curation_sessions.prefetch_related("tables")
    return render(
        request,
        "curation/day/sessions.html",
        _context(membership, programme=programme, sessions=listed, form=form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, slug, programme_id, session_id):
    membership, session = get_session_for_staff(request.user, slug, programme_id, session_id, ADMIN)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        session.refresh_from_db()  # the form changed the instance; the service compares
        try:
            day.save_session(
                actor=request.user,
                programme=session.programme,
                values=form.cleaned_data,
                session=session,
            )
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            messages.success(request, _("Session saved."))
            return redirect("curation:session", slug, programme_id, session.pk)
    return render(
        request, "curation/day/session_form.html", _context(membership, session, form=form)
    )


def whatsapp_message(slot, session, organisation):
    local = timezone.localtime(slot.starts_at)
    business = slot.application.product.business
    return _(
        "Hello %(owner)s, this is %(office)s. Your product %(product)s is scheduled for "
        "curation on %(date)s at %(time)s %(zone)s, at %(place)s, %(table)s. Please bring a "
        "sample of the product. Thank you."
    ) % {
        "owner": business.owner_name,
        "office": organisation.name,
        "product": slot.application.product.name,
        "date": date_format(session.date, "l, j F Y"),
        "time": time_of(local),
        "zone": local.tzname(),
        "place": session.place,
        "table": slot.table.name,
    }


@login_required
@require_GET
def session_detail(request, slug, programme_id, session_id):
    membership, session = get_session_for_staff(request.user, slug, programme_id, session_id, ADMIN)
    queues = table_queues(session, timezone.now())
    for queue in queues:
        for slot in queue.slots:
            business = slot.application.product.business
            phone = business.phone if business.phone_is_whatsapp else ""
            slot.whatsapp = (
                whatsapp_link(phone, whatsapp_message(slot, session, membership.organisation))
                if phone
                else None
            )
    unscheduled = with_answers(session, queues, day.applications_to_schedule(session))
    return render(
        request,
        "curation/day/session.html",
        _context(
            membership,
            session,
            queues=queues,
            unscheduled=unscheduled,
            place_form=PlaceForm(session=session),
            missing_rubrics=groups_without_rubric(session.programme),
            break_form=BreakForm(),
            export_links=exports.export_links(
                request, "curation:schedule_export", slug, programme_id, session_id
            ),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def table_edit(request, slug, programme_id, session_id, table_id=None):
    membership, session = get_session_for_staff(request.user, slug, programme_id, session_id, ADMIN)
    table = get_object_or_404(session.tables, pk=table_id) if table_id else None
    initial = (
        {"name": table.name, "curators": table.curators.all()}
        if table
        else {"name": _("Table %(number)s") % {"number": session.tables.count() + 1}}
    )
    form = TableForm(
        request.POST or None,
        initial=initial,
        organisation=membership.organisation,
        revision=table.revision if table else 0,
    )
    if request.method == "POST" and form.is_valid():
        try:
            day.save_table(actor=request.user, session=session, table=table, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except StaleEdit as stale:
            current = stale.current
            stored = {"name": current.name, "curators": list(current.curators.all())}
            show_stale(form, stale, stored)
        else:
            messages.success(request, _("Table saved."))
            return redirect("curation:session", slug, programme_id, session.pk)
    return render(
        request,
        "curation/day/table_form.html",
        _context(membership, session, form=form, table=table),
    )


@login_required
@require_POST
def table_delete(request, slug, programme_id, session_id, table_id):
    _membership, session = get_session_for_staff(
        request.user, slug, programme_id, session_id, ADMIN
    )
    day.delete_table(actor=request.user, table=get_object_or_404(session.tables, pk=table_id))
    messages.success(request, _("Table removed; its products can be scheduled again."))
    return redirect("curation:session", slug, programme_id, session.pk)


@login_required
@require_POST
def schedule_auto(request, slug, programme_id, session_id):
    _membership, session = get_session_for_staff(
        request.user, slug, programme_id, session_id, ADMIN
    )
    try:
        result = day.schedule_automatically(actor=request.user, session=session)
    except MissingRubrics as missing:
        messages.error(request, " ".join(missing.messages))
        return redirect("curation:session", slug, programme_id, session.pk)
    messages.success(request, _("%(count)s products scheduled.") % {"count": len(result.placed)})
    for application, reason in result.unplaced:
        messages.warning(
            request, f"{application.product.name} ({application.product.business.name}): {reason}"
        )
    return redirect("curation:session", slug, programme_id, session.pk)


@login_required
@require_POST
def slot_place(request, slug, programme_id, session_id):
    _membership, session = get_session_for_staff(
        request.user, slug, programme_id, session_id, ADMIN
    )
    form = PlaceForm(request.POST, session=session)
    if form.is_valid():
        try:
            day.place_application(
                actor=request.user,
                session=session,
                application=form.cleaned_data["application"],
                table=form.cleaned_data["table"],
                starts_at=form.starts_at(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Schedule changed."))
    else:
        messages.error(request, _("Choose a product, a table and a time."))
    return redirect("curation:session", slug, programme_id, session.pk)


@login_required
@require_POST
def slot_remove(request, slug, programme_id, session_id, slot_id):
    _membership, session = get_session_for_staff(
        request.user, slug, programme_id, session_id, ADMIN
    )
    try:
        day.unschedule(
            actor=request.user, slot=get_object_or_404(Slot, session=session, pk=slot_id)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Product taken off the schedule."))
    return redirect("curation:session", slug, programme_id, session.pk)


@login_required
@require_GET
def schedule_print(request, slug, programme_id, session_id):
    membership, session = get_session_for_staff(request.user, slug, programme_id, session_id, DESK)
    queues = table_queues(session, timezone.now())
    return render(request, "curation/day/print.html", _context(membership, session, queues=queues))


# --- check-in desk ------------------------------------------------------------------------------


def desk_matches(session, query="", shown=None):
    """Applications of the programme matching a name or a phone typed any way."""
    applications = (
        programme_applications(session.programme)
        .select_related("product__group", "check_in")
        .prefetch_related(
            Prefetch(
                "slots",
                queryset=Slot.objects.filter(session=session).select_related("table"),
                to_attr="session_slots",
            )
        )
    )
    if shown is not None:
        return applications.filter(pk=shown)
    phone = try_normalise_phone(query)
    if phone:
        found = Q(product__business__phone=phone) | Q(product__business__owner__phone=phone)
    else:
        found = Q(product__business__name__icontains=query) | Q(product__name__icontains=query)
    return applications.filter(found)[:DESK_RESULTS]


@login_required
@require_http_methods(["GET", "POST"])
def desk(request, slug, programme_id, session_id):
    """Searching is a POST: a phone number typed here must never end up in a URL or a log."""
    membership, session = get_session_for_staff(request.user, slug, programme_id, session_id, DESK)
    form = DeskSearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = list(desk_matches(session, form.cleaned_data["q"]))
    elif request.GET.get("shown", "").isdigit():
        results = list(desk_matches(session, shown=int(request.GET["shown"])))
    for application in results or []:
        application.slot = (application.session_slots or [None])[0]
        application.record = getattr(application, "check_in", None)
    arrived = (
        CheckIn.objects.for_programme(session.programme).filter(arrived_at__isnull=False).count()
    )
    return render(
        request,
        "curation/day/desk.html",
        _context(
            membership,
            session,
            form=form,
            results=results,
            arrived=arrived,
            scheduled=session.slots.count(),
        ),
    )


DESK_ACTIONS = {
    "arrived": lambda actor, session, application: day.check_in(
        actor=actor, application=application
    ),
    "sample": lambda actor, session, application: day.record_sample(
        actor=actor, application=application
    ),
    "no_show": lambda actor, session, application: day.mark_no_show(
        actor=actor, application=application
    ),
    "walk_in": lambda actor, session, application: day.walk_in(
        actor=actor, session=session, application=application
    ),
}


@login_required
@require_POST
def desk_action(request, slug, programme_id, session_id, application_id, action):
    _membership, session = get_session_for_staff(request.user, slug, programme_id, session_id, DESK)
    application = get_object_or_404(programme_applications(session.programme), pk=application_id)
    if action not in DESK_ACTIONS:
        return redirect("curation:desk", slug, programme_id, session.pk)
    try:
        DESK_ACTIONS[action](request.user, session, application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved: %(product)s.") % {"product": application.product.name})
    url = redirect("curation:desk", slug, programme_id, session.pk).url
    return redirect(f"{url}?shown={application.pk}")


@login_required
@require_GET
def sample_label(request, slug, programme_id, session_id, application_id):
    membership, session = get_session_for_staff(request.user, slug, programme_id, session_id, DESK)
    record = get_object_or_404(
        CheckIn.objects.for_programme(session.programme)
        .exclude(sample_code="")
        .select_related("application__product__business"),
        application_id=application_id,
    )
    slot = (
        Slot.objects.filter(session=session, application_id=application_id)
        .select_related("table")
        .first()
    )
    return render(
        request, "curation/day/label.html", _context(membership, session, record=record, slot=slot)
    )


# --- live board ---------------------------------------------------------------------------------


def _board(request, slug, programme_id, session_id, template):
    membership, session = get_session_for_staff(request.user, slug, programme_id, session_id, BOARD)
    # The breaks are read once for the break under way and the list of the day's breaks.
    prefetch_related_objects([session], "breaks")
    now = timezone.now()
    context = _context(
        membership,
        session,
        now=now,
        queues=table_queues(session, now, slots=session_slots(session)),
        walk_ins=list(walk_in_queue(session)),
        current_break=current_break(session, now),
    )
    return render(request, template, context)


@login_required
@require_GET
def board(request, slug, programme_id, session_id):
    return _board(request, slug, programme_id, session_id, "curation/day/board.html")


@login_required
@require_GET
def board_live(request, slug, programme_id, session_id):
    """The board's partial, fetched by htmx every 10 seconds."""
    return _board(request, slug, programme_id, session_id, "curation/day/board.html#board")
