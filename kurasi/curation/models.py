"""Rubrics: criteria with weights and written anchors per score level, and a legality checklist
kept apart from the score (DOMAIN.md §6). A rubric used for scoring is frozen; editing it makes
a new version, so old assessments keep the version they were scored with.
"""

import uuid

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class RubricKind(models.TextChoices):
    FOOD = "food", _("Food and drink")
    NON_FOOD = "non_food", _("Non-food (bags, clothing, accessories, crafts)")
    OTHER = "other", _("Other")


class RubricQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def latest_versions(self):
        newer = Rubric.objects.filter(
            family=models.OuterRef("family"), version__gt=models.OuterRef("version")
        )
        return self.exclude(models.Exists(newer))


class Rubric(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="rubrics"
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=RubricKind.choices)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    # All versions of one rubric share a family; the highest version is the one to edit.
    family = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    preset = models.CharField(_("copied from preset"), max_length=40, blank=True)
    # Set when the first assessment uses this version: from then on it is never edited.
    locked_at = models.DateTimeField(_("in use since"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RubricQuerySet.as_manager()

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="rubric_version_unique"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")), name="rubric_scale_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def is_locked(self):
        return self.locked_at is not None


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    guidance = models.TextField(_("what to look at"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    # A score below this blocks passing, whatever the total (a veto).
    minimum = models.PositiveSmallIntegerField(_("minimum to pass"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "key"], name="criterion_key_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="criterion_weight_positive"
            ),
        ]

    def __str__(self):
        return self.name


class Anchor(models.Model):
    """What a score level means for one criterion, in words curators and producers understand."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="anchors")
    level = models.PositiveSmallIntegerField(_("score"))
    text = models.CharField(_("meaning"), max_length=300)

    class Meta:
        verbose_name = _("score anchor")
        verbose_name_plural = _("score anchors")
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "level"], name="anchor_level_unique")
        ]

    def __str__(self):
        return f"{self.level}: {self.text}"


class LegalityCheck(models.Model):
    """A permit the curators check on the day; a gate blocks passing, a flag only advises."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="legality_checks")
    certificate_type = models.ForeignKey(
        "registry.CertificateType", on_delete=models.PROTECT, related_name="+"
    )
    is_gate = models.BooleanField(_("required to pass"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("legality check")
        verbose_name_plural = _("legality checks")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "certificate_type"], name="legality_check_unique"
            )
        ]

    def __str__(self):
        return str(self.certificate_type)
