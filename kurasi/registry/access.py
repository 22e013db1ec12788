"""Access to businesses and products: staff of the owning office, or the producer who owns it."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from kurasi.accounts.access import get_membership_for_user
from kurasi.accounts.models import Role

from .models import Business, Product

REGISTRY_ROLES = (Role.ADMIN, Role.FIELD_OFFICER)


def can_see_nik(membership) -> bool:
    """Curators never see the NIK; office admins and field officers need it to verify identity."""
    return membership is not None and membership.role in REGISTRY_ROLES


def get_business_for_staff(user, organisation_slug, business_id, *roles):
    """(membership, business) for staff of the business's office; 404 for anyone else."""
    membership = get_membership_for_user(user, organisation_slug, *(roles or REGISTRY_ROLES))
    business = get_object_or_404(
        Business.objects.for_organisation(membership.organisation), pk=business_id
    )
    return membership, business


def get_business_for_owner(user, business_id):
    """The producer's own business; another producer's gives 404."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Business.objects.owned_by(user).select_related("organisation"), pk=business_id
    )


def get_product_for_owner(user, product_id):
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Product.objects.select_related("business", "group").filter(
            business__owner=user, business__merged_into__isnull=True
        ),
        pk=product_id,
    )
