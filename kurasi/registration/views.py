"""The producer's side: sign-up, the privacy notice, the start of a registration and the status
of their applications. The wizard's steps are in steps.py, mounted here for the producer and in
assisted.py for field officers.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from kurasi.accounts.services_codes import claimable_business_exists
from kurasi.lib.ratelimits import limit, user_key
from kurasi.programmes.models import Application
from kurasi.registry.models import Business

from . import steps
from .forms import SignUpForm
from .progress import producer_applications
from .services import create_producer_account
from .wizard import Wizard, producer_step, published_programme, staff_refusal

LOGIN_BACKEND = "kurasi.accounts.backends.EmailOrPhoneBackend"


def safe_next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else ""


@limit("sign_up_ip", "ip")
def sign_up(request):
    """A producer's own account; sign-ups per address are limited (mass account creation)."""
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or reverse("registration:status"))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = create_producer_account(
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            password=data["password1"],
        )
        login(request, user, backend=LOGIN_BACKEND)
        messages.success(request, _("Your account is ready. You are logged in."))
        if claimable_business_exists(user):
            # Nothing is linked, and which business it is stays unsaid: anyone may type a phone.
            messages.info(
                request,
                _(
                    "An office has registered a business with this phone number. If the office "
                    "gave you a claim code, type it here to link your account to its records."
                ),
            )
            return redirect(claim_url(next_url))
        return redirect(next_url or reverse("registration:status"))
    return render(request, "registration/sign_up.html", {"form": form, "next": next_url})


def claim_url(next_url):
    """The claim page, then on to where the producer was going (unless that is the claim page)."""
    claim = reverse("accounts:claim")
    if not next_url or next_url.split("?")[0] == claim:
        return claim
    return f"{claim}?{urlencode({'next': next_url})}"


def privacy_notice(request):
    return render(
        request,
        "registration/privacy_notice.html",
        {"version": settings.KURASI_PRIVACY_NOTICE_VERSION},
    )


def start(request, org_slug, programme_slug):
    """The way into a call: log in or sign up, then pick a business (they live across years) or
    register a new one. A call that takes no registration says why, with its dates."""
    programme = published_programme(org_slug, programme_slug)
    wizard = Wizard(programme=programme, actor=request.user, assisted=False)
    businesses = []
    if request.user.is_authenticated:
        refusal = staff_refusal(request, programme)
        if refusal is not None:
            return refusal
        businesses = Business.objects.owned_by(request.user).filter(
            organisation=programme.organisation
        )
    return wizard.render(
        request,
        "registration/start.html",
        {"businesses": businesses, "accepts_drafts": wizard.accepts_drafts()},
        step="start",
    )


@login_required
def status(request):
    """The producer's applications in every call, with the office's note where incomplete."""
    return render(
        request, "registration/status.html", {"applications": applications_of(request.user)}
    )


def applications_of(user):
    """Each with its status as the producer sees it (progress.py): what comes next and when,
    their curation-day slots (to answer whether they will come) and their published result."""
    return producer_applications(
        Application.objects.filter(
            product__business__owner=user, product__business__merged_into__isnull=True
        ).order_by("-created_at", "-pk")
    )


# The steps that create records or take files are limited per account: a script posting the
# wizard in a loop would fill the registry (and the disk) long before an office noticed.
_posts = limit("wizard_post", user_key)
business_new = _posts(producer_step(steps.business_step))
business = producer_step(steps.business_step)
products = _posts(producer_step(steps.products_step))
product = _posts(producer_step(steps.product_step))
documents = _posts(producer_step(steps.documents_step))
review = producer_step(steps.review_step)
