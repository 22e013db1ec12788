"""Programmes (open calls) and applications as JSON."""

from rest_framework import serializers

from kurasi.programmes.models import Application, ApplicationStatus, Programme, ProgrammeStatus


class ProgrammeSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ProgrammeStatus.choices)
    product_group_ids = serializers.SerializerMethodField()
    applications_counted = serializers.IntegerField(
        source="counted", help_text="Applications taking a place in the quota."
    )
    applications_awaiting = serializers.IntegerField(
        source="awaiting", help_text="Submitted, awaiting verification."
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            "slug",
            "title",
            "year",
            "status",
            "registration_opens_at",
            "registration_closes_at",
            "curation_date",
            "quota",
            "venue",
            "product_group_ids",
            "applications_counted",
            "applications_awaiting",
        ]

    def get_product_group_ids(self, programme) -> list[int]:
        return sorted(group.pk for group in programme.product_groups.all())


class ApplicationSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    programme_slug = serializers.CharField(source="programme.slug")
    programme_title = serializers.CharField(source="programme.title")
    product_name = serializers.CharField(source="product.name")
    product_group = serializers.CharField(source="product.group.name")
    business_id = serializers.IntegerField(source="product.business_id")
    business_name = serializers.CharField(source="product.business.name")

    class Meta:
        model = Application
        fields = [
            "id",
            "programme_slug",
            "programme_title",
            "product_id",
            "product_name",
            "product_group",
            "business_id",
            "business_name",
            "status",
            "submitted_at",
            "verification_note",
            "verified_at",
            "created_at",
        ]


class VerificationInput(serializers.Serializer):
    complete = serializers.BooleanField(
        help_text="true: complete and verified; false: incomplete (then a note is required)."
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Goes in the message to the producer.",
    )
