"""The registration wizard's shared frame: which call, whose business, who is typing.

The producer's own registration and the field officer's assisted registration run the very same
steps (steps.py); only access, addresses and the consent wording differ. The two decorators below
resolve everything a step needs through the access helpers and hand the step a `Wizard`.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Membership, Role
from kurasi.programmes.models import Application, Programme, ProgrammeStatus
from kurasi.programmes.services import registration_problems
from kurasi.registry.access import can_see_nik, get_business_for_owner
from kurasi.registry.models import Business

STEPS = [
    ("business", _("Business")),
    ("products", _("Products")),
    ("documents", _("Permits")),
    ("review", _("Review")),
]
ASSISTED_ROLES = (Role.ADMIN, Role.FIELD_OFFICER)


@dataclass
class Wizard:
    programme: Programme
    actor: object
    assisted: bool
    membership: Membership | None = None
    business: Business | None = None

    @property
    def organisation(self):
        return self.programme.organisation

    def url(self, step, *ids):
        name = f"registration:{'assisted_' if self.assisted else ''}{step}"
        return reverse(name, args=[self.organisation.slug, self.programme.slug, *ids])

    @property
    def urls(self):
        """The addresses of the steps of this business, for templates."""
        if self.business is None:
            return {"business": self.url("business_new")}
        return {step: self.url(step, self.business.pk) for step, _label in STEPS}

    def step_links(self):
        """(label, url or None) of each step; the later steps need a saved business first."""
        urls = self.urls
        return [(step, label, urls.get(step)) for step, label in STEPS]

    @property
    def start_url(self):
        if self.assisted:
            return reverse(
                "registration:assisted_find", args=[self.organisation.slug, self.programme.slug]
            )
        return reverse("registration:start", args=[self.organisation.slug, self.programme.slug])

    @property
    def show_nik(self):
        # The owner sees their own NIK; staff only when their role may (never curators).
        return not self.assisted or can_see_nik(self.membership)

    def window_problems(self):
        """Why the call takes no registration now (closed, not yet open); empty when open."""
        return registration_problems(self.programme, None)

    def accepts_drafts(self, now=None):
        """Drafts may be prepared before the call opens, but not once it has closed."""
        now = now or timezone.now()
        return (
            self.programme.status == ProgrammeStatus.OPEN
            and now < self.programme.registration_closes_at
        )

    def applications(self):
        """This business's applications to this call, with what the steps show about each."""
        return (
            Application.objects.filter(programme=self.programme, product__business=self.business)
            .select_related("product__group")
            .prefetch_related("product__photos")
            .annotate(photo_count=Count("product__photos"))
            .order_by("product__name", "pk")
        )

    def render(self, request, template, context, *, step, status=200):
        context = {
            "wizard": self,
            "programme": self.programme,
            "organisation": self.organisation,
            "business": self.business,
            "steps": self.step_links(),
            "current_step": step,
            "window_problems": self.window_problems(),
            **context,
        }
        return render(request, template, context, status=status)


def published_programme(org_slug, programme_slug, organisation=None):
    programmes = Programme.objects.published().select_related("organisation")
    if organisation is not None:
        programmes = programmes.filter(organisation=organisation)
    return get_object_or_404(programmes, organisation__slug=org_slug, slug=programme_slug)


def register_button(user, programme):
    """(url, assisted) of a call's "Register" button for this person: the wizard for producers
    and visitors; assisted registration for the office's admins and field officers (the wizard
    refuses its staff); (None, False) for its curators, who register nobody."""
    role = next(
        (
            membership.role
            for membership in getattr(user, "office_memberships", ())
            if membership.organisation_id == programme.organisation_id
        ),
        None,
    )
    args = [programme.organisation.slug, programme.slug]
    if role is None:
        return reverse("registration:start", args=args), False
    if role in ASSISTED_ROLES:
        return reverse("registration:assisted_find", args=args), True
    return None, False


def staff_refusal(request, programme):
    """Staff of the office must not register as if they were the producer: they use assisted
    registration, which records who did it. Returns the refusal page, or None for a producer."""
    membership = Membership.objects.filter(
        user=request.user, organisation=programme.organisation
    ).first()
    if membership is None:
        return None
    return render(
        request,
        "registration/staff_refused.html",
        {
            "programme": programme,
            "can_assist": membership.role in ASSISTED_ROLES,
            "assisted_url": reverse(
                "registration:assisted_find", args=[programme.organisation.slug, programme.slug]
            ),
        },
        status=403,
    )


def producer_step(view):
    """A wizard step as the producer: their own business in the call's organisation, or 404."""

    @login_required
    @wraps(view)
    def wrapper(request, org_slug, programme_slug, business_id=None, **kwargs):
        programme = published_programme(org_slug, programme_slug)
        refusal = staff_refusal(request, programme)
        if refusal is not None:
            return refusal
        wizard = Wizard(programme=programme, actor=request.user, assisted=False)
        if business_id is not None:
            business = get_business_for_owner(request.user, business_id)
            if business.organisation_id != programme.organisation_id:
                raise Http404
            wizard.business = business
        return view(request, wizard, **kwargs)

    return wrapper


def assisted_step(view):
    """A wizard step as a field officer or office admin of the call's organisation.

    Curators get 403 and other offices' staff 404 (through get_membership_for_user).
    """

    @login_required
    @wraps(view)
    def wrapper(request, org_slug, programme_slug, business_id=None, **kwargs):
        membership = get_membership_for_user(request.user, org_slug, *ASSISTED_ROLES)
        programme = published_programme(org_slug, programme_slug, membership.organisation)
        wizard = Wizard(
            programme=programme, actor=request.user, assisted=True, membership=membership
        )
        if business_id is not None:
            wizard.business = get_object_or_404(
                Business.objects.for_organisation(membership.organisation).select_related(
                    "organisation"
                ),
                pk=business_id,
            )
        return view(request, wizard, **kwargs)

    return wrapper
