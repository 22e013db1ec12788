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
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="rubrics",
        verbose_name=_("office"),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=RubricKind.choices)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5)
    # All versions of one rubric share a family; the highest version is the one to edit.
    family = models.UUIDField(_("rubric family"), default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    preset = models.CharField(_("copied from preset"), max_length=40, blank=True)
    # Set when the first assessment uses this version: from then on it is never edited.
    locked_at = models.DateTimeField(_("in use since"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
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
    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("rubric")
    )
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    guidance = models.TextField(_("what to look at"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0.01)]
    )
    # A score below this blocks passing, whatever the total (a veto).
    minimum = models.PositiveSmallIntegerField(_("minimum to pass"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

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

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="anchors", verbose_name=_("criterion")
    )
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

    rubric = models.ForeignKey(
        Rubric, on_delete=models.CASCADE, related_name="legality_checks", verbose_name=_("rubric")
    )
    certificate_type = models.ForeignKey(
        "registry.CertificateType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("permit or certificate type"),
    )
    is_gate = models.BooleanField(_("required to pass"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

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


class CurationPlan(models.Model):
    """How one programme is curated: curators per product, rubrics, disagreement threshold."""

    programme = models.OneToOneField(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="curation_plan",
        verbose_name=_("curation programme"),
    )
    curators_per_application = models.PositiveSmallIntegerField(
        _("curators per product"), default=2, validators=[MinValueValidator(1)]
    )
    # Curators whose weighted scores differ by more than this (0–100) are asked to talk it over.
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold (points)"), max_digits=5, decimal_places=2, default=20
    )
    # Days after the result letter during which a producer may appeal; 0 = no appeal window.
    appeal_days = models.PositiveSmallIntegerField(_("appeal window (days)"), default=0)
    # Which score the outcome bands are proposed from: the curators' raw mean, or the mean of
    # their calibrated scores (each curator's habit taken out).
    score_basis = models.CharField(
        _("bands proposed from"),
        max_length=12,
        choices=[("mean", _("Mean of raw scores")), ("calibrated", _("Mean of calibrated scores"))],
        default="mean",
    )

    class Meta:
        verbose_name = _("curation plan")
        verbose_name_plural = _("curation plans")

    def __str__(self):
        return str(self.programme)


class ProgrammeRubric(models.Model):
    """Which rubric (version) scores which product group in a programme."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="rubric_choices",
        verbose_name=_("curation programme"),
    )
    product_group = models.ForeignKey(
        "registry.ProductGroup",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("product group"),
    )
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="+", verbose_name=_("rubric")
    )

    class Meta:
        verbose_name = _("programme rubric")
        verbose_name_plural = _("programme rubrics")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "product_group"], name="one_rubric_per_group"
            )
        ]

    def __str__(self):
        return f"{self.programme} · {self.product_group} · {self.rubric}"


class CuratorCoverage(models.Model):
    """A product group a curator assesses for an office (a designer for busana, a chef for food)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("office"),
    )
    curator = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="curator_coverage",
        verbose_name=_("curator"),
    )
    product_group = models.ForeignKey(
        "registry.ProductGroup",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("product group"),
    )

    class Meta:
        verbose_name = _("curator's product group")
        verbose_name_plural = _("curators' product groups")
        constraints = [
            models.UniqueConstraint(
                fields=["curator", "product_group"], name="curator_coverage_unique"
            )
        ]

    def __str__(self):
        return f"{self.curator} · {self.product_group}"


class ConflictOfInterest(models.Model):
    """A relation a curator declares with a business (family, employer, supplier)."""

    curator = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
        verbose_name=_("curator"),
    )
    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="+", verbose_name=_("business")
    )
    relation = models.CharField(_("relation"), max_length=200)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["curator", "business"], name="conflict_unique")
        ]

    def __str__(self):
        return f"{self.curator} ↔ {self.business}"


class AssignmentQuerySet(models.QuerySet):
    def for_curator(self, user):
        return self.filter(curator=user)


class Assignment(models.Model):
    application = models.ForeignKey(
        "programmes.Application",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("application"),
    )
    curator = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("curator"),
    )
    is_automatic = models.BooleanField(_("assigned automatically"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["application_id", "curator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "curator"], name="one_assignment_per_curator"
            )
        ]

    def __str__(self):
        return f"{self.curator} → {self.application}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Assessment(models.Model):
    """One curator's assessment of one application, with the rubric version it was scored on."""

    application = models.ForeignKey(
        "programmes.Application",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("application"),
    )
    curator = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("curator"),
    )
    rubric = models.ForeignKey(
        Rubric, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("rubric")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    weighted_score = models.DecimalField(
        _("score (0–100)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    recommendation = models.TextField(_("recommendation to the producer"), blank=True)
    # Bumped on every save: a stale tab cannot silently overwrite newer work.
    revision = models.PositiveIntegerField(_("revision"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        # The office figures' fingerprint reads the latest change from the index alone.
        indexes = [models.Index(fields=["updated_at"], name="assessment_changed_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "curator"], name="one_assessment_per_curator"
            ),
            models.CheckConstraint(
                condition=models.Q(weighted_score__isnull=True)
                | models.Q(weighted_score__gte=0, weighted_score__lte=100),
                name="assessment_score_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.curator} · {self.application}"


class CriterionScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recommendation = models.TextField(_("how to improve"), blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=10),
                name="criterion_score_within_any_scale",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


from .models_answers import SlotAnswer  # noqa: E402, F401
from .models_day import CheckIn, CurationSession, SessionBreak, Slot, Table  # noqa: E402, F401
from .models_decisions import Appeal, Decision, OutcomeBand  # noqa: E402, F401
