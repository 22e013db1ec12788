"""Outcome bands (a programme's settings), the decision per application, and appeals.

No government source gives numeric pass marks (DOMAIN.md §6): every threshold is a row an office
edits, never a constant in code.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Crockford's base 32: no I, L, O or U, so a code read aloud or typed from paper survives.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 80 random bits: not guessable, even before rate limiting exists


def new_verification_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(typed: str) -> str:
    """What a person typed (any case, spaces, O for 0, I or L for 1) in the stored form."""
    cleaned = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(cleaned) != CODE_LENGTH:
        return ""
    return "-".join(cleaned[i : i + 4] for i in range(0, CODE_LENGTH, 4))


class OutcomeTarget(models.TextChoices):
    NATIONAL = "national", _("National exhibition")
    REGIONAL = "regional", _("Regional exhibition")
    COACHING = "coaching", _("Coaching (pembinaan)")
    NONE = "none", _("None")


class OutcomeBand(models.Model):
    """One outcome of a programme, reached from a minimum score ("Lolos — pameran regional")."""

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="outcome_bands",
        verbose_name=_("curation programme"),
    )
    label = models.CharField(_("label"), max_length=150)
    minimum_score = models.DecimalField(
        _("minimum score (0–100)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    is_pass = models.BooleanField(_("counts as passed"), default=False)
    target = models.CharField(
        _("leads to"), max_length=12, choices=OutcomeTarget.choices, default=OutcomeTarget.NONE
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("outcome band")
        verbose_name_plural = _("outcome bands")
        ordering = ["-minimum_score", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "label"], name="outcome_band_label_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(minimum_score__gte=0, minimum_score__lte=100),
                name="outcome_band_minimum_in_range",
            ),
        ]

    def __str__(self):
        return self.label


class Decision(models.Model):
    """The office's decision on one application: the band, and the proposal it came from."""

    application = models.OneToOneField(
        "programmes.Application",
        on_delete=models.CASCADE,
        related_name="decision",
        verbose_name=_("application"),
    )
    # Empty exactly when the producer did not come (`absent`): an outcome of its own, neither
    # passed nor failed, so pass rates leave it out.
    band = models.ForeignKey(
        OutcomeBand,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("outcome"),
    )
    absent = models.BooleanField(_("did not come"), default=False)
    proposed_band = models.ForeignKey(
        OutcomeBand,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed outcome band"),
    )
    # The figures the decision was made on (mean, median, vetoes, legality), kept as they were.
    score_snapshot = models.JSONField(_("scores when decided"), default=dict, blank=True)
    overridden = models.BooleanField(_("differs from the proposal"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"))
    verification_code = models.CharField(
        _("verification code"), max_length=19, unique=True, default=new_verification_code
    )
    letter_number = models.CharField(_("letter number"), max_length=60, blank=True)
    letter_issued_at = models.DateTimeField(_("letter issued at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        # The office figures' fingerprint reads the latest decision from the index alone.
        indexes = [models.Index(fields=["decided_at"], name="decision_decided_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(absent=True, band__isnull=True)
                | models.Q(absent=False, band__isnull=False),
                name="decision_band_or_absent",
            )
        ]

    def __str__(self):
        return f"{self.application} · {self.outcome_label}"

    @property
    def outcome_label(self):
        """The band's label, or "Absent" for a producer who did not come."""
        return outcome_label(self.band, absent=self.absent)

    @property
    def deciding_score(self):
        """The final score the decision was made on (see ApplicationResult.deciding_score)."""
        return deciding_score_in(self.score_snapshot)

    @property
    def raw_mean(self):
        return (self.score_snapshot or {}).get("mean")

    @property
    def is_calibrated(self):
        """Whether the final score was the calibrated mean (so the raw mean is shown beside)."""
        return (self.score_snapshot or {}).get("basis") == "calibrated"


def deciding_score_in(snapshot):
    """A decision's deciding score from its `score_snapshot` (also for snapshots read as plain
    values). Decisions made before the snapshot named it kept only the raw mean, which is what
    their letters printed: they show that, never a figure recomputed today."""
    snapshot = snapshot or {}
    if "deciding_score" in snapshot:
        return snapshot["deciding_score"]
    return snapshot.get("mean")


def outcome_label(band, *, absent):
    return _("Absent") if absent else band.label


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Waiting for the office")
    CHANGED = "changed", _("Decision changed")
    KEPT = "kept", _("Decision kept")


class Appeal(models.Model):
    """A producer's written objection to a decision, filed within the programme's window."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("decision")
    )
    text = models.TextField(_("your appeal"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    response = models.TextField(_("office's answer"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at", "-id"]
        constraints = [
            # One open appeal per decision: a second waits for the office's answer to the first.
            models.UniqueConstraint(
                fields=["decision"],
                condition=models.Q(status="open"),
                name="one_open_appeal_per_decision",
            )
        ]

    def __str__(self):
        return f"{self.decision} · {self.get_status_display()}"
