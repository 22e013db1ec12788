"""Curation programmes (the yearly open call) and the applications producers enter into them."""

from calendar import monthrange

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def add_months(day, months):
    """The same day `months` later (the month's last day when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    FINISHED = "finished", _("Finished")


class ProgrammeQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def published(self):
        return self.exclude(status=ProgrammeStatus.DRAFT)

    def accepting_registrations(self, now=None):
        now = now or timezone.now()
        return self.filter(
            status=ProgrammeStatus.OPEN,
            registration_opens_at__lte=now,
            registration_closes_at__gt=now,
        )


class Programme(models.Model):
    """One yearly curation call with its dates and rules."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("office"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    announcement = models.TextField(_("announcement"), blank=True)
    product_groups = models.ManyToManyField(
        "registry.ProductGroup",
        related_name="programmes",
        verbose_name=_("product groups accepted"),
    )
    registration_opens_at = models.DateTimeField(_("registration opens"))
    registration_closes_at = models.DateTimeField(_("registration closes"))
    curation_date = models.DateField(_("curation day"), null=True, blank=True)
    quota = models.PositiveIntegerField(
        _("quota (products)"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    # Kemendagri code of the area whose producers may enter; empty = the organisation's area.
    eligible_region_code = models.CharField(
        _("eligible area (region code)"), max_length=13, blank=True
    )
    required_certificate_types = models.ManyToManyField(
        "registry.CertificateType",
        blank=True,
        related_name="+",
        verbose_name=_("documents required"),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    contact = models.CharField(_("contact for questions"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep personal data for (months after the curation day)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for the office's default."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("curation programme")
        verbose_name_plural = _("curation programmes")
        ordering = ["-year", "-registration_opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="programme_slug_unique"),
            models.CheckConstraint(
                condition=models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="programme_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ProgrammeStatus.values), name="programme_status_known"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:call_detail", args=[self.organisation.slug, self.slug])

    @property
    def area_code(self):
        return self.eligible_region_code or self.organisation.region_code

    @property
    def retention_period_months(self):
        return self.retention_months or settings.KURASI_RETENTION_MONTHS

    @property
    def last_day(self):
        """The curation day, or the close of registration when the call has no curation day."""
        return self.curation_date or timezone.localdate(self.registration_closes_at)

    @property
    def retention_ends_on(self):
        """Personal data of this programme may be kept until this day; only once it is finished
        does the clock count (a running programme still needs its producers' data)."""
        return add_months(self.last_day, self.retention_period_months)

    def is_past_retention(self, today=None):
        today = today or timezone.localdate()
        return self.status == ProgrammeStatus.FINISHED and self.retention_ends_on <= today

    def is_accepting(self, now=None):
        now = now or timezone.now()
        return (
            self.status == ProgrammeStatus.OPEN
            and self.registration_opens_at <= now < self.registration_closes_at
        )


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INCOMPLETE = "incomplete", _("Incomplete")
    VERIFIED = "verified", _("Verified")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Applications that take a place in the programme's quota.
COUNTED_STATUSES = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.INCOMPLETE,
    ApplicationStatus.VERIFIED,
]


class ApplicationQuerySet(models.QuerySet):
    def for_programme(self, programme):
        return self.filter(programme=programme)

    def counted(self):
        return self.filter(status__in=COUNTED_STATUSES)

    def awaiting_verification(self):
        return self.filter(status=ApplicationStatus.SUBMITTED)


class Application(models.Model):
    """A product entered into a programme (pendaftaran)."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("curation programme"),
    )
    product = models.ForeignKey(
        "registry.Product",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("product"),
    )
    # The product's business, kept here so the registry's "entered in programme" filter probes one
    # index per business instead of going through every product (issue 3's search target).
    # Set from the product on save; the merge service moves it with the products.
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("business"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # A field officer who registered on the producer's behalf.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "product"], name="one_application_per_product"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ApplicationStatus.values),
                name="application_status_known",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status"]),
            # The office figures' fingerprint: count and latest change of a programme's
            # applications from the index alone.
            models.Index(fields=["programme", "updated_at"], name="application_changed_idx"),
            models.Index(fields=["programme", "business"], name="application_entrant_idx"),
        ]

    def __str__(self):
        return f"{self.product} → {self.programme}"

    def save(self, *args, **kwargs):
        if self.business_id is None and self.product_id is not None:
            self.business_id = self.product.business_id
        super().save(*args, **kwargs)
