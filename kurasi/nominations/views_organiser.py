"""The organiser's view of a call: every office asked side by side and the nominees they shared,
with only what each office chose to share (kurasi/nominations/organiser.py says what). The
organiser's admins and field officers read; its curators are refused; any other office (one
asked included: a lower office never acts for the organiser) gets 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from kurasi.accounts.models import Role
from kurasi.exhibitions.models import AllocationStatus
from kurasi.registry.models import ProductPhoto
from kurasi.registry.views_files import _stream

from . import organiser
from .access import get_call_for_organiser
from .allocation import shared_nominations


@login_required
@require_safe
def organiser_nominations(request, slug, call_id):
    membership, call = get_call_for_organiser(request.user, slug, call_id)
    offices = organiser.office_summaries(call)
    groups = list(call.groups.order_by("name", "pk"))
    filters = organiser.Filters.from_query(request.GET, offices, groups)
    page, rows = organiser.nominee_page(call, filters, request.GET.get("page"))
    counts = organiser.status_counts(call)
    return render(
        request,
        "nominations/organiser_call.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "call": call,
            "exhibition": call.exhibition,
            "offices": offices,
            "groups": groups,
            "filters": filters,
            "filter_query": filters.query_string(),
            "page": page,
            "rows": rows,
            "status_summary": [
                (label, counts[value])
                for value, label in AllocationStatus.choices
                if value in counts
            ],
            "asked_total": sum(o.quota for o in offices),
            "shared_total": sum(o.shared_count for o in offices),
            "submitted_total": sum(1 for o in offices if o.submitted),
            "proposed": counts.get(AllocationStatus.PROPOSED, 0),
            "is_admin": membership.role == Role.ADMIN,
        },
    )


@login_required
@require_safe
def nominee_photo(request, slug, call_id, token):
    """A shared nominee's product photo, for the organiser: only when the nominating office
    shares photos (the registry's own photo view serves the producer and her office)."""
    _membership, call = get_call_for_organiser(request.user, slug, call_id)
    photo = get_object_or_404(ProductPhoto, token=token)
    shared = shared_nominations(call.exhibition).filter(
        call_office__call=call,
        call_office__share_photos=True,
        application__product_id=photo.product_id,
    )
    if not shared.exists():
        raise Http404
    return _stream(photo.image, content_type="image/jpeg", filename=f"photo-{token[:8]}.jpg")
