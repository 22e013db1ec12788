"""Calls for nominations as JSON: the organiser's calls and the nominees its offices shared; an
office's calls asked, its candidates (eligible or not, and why) and its own list.

What the organiser reads of a nominee is what the office shared (kurasi/nominations/organiser.py
builds it): never the NIK, the producer's contacts only once her place is confirmed, photos,
scores and legality only when the office shares them (null otherwise). An office reads its own
nominees in full but for contacts, which are on its registry's endpoints.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kurasi.exhibitions.models import AllocationStatus
from kurasi.lib.answers import STAFF_CHANNELS, check_who
from kurasi.nominations import criteria
from kurasi.nominations.models import CallStatus, ConsentState
from kurasi.nominations.services import HELD_BACK_NO_CONSENT, accepting, held_back_text

# A record's id as the database can hold it: larger numbers are refused as input, not looked up.
RECORD_ID = {"min_value": 1, "max_value": 2**63 - 1}

# Why an application cannot be nominated, or why a nominee is held back: stable codes beside
# the sentence (the schema names them as NominationReasonEnum).
REASON_CODES = [
    (code, code)
    for code in (
        criteria.OTHER_OFFICE,
        criteria.NOT_DECIDED,
        criteria.ABSENT,
        criteria.NOT_PASSED,
        criteria.TOO_OLD,
        criteria.FOOD_PERMIT,
        criteria.BUSINESS_NOMINATED,
        HELD_BACK_NO_CONSENT,
    )
]


class Reason(serializers.Serializer):
    code = serializers.ChoiceField(choices=REASON_CODES, help_text="Stable, for programs.")
    text = serializers.CharField(help_text="For people, in the request's language.")


class GroupRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ExhibitionRef(serializers.Serializer):
    name = serializers.CharField()
    venue = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


# --- the organiser's calls -------------------------------------------------------------------


class CallSerializer(serializers.Serializer):
    """One of the organiser's calls (the list's row)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    note = serializers.CharField(help_text="What the organiser asks of the offices.")
    exhibition_id = serializers.IntegerField(
        help_text="The organiser's exhibition the nominees are for (see exhibitions/)."
    )
    exhibition = ExhibitionRef()
    status = serializers.ChoiceField(choices=CallStatus.choices)
    deadline = serializers.DateTimeField(help_text="Nominations close.")
    opened_at = serializers.DateTimeField(allow_null=True)
    passed_within_years = serializers.IntegerField(
        help_text="A nominee's outcome must count as passed, decided within these years."
    )
    food_certificate_codes = serializers.ListField(
        child=serializers.CharField(),
        help_text="Food and drink must hold a valid permit of one of these codes (empty: none).",
    )
    groups = GroupRef(
        many=True,
        source="groups.all",
        help_text="The organiser's product groups nominees are filed under (empty: any).",
    )
    offices_asked = serializers.IntegerField(source="asked")
    lists_submitted = serializers.IntegerField(source="submitted")
    created_at = serializers.DateTimeField()


class CallDetailSerializer(CallSerializer):
    nominees_shared = serializers.IntegerField(
        help_text="Nominees the offices shared (consent given, list submitted)."
    )


class OfficeAskInput(serializers.Serializer):
    office = serializers.SlugField(max_length=100, help_text="The office's slug; one below you.")
    quota = serializers.IntegerField(
        min_value=1, max_value=500, help_text="At most this many nominees."
    )
    minimum = serializers.IntegerField(
        min_value=0, max_value=500, default=0, help_text="At least this many placed."
    )


class CallUpdateInput(serializers.Serializer):
    """The call's settings; the service checks them (deadline before the first day, groups and
    offices of yours)."""

    title = serializers.CharField(max_length=200)
    note = serializers.CharField(required=False, allow_blank=True, max_length=3000, default="")
    deadline = serializers.DateTimeField(help_text="Nominations close; in the future.")
    passed_within_years = serializers.IntegerField(min_value=1, max_value=10, default=2)
    group_ids = serializers.ListField(
        child=serializers.IntegerField(**RECORD_ID),
        required=False,
        default=list,
        max_length=200,
        help_text="Your product groups nominees are filed under; empty: any product.",
    )
    food_certificate_codes = serializers.ListField(
        child=serializers.RegexField(r"^[A-Za-z0-9-]{1,30}$"),
        required=False,
        default=list,
        max_length=20,
        help_text="Permit type codes, e.g. halal, spp-irt; empty: no permit asked of food.",
    )
    offices = serializers.ListField(
        child=OfficeAskInput(),
        required=False,
        max_length=2000,
        help_text="The offices asked with their quotas. On create, absent: every office "
        "directly below you, 5 each. On change, the whole list (an office left out is no "
        "longer asked, unless it nominated already).",
    )

    def validate_deadline(self, value):
        # Far years would overflow when turned into a local date.
        if not 2000 <= value.year <= 2200:
            raise serializers.ValidationError(_("Enter a date between the years 2000 and 2200."))
        return value


class CallInput(CallUpdateInput):
    exhibition_id = serializers.IntegerField(
        **RECORD_ID, help_text="One of your exhibitions without a call yet."
    )


class CallOfficeRowSerializer(serializers.Serializer):
    """An office asked, as the organiser sees it: what it shares and how many, never who it
    held back. Until the office submits, its list is its own: no note, no choices, no counts."""

    id = serializers.IntegerField(help_text="The office's place in the call (filter: office).")
    office = serializers.CharField(source="office__slug")
    office_name = serializers.CharField(source="office__name")
    quota = serializers.IntegerField()
    minimum = serializers.IntegerField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    cover_note = serializers.SerializerMethodField()
    shares_photos = serializers.SerializerMethodField()
    shares_scores = serializers.SerializerMethodField()
    shares_legality = serializers.SerializerMethodField()
    shared = serializers.IntegerField()
    held_back = serializers.IntegerField(
        source="held", help_text="A number only: the organiser never learns who."
    )

    def _submitted(self, row, name):
        return row[name] if row["submitted_at"] else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_cover_note(self, row):
        return self._submitted(row, "cover_note")

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_shares_photos(self, row):
        return self._submitted(row, "share_photos")

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_shares_scores(self, row):
        return self._submitted(row, "share_scores")

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_shares_legality(self, row):
        return self._submitted(row, "share_legality")


class Permit(serializers.Serializer):
    name = serializers.CharField()
    valid = serializers.BooleanField(help_text="Valid on the exhibition's first day.")


class Contacts(serializers.Serializer):
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()


class NomineePlace(serializers.Serializer):
    """The nominee's row in the organiser's allocation (see exhibitions/…/allocations/)."""

    allocation_id = serializers.IntegerField(source="pk")
    status = serializers.ChoiceField(choices=AllocationStatus.choices)
    label = serializers.CharField(source="get_status_display")
    deadline = serializers.DateTimeField(allow_null=True, help_text="Answer before this moment.")


class SharedNomineeSerializer(serializers.Serializer):
    """A shared nominee (organiser.NomineeRow): only what its office chose to share."""

    id = serializers.IntegerField(source="nomination.pk")
    office_call_id = serializers.IntegerField(source="nomination.call_office_id")
    office = serializers.SerializerMethodField(help_text="The nominating office's slug.")
    office_name = serializers.CharField(source="office.name")
    product_name = serializers.CharField(source="nomination.application.product.name")
    group = GroupRef(source="nomination.group", allow_null=True)
    business_name = serializers.CharField(source="nomination.application.product.business.name")
    regency = serializers.CharField(help_text="City or regency of the business.")
    photo_urls = serializers.SerializerMethodField(
        help_text="null: the office does not share photos. Served to a signed-in session."
    )
    score = serializers.SerializerMethodField(help_text="null: the office does not share scores.")
    outcome = serializers.SerializerMethodField()
    permits = serializers.SerializerMethodField(
        help_text="Permits held; null: the office does not share legality."
    )
    place = serializers.SerializerMethodField(help_text="null: not allocated yet.")
    place_reason = serializers.CharField(source="reason")
    contacts = serializers.SerializerMethodField(
        help_text="The producer's contacts: only once her place is confirmed, null before."
    )

    def get_office(self, row) -> str:
        # The page's rows read the office's name only; the view looks the slugs up at once.
        return self.context["office_slugs"][row.nomination.call_office_id]

    @extend_schema_field(serializers.ListField(child=serializers.CharField(), allow_null=True))
    def get_photo_urls(self, row):
        if not row.shares.share_photos:
            return None
        arguments = [self.context["organiser_slug"], self.context["call_id"]]
        return [
            reverse("nominations:nominee_photo", args=[*arguments, token]) for token in row.photos
        ]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_score(self, row):
        return row.score if row.shares.share_scores and row.score is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_outcome(self, row):
        return str(row.outcome) if row.shares.share_scores else None

    @extend_schema_field(Permit(many=True, allow_null=True))
    def get_permits(self, row):
        if not row.shares.share_legality:
            return None
        return [{"name": name, "valid": valid} for name, valid in row.permits]

    @extend_schema_field(NomineePlace(allow_null=True))
    def get_place(self, row):
        return NomineePlace(row.allocation).data if row.allocation else None

    @extend_schema_field(Contacts(allow_null=True))
    def get_contacts(self, row):
        return row.contacts


# --- an office asked ---------------------------------------------------------------------------


class AskedCallSerializer(serializers.Serializer):
    """A call the office was asked (CallOffice): the organiser's request and the office's list."""

    id = serializers.IntegerField()
    title = serializers.CharField(source="call.title")
    note = serializers.CharField(source="call.note")
    organiser = serializers.CharField(source="call.organisation.name")
    exhibition = ExhibitionRef(source="call.exhibition")
    status = serializers.ChoiceField(source="call.status", choices=CallStatus.choices)
    deadline = serializers.DateTimeField(source="call.deadline")
    accepting = serializers.SerializerMethodField(
        help_text="The list can still change: the call is open and its deadline ahead."
    )
    passed_within_years = serializers.IntegerField(source="call.passed_within_years")
    food_certificate_codes = serializers.ListField(
        child=serializers.CharField(), source="call.food_certificate_codes"
    )
    quota = serializers.IntegerField()
    minimum = serializers.IntegerField()
    nominees = serializers.IntegerField()
    agreed = serializers.IntegerField(help_text="Nominees who agreed to share.")
    submitted_at = serializers.DateTimeField(allow_null=True)
    cover_note = serializers.CharField()
    share_photos = serializers.BooleanField()
    share_scores = serializers.BooleanField()
    share_legality = serializers.BooleanField()

    def get_accepting(self, call_office) -> bool:
        return accepting(call_office.call)


class AskedCallDetailSerializer(AskedCallSerializer):
    groups = GroupRef(many=True, help_text="The organiser's groups a nominee goes under.")
    room = serializers.IntegerField(help_text="Nominees that can still be added (quota).")


class CandidateSerializer(serializers.Serializer):
    """One of the office's decided applications judged for the call (criteria.Candidate)."""

    application_id = serializers.IntegerField(source="application.pk")
    product_id = serializers.IntegerField(source="application.product_id")
    product_name = serializers.CharField(source="application.product.name")
    product_group = serializers.CharField(
        source="application.product.group.name", allow_null=True, help_text="The office's group."
    )
    business_id = serializers.IntegerField(source="application.business_id")
    business_name = serializers.CharField(source="application.business.name")
    score = serializers.FloatField(allow_null=True)
    outcome = serializers.CharField()
    eligible = serializers.BooleanField()
    reasons = Reason(many=True, help_text="Why it cannot be nominated; empty when it can.")
    group = GroupRef(
        allow_null=True,
        help_text="The organiser's group its own maps to; null: choose one when nominating.",
    )
    nomination_id = serializers.SerializerMethodField(help_text="null: not on the list.")

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_nomination_id(self, candidate):
        return candidate.nomination.pk if candidate.nomination else None


class NomineeSerializer(serializers.Serializer):
    """One of the office's own nominees."""

    id = serializers.IntegerField()
    application_id = serializers.IntegerField()
    product_name = serializers.CharField(source="application.product.name")
    business_id = serializers.IntegerField(source="application.business_id")
    business_name = serializers.CharField(source="application.business.name")
    group = GroupRef(allow_null=True, help_text="The organiser's group it is filed under.")
    consent = serializers.ChoiceField(choices=ConsentState.choices)
    consent_channel = serializers.ChoiceField(choices=[*STAFF_CHANNELS, ("", "")])
    consent_by = serializers.CharField(help_text="Who answered, the name as said.")
    consent_at = serializers.DateTimeField(allow_null=True)
    held_back = serializers.SerializerMethodField(
        help_text="Why the organiser does not get this nominee; null: it goes (once submitted)."
    )
    shared = serializers.SerializerMethodField(
        help_text="The organiser sees it now: consent given and the list submitted."
    )
    created_at = serializers.DateTimeField()

    @extend_schema_field(Reason(allow_null=True))
    def get_held_back(self, nomination):
        if nomination.consent == ConsentState.GIVEN:
            return None
        return {"code": HELD_BACK_NO_CONSENT, "text": held_back_text()}

    def get_shared(self, nomination) -> bool:
        return nomination.shared


class NomineeChoice(serializers.Serializer):
    application_id = serializers.IntegerField(**RECORD_ID)
    group_id = serializers.IntegerField(
        **RECORD_ID,
        required=False,
        allow_null=True,
        help_text="The organiser's group to file it under; absent: the one its group maps to.",
    )


class NominateInput(serializers.Serializer):
    nominees = serializers.ListField(
        child=NomineeChoice(),
        min_length=1,
        max_length=500,
        help_text="All or nothing: one that cannot go refuses the request, with the reasons.",
    )


class NominatedSerializer(serializers.Serializer):
    message = serializers.CharField()
    created = NomineeSerializer(many=True)


class ConsentInput(serializers.Serializer):
    given = serializers.BooleanField(help_text="true: agrees to share; false: refuses.")
    channel = serializers.ChoiceField(choices=STAFF_CHANNELS, help_text="How they answered.")
    consent_by = serializers.CharField(
        max_length=120,
        help_text="Who answered, the name as said (e.g. 'Ibu Sari, pemilik'); never a phone "
        "number (it is kept in the audit trail).",
    )

    def validate_consent_by(self, value):
        try:
            return check_who(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class ConsentAskedSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="How the request went out (or why it could not).")
    outbox_message_id = serializers.IntegerField(help_text="The message in your outbox.")
    nomination = NomineeSerializer()


class SubmitInput(serializers.Serializer):
    """Absent choices keep the office's current ones."""

    cover_note = serializers.CharField(required=False, allow_blank=True, max_length=3000)
    share_photos = serializers.BooleanField(required=False)
    share_scores = serializers.BooleanField(required=False, help_text="Score and outcome.")
    share_legality = serializers.BooleanField(
        required=False, help_text="Permits held, valid on the first day or not."
    )


class HeldBackSerializer(serializers.Serializer):
    nomination = NomineeSerializer()
    reason = Reason()


class ListStateSerializer(serializers.Serializer):
    message = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    sent = NomineeSerializer(many=True, help_text="What the organiser gets.")
    held_back = HeldBackSerializer(many=True, help_text="What stays with the office, and why.")
