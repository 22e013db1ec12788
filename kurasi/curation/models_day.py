"""The curation day: sessions with their tables (meja) and curators, the schedule of time slots,
and the check-in desk's record of who came, with which sample, and who did not come.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurasi.lib.times import time_of


class CurationSession(models.Model):
    """One day (or half day) of in-person curation at one place."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="curation_sessions",
        verbose_name=_("curation programme"),
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per product"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    # A producer not there this long after their slot began is shown as a no-show.
    grace_minutes = models.PositiveSmallIntegerField(
        _("minutes of grace before a no-show"),
        default=30,
        validators=[MaxValueValidator(480)],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("curation session")
        verbose_name_plural = _("curation sessions")
        ordering = ["date", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=5), name="session_slot_at_least_5_minutes"
            ),
        ]

    def __str__(self):
        return f"{self.programme} · {self.date:%Y-%m-%d}"

    def at(self, time: dt.time) -> dt.datetime:
        """The aware moment of `time` on the session's day, in the site's time zone."""
        return timezone.make_aware(dt.datetime.combine(self.date, time))

    @property
    def start(self) -> dt.datetime:
        return self.at(self.starts_at)

    @property
    def end(self) -> dt.datetime:
        return self.at(self.ends_at)

    @property
    def has_started(self) -> bool:
        """From its start on, slot answers are closed: the check-in desk records who comes."""
        return timezone.now() >= self.start

    def slot_times(self) -> list[dt.datetime]:
        """Every slot's start, from the opening to the last slot that ends by closing time,
        leaving out any slot that would overlap a break (lunch, prayer)."""
        step = dt.timedelta(minutes=self.slot_minutes)
        breaks = [(self.at(b.starts_at), self.at(b.ends_at)) for b in self.breaks.all()]
        times, moment = [], self.start
        while moment + step <= self.end:
            if not any(moment < end and start < moment + step for start, end in breaks):
                times.append(moment)
            moment += step
        return times


class SessionBreak(models.Model):
    """A pause in a session (lunch, Friday or Dzuhur prayer) when no product is scheduled."""

    session = models.ForeignKey(
        CurationSession,
        on_delete=models.CASCADE,
        related_name="breaks",
        verbose_name=_("curation session"),
    )
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    label = models.CharField(_("what for"), max_length=100)

    class Meta:
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="break_ends_after_start",
            )
        ]

    def __str__(self):
        # Shown in messages ("falls in the break …"): times in the reader's style.
        return f"{time_of(self.starts_at)}–{time_of(self.ends_at)} {self.label}"


class Table(models.Model):
    """A table (meja) where a group of curators assesses products together."""

    session = models.ForeignKey(
        CurationSession,
        on_delete=models.CASCADE,
        related_name="tables",
        verbose_name=_("curation session"),
    )
    name = models.CharField(_("name"), max_length=60)
    curators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="curation_tables", verbose_name=_("curators")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        ordering = ["position", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="table_name_unique")
        ]

    def __str__(self):
        return self.name


class Slot(models.Model):
    """An application's place in the schedule: which table, at what time."""

    session = models.ForeignKey(
        CurationSession,
        on_delete=models.CASCADE,
        related_name="slots",
        verbose_name=_("curation session"),
    )
    table = models.ForeignKey(
        Table, on_delete=models.CASCADE, related_name="slots", verbose_name=_("table")
    )
    application = models.ForeignKey(
        "programmes.Application",
        on_delete=models.CASCADE,
        related_name="slots",
        verbose_name=_("application"),
    )
    starts_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("schedule slot")
        verbose_name_plural = _("schedule slots")
        ordering = ["starts_at", "table__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"], name="one_slot_per_application_per_session"
            ),
            models.UniqueConstraint(fields=["table", "starts_at"], name="one_product_per_slot"),
        ]

    def __str__(self):
        return f"{self.table} {timezone.localtime(self.starts_at):%H:%M} · {self.application}"


class CheckInQuerySet(models.QuerySet):
    def for_programme(self, programme):
        return self.filter(programme=programme)


class CheckIn(models.Model):
    """What the check-in desk recorded about one application on the day."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="check_ins",
        verbose_name=_("curation programme"),
    )
    application = models.OneToOneField(
        "programmes.Application",
        on_delete=models.CASCADE,
        related_name="check_in",
        verbose_name=_("application"),
    )
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    # Written on the sample's label so the product can be matched to its scores ("K17-023").
    sample_code = models.CharField(_("sample code"), max_length=20, blank=True)
    sample_recorded_at = models.DateTimeField(_("sample recorded at"), null=True, blank=True)
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    no_show_at = models.DateTimeField(_("marked absent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "sample_code"],
                condition=~models.Q(sample_code=""),
                name="sample_code_unique_per_programme",
            ),
            models.CheckConstraint(
                condition=models.Q(arrived_at__isnull=True) | models.Q(no_show_at__isnull=True),
                name="check_in_not_both_arrived_and_absent",
            ),
        ]

    def __str__(self):
        return f"{self.application} · {self.sample_code or '—'}"

    @property
    def has_arrived(self):
        return self.arrived_at is not None


def is_absent(application) -> bool:
    """Whether the check-in desk marked `application`'s producer as not come (and no late
    arrival undid it). Reads `application.check_in`: select_related it for lists."""
    check_in = getattr(application, "check_in", None)  # None when the desk recorded nothing
    return check_in is not None and check_in.no_show_at is not None
