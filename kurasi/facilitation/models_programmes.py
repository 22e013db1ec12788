"""Facilitation programmes (pembinaan) and the producers who take part in them."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kurasi.lib.answers import RecordedAnswer


class FacilitationKind(models.TextChoices):
    CERTIFICATION = "certification", _("Certification")
    TRAINING = "training", _("Training")
    MENTORING = "mentoring", _("Mentoring")


class FacilitationProgramme(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="facilitation_programmes",
        verbose_name=_("office"),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=14, choices=FacilitationKind.choices)
    target_type = models.ForeignKey(
        "registry.CertificateType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate it helps to obtain"),
    )
    target_criterion_key = models.SlugField(
        _("rubric criterion it improves (key)"), max_length=40, blank=True
    )
    quota = models.PositiveIntegerField(_("quota (producers)"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    cost_to_producer = models.DecimalField(
        _("cost to the producer (Rp)"),
        max_digits=14,
        decimal_places=0,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("0 means free."),
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("facilitation programme")
        verbose_name_plural = _("facilitation programmes")
        ordering = ["-starts_on", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="facilitation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(cost_to_producer__gte=0), name="facilitation_cost_not_negative"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("facilitation:programme_detail", args=[self.organisation.slug, self.pk])

    @property
    def is_free(self):
        return self.cost_to_producer == 0

    def places_taken(self):
        """Participants who hold a place in the quota (ACTIVE_STATUSES; a drop-out frees one)."""
        return self.participations.filter(status__in=ACTIVE_STATUSES).count()


class ParticipationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ENROLLED = "enrolled", _("Enrolled")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


# Participants who take a place in the quota.
ACTIVE_STATUSES = [
    ParticipationStatus.INVITED,
    ParticipationStatus.ENROLLED,
    ParticipationStatus.IN_PROGRESS,
    ParticipationStatus.DONE,
]


class Participation(RecordedAnswer):
    """A business in a facilitation programme; an invitation's answer is its RecordedAnswer."""

    programme = models.ForeignKey(
        FacilitationProgramme,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("facilitation programme"),
    )
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("business"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.INVITED,
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    dropped_at = models.DateTimeField(_("dropped at"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)
    certificate = models.ForeignKey(
        "registry.Certificate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate obtained"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["business__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "business"], name="one_participation_per_business"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ParticipationStatus.values),
                name="participation_status_known",
            ),
        ]

    def __str__(self):
        return f"{self.business} · {self.programme}"
