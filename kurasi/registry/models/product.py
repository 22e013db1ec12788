"""Product groups (per office), products, and their photos."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductGroup(models.Model):
    """An office's product categories (tas, busana, aksesori, makanan, minuman ringan, …)."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="product_groups",
        verbose_name=_("office"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    # Food and drink follow their own legality rules (P-IRT, BPOM, halal) and rubric.
    is_food = models.BooleanField(_("food or drink"), default=False)
    kbli_codes = models.JSONField(_("usual KBLI codes"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    class Meta:
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="product_group_code_unique"
            )
        ]

    def __str__(self):
        return self.name


class ProductQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(business__organisation=organisation, business__merged_into__isnull=True)


class Product(models.Model):
    business = models.ForeignKey(
        "registry.Business",
        on_delete=models.CASCADE,
        related_name="products",
        verbose_name=_("business"),
    )
    group = models.ForeignKey(
        ProductGroup,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("product group"),
    )
    name = models.CharField(_("product name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    price = models.DecimalField(
        _("price (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. pcs, pack, kg"))
    monthly_capacity = models.PositiveIntegerField(_("capacity per month"), null=True, blank=True)
    materials = models.TextField(_("main materials"), blank=True)
    packaging = models.CharField(_("packaging"), max_length=200, blank=True)
    shelf_life_days = models.PositiveIntegerField(
        _("shelf life (days)"), null=True, blank=True, help_text=_("Food and drink only.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "id"]
        # (name, id) lets a list sorted by name stop after one page instead of sorting them all.
        indexes = [
            models.Index(fields=["group", "name", "id"]),
            models.Index(fields=["name", "id"]),
            # "Has a product in group G" per business, answered from the index alone (registry
            # filters, capped counts): 14 ms → 5 ms at 200,000 businesses.
            models.Index(fields=["business", "group"], name="product_business_group_idx"),
            # The office figures' fingerprint reads the latest change of any product.
            models.Index(fields=["updated_at"], name="product_changed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__isnull=True) | models.Q(price__gte=0),
                name="product_price_not_negative",
            )
        ]

    def __str__(self):
        return self.name


def product_photo_path(instance, filename):
    # The stored name never carries the uploader's file name (it may hold personal data).
    return f"products/{instance.product_id}/{instance.token}.jpg"


class ProductPhoto(models.Model):
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="photos", verbose_name=_("product")
    )
    token = models.CharField(_("file key"), max_length=32, unique=True, editable=False)
    image = models.ImageField(
        _("photo"), upload_to=product_photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(_("width (px)"), editable=False, default=0)
    height = models.PositiveIntegerField(_("height (px)"), editable=False, default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.product} #{self.position + 1}"
