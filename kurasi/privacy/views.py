"""The producer's own page about their personal data: copy, correct, withdraw, erase."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.audit.services import record_event
from kurasi.lib.times import when
from kurasi.registry.access import get_business_for_owner
from kurasi.registry.models import Business

from . import services
from .export import Package, stream_zip
from .forms import AccountCorrectionForm, OwnerCorrectionForm, RequestForm
from .models import PrivacyRequest


def producer_only(user):
    """Staff accounts hold no producer data of their own here: their data is the office's."""
    if user.memberships.exists():
        raise PermissionDenied


def zip_response(package, filename):
    response = StreamingHttpResponse(stream_zip(package), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_data(request):
    producer_only(request.user)
    organisations = services.organisations_of(request.user)
    return render(
        request,
        "privacy/my_data.html",
        {
            "businesses": Business.objects.owned_by(request.user).select_related("organisation"),
            "requests": PrivacyRequest.objects.filter(user=request.user).select_related(
                "organisation"
            ),
            "erasure_form": RequestForm(organisations=organisations, prefix="erasure"),
            "withdrawal_form": RequestForm(organisations=organisations, prefix="withdrawal"),
            "has_offices": organisations.exists(),
        },
    )


@login_required
def my_data_download(request):
    producer_only(request.user)
    package = Package(request.user)
    record_event(actor=request.user, action="privacy.data_downloaded", obj=request.user)
    stamp = timezone.localdate().isoformat()
    return zip_response(package, f"kurasi-my-data-{stamp}.zip")


@login_required
def correct_account(request):
    producer_only(request.user)
    user = request.user
    initial = {"full_name": user.full_name, "phone": user.phone}
    form = AccountCorrectionForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.correct_account(actor=user, user=user, values=form.cleaned_data)
        messages.success(request, _("Your account details are saved."))
        return redirect("privacy:my_data")
    context = {"form": form, "title": _("My account"), "account": user}
    return render(request, "privacy/correct.html", context)


@login_required
def correct_business(request, business_id):
    producer_only(request.user)
    business = get_business_for_owner(request.user, business_id)
    form = OwnerCorrectionForm(request.POST or None, instance=business)
    if request.method == "POST" and form.is_valid():
        values = {field: form.cleaned_data[field] for field in form.changed_data}
        if values:
            original = Business.objects.get(pk=business.pk)
            services.correct_business_owner(actor=request.user, business=original, values=values)
        messages.success(request, _("The owner's details are saved."))
        return redirect("privacy:my_data")
    return render(
        request,
        "privacy/correct.html",
        {"form": form, "title": business.name, "business": business},
    )


def _request_view(request, kind_prefix, service, success):
    producer_only(request.user)
    form = RequestForm(
        request.POST, organisations=services.organisations_of(request.user), prefix=kind_prefix
    )
    if not form.is_valid():
        messages.error(request, _("Choose the office that holds your data."))
        return redirect("privacy:my_data")
    try:
        made = service(
            actor=request.user,
            organisation=form.cleaned_data["organisation"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        deadline = when(made.deadline)
        messages.success(request, success % {"deadline": deadline})
    return redirect("privacy:my_data")


@login_required
@require_POST
def request_erasure(request):
    return _request_view(
        request,
        "erasure",
        services.request_erasure,
        _("Your request to erase your data was received. The office answers by %(deadline)s."),
    )


@login_required
@require_POST
def withdraw_consent(request):
    return _request_view(
        request,
        "withdrawal",
        services.withdraw_consent,
        _(
            "Your consent is withdrawn. The office stops using your data and confirms by "
            "%(deadline)s."
        ),
    )
