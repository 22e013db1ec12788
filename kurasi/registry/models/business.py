"""The IKM (small/medium industry business) and its owner, kept across programmes and years."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kurasi.lib.phone import display_phone, mask_phone
from kurasi.registry.identifiers import mask_nik, validate_nik, validate_npwp
from kurasi.registry.regions import region_label

nib_validator = RegexValidator(r"^\d{13}$", _("An NIB has exactly 13 digits."), code="invalid_nib")
kbli_validator = RegexValidator(r"^\d{5}$", _("A KBLI code has 5 digits."), code="invalid_kbli")

# PP 7/2021: upper bounds (in Rupiah) of capital and yearly sales for micro and small firms.
MICRO_CAPITAL, SMALL_CAPITAL, MEDIUM_CAPITAL = 1_000_000_000, 5_000_000_000, 10_000_000_000
MICRO_SALES, SMALL_SALES, MEDIUM_SALES = 2_000_000_000, 15_000_000_000, 50_000_000_000


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class BusinessScale(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


def scale_for(capital: Decimal | None, yearly_sales: Decimal | None) -> str:
    """Business scale by PP 7/2021: the larger class that either capital or sales reaches."""

    def by(value, micro, small, medium):
        if value is None:
            return None
        if value <= micro:
            return 0
        if value <= small:
            return 1
        return 2 if value <= medium else 3

    ranks = [
        r
        for r in (
            by(capital, MICRO_CAPITAL, SMALL_CAPITAL, MEDIUM_CAPITAL),
            by(yearly_sales, MICRO_SALES, SMALL_SALES, MEDIUM_SALES),
        )
        if r is not None
    ]
    if not ranks:
        return ""
    return [BusinessScale.MICRO, BusinessScale.SMALL, BusinessScale.MEDIUM, BusinessScale.LARGE][
        max(ranks)
    ]


class BusinessQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation, merged_into__isnull=True)

    def owned_by(self, user):
        return self.filter(owner=user, merged_into__isnull=True)


class Business(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="businesses",
        verbose_name=_("office"),
    )
    # The producer's own account, when they have one; assisted records may have none yet.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="businesses",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("business name"), max_length=200)
    owner_name = models.CharField(_("owner's name"), max_length=150)
    owner_gender = models.CharField(
        _("owner's gender"), max_length=1, choices=Gender.choices, blank=True
    )
    nik = models.CharField(
        _("NIK (national ID number)"), max_length=16, blank=True, validators=[validate_nik]
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    phone_is_whatsapp = models.BooleanField(_("reachable on WhatsApp"), default=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("street address"), blank=True)
    district_code = models.CharField(_("district (kecamatan)"), max_length=8, blank=True)
    village_code = models.CharField(_("village (kelurahan/desa)"), max_length=13, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    nib = models.CharField(
        _("NIB (business ID number)"), max_length=13, blank=True, validators=[nib_validator]
    )
    npwp = models.CharField(
        _("NPWP (tax number)"), max_length=16, blank=True, validators=[validate_npwp]
    )
    kbli_codes = models.JSONField(_("KBLI codes"), default=list, blank=True)
    capital = models.DecimalField(
        _("business capital (Rp)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    yearly_sales = models.DecimalField(
        _("yearly sales (Rp)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    scale = models.CharField(_("scale"), max_length=8, choices=BusinessScale.choices, blank=True)
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    workers = models.PositiveIntegerField(_("number of workers"), null=True, blank=True)
    marketplace_links = models.JSONField(_("marketplace links"), default=list, blank=True)
    social_links = models.JSONField(_("social media links"), default=list, blank=True)

    # Consent under UU PDP: which notice the owner agreed to, when, and who recorded it.
    consent_notice_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True
    )
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    # Set when a field officer registered the business on the producer's behalf.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    # A record merged into another keeps its id for history but drops out of every list.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    objects = BusinessQuerySet.as_manager()

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["organisation", "name", "id"]),
            models.Index(fields=["organisation", "-created_at", "-id"], name="business_newest_idx"),
            models.Index(fields=["organisation", "district_code"]),
            models.Index(fields=["organisation", "nib"]),
            models.Index(fields=["organisation", "phone"]),
            models.Index(fields=["organisation", "nik"]),
            # The office figures' fingerprint: count and latest change from the index alone.
            models.Index(fields=["organisation", "updated_at"], name="business_changed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale__in=[*BusinessScale.values, ""]),
                name="business_scale_known",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.scale = scale_for(self.capital, self.yearly_sales) or self.scale
        if kwargs.get("update_fields") is not None and {"capital", "yearly_sales"} & set(
            kwargs["update_fields"]
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "scale"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("registry:business_detail", args=[self.organisation.slug, self.pk])

    @property
    def district_name(self):
        return region_label(self.district_code)

    @property
    def village_name(self):
        return region_label(self.village_code)

    @property
    def phone_display(self):
        return display_phone(self.phone)

    @property
    def phone_masked(self):
        return mask_phone(self.phone)

    @property
    def nik_masked(self):
        return mask_nik(self.nik)
