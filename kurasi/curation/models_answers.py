"""A producer's answer to their curation-day slot: they will come, or they cannot (which frees
the slot for the office to give to someone else, or to them at another time)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurasi.lib.answers import RecordedAnswer

from .models_day import CurationSession


class SlotAnswer(RecordedAnswer):
    """The latest answer of one application about one session (the audit trail keeps earlier
    ones). It speaks for the slot at `slot_starts_at`: a product moved to another time has not
    answered for that time yet."""

    session = models.ForeignKey(
        CurationSession,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("curation session"),
    )
    application = models.ForeignKey(
        "programmes.Application",
        on_delete=models.CASCADE,
        related_name="slot_answers",
        verbose_name=_("application"),
    )
    will_come = models.BooleanField(_("will come"))
    slot_starts_at = models.DateTimeField(_("slot time answered"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("answer to a curation-day slot")
        verbose_name_plural = _("answers to curation-day slots")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "application"], name="one_slot_answer_per_session"
            )
        ]

    def __str__(self):
        return f"{self.application} · {timezone.localtime(self.slot_starts_at):%Y-%m-%d %H:%M}"
