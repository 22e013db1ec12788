"""Legality gap rows, facilitation programmes and participations as JSON.

As on the pages: a business's name, owner and district, never its NIK, phone or street address
(staff reach a producer from the business's own endpoint).
"""

from rest_framework import serializers

from kurasi.facilitation.models import FacilitationKind, ParticipationStatus, Severity
from kurasi.facilitation.rules import EXPIRED, EXPIRING, MISSING
from kurasi.registry.models import BusinessScale

from .serializers_answers import answer_field

GAP_STATUSES = [MISSING, EXPIRED, EXPIRING]
# A record's id as the database can hold it: larger numbers are refused as input, not looked up.
RECORD_ID = {"min_value": 1, "max_value": 2**63 - 1}


class GapRowSerializer(serializers.Serializer):
    """One row of a gap list: a requirement the business (or one of its products) does not
    hold validly on the day judged."""

    business_id = serializers.IntegerField(source="business.pk")
    business_name = serializers.CharField(source="business.name")
    owner_name = serializers.CharField(source="business.owner_name")
    scale = serializers.ChoiceField(
        choices=[*BusinessScale.choices, ("", "")], source="business.scale"
    )
    district_code = serializers.CharField(source="business.district_code")
    district_name = serializers.CharField(source="business.district_name")
    # null when the requirement is the business's own (NIB), not a product's.
    product_id = serializers.IntegerField(source="product.pk", allow_null=True)
    product_name = serializers.CharField(source="product.name", allow_null=True)
    product_group = serializers.CharField(source="product.group.name", allow_null=True)
    rule_code = serializers.CharField(source="rule_record.code")
    requirement = serializers.CharField(source="rule_record.name")
    accepted_certificates = serializers.ListField(
        child=serializers.CharField(), source="type_names", help_text="Any one satisfies the rule."
    )
    severity = serializers.ChoiceField(choices=Severity.choices, source="rule_record.severity")
    status = serializers.ChoiceField(
        choices=GAP_STATUSES,
        source="requirement.status",
        help_text="missing or expired: a gap to close; expiring: held, to renew in time.",
    )
    status_label = serializers.CharField()


class CertificateTypeRef(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class FacilitationProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=FacilitationKind.choices)
    target_type = CertificateTypeRef(
        allow_null=True, help_text="The certificate the programme helps to obtain."
    )
    target_criterion_key = serializers.CharField(help_text="The rubric criterion it improves.")
    quota = serializers.IntegerField(allow_null=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    provider = serializers.CharField()
    cost_to_producer = serializers.DecimalField(
        max_digits=14, decimal_places=0, coerce_to_string=False
    )
    is_free = serializers.BooleanField()
    description = serializers.CharField()
    participants = serializers.IntegerField()
    done = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class StatusCount(serializers.Serializer):
    status = serializers.ChoiceField(choices=ParticipationStatus.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class FacilitationProgrammeDetailSerializer(FacilitationProgrammeSerializer):
    participations_by_status = StatusCount(many=True, help_text="Every status, zeros included.")


class ParticipationCertificate(serializers.Serializer):
    id = serializers.IntegerField()
    type_code = serializers.CharField(source="type.code")
    type_name = serializers.CharField(source="type.name")
    number = serializers.CharField()


class ParticipationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme_id = serializers.IntegerField()
    business_id = serializers.IntegerField()
    business_name = serializers.CharField(source="business.name")
    owner_name = serializers.CharField(source="business.owner_name")
    status = serializers.ChoiceField(choices=ParticipationStatus.choices)
    invited_at = serializers.DateTimeField(allow_null=True)
    enrolled_at = serializers.DateTimeField(allow_null=True)
    started_at = serializers.DateTimeField(allow_null=True)
    done_at = serializers.DateTimeField(allow_null=True)
    dropped_at = serializers.DateTimeField(allow_null=True)
    outcome_note = serializers.CharField()
    certificate = ParticipationCertificate(
        allow_null=True, help_text="The certificate obtained through the programme."
    )
    updated_at = serializers.DateTimeField()
    answer = answer_field()


class ParticipationStatusInput(serializers.Serializer):
    """The body's shape; the page's StatusForm validates it."""

    status = serializers.ChoiceField(choices=ParticipationStatus.choices)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="The outcome note; empty keeps the current one.",
    )


class FacilitationProgrammeInput(serializers.Serializer):
    """The body's shape; the page's ProgrammeForm validates it."""

    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=FacilitationKind.choices)
    target_type = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=30,
        help_text="Code of the certificate type it helps to obtain (halal, sni, …); empty: none.",
    )
    target_criterion_key = serializers.CharField(required=False, allow_blank=True, max_length=40)
    quota = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    provider = serializers.CharField(required=False, allow_blank=True, max_length=200)
    cost_to_producer = serializers.IntegerField(
        default=0, min_value=0, help_text="Rupiah; 0 means free."
    )
    description = serializers.CharField(required=False, allow_blank=True)

    def to_form_data(self) -> dict:
        return {k: ("" if v is None else v) for k, v in self.validated_data.items()}


class ParticipantsInput(serializers.Serializer):
    businesses = serializers.ListField(
        child=serializers.IntegerField(**RECORD_ID),
        help_text="Ids of the office's businesses; others are ignored, as on the page.",
    )
    action = serializers.ChoiceField(
        choices=[("invite", "invite"), ("enrol", "enrol")],
        default="invite",
        help_text="invite (they confirm later) or enrol directly.",
    )


class ParticipantsAddedSerializer(serializers.Serializer):
    added = ParticipationSerializer(many=True)
    not_added = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Ids left as they were: already taking part, or not a business of this office.",
    )


class CompleteInput(serializers.Serializer):
    """The body's shape; the page's CompleteForm and the service validate it."""

    number = serializers.CharField(max_length=60, help_text="The certificate's number.")
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(
        required=False, allow_null=True, help_text="Empty: from the type's validity."
    )
    product = serializers.IntegerField(
        required=False,
        allow_null=True,
        **RECORD_ID,
        help_text="Id of the business's product; null: whole.",
    )

    def to_form_data(self) -> dict:
        return {k: ("" if v is None else v) for k, v in self.validated_data.items()}
