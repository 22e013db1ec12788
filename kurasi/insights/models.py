from django.db import models
from django.utils.translation import gettext_lazy as _


class DeletionStamp(models.Model):
    """Changes whenever a record the office figures count is deleted (kurasi/insights/signals.py).

    The figures' fingerprint reads latest change times, which an insert or an edit moves but a
    deletion does not; counting rows instead would read the whole registry on every request.
    A table of its own, so that saving an organisation never writes an old stamp back.
    """

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("office"),
    )
    token = models.CharField(_("stamp"), max_length=32)

    class Meta:
        verbose_name = _("deletion stamp")
        verbose_name_plural = _("deletion stamps")

    def __str__(self):
        return f"{self.organisation_id}: {self.token}"
