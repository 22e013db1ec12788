from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskEffect(models.Model):
    """Something a background task did outside the database (an email sent), under the key the
    task was given: a task run again after its worker was killed finds it and does not repeat
    it. The key says nothing about the person (no address, no subject)."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)

    class Meta:
        verbose_name = _("task effect")
        verbose_name_plural = _("task effects")

    def __str__(self):
        return self.key


class ScheduledJob(models.Model):
    """One job of the worker's schedule (schedule.py) and its last run. The worker claims a due
    time by moving `last_due_at` forward in one conditional UPDATE, so of two worker processes
    (or one asked twice) exactly one runs the job for that time."""

    name = models.CharField(_("job"), max_length=60, unique=True)
    last_due_at = models.DateTimeField(_("last due at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # None while the run is under way (or when its worker was stopped mid-run).
    succeeded = models.BooleanField(_("succeeded"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    # The exception's class only: its message may quote personal data (the log has the rest).
    error = models.CharField(_("error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self):
        return self.name
