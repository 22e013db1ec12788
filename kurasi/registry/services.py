"""Registry workflows: saving businesses with consent, photos, certificates, merging duplicates.

Each is atomic, takes the acting user, and writes an audit event with the changed fields' values
before and after (`kurasi.audit.diff`: the NIK and phone numbers masked, other values in clear).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kurasi.audit.diff import field_changes, instance_changes, snapshot
from kurasi.audit.services import record_event
from kurasi.lib.concurrency import claim_revision
from kurasi.programmes.models import Application

from .models import Business, Certificate, Product, ProductPhoto
from .uploads import new_token

MERGE_FILLABLE_FIELDS = [
    "owner_gender",
    "nik",
    "phone",
    "email",
    "address",
    "district_code",
    "village_code",
    "postal_code",
    "nib",
    "npwp",
    "capital",
    "yearly_sales",
    "year_founded",
    "workers",
    "owner",
]


CERTIFICATE_FIELDS = ["type", "product", "number", "issuer", "issued_on", "expires_on", "document"]


@transaction.atomic
def save_business(*, actor, business: Business, fields: list[str], consent_given=False):
    """Create or update a business. Side effects: audit event; consent recorded when given.

    `fields`: the form fields the actor edited (for the audit trail). `consent_given`: the owner
    agreed to the current privacy notice now (on their own, or to the field officer at hand).
    An update first claims `business.revision` (the one the editor started from): StaleEdit,
    with nothing written, when someone else saved since.
    """
    created = business.pk is None
    if not created:
        claim_revision(business)
    before = {} if created else snapshot(Business.objects.get(pk=business.pk), fields)
    if consent_given:
        business.consent_notice_version = settings.KURASI_PRIVACY_NOTICE_VERSION
        business.consent_given_at = timezone.now()
        business.consent_recorded_by = actor
    if created and actor is not None and business.owner_id != getattr(actor, "pk", None):
        business.registered_by = actor
    business.save()
    record_event(
        actor=actor,
        action="business.created" if created else "business.changed",
        obj=business,
        organisation=business.organisation,
        changes=field_changes(before, snapshot(business, fields)),
    )
    return business


@transaction.atomic
def save_product(*, actor, product: Product, fields: list[str]):
    created = product.pk is None
    if not created:
        claim_revision(product)  # StaleEdit when someone else saved since the editor read it
    before = {} if created else snapshot(Product.objects.get(pk=product.pk), fields)
    product.save()
    record_event(
        actor=actor,
        action="product.created" if created else "product.changed",
        obj=product,
        organisation=product.business.organisation,
        changes=field_changes(before, snapshot(product, fields)),
    )
    return product


@transaction.atomic
def add_product_photo(*, actor, product: Product, image):
    """Store an already cleaned (re-encoded) photo as the product's last photo."""
    position = product.photos.count()
    photo = ProductPhoto(product=product, token=new_token(), position=position)
    photo.image.save("photo.jpg", image, save=False)
    photo.save()
    record_event(
        actor=actor,
        action="product.photo_added",
        obj=product,
        organisation=product.business.organisation,
    )
    return photo


@transaction.atomic
def remove_product_photo(*, actor, photo: ProductPhoto):
    product = photo.product
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
    record_event(
        actor=actor,
        action="product.photo_removed",
        obj=product,
        organisation=product.business.organisation,
    )


@transaction.atomic
def save_certificate(*, actor, certificate: Certificate, document=None):
    """Create or update a permit/certificate; a changed number or document needs verifying again.

    Side effects: the Certificate (and its document file); an audit event with the changed fields.
    """
    created = certificate.pk is None
    if not created:
        claim_revision(certificate)  # StaleEdit when someone else saved since the editor read it
    previous = None if created else Certificate.objects.get(pk=certificate.pk)
    if not certificate.token:
        certificate.token = new_token()
    if document is not None:
        certificate.document.save(document.name, document, save=False)
        certificate.verified_at = certificate.verified_by = None
    if previous is not None and previous.number != certificate.number:
        certificate.verified_at = certificate.verified_by = None
    certificate.save()
    changes = instance_changes(previous, certificate, CERTIFICATE_FIELDS)
    if previous is not None and previous.verified_at and certificate.verified_at is None:
        changes["verified"] = [True, False]
    record_event(
        actor=actor,
        action="certificate.created" if created else "certificate.changed",
        obj=certificate,
        organisation=certificate.business.organisation,
        changes=changes,
    )
    return certificate


@transaction.atomic
def delete_certificate(*, actor, certificate: Certificate):
    """Remove a permit/certificate entered by mistake. Side effects: the row and its document are
    deleted (the file after commit); an audit event keeps what it held."""
    storage, name = certificate.document.storage, certificate.document.name
    record_event(
        actor=actor,
        action="certificate.deleted",
        obj=certificate,
        organisation=certificate.business.organisation,
        changes={
            field: [value, None]
            for field, value in snapshot(certificate, CERTIFICATE_FIELDS).items()
            if value not in (None, "")
        },
    )
    certificate.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def verify_certificate(*, actor, certificate: Certificate):
    certificate.verified_at = timezone.now()
    certificate.verified_by = actor
    certificate.save(update_fields=["verified_at", "verified_by"])
    record_event(
        actor=actor,
        action="certificate.verified",
        obj=certificate,
        organisation=certificate.business.organisation,
        changes={"verified": [False, True]},
    )
    return certificate


@transaction.atomic
def merge_businesses(*, actor, keep: Business, duplicate: Business):
    """Fold `duplicate` into `keep`, keeping all history.

    Side effects: products and certificates move to `keep`; blank fields of `keep` are filled from
    `duplicate`; `duplicate` is marked merged (it leaves every list but keeps its id); two audit
    events.
    """
    if keep.pk == duplicate.pk or keep.organisation_id != duplicate.organisation_id:
        raise ValueError("Only two different businesses of one organisation can be merged.")
    keep = Business.objects.select_for_update().get(pk=keep.pk)
    duplicate = Business.objects.select_for_update().get(pk=duplicate.pk)
    filled = []
    for field in MERGE_FILLABLE_FIELDS:
        if getattr(keep, field) in (None, "") and getattr(duplicate, field) not in (None, ""):
            setattr(keep, field, getattr(duplicate, field))
            filled.append(field)
    for list_field in ("kbli_codes", "marketplace_links", "social_links"):
        merged = list(dict.fromkeys([*getattr(keep, list_field), *getattr(duplicate, list_field)]))
        if merged != getattr(keep, list_field):
            setattr(keep, list_field, merged)
            filled.append(list_field)
    moved_products = duplicate.products.update(business=keep)
    Application.objects.filter(business=duplicate).update(business=keep)
    moved_certificates = duplicate.certificates.update(business=keep)
    keep.save()
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "updated_at"])
    record_event(
        actor=actor,
        action="business.merged_into",
        obj=duplicate,
        organisation=keep.organisation,
        changes={"merged_into": [None, keep.pk]},
    )
    record_event(
        actor=actor,
        action="business.merged_from",
        obj=keep,
        organisation=keep.organisation,
        changes={
            "merged_from": [None, duplicate.pk],
            "filled": [None, filled],
            "products_moved": [None, moved_products],
            "certificates_moved": [None, moved_certificates],
        },
    )
    return keep
