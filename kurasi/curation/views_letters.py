"""Result letters: the staff's copy, the producer's results and appeals, and the public page that
verifies a letter by its code.

A letter is reached by its verification code AND its owner (or by office staff): never by a
guessable id alone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.programmes.models import Application
from kurasi.registration.progress import published_decision
from kurasi.registry.access import get_product_for_owner
from kurasi.registry.models import Business

from . import decisions
from .forms_decisions import AppealForm, VerifyForm
from .letters import render_letter_pdf
from .models import CurationPlan
from .models_decisions import Appeal, Decision, normalise_code
from .views_results import READ_ROLES, get_programme_for_staff

ISSUED = Decision.objects.filter(letter_issued_at__isnull=False).select_related(
    "band",
    "application__programme__organisation",
    "application__product__business",
    "application__product__group",
)


def _pdf_response(decision):
    response = HttpResponse(render_letter_pdf(decision), content_type="application/pdf")
    name = slugify(f"hasil-kurasi-{decision.application.product.name}") or "hasil-kurasi"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    # A letter names its producer: no shared cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def staff_letter(request, slug, programme_slug, application_id):
    _membership, programme = get_programme_for_staff(
        request.user, slug, programme_slug, *READ_ROLES
    )
    decision = get_object_or_404(
        ISSUED.filter(application__programme=programme), application_id=application_id
    )
    return _pdf_response(decision)


def get_decision_for_owner(user, code):
    """The issued decision with this code on one of the user's own products; 404 otherwise."""
    decision = get_object_or_404(ISSUED, verification_code=normalise_code(code) or "-")
    get_product_for_owner(user, decision.application.product_id)
    return decision


@login_required
def my_results(request):
    owned = Business.objects.owned_by(request.user)
    applications = (
        Application.objects.filter(product__business__in=owned)
        .exclude(status="draft")
        .select_related(
            "programme__organisation",
            "programme__curation_plan",
            "product__business",
            "decision__band",
        )
        .prefetch_related(
            Prefetch("decision__appeals", queryset=Appeal.objects.order_by("-filed_at"))
        )
        .order_by("-programme__year", "product__name")
    )
    rows = []
    for application in applications:
        published = published_decision(application)
        plan = getattr(application.programme, "curation_plan", None) or CurationPlan()
        rows.append(
            {
                "application": application,
                "decision": published,
                "appeal_open": bool(published) and decisions.appeal_is_open(published, plan),
                "appeal_closes_at": published and decisions.appeal_closes_at(published, plan),
            }
        )
    return render(
        request, "curation/letters/my_results.html", {"rows": rows, "appeal_form": AppealForm()}
    )


@login_required
def my_letter(request, code):
    return _pdf_response(get_decision_for_owner(request.user, code))


@login_required
@require_POST
def file_appeal(request, code):
    decision = get_decision_for_owner(request.user, code)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            decisions.file_appeal(
                actor=request.user, decision=decision, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your appeal has been sent to the office."))
    else:
        messages.error(request, _("Write what you disagree with and why."))
    return redirect("curation:my_results")


def verify(request):
    """The public form: type the code printed on a letter."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("curation:verify_code", form.cleaned_data["code"])
    return render(request, "curation/letters/verify.html", {"form": form})


def verify_code(request, code):
    """Confirms a letter: office, programme, product, business, outcome. No personal data."""
    normalised = normalise_code(code)
    decision = ISSUED.filter(verification_code=normalised).first() if normalised else None
    if decision is None:
        return render(
            request,
            "curation/letters/verify.html",
            {"form": VerifyForm(initial={"code": code}), "unknown_code": code},
            status=404,
        )
    return render(request, "curation/letters/verified.html", {"decision": decision})
