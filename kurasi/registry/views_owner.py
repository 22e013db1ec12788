"""The producer's account, from the staff's business page: a claim code (with its letter) for a
business nobody owns, linking the account after an identity check, and a recovery code for an
owner who has no email. A code is shown in the answer to the POST that made it and never again
(only its digest is stored); the answer is never cached.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kurasi.accounts import services_codes as codes
from kurasi.accounts.forms_codes import IdentityCheckForm
from kurasi.accounts.models_codes import grouped
from kurasi.lib.notify import whatsapp_link
from kurasi.lib.qr import qr_svg
from kurasi.lib.times import when
from kurasi.lib.urls import absolute_reverse, absolute_url

from .access import get_business_for_staff


def owner_panel(business) -> dict:
    """What the business page's "Producer's account" section needs (a few small queries)."""
    owner = business.owner
    panel = {"owner": owner, "form": IdentityCheckForm()}
    if owner is None:
        account = codes.account_with_phone(business)
        panel["claim_code"] = codes.open_claim_code(business)
        panel["phone_account"] = account
        panel["phone_account_is_staff"] = bool(
            account and (account.is_superuser or account.memberships.exists())
        )
    else:
        panel["recovery_allowed"] = not owner.email and not owner.memberships.exists()
    return panel


def claim_start_url() -> str:
    """Where the letter sends the producer: sign-up, then the claim page (the code is typed
    there, never carried in the address)."""
    claim = reverse("accounts:claim")
    return absolute_url(f"{reverse('registration:sign_up')}?{urlencode({'next': claim})}")


def _until(moment):
    return date_format(timezone.localtime(moment), "j F Y")


def claim_whatsapp_text(business, code, url, expires_at):
    with translation.override(business.organisation.default_language):
        return _(
            "Hello %(name)s, %(office)s has registered your business %(business)s in Kurasi. "
            "To link it to your own account: open %(url)s, sign up or log in with this phone "
            'number, choose "Claim my business" and type the claim code %(code)s (valid until '
            "%(until)s, works once). Do not give this code to anyone."
        ) % {
            "name": business.owner_name,
            "office": business.organisation.name,
            "business": business.name,
            "url": url,
            "code": grouped(code),
            "until": _until(expires_at),
        }


def recovery_whatsapp_text(business, user, code, url, expires_at):
    with translation.override(business.organisation.default_language):
        return _(
            "Hello %(name)s, this is the recovery code of your Kurasi account: %(code)s (valid "
            "until %(until)s, works once). Open %(url)s, type your phone number, this code and a "
            "new password. Do not give this code to anyone."
        ) % {
            "name": user.get_short_name(),
            "code": grouped(code),
            "until": when(expires_at),
            "url": url,
        }


def _refused(request, business, error):
    messages.error(request, " ".join(error.messages))
    return redirect(business)


@never_cache
@login_required
@require_POST
def claim_code(request, org_slug, pk):
    """Make a claim code; the answer shows it once, with the printable letter."""
    membership, business = get_business_for_staff(request.user, org_slug, pk)
    try:
        row, code = codes.issue_claim_code(actor=request.user, business=business)
    except ValidationError as error:
        return _refused(request, business, error)
    url = claim_start_url()
    text = claim_whatsapp_text(business, code, url, row.expires_at)
    context = {
        "membership": membership,
        "organisation": business.organisation,
        "business": business,
        "code": grouped(code),
        "row": row,
        "start_url": url,
        "typed_url": absolute_reverse("registration:sign_up"),
        "qr": qr_svg(url, scale=4),
        "whatsapp": whatsapp_link(business.phone, text) if business.phone_is_whatsapp else None,
        "printed_on": timezone.localdate(),
    }
    return render(request, "registry/owner/claim_code.html", context)


@login_required
@require_POST
def link_owner(request, org_slug, pk):
    """Link the account with the business's phone, after the officer checked the identity."""
    _membership, business = get_business_for_staff(request.user, org_slug, pk)
    form = IdentityCheckForm(request.POST)
    checked = form.is_valid() and form.cleaned_data["identity_checked"]
    try:
        user = codes.link_owner_checked(
            actor=request.user, business=business, identity_checked=checked
        )
    except ValidationError as error:
        return _refused(request, business, error)
    messages.success(
        request,
        _("The business is now linked to the account of %(name)s.") % {"name": user.full_name},
    )
    return redirect(business)


@never_cache
@login_required
@require_POST
def recovery_code(request, org_slug, pk):
    """Make a recovery code for the owner; the answer shows it once, with a printable slip."""
    membership, business = get_business_for_staff(request.user, org_slug, pk)
    form = IdentityCheckForm(request.POST)
    checked = form.is_valid() and form.cleaned_data["identity_checked"]
    try:
        row, code = codes.issue_recovery_code(
            actor=request.user, business=business, identity_checked=checked
        )
    except ValidationError as error:
        return _refused(request, business, error)
    user = row.user
    url = absolute_reverse("accounts:recover")
    text = recovery_whatsapp_text(business, user, code, url, row.expires_at)
    context = {
        "membership": membership,
        "organisation": business.organisation,
        "business": business,
        "account": user,
        "code": grouped(code),
        "row": row,
        "recover_url": url,
        "whatsapp": whatsapp_link(user.phone, text),
    }
    return render(request, "registry/owner/recovery_code.html", context)
