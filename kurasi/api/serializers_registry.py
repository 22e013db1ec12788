"""Businesses, products and certificates as JSON. Output only: writes are validated by the pages'
forms (see forms.py); the *Input serializers describe the accepted body for the schema.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kurasi.registry.models import (
    Business,
    BusinessScale,
    Certificate,
    CertificateStatus,
    Gender,
    Product,
)


class ProductGroupRef(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    is_food = serializers.BooleanField()


class ProductSerializer(serializers.ModelSerializer):
    group = ProductGroupRef()
    business_id = serializers.IntegerField()
    business_name = serializers.CharField(source="business.name")
    photo_count = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "id",
            "business_id",
            "business_name",
            "group",
            "name",
            "description",
            "price",
            "unit",
            "monthly_capacity",
            "materials",
            "packaging",
            "shelf_life_days",
            "photo_count",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"price": {"coerce_to_string": False}}

    def get_photo_count(self, product) -> int:
        # Counted from the prefetched photos: one query for the whole page, not one per row.
        return len(product.photos.all())


class BusinessSerializer(serializers.ModelSerializer):
    """A business as the office's list shows it. The NIK is masked here; see BusinessDetail."""

    owner_gender = serializers.ChoiceField(choices=[*Gender.choices, ("", "")])
    scale = serializers.ChoiceField(choices=[*BusinessScale.choices, ("", "")])
    phone = serializers.CharField(source="phone_display")
    nik_masked = serializers.CharField()
    district_name = serializers.CharField()
    village_name = serializers.CharField()
    kbli_codes = serializers.ListField(child=serializers.CharField())
    marketplace_links = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Business
        fields = [
            "id",
            "name",
            "owner_name",
            "owner_gender",
            "nik_masked",
            "phone",
            "phone_is_whatsapp",
            "email",
            "district_code",
            "district_name",
            "village_code",
            "village_name",
            "nib",
            "kbli_codes",
            "scale",
            "year_founded",
            "workers",
            "marketplace_links",
            "created_at",
            "updated_at",
        ]


class BusinessDetailSerializer(BusinessSerializer):
    """Everything the business page shows; `nik` in full only for roles the page shows it to."""

    nik = serializers.SerializerMethodField()

    class Meta(BusinessSerializer.Meta):
        fields = [
            *BusinessSerializer.Meta.fields,
            "nik",
            "address",
            "postal_code",
            "npwp",
            "capital",
            "yearly_sales",
        ]
        extra_kwargs = {
            "capital": {"coerce_to_string": False},
            "yearly_sales": {"coerce_to_string": False},
        }

    @extend_schema_field(serializers.CharField(help_text="Full NIK, or masked for other roles."))
    def get_nik(self, business) -> str:
        return business.nik if self.context.get("show_nik") else business.nik_masked


class CertificateSerializer(serializers.ModelSerializer):
    type_code = serializers.CharField(source="type.code")
    type_name = serializers.CharField(source="type.name")
    status = serializers.SerializerMethodField()
    has_document = serializers.SerializerMethodField()
    verified = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "business_id",
            "product_id",
            "type_code",
            "type_name",
            "number",
            "issuer",
            "issued_on",
            "expires_on",
            "status",
            "has_document",
            "verified",
            "verified_at",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=CertificateStatus.choices))
    def get_status(self, certificate) -> str:
        return certificate.status_on(self.context.get("today") or timezone.localdate())

    def get_has_document(self, certificate) -> bool:
        return bool(certificate.document)

    def get_verified(self, certificate) -> bool:
        return certificate.verified_at is not None


# --- request bodies (documented shape; the pages' forms do the validation) -------------------


class BusinessInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    owner_name = serializers.CharField(max_length=150)
    owner_gender = serializers.ChoiceField(choices=Gender.choices)
    nik = serializers.CharField(required=False, allow_blank=True, max_length=24)
    phone = serializers.CharField(max_length=32, help_text="Any Indonesian form, e.g. 0812-…")
    phone_is_whatsapp = serializers.BooleanField(required=False)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    address = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    village_code = serializers.CharField(
        max_length=13, help_text="Kemendagri code of a village in the office's area."
    )
    postal_code = serializers.CharField(required=False, allow_blank=True, max_length=5)
    nib = serializers.CharField(required=False, allow_blank=True, max_length=20)
    npwp = serializers.CharField(required=False, allow_blank=True, max_length=24)
    kbli_codes = serializers.ListField(
        child=serializers.CharField(max_length=10), required=False, max_length=20
    )
    capital = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    yearly_sales = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    year_founded = serializers.IntegerField(required=False, allow_null=True)
    workers = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    marketplace_links = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, max_length=20
    )

    def to_form_data(self) -> dict:
        """The form shows lists as text: KBLI codes comma-separated, links one per line."""
        data = dict(self.validated_data)
        if "kbli_codes" in data:
            data["kbli_codes"] = ", ".join(data["kbli_codes"])
        if "marketplace_links" in data:
            data["marketplace_links"] = "\n".join(data["marketplace_links"])
        return {k: ("" if v is None else v) for k, v in data.items()}


class ProductInput(serializers.Serializer):
    group = serializers.IntegerField(help_text="Id of one of the office's product groups.")
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    price = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=40)
    monthly_capacity = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    materials = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    packaging = serializers.CharField(required=False, allow_blank=True, max_length=200)
    shelf_life_days = serializers.IntegerField(required=False, allow_null=True, min_value=0)

    def to_form_data(self) -> dict:
        return {k: ("" if v is None else v) for k, v in self.validated_data.items()}


class CertificateInput(serializers.Serializer):
    type = serializers.CharField(
        max_length=30, help_text="Code of a certificate type (nib, pirt, halal, …)."
    )
    product = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id of the business's product; null = whole."
    )
    number = serializers.CharField(max_length=60)
    issuer = serializers.CharField(required=False, allow_blank=True, max_length=200)
    issued_on = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)

    def to_form_data(self) -> dict:
        return {k: ("" if v is None else v) for k, v in self.validated_data.items()}
