"""Nominations up the chain: an organiser (a province's office, the ministry) asks the offices
below it for producers for one of its exhibitions; each office nominates from its own curation and
shares only what it chooses; the organiser places them with the allocation it already has.

NominationCall (the organiser's request) → CallOffice (one per office asked: its quota, its list,
its cover note, what it shares) → Nomination (one curated application of that office's).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kurasi.lib.answers import Channel


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for nominations")
    CLOSED = "closed", _("Closed")


class NominationCall(models.Model):
    """An organiser's request to the offices below it: nominees for `exhibition`, per office at
    most `quota` of CallOffice, by the criteria here, until `deadline`."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="nomination_calls",
        verbose_name=_("organiser"),
    )
    exhibition = models.OneToOneField(
        "exhibitions.Exhibition",
        on_delete=models.PROTECT,
        related_name="nomination_call",
        verbose_name=_("exhibition"),
    )
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("what the organiser asks"), blank=True)
    # The organiser's own product groups: each nominee is filed under one of them (offices'
    # groups differ); empty: any product.
    groups = models.ManyToManyField(
        "registry.ProductGroup", blank=True, related_name="+", verbose_name=_("product groups")
    )
    passed_within_years = models.PositiveSmallIntegerField(
        _("passed curation within (years)"),
        default=2,
        help_text=_(
            "A nominee's curation outcome must count as passed, decided in this many "
            "years up to the deadline."
        ),
    )
    food_certificate_codes = models.JSONField(
        _("food and drink must hold one of (permit codes)"),
        default=list,
        blank=True,
        help_text=_("Codes of permit types, e.g. halal, pirt. Empty: no permit asked."),
    )
    deadline = models.DateTimeField(_("nominations close"))
    status = models.CharField(
        _("status"), max_length=8, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("call for nominations")
        verbose_name_plural = _("calls for nominations")
        ordering = ["-deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CallStatus.values), name="nomination_call_status"
            )
        ]

    def __str__(self):
        return self.title


class CallOffice(models.Model):
    """One office asked by a call: how many it may nominate, its list once submitted, and what
    it chose to share with the organiser."""

    call = models.ForeignKey(
        NominationCall, on_delete=models.CASCADE, related_name="offices", verbose_name=_("call")
    )
    office = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="calls_received",
        verbose_name=_("office"),
    )
    quota = models.PositiveSmallIntegerField(_("at most (nominees)"), default=5)
    minimum = models.PositiveSmallIntegerField(_("at least placed"), default=0)
    cover_note = models.TextField(_("cover note"), blank=True)
    share_photos = models.BooleanField(_("share product photos"), default=True)
    share_scores = models.BooleanField(_("share scores and outcome"), default=True)
    share_legality = models.BooleanField(_("share legality status"), default=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("office asked for nominations")
        verbose_name_plural = _("offices asked for nominations")
        ordering = ["office__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "office"], name="call_office_unique"),
            models.CheckConstraint(
                condition=models.Q(minimum__lte=models.F("quota")),
                name="call_office_min_below_quota",
            ),
        ]

    def __str__(self):
        return f"{self.call} · {self.office}"

    def get_absolute_url(self):
        return reverse("nominations:office_call", args=[self.office.slug, self.pk])


class ConsentState(models.TextChoices):
    GIVEN = "given", _("Agreed to share")
    ASKED = "asked", _("Asked, no answer yet")
    REFUSED = "refused", _("Refused")
    MISSING = "missing", _("Not asked")


class Nomination(models.Model):
    """One curated application an office puts forward. It goes to the organiser only with the
    producer's consent to share; without it, it is held back and the office sees why."""

    call_office = models.ForeignKey(
        CallOffice,
        on_delete=models.CASCADE,
        related_name="nominations",
        verbose_name=_("office asked"),
    )
    application = models.ForeignKey(
        "programmes.Application",
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("application"),
    )
    # The organiser's product group the nominee is filed under (booths and group quotas of the
    # organiser's exhibition are by its own groups).
    group = models.ForeignKey(
        "registry.ProductGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser's product group"),
    )
    consent = models.CharField(
        _("consent to share"),
        max_length=8,
        choices=ConsentState.choices,
        default=ConsentState.MISSING,
    )
    consent_channel = models.CharField(
        _("how consent was given"), max_length=10, choices=Channel.choices, blank=True
    )
    consent_by = models.CharField(_("who gave consent"), max_length=120, blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )
    note = models.CharField(_("office's note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    created_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["call_office", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call_office", "application"], name="nomination_one_per_application"
            ),
            models.CheckConstraint(
                condition=models.Q(consent__in=ConsentState.values),
                name="nomination_consent_known",
            ),
        ]

    def __str__(self):
        # Names, not ids: the audit trail keeps this as the record's label.
        return f"{self.call_office} · {self.application.product}"

    @property
    def shared(self) -> bool:
        """Whether the organiser sees this nominee: consent given and the list submitted."""
        return self.consent == ConsentState.GIVEN and self.call_office.submitted_at is not None
