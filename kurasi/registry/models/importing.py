from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportColumnMapping(models.Model):
    """The column choices an office made for one header set (issue 16): the next file with the
    same headers is read the same way, so next year's file imports in one step."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="import_mappings",
        verbose_name=_("office"),
    )
    # SHA-256 of the normalised header row (importing/mapping.py header_signature).
    header_signature = models.CharField(_("column headings signature"), max_length=64)
    # {column index: field key or "ignore"}, only the choices the headers alone do not give.
    mapping = models.JSONField(_("column mapping"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("import column mapping")
        verbose_name_plural = _("import column mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "header_signature"], name="import_mapping_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation_id}:{self.header_signature[:12]}"
