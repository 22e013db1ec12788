"""Permits and certificates (legality): NIB, SPP-IRT, BPOM MD, halal, SNI, trademark, …"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A certificate this close to its expiry date is shown as expiring.
EXPIRING_WITHIN = timedelta(days=90)
# Separators people type inside permit numbers: "P-IRT 206.3674.01.0001-22".
NUMBER_SEPARATORS = re.compile(r"[\s.\-/]")


class CertificateTypeQuerySet(models.QuerySet):
    def available_to(self, organisation):
        """The shipped types plus those the organisation added."""
        return self.filter(
            models.Q(organisation__isnull=True) | models.Q(organisation=organisation)
        )


class CertificateType(models.Model):
    """A kind of permit or certificate. Shipped types have no organisation; admins add their own."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate_types",
        verbose_name=_("office"),
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    issuer = models.CharField(_("usual issuer"), max_length=200, blank=True)
    # Regular expression over the number with spaces and dots removed; blank = any text.
    number_pattern = models.CharField(
        _("number format (regular expression)"), max_length=200, blank=True
    )
    number_example = models.CharField(_("number example"), max_length=60, blank=True)
    validity_years = models.PositiveSmallIntegerField(
        _("usual validity (years)"), null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    objects = CertificateTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("permit or certificate type")
        verbose_name_plural = _("permit and certificate types")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(organisation__isnull=True),
                name="shipped_certificate_type_code_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=models.Q(organisation__isnull=False),
                name="certificate_type_code_unique_per_org",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.number_pattern:
            try:
                re.compile(self.number_pattern)
            except re.error as error:
                raise ValidationError({"number_pattern": str(error)}) from error

    def normalise_number(self, raw: str) -> str:
        number = (raw or "").strip().upper()
        return NUMBER_SEPARATORS.sub("", number) if self.number_pattern else number

    def number_is_valid(self, number: str) -> bool:
        return not self.number_pattern or re.fullmatch(self.number_pattern, number) is not None


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")


def certificate_document_path(instance, filename):
    extension = "pdf" if filename.lower().endswith(".pdf") else "jpg"
    return f"certificates/{instance.business_id}/{instance.token}.{extension}"


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=day))


class Certificate(models.Model):
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("business"),
    )
    # Product-level permits (P-IRT, BPOM MD, halal, SNI) name the product; NIB does not.
    product = models.ForeignKey(
        "registry.Product",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("product"),
    )
    type = models.ForeignKey(
        CertificateType,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("permit or certificate type"),
    )
    number = models.CharField(_("number"), max_length=60)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    token = models.CharField(_("file key"), max_length=32, unique=True, editable=False)
    document = models.FileField(_("document"), upload_to=certificate_document_path, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("permit or certificate")
        verbose_name_plural = _("permits and certificates")
        ordering = ["type__position", "-issued_on", "id"]
        indexes = [
            models.Index(fields=["type", "expires_on"]),
            # The office figures' fingerprint reads the latest change of any certificate.
            models.Index(fields=["updated_at"], name="certificate_changed_idx"),
            # "Who holds a valid X" for the registry's held/missing filters, answered from the
            # index alone on PostgreSQL (business-wide and product permits are asked separately).
            models.Index(
                fields=["type", "business"],
                include=["expires_on"],
                condition=models.Q(product__isnull=True),
                name="cert_business_holder_idx",
            ),
            models.Index(
                fields=["type", "product"],
                include=["expires_on"],
                condition=models.Q(product__isnull=False),
                name="cert_product_holder_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(issued_on__isnull=True)
                | models.Q(expires_on__gte=models.F("issued_on")),
                name="certificate_expires_after_issue",
            )
        ]

    def __str__(self):
        return f"{self.type} {self.number}"

    def status_on(self, day=None):
        day = day or timezone.localdate()
        if self.expires_on is None:
            return CertificateStatus.VALID
        if self.expires_on < day:
            return CertificateStatus.EXPIRED
        if self.expires_on - day <= EXPIRING_WITHIN:
            return CertificateStatus.EXPIRING
        return CertificateStatus.VALID

    @property
    def status(self):
        return self.status_on()
