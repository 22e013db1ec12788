from django.db import models
from django.utils.translation import gettext_lazy as _

from kurasi.lib.regions import validate_region_code
from kurasi.registry.regions import normalise_name


class RegionAlias(models.Model):
    """An office's own spelling of a district or village ("Sarua" for Serua), used on import."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="region_aliases",
        verbose_name=_("office"),
    )
    alias = models.CharField(_("name as written"), max_length=100)
    code = models.CharField(_("region code"), max_length=13, validators=[validate_region_code])
    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("region name alias")
        verbose_name_plural = _("region name aliases")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "alias"], name="region_alias_unique")
        ]

    def __str__(self):
        return f"{self.alias} → {self.code}"

    def save(self, *args, **kwargs):
        self.alias = normalise_name(self.alias)
        super().save(*args, **kwargs)
