"""People and the offices they work for.

Every staff action happens inside an Organisation through a Membership that carries one role.
Producers (pelaku usaha) are users without any membership: their businesses link to them.
"""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kurasi.lib.phone import display_phone
from kurasi.lib.regions import region_name, validate_region_code


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email).lower() if email else None
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address or, for producers without one, a phone number."""

    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150)
    # E.164 (+6281234567890); forms normalise whatever people type.
    phone = models.CharField(_("phone"), max_length=16, unique=True, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="user_has_email_or_phone",
            ),
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.full_name or self.email or display_phone(self.phone)

    @cached_property
    def office_memberships(self) -> list:
        """The person's roles with their offices, read once per request: the access check, the
        navigation and the office menus all need them (request.user is loaded afresh each time)."""
        return list(self.memberships.select_related("organisation"))

    @property
    def is_staff(self):
        """Django admin access: platform operators (superusers) only. Office admins run their
        office on Kurasi's own pages."""
        return self.is_active and self.is_superuser

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else str(self)

    def get_full_name(self):
        return self.full_name

    @property
    def phone_display(self):
        return display_phone(self.phone)


class OrganisationKind(models.TextChoices):
    DINAS_PERINDAG = "dinas_perindag", _("Trade and Industry Office (Disperindag)")
    DINAS_PERINDUSTRIAN = "dinas_perindustrian", _("Industry Office")
    DINAS_KOPERASI_UKM = "dinas_koperasi_ukm", _("Cooperatives and SME Office")
    DEKRANASDA = "dekranasda", _("Regional Crafts Council (Dekranasda)")
    MINISTRY = "ministry", _("Ministry")
    OTHER = "other", _("Other")


class OrganisationQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Organisation(models.Model):
    """An office that runs curation programmes; programmes, businesses and staff belong to one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    kind = models.CharField(
        _("kind"),
        max_length=32,
        choices=OrganisationKind.choices,
        default=OrganisationKind.DINAS_PERINDAG,
    )
    # Kemendagri code of the area the office serves: 36.74 (city), 36 (province).
    region_code = models.CharField(
        _("region code (Kemendagri)"), max_length=13, validators=[validate_region_code]
    )
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    # The office's profile, printed on letters: a logo for the letterhead and who signs.
    logo = models.ImageField(_("letterhead logo"), upload_to="offices/logos/", blank=True)
    whatsapp = models.CharField(_("WhatsApp number"), max_length=16, blank=True)
    signatory_name = models.CharField(_("signatory's name"), max_length=150, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=150, blank=True)
    # Nomor Induk Pegawai: 18 digits for civil servants; kept as text (leading zeros, spaces).
    signatory_nip = models.CharField(_("signatory's NIP"), max_length=21, blank=True)
    # The office above this one in the chain that nominates producers upwards (kota/kabupaten →
    # provinsi → ministry): derived from the region codes when an office is created
    # (kurasi/accounts/chain.py), set by the platform operator where codes cannot tell (a
    # province under the ministry, two offices for one province).
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offices_below",
        verbose_name=_("office above"),
    )
    default_language = models.CharField(
        _("default language"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("insights:organisation_dashboard", args=[self.slug])

    @property
    def region_name(self):
        return region_name(self.region_code) or self.region_code


class Role(models.TextChoices):
    ADMIN = "admin", _("Office admin")
    FIELD_OFFICER = "field_officer", _("Field officer")
    CURATOR = "curator", _("Curator")


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user).select_related("organisation")

    def with_role(self, *roles):
        return self.filter(role__in=roles)


class Membership(models.Model):
    """A staff role of one person in one organisation. A person may serve several offices."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("office")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_role_per_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_known"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


from .models_codes import ProducerCode  # noqa: E402,F401  (registered model)
from .models_invitations import EmailChange, Invitation  # noqa: E402,F401  (registered models)
