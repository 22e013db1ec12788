"""Requests people make about their personal data, and the office's register of data breaches
(UU 27/2022, DOMAIN.md §7)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def request_deadline(received_at):
    """UU PDP gives 3 × 24 hours for restriction and withdrawal; the same is used for erasure
    **(check)**, changeable with KURASI_PRIVACY_REQUEST_HOURS."""
    return received_at + dt.timedelta(hours=settings.KURASI_PRIVACY_REQUEST_HOURS)


class RequestKind(models.TextChoices):
    ERASURE = "erasure", _("Erasure")
    WITHDRAWAL = "withdrawal", _("Withdrawal of consent")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the office")
    DONE = "done", _("Carried out")
    REFUSED = "refused", _("Refused")


class PrivacyRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=RequestStatus.OPEN)

    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class PrivacyRequest(models.Model):
    """A producer's request to one office: erase their data, or stop processing it (withdrawal).

    One request per office: a producer with businesses in two offices asks each of them.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="privacy_requests",
        verbose_name=_("office"),
    )
    # The account stays (anonymised) after an erasure, so the request keeps pointing at it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="privacy_requests",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RequestKind.choices)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    deadline = models.DateTimeField(_("answer due by"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.TextField(_("office's answer"), blank=True)

    objects = PrivacyRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["organisation", "status", "deadline"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "kind"],
                condition=models.Q(status="open"),
                name="one_open_privacy_request_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=RequestKind.values), name="privacy_request_kind_known"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def is_overdue(self, now=None):
        return self.status == RequestStatus.OPEN and self.deadline < (now or timezone.now())


class DataCategory(models.TextChoices):
    IDENTITY = "identity", _("Names")
    NIK = "nik", _("NIK (national ID number)")
    CONTACT = "contact", _("Phone numbers and emails")
    ADDRESS = "address", _("Addresses")
    BUSINESS = "business", _("Business figures (capital, sales)")
    DOCUMENTS = "documents", _("Uploaded documents and photos")
    ACCOUNTS = "accounts", _("Login accounts")


class BreachQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)


class DataBreach(models.Model):
    """A personal data breach the office found, with the 3 × 24-hour notification deadline."""

    NOTIFY_WITHIN = dt.timedelta(hours=72)

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="data_breaches",
        verbose_name=_("office"),
    )
    discovered_at = models.DateTimeField(_("discovered at"))
    description = models.TextField(_("what happened"))
    categories = models.JSONField(_("data concerned"), default=list)
    people_affected = models.PositiveIntegerField(_("approximate number of people"))
    measures = models.TextField(_("measures taken"), blank=True)
    authority_notified_at = models.DateTimeField(_("authority notified at"), null=True, blank=True)
    authority_notice = models.TextField(_("how the authority was notified"), blank=True)
    people_notified_at = models.DateTimeField(_("people notified at"), null=True, blank=True)
    people_notice = models.TextField(_("how the people were notified"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    objects = BreachQuerySet.as_manager()

    class Meta:
        verbose_name = _("data breach")
        verbose_name_plural = _("data breaches")
        ordering = ["-discovered_at", "-id"]

    def __str__(self):
        return _("Breach of %(day)s") % {
            "day": date_format(timezone.localtime(self.discovered_at), "DATETIME_FORMAT")
        }

    @property
    def deadline(self):
        return self.discovered_at + self.NOTIFY_WITHIN

    @property
    def is_closed(self):
        """Both the authority and the people have been told."""
        return self.authority_notified_at is not None and self.people_notified_at is not None

    def is_overdue(self, now=None):
        return not self.is_closed and self.deadline < (now or timezone.now())

    def time_left(self, now=None):
        return self.deadline - (now or timezone.now())

    def category_labels(self):
        labels = dict(DataCategory.choices)
        return [labels.get(code, code) for code in self.categories]
