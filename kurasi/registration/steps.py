"""The four steps of registering into a call, shared by the producer and the field officer.

Each step is a plain form POST that saves what was typed through the registry and programme
services, then redirects (so a reload never posts twice). Invalid input is shown again with the
typing kept and nothing written. No step needs JavaScript.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from kurasi.programmes.models import ApplicationStatus
from kurasi.programmes.services import save_draft_application, submit_application
from kurasi.registry.duplicates import find_duplicates
from kurasi.registry.models import Business, ProductGroup
from kurasi.registry.services import (
    add_product_photo,
    remove_product_photo,
    save_business,
    save_certificate,
    save_product,
)
from kurasi.registry.uploads import small_photo_warning

from .checklist import producer_checklist
from .forms import WizardBusinessForm, WizardCertificateForm, WizardPhotoForm, WizardProductForm
from .services import (
    link_or_create_producer_account,
    resubmit_application,
    withdraw_draft_application,
)

TEMPORARY_PASSWORD_KEY = "registration_temporary_password"


def business_step(request, wizard):
    business = wizard.business or new_business(request, wizard)
    ask_consent = business.consent_notice_version != settings.KURASI_PRIVACY_NOTICE_VERSION
    form = WizardBusinessForm(
        request.POST or None,
        instance=business,
        organisation=wizard.organisation,
        ask_consent=ask_consent,
        assisted=wizard.assisted,
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        duplicates = business_duplicates(wizard, form.cleaned_data, business)
        if not duplicates or request.POST.get("confirm_duplicate"):
            business = save_business_step(request, wizard, form)
            messages.success(request, _("The business is saved."))
            return redirect(wizard.url("products", business.pk))
    return wizard.render(
        request,
        "registration/step_business.html",
        {"form": form, "duplicates": duplicates, "ask_consent": "consent" in form.fields},
        step="business",
    )


def new_business(request, wizard):
    """A blank business; the producer's own name and contact are filled in for them."""
    business = Business(organisation=wizard.organisation)
    if not wizard.assisted:
        user = request.user
        business.owner = user
        business.owner_name = user.full_name
        business.phone = user.phone or ""
        business.email = user.email or ""
    return business


def business_duplicates(wizard, cleaned, business):
    """Other businesses of the office that look like this one. A producer's own are not
    duplicates of each other's registration; they would simply have picked them."""
    matches = find_duplicates(
        wizard.organisation,
        nib=cleaned.get("nib", ""),
        nik=cleaned.get("nik", ""),
        phone=cleaned.get("phone") or "",
        name=cleaned.get("name", ""),
        village_code=cleaned.get("village_code", ""),
        exclude_pk=business.pk,
    )
    if not wizard.assisted:
        matches = [m for m in matches if m.business.owner_id != wizard.actor.pk]
    return matches


@transaction.atomic
def save_business_step(request, wizard, form):
    business = save_business(
        actor=request.user,
        business=form.save(commit=False),
        fields=[name for name in form.changed_data if name in form.Meta.fields],
        consent_given=bool(form.cleaned_data.get("consent")),
    )
    if form.cleaned_data.get("create_account"):
        _owner, password = link_or_create_producer_account(actor=request.user, business=business)
        if password:
            # Shown once on the next page, kept server-side only until then.
            request.session[TEMPORARY_PASSWORD_KEY] = {
                "business": business.pk,
                "password": password,
            }
        else:
            messages.info(request, _("The business is linked to the producer's existing account."))
    return business


def leave_to(wizard, action, *, back, forward):
    """The address of the step "back" or "next" goes to, or None for the step's own actions.

    "Back" and "Next" send the step's form too: what was typed in it is saved on the way (or the
    page stops with the errors and the typing kept), never dropped by leaving the page.
    """
    step = {"back": back, "next": forward}.get(action)
    return wizard.url(step, wizard.business.pk) if step else None


def typed_in(request, *forms):
    """Whether the person typed or chose anything in `forms` (a blank form may be left)."""
    return any(form.has_changed() for form in forms) or bool(request.FILES)


def products_step(request, wizard):
    groups = wizard.programme.product_groups.all()
    product_form = WizardProductForm(groups=groups)
    photo_form = WizardPhotoForm(required=False)
    unsaved = False
    if request.method == "POST":
        action = request.POST.get("action")
        leaving = leave_to(wizard, action, back="business", forward="documents")
        if action == "add" or leaving:
            product_form = WizardProductForm(request.POST, groups=groups)
            photo_form = WizardPhotoForm(request.POST, request.FILES, required=False)
            if leaving and not typed_in(request, product_form, photo_form):
                return redirect(leaving)
            if product_form.is_valid() & photo_form.is_valid():
                product = save_new_product(request, wizard, product_form, photo_form)
                enter_into_call(request, wizard, product)
                return redirect(leaving or wizard.url("products", wizard.business.pk))
            unsaved = bool(leaving)
        elif action == "enter":
            product = get_object_or_404(wizard.business.products, pk=request.POST.get("product"))
            enter_into_call(request, wizard, product)
            return redirect(wizard.url("products", wizard.business.pk))
        elif action == "remove":
            application = get_object_or_404(
                wizard.applications(), pk=request.POST.get("application")
            )
            if withdraw_draft_application(actor=request.user, application=application):
                messages.success(request, _("The product was taken out of this call."))
            return redirect(wizard.url("products", wizard.business.pk))
    applications = list(wizard.applications())
    for application in applications:
        application.edit_url = wizard.url("product", wizard.business.pk, application.product_id)
    entered = {a.product_id for a in applications}
    other_products = [
        p for p in wizard.business.products.select_related("group") if p.pk not in entered
    ]
    accepted = set(groups.values_list("pk", flat=True))
    return wizard.render(
        request,
        "registration/step_products.html",
        {
            "product_form": product_form,
            "photo_form": photo_form,
            "applications": applications,
            "other_products": [(p, p.group_id in accepted) for p in other_products],
            "temporary_password": pop_temporary_password(request, wizard),
            "unsaved": unsaved,
            # A browser cannot show a chosen file again: say so whenever one was sent back.
            "photo_lost": bool(photo_form.errors or (product_form.errors and request.FILES)),
        },
        step="products",
    )


@transaction.atomic
def save_new_product(request, wizard, product_form, photo_form):
    """The product and its first photo together, or neither."""
    product = product_form.save(commit=False)
    product.business = wizard.business
    save_product(actor=request.user, product=product, fields=list(product_form.changed_data))
    if photo_form.cleaned_data.get("photo"):
        photo = add_product_photo(
            actor=request.user, product=product, image=photo_form.cleaned_data["photo"]
        )
        warn_if_small(request, photo)
    return product


def warn_if_small(request, photo):
    """A small photo is kept (it may be all the producer has), with advice to add a larger one."""
    warning = small_photo_warning(photo)
    if warning:
        messages.warning(request, warning)


def enter_into_call(request, wizard, product):
    """A draft application for the product, unless the call has closed or refuses its group.
    The product itself stays saved either way: an error never loses what was typed."""
    if not wizard.programme.product_groups.filter(pk=product.group_id).exists():
        messages.error(
            request,
            _("This call does not accept the product group %(group)s.")
            % {"group": product.group.name},
        )
        return None
    if not wizard.accepts_drafts():
        messages.error(request, " ".join(wizard.window_problems()))
        messages.info(
            request,
            _("The product is saved in the business's records.")
            if wizard.assisted
            else _("The product is saved in your business's records."),
        )
        return None
    save_draft_application(actor=request.user, programme=wizard.programme, product=product)
    messages.success(
        request, _("%(product)s is saved as a draft for this call.") % {"product": product.name}
    )
    return product


def pop_temporary_password(request, wizard):
    stored = request.session.get(TEMPORARY_PASSWORD_KEY)
    if wizard.assisted and stored and stored.get("business") == wizard.business.pk:
        del request.session[TEMPORARY_PASSWORD_KEY]
        return stored["password"]
    return None


def product_step(request, wizard, product_id):
    product = get_object_or_404(wizard.business.products.select_related("group"), pk=product_id)
    groups = ProductGroup.objects.filter(
        Q(programmes=wizard.programme) | Q(pk=product.group_id)
    ).distinct()
    form = WizardProductForm(instance=product, groups=groups)
    photo_form = WizardPhotoForm()
    action = request.POST.get("action")
    if action == "save":
        form = WizardProductForm(request.POST, instance=product, groups=groups)
        if form.is_valid():
            save_product(
                actor=request.user, product=form.save(commit=False), fields=form.changed_data
            )
            messages.success(request, _("The product is saved."))
            return redirect(wizard.url("products", wizard.business.pk))
    elif action == "photo":
        photo_form = WizardPhotoForm(request.POST, request.FILES)
        if photo_form.is_valid():
            photo = add_product_photo(
                actor=request.user, product=product, image=photo_form.cleaned_data["photo"]
            )
            messages.success(request, _("The photo is added."))
            warn_if_small(request, photo)
            return redirect(wizard.url("product", wizard.business.pk, product.pk))
    elif action == "remove_photo":
        photo = get_object_or_404(product.photos, pk=request.POST.get("photo"))
        remove_product_photo(actor=request.user, photo=photo)
        messages.success(request, _("The photo is removed."))
        return redirect(wizard.url("product", wizard.business.pk, product.pk))
    return wizard.render(
        request,
        "registration/step_product.html",
        {
            "product": product,
            "form": form,
            "photo_form": photo_form,
            "photos": [(photo, small_photo_warning(photo)) for photo in product.photos.all()],
        },
        step="products",
    )


def documents_step(request, wizard):
    business = wizard.business
    form = WizardCertificateForm(request.POST or None, request.FILES or None, business=business)
    leaving = leave_to(wizard, request.POST.get("action"), back="products", forward="review")
    unsaved = False
    if request.method == "POST":
        if leaving and not typed_in(request, form):
            return redirect(leaving)
        if form.is_valid():
            save_certificate(
                actor=request.user,
                certificate=form.save(commit=False),
                document=form.cleaned_data.get("document_file"),
            )
            messages.success(request, _("The permit or certificate is saved."))
            return redirect(leaving or wizard.url("documents", business.pk))
        unsaved = bool(leaving)
    return wizard.render(
        request,
        "registration/step_documents.html",
        {"form": form, "unsaved": unsaved, **documents_context(wizard)},
        step="documents",
    )


def documents_context(wizard):
    certificates = list(wizard.business.certificates.select_related("type", "product"))
    return {
        "certificates": certificates,
        "checklist": producer_checklist(
            wizard.business, wizard.programme, certificates=certificates
        ),
    }


def review_step(request, wizard):
    applications = list(wizard.applications())
    if request.method == "POST":
        problems = submit_all(request, wizard, applications)
        if problems:
            for problem in problems:
                messages.error(request, problem)
            return redirect(wizard.url("review", wizard.business.pk))
        if not any(a.status in SENDABLE for a in applications):
            messages.error(request, _("Add at least one product to this call first."))
            return redirect(wizard.url("products", wizard.business.pk))
        messages.success(request, _("Registration sent. The office will check it."))
        if wizard.assisted:
            return redirect(wizard.start_url)
        return redirect(reverse("registration:status"))
    sendable = [a for a in applications if a.status in SENDABLE]
    return wizard.render(
        request,
        "registration/step_review.html",
        {
            "applications": applications,
            "sendable": sendable,
            "without_photo": [a for a in sendable if not a.photo_count],
            **documents_context(wizard),
        },
        step="review",
    )


SENDABLE = (ApplicationStatus.DRAFT, ApplicationStatus.INCOMPLETE)


def submit_all(request, wizard, applications):
    """Submit every draft (and send back every completed incomplete one). Returns the reasons
    for refusals, each once with the products it concerns; refused drafts stay drafts with
    everything typed in them."""
    refused = {}
    for application in applications:
        try:
            if application.status == ApplicationStatus.DRAFT:
                submit_application(actor=request.user, application=application)
            elif application.status == ApplicationStatus.INCOMPLETE:
                resubmit_application(actor=request.user, application=application)
        except ValidationError as error:
            for message in error.messages:
                refused.setdefault(message, []).append(application.product.name)
    return [f"{message} ({', '.join(products)})" for message, products in refused.items()]
