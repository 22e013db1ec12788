"""Exhibitions the office sends producers to, their booths and quotas, and who goes (Allocation).

Eligibility lives on the exhibition itself (outcome bands admitted; for food, the permits of which
one must be held): one small rule set per exhibition needs no table of its own.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kurasi.lib.answers import RecordedAnswer


class Level(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    INTERNATIONAL = "international", _("International")


class Exhibition(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="exhibitions",
        verbose_name=_("office"),
    )
    # The curation whose decisions feed this exhibition; none for an exhibition fed by
    # nominations from the offices below (kurasi/nominations: its NominationCall).
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exhibitions",
        verbose_name=_("curation programme"),
        help_text=_("Empty: fed by nominations from the offices below"),
    )
    name = models.CharField(_("name"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=14, choices=Level.choices)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    quota = models.PositiveIntegerField(
        _("office's quota (places)"), null=True, blank=True, help_text=_("Empty: the booths limit.")
    )
    confirm_days = models.PositiveSmallIntegerField(
        _("days to confirm"), default=5, validators=[MinValueValidator(1)]
    )
    district_max = models.PositiveSmallIntegerField(
        _("at most per district"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    admitted_bands = models.ManyToManyField(
        "curation.OutcomeBand", blank=True, related_name="+", verbose_name=_("outcomes admitted")
    )
    food_certificates = models.ManyToManyField(
        "registry.CertificateType",
        blank=True,
        related_name="+",
        verbose_name=_("food and drink must hold one of"),
    )
    last_run_at = models.DateTimeField(_("allocated at"), null=True, blank=True)
    last_objective = models.FloatField(_("total score placed"), null=True, blank=True)
    last_problems = models.JSONField(_("problems found last"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        ordering = ["starts_on", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="exhibition_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=Level.values), name="exhibition_level_known"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exhibitions:detail", args=[self.organisation.slug, self.pk])


def _compact(text):
    """Text compared for sameness: no spaces, any case, x read as ×."""
    return "".join(text.lower().split()).replace("x", "×")


class BoothType(models.Model):
    """A number of alike booths (same size and features): booths are counted, not numbered."""

    exhibition = models.ForeignKey(
        Exhibition,
        on_delete=models.CASCADE,
        related_name="booth_types",
        verbose_name=_("exhibition"),
    )
    label = models.CharField(_("label"), max_length=80)
    count = models.PositiveSmallIntegerField(_("number of booths"), default=1)
    size = models.CharField(_("size"), max_length=40, blank=True, help_text=_("e.g. 3 × 3 m"))
    power = models.BooleanField(_("power"), default=False)
    cold_storage = models.BooleanField(_("cold storage"), default=False)
    # Booths kept for some product groups (food went to a craft booth): the solver and the
    # waiting list give them to no other group. Combines with the features: a cold booth
    # reserved for food goes to food that needs cold storage, or food that needs nothing.
    reserved_for = models.ManyToManyField(
        "registry.ProductGroup",
        blank=True,
        related_name="+",
        verbose_name=_("reserved for product groups"),
        help_text=_("Empty: any product group."),
    )
    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("booth type")
        verbose_name_plural = _("booth types")
        ordering = ["cold_storage", "power", "label", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "label"], name="booth_type_label_unique")
        ]

    def __str__(self):
        return self.label

    @property
    def label_with_size(self):
        """The label, followed by the size unless the label already says it: "Stan standar
        3×3 m" with size "3 × 3 m" reads once, not "Stan standar 3×3 m (3 × 3 m)"."""
        if not self.size or _compact(self.size) in _compact(self.label):
            return self.label
        return f"{self.label} ({self.size})"

    @property
    def features(self):
        return frozenset(
            name for name, on in (("power", self.power), ("cold", self.cold_storage)) if on
        )

    @property
    def groups(self):
        """The product groups the booths are reserved for (empty: any). Reads the prefetched
        `reserved_for` when there is one."""
        return frozenset(g.pk for g in self.reserved_for.all())

    def takes(self, group_id, needs) -> bool:
        """Whether a product of `group_id` needing `needs` may have one of these booths."""
        groups = self.groups
        return needs <= self.features and (not groups or group_id in groups)


class GroupQuota(models.Model):
    exhibition = models.ForeignKey(
        Exhibition,
        on_delete=models.CASCADE,
        related_name="group_quotas",
        verbose_name=_("exhibition"),
    )
    group = models.ForeignKey(
        "registry.ProductGroup", on_delete=models.CASCADE, verbose_name=_("product group")
    )
    minimum = models.PositiveSmallIntegerField(_("at least"), default=0)
    maximum = models.PositiveSmallIntegerField(_("at most"), null=True, blank=True)
    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("product group quota")
        verbose_name_plural = _("product group quotas")
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "group"], name="group_quota_unique"),
            models.CheckConstraint(
                condition=models.Q(maximum__isnull=True)
                | models.Q(maximum__gte=models.F("minimum")),
                name="group_quota_min_below_max",
            ),
        ]

    def __str__(self):
        return f"{self.group}: {self.minimum}–{self.maximum or '∞'}"


class BoothNeeds(models.Model):
    """What a product needs from its booth (cold storage for frozen food, power for a blender)."""

    product = models.OneToOneField(
        "registry.Product",
        on_delete=models.CASCADE,
        related_name="booth_needs",
        verbose_name=_("product"),
    )
    power = models.BooleanField(_("needs power"), default=False)
    cold_storage = models.BooleanField(_("needs cold storage"), default=False)

    class Meta:
        verbose_name = _("booth needs")
        verbose_name_plural = _("booth needs")

    def __str__(self):
        return f"{self.product_id}: {sorted(self.features)}"

    @property
    def features(self):
        return frozenset(
            name for name, on in (("power", self.power), ("cold", self.cold_storage)) if on
        )


class Availability(models.Model):
    """A producer's answer before allocation: can they attend, and is it their first choice."""

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="+", verbose_name=_("exhibition")
    )
    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="+", verbose_name=_("business")
    )
    available = models.BooleanField(_("can attend"), default=True)
    first_choice = models.BooleanField(_("first choice"), default=True)

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availabilities")
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "business"], name="availability_unique")
        ]

    def __str__(self):
        return f"{self.exhibition} · {self.business}"


class AllocationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    INVITED = "invited", _("Invited")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Not confirmed in time")
    WAITLISTED = "waitlisted", _("Waiting list")
    OUT = "out", _("Not selected")
    EXCLUDED = "excluded", _("Taken out by the office")


# Statuses that hold a booth.
HOLDING = (AllocationStatus.PROPOSED, AllocationStatus.INVITED, AllocationStatus.CONFIRMED)


class Allocation(RecordedAnswer):
    """One product's outcome at one exhibition: its place, its waiting rank, or why it is out.

    The invitation's answer (when, who, how it reached the office) is its RecordedAnswer."""

    # Indexes: a first run writes one row per candidate and exhibition the producer can attend
    # (about 40,000 of the 200,000 pairs at 10,000 candidates and 20 exhibitions: "cannot
    # attend" is her Availability answer, derived where shown, availability.py), nearly all of
    # them on the waiting list, and each index costs on every row. The exhibition's own lookups
    # use the unique (exhibition, application) index; booth, override and deadline lookups only
    # ever ask for rows that have one, so their indexes are partial and leave the waiting and
    # "out" rows alone (see Meta.indexes).
    exhibition = models.ForeignKey(
        Exhibition,
        on_delete=models.CASCADE,
        related_name="allocations",
        verbose_name=_("exhibition"),
        db_index=False,
    )
    application = models.ForeignKey(
        "programmes.Application",
        on_delete=models.CASCADE,
        related_name="allocations",
        verbose_name=_("application"),
    )
    business = models.ForeignKey(
        "registry.Business", on_delete=models.CASCADE, related_name="+", verbose_name=_("business")
    )
    booth_type = models.ForeignKey(
        BoothType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("booth"),
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=12, choices=AllocationStatus.choices)
    score = models.FloatField(_("score"), default=0)
    rank = models.PositiveIntegerField(_("waiting rank"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=24, blank=True)  # an allocation.Outcome code
    reason_params = models.JSONField(_("reason details"), default=dict, blank=True)
    pinned = models.BooleanField(_("placed by hand"), default=False)
    override_reason = models.TextField(_("reason"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overridden by"),
        db_index=False,
    )
    # RecordedAnswer's field, with its index kept to the rows someone answered (Meta.indexes).
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answer entered by"),
        db_index=False,
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    deadline = models.DateTimeField(_("confirm by"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["exhibition", "rank", "-score", "id"]
        indexes = [
            # Reminders and expiry look for invitations by deadline.
            models.Index(
                fields=["deadline"],
                condition=models.Q(status="invited"),
                name="allocation_invited_deadline",
            ),
            models.Index(
                fields=["booth_type"],
                condition=models.Q(booth_type__isnull=False),
                name="allocation_booth_type",
            ),
            models.Index(
                fields=["overridden_by"],
                condition=models.Q(overridden_by__isnull=False),
                name="allocation_overridden_by",
            ),
            models.Index(
                fields=["answer_recorded_by"],
                condition=models.Q(answer_recorded_by__isnull=False),
                name="allocation_answer_recorded_by",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "application"], name="allocation_one_per_application"
            ),
            # One booth per business per exhibition, whatever its number of products.
            models.UniqueConstraint(
                fields=["exhibition", "business"],
                condition=models.Q(status__in=["proposed", "invited", "confirmed"]),
                name="allocation_one_booth_per_business",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AllocationStatus.values),
                name="allocation_status_known",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["proposed", "invited", "confirmed"])
                | models.Q(booth_type__isnull=False),
                name="allocation_holding_has_booth",
            ),
        ]

    def __str__(self):
        # Names, not ids: the audit trail keeps this as the record's label.
        return f"{self.exhibition} · {self.business}"

    @property
    def holds_place(self):
        return self.status in HOLDING
