"""The platform operator (a superuser) starts an office: the office, and its first admin invited.

Used by `manage.py create_office` and the operator's pages, so both check and write the same.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kurasi.audit.services import record_event
from kurasi.lib.regions import region_name

from .chain import link_to_chain, placement_problem
from .models import Organisation, OrganisationKind, Role
from .services_invitations import invite

SLUG_MAX = Organisation._meta.get_field("slug").max_length


def office_slug(name: str, slug: str = "") -> str:
    """The office's short name in addresses: the one given, or one made from the name."""
    return slugify(slug or name)[:SLUG_MAX].strip("-")


def check_office(*, name, kind, region_code, admin_email, slug="") -> dict:
    """The cleaned values, or ValidationError({field: [messages]}) naming every problem."""
    errors = {}
    name = (name or "").strip()
    region_code = (region_code or "").strip()
    slug = office_slug(name, slug)
    if not name:
        errors["name"] = _("Give the office's name.")
    if kind not in OrganisationKind.values:
        errors["kind"] = _("Choose the kind of office.")
    if not region_name(region_code):
        errors["region_code"] = _(
            "%(code)s is not a Kemendagri region code, e.g. 36.74 for Kota Tangerang Selatan."
        ) % {"code": region_code or "—"}
    elif region_code.count(".") > 1:
        errors["region_code"] = _(
            "%(code)s is a district or village. Give the province (e.g. 36) or the regency or "
            "city (e.g. 36.71) the office serves."
        ) % {"code": region_code}
    if not slug:
        errors["slug"] = _("Give a short name for addresses (letters, digits and dashes).")
    elif Organisation.objects.filter(slug=slug).exists():
        errors["slug"] = _(
            "An office already uses the short name %(slug)s. Choose another one."
        ) % {"slug": slug}
    try:
        validate_email((admin_email or "").strip())
    except ValidationError:
        errors["admin_email"] = _("Enter the first admin's email address.")
    if errors:
        raise ValidationError(errors)
    return {
        "name": name,
        "kind": kind,
        "region_code": region_code,
        "slug": slug,
        "admin_email": admin_email.strip().lower(),
    }


@transaction.atomic
def create_office(
    *, actor, name, kind, region_code, admin_email, slug="", admin_name="", parent=None
) -> tuple[Organisation, object, str]:
    """Create an office and invite its first admin; returns (office, invitation, accept link).

    `actor`: the operator, or None from the command line. All or nothing: a refused invitation
    leaves no office behind. Side effects: an Organisation; an Invitation (role: office admin)
    mailed once the transaction commits; audit events "organisation.created" and the
    invitation's, both in the new office's trail. Raises ValidationError({field: messages}).
    `parent`: the office above, when the operator names one; otherwise the region codes tell
    it where they can (kurasi/accounts/chain.py). A province's office adopts its cities'
    offices that had none.
    """
    values = check_office(
        name=name, kind=kind, region_code=region_code, admin_email=admin_email, slug=slug
    )
    organisation = Organisation.objects.create(
        name=values["name"],
        slug=values["slug"],
        kind=values["kind"],
        region_code=values["region_code"],
    )
    if parent is not None:
        problem = placement_problem(organisation, parent)
        if problem:
            raise ValidationError({"parent": problem})
        organisation.parent = parent
        organisation.save(update_fields=["parent"])
    link_to_chain(organisation, actor=actor)
    record_event(
        actor=actor,
        action="organisation.created",
        obj=organisation,
        organisation=organisation,
        changes={
            "name": [None, organisation.name],
            "slug": [None, organisation.slug],
            "kind": [None, organisation.kind],
            "region_code": [None, organisation.region_code],
            "parent": [None, str(organisation.parent) if organisation.parent_id else None],
        },
    )
    invitation, url = invite(
        actor=actor,
        organisation=organisation,
        email=values["admin_email"],
        role=Role.ADMIN,
        full_name=(admin_name or "").strip(),
    )
    return organisation, invitation, url


@transaction.atomic
def set_office_above(*, actor, organisation, parent) -> bool:
    """Put `organisation` under `parent` (an office), or under none (None). Returns whether
    anything changed.

    Refused with ValidationError({"parent": sentence}) when it would close a circle, cross
    provinces, or break the chain's shape (chain.placement_problem). The office's row and the
    chain above the new office above are locked first, so two changes made at once cannot close
    a circle between them. Side effect: one "organisation.parent_changed" audit event in the
    office's own trail, with the names before and after. The office's revision is left alone:
    the office above is no part of the profile its admins edit.
    """
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if parent is not None:
        parent = _lock_chain_from(parent)
    if current.parent_id == (parent.pk if parent else None):
        return False
    problem = placement_problem(current, parent)
    if problem:
        raise ValidationError({"parent": problem})
    before = current.parent.name if current.parent_id else None
    current.parent = parent
    current.save(update_fields=["parent"])
    record_event(
        actor=actor,
        action="organisation.parent_changed",
        obj=current,
        organisation=current,
        changes={"parent": [before, parent.name if parent else None]},
    )
    organisation.parent = parent
    return True


def _lock_chain_from(office):
    """Lock `office` and the offices above it, walking up; returns `office` as locked."""
    locked = Organisation.objects.select_for_update().get(pk=office.pk)
    seen, current = {locked.pk}, locked
    while current.parent_id is not None and current.parent_id not in seen:
        current = Organisation.objects.select_for_update().get(pk=current.parent_id)
        seen.add(current.pk)
    return locked
