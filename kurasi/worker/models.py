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
