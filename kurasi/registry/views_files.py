"""Uploaded files, served only to people allowed to see them.

Files are not public (no /media/ route): they are streamed from the default storage by the
record's random token, never by file name, after the same access checks as the record.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from kurasi.accounts.models import Membership

from .access import REGISTRY_ROLES
from .models import Certificate, ProductPhoto


def _may_see(user, business, roles):
    if business.merged_into_id is not None:
        return False
    if business.owner_id == user.pk:
        return True
    memberships = Membership.objects.filter(user=user, organisation_id=business.organisation_id)
    return memberships.filter(role__in=roles).exists() if roles else memberships.exists()


def _stream(field_file, *, content_type, filename):
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type, filename=filename)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    # A PDF opened in the browser must not run scripts or reach our pages.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response


@login_required
@require_safe
def product_photo(request, token):
    """A product photo: any staff member of the office (curators assess it), or its producer."""
    photo = get_object_or_404(ProductPhoto.objects.select_related("product__business"), token=token)
    if not _may_see(request.user, photo.product.business, roles=None):
        raise Http404
    return _stream(photo.image, content_type="image/jpeg", filename=f"photo-{token[:8]}.jpg")


@login_required
@require_safe
def certificate_document(request, token):
    """A certificate's document: office admins and field officers, or the business's producer."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("business").exclude(document=""), token=token
    )
    if not _may_see(request.user, certificate.business, roles=REGISTRY_ROLES):
        raise Http404
    is_pdf = certificate.document.name.lower().endswith(".pdf")
    return _stream(
        certificate.document,
        content_type="application/pdf" if is_pdf else "image/jpeg",
        filename=f"document-{token[:8]}.{'pdf' if is_pdf else 'jpg'}",
    )
