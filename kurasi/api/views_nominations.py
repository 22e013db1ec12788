"""Calls for nominations as on their pages, through the same services and access helpers
(kurasi/nominations/services.py, access.py, criteria.py, organiser.py).

The organiser (o/<organiser>/nominations/calls/…): its admins create, change, open and close
calls; its admins and field officers read the calls, the offices asked and the nominees those
offices SHARED, each with only what its office chose to share. Its decisions are the allocation:
the exhibition endpoints run it (exhibitions/<id>/allocate/, invitations/) and each nominee's
place shows here.

An office asked (o/<office>/nominations/asked/…): its admins nominate, withdraw and submit; its
admins and field officers read, record the producer's consent or ask for it. Curators of either
office are refused (403); any other office gets 404, a lower office on the organiser's calls too.

A refusal that comes from the call's state (closed, past its deadline, the quota full) is a 409
with the service's sentences; one that comes from what was sent, a 400 naming the field.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status as http
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kurasi.accounts.chain import offices_below
from kurasi.accounts.models import Organisation
from kurasi.exhibitions.models import Exhibition
from kurasi.lib.concurrency import StaleEdit
from kurasi.nominations import criteria, organiser, services
from kurasi.nominations.access import (
    READ_ROLES,
    WRITE_ROLES,
    get_call_for_organiser,
    get_call_office_for_staff,
)
from kurasi.nominations.allocation import shared_nominations
from kurasi.nominations.models import CallOffice
from kurasi.nominations.views_calls import calls_of
from kurasi.nominations.views_office import calls_asked, submitted_message
from kurasi.outbox import services as outbox
from kurasi.registry.models import ProductGroup

from .base import OfficeView
from .concurrency import ETAG_HEADER, IF_MATCH, STALE, sent_revision, stale_response, with_etag
from .errors import Conflict
from .lists import bool_param, checked_query, id_param
from .schema import Error
from .serializers_nominations import (
    AskedCallDetailSerializer,
    AskedCallSerializer,
    CallDetailSerializer,
    CallInput,
    CallOfficeRowSerializer,
    CallSerializer,
    CallUpdateInput,
    CandidateSerializer,
    ConsentAskedSerializer,
    ConsentInput,
    ListStateSerializer,
    NominatedSerializer,
    NominateInput,
    NomineeSerializer,
    SharedNomineeSerializer,
    SubmitInput,
)

CLOSED = OpenApiResponse(
    Error,
    "The call no longer takes changes (not open, closed, past its deadline); nothing changed.",
)


def state_refusal(error):
    """A service's refusal of the call's or the record's state: 409 with its sentences."""
    return Conflict(" ".join(error.messages))


# --- the organiser ---------------------------------------------------------------------------


def organiser_calls(organisation):
    return calls_of(organisation).prefetch_related(
        Prefetch("groups", queryset=ProductGroup.objects.order_by("name", "pk"))
    )


def call_detail(organisation, call):
    detail = organiser_calls(organisation).select_related("exhibition").get(pk=call.pk)
    detail.nominees_shared = (
        shared_nominations(call.exhibition).filter(call_office__call=call).count()
    )
    return detail


# Field names of the service's refusals as the body names them.
CALL_FIELDS = {
    "groups": "group_ids",
    "deadline": "deadline",
    "passed_within_years": "passed_within_years",
    "food_certificate_codes": "food_certificate_codes",
    "offices": "offices",
    "title": "title",
}


def call_refusal(error):
    """A field of the body (400) or the call's state (409: it has a call already, it is closed)."""
    if not hasattr(error, "error_dict"):
        return state_refusal(error)
    return ValidationError(
        {
            CALL_FIELDS.get(name, "non_field_errors"): messages
            for name, messages in error.message_dict.items()
        }
    )


def asked_offices(organisation, rows):
    """[(office, quota, minimum)] from the body's `offices`; an office that is not below the
    organiser is refused with the service's own sentence (unknown slugs read the same)."""
    slugs = [row["office"] for row in rows]
    if len(set(slugs)) != len(slugs):
        raise ValidationError({"offices": [_("Name each office once.")]})
    found = Organisation.objects.filter(pk__in=offices_below(organisation), slug__in=slugs)
    below = {office.slug: office for office in found}
    problems = [
        _("%(office)s is not an office below %(organiser)s.")
        % {"office": slug, "organiser": organisation.name}
        for slug in slugs
        if slug not in below
    ]
    if problems:
        raise ValidationError({"offices": problems})
    return [(below[row["office"]], row["quota"], row["minimum"]) for row in rows]


def own_groups(organisation, ids):
    groups = list(ProductGroup.objects.filter(organisation=organisation, pk__in=set(ids)))
    if len(groups) != len(set(ids)):
        raise ValidationError({"group_ids": [_("Choose product groups of your own office.")]})
    return groups


def call_arguments(organisation, data) -> dict:
    arguments = {
        "title": data["title"],
        "note": data["note"],
        "deadline": data["deadline"],
        "passed_within_years": data["passed_within_years"],
        "groups": own_groups(organisation, data["group_ids"]),
        "food_certificate_codes": data["food_certificate_codes"],
    }
    if data.get("offices") is not None:
        arguments["offices"] = asked_offices(organisation, data["offices"])
    return arguments


class CallList(OfficeView):
    """The organiser's calls, latest deadline first, with the offices asked and lists in."""

    scope_area = "nominations"
    serializer_class = CallSerializer

    @extend_schema(responses=CallSerializer(many=True))
    def get(self, request, org_slug):
        organisation = self.membership(*READ_ROLES).organisation
        return self.paginated(organiser_calls(organisation), CallSerializer)

    @extend_schema(
        request=CallInput,
        responses={
            201: CallDetailSerializer,
            409: OpenApiResponse(Error, "The exhibition has a call already."),
        },
    )
    def post(self, request, org_slug):
        """A draft call on one of the organiser's exhibitions (admins); open it to send it."""
        organisation = self.membership(*WRITE_ROLES).organisation
        body = CallInput(data=request.data)
        body.is_valid(raise_exception=True)
        exhibition = Exhibition.objects.filter(
            organisation=organisation, pk=body.validated_data["exhibition_id"]
        ).first()
        if exhibition is None:
            raise ValidationError({"exhibition_id": [_("Choose one of your exhibitions.")]})
        arguments = call_arguments(organisation, body.validated_data)
        try:
            call = services.create_call(actor=request.user, exhibition=exhibition, **arguments)
        except DjangoValidationError as error:
            raise call_refusal(error) from error
        detail = call_detail(organisation, call)
        return with_etag(
            Response(CallDetailSerializer(detail).data, status=http.HTTP_201_CREATED), detail
        )


class CallDetail(OfficeView):
    scope_area = "nominations"
    serializer_class = CallDetailSerializer

    @extend_schema(parameters=[ETAG_HEADER])
    def get(self, request, org_slug, call_id):
        membership, call = get_call_for_organiser(request.user, org_slug, call_id)
        detail = call_detail(membership.organisation, call)
        return with_etag(Response(CallDetailSerializer(detail).data), detail)

    @extend_schema(
        request=CallUpdateInput(partial=True),
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={
            200: CallDetailSerializer,
            412: STALE,
            409: OpenApiResponse(Error, "The call is closed; nothing changed."),
        },
    )
    def patch(self, request, org_slug, call_id):
        """Change a call that is not closed (admins): the fields sent; `offices`, when sent,
        is the whole list asked."""
        membership, call = get_call_for_organiser(request.user, org_slug, call_id, *WRITE_ROLES)
        organisation = membership.organisation
        revision = sent_revision(request)
        body = CallUpdateInput(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        sent = {name: body.validated_data[name] for name in request.data if name in body.fields}
        data = {**current_call_values(call), **sent}
        arguments = call_arguments(organisation, data)
        if "offices" not in arguments:
            arguments["offices"] = [
                (row.office, row.quota, row.minimum)
                for row in call.offices.select_related("office")
            ]
        try:
            services.update_call(actor=request.user, call=call, revision=revision, **arguments)
        except StaleEdit as stale:
            current = stale.current
            shown = {"title": current.title, "deadline": current.deadline.isoformat()}
            return stale_response(stale, payload=sent, stored=shown)
        except DjangoValidationError as error:
            raise call_refusal(error) from error
        detail = call_detail(organisation, call)
        return with_etag(Response(CallDetailSerializer(detail).data), detail)


def current_call_values(call) -> dict:
    return {
        "title": call.title,
        "note": call.note,
        "deadline": call.deadline,
        "passed_within_years": call.passed_within_years,
        "group_ids": list(call.groups.values_list("pk", flat=True)),
        "food_certificate_codes": list(call.food_certificate_codes),
    }


class CallStatusChange(OfficeView):
    """Open a draft call (the offices asked see it) or close an open one (admins)."""

    scope_area = "nominations"
    serializer_class = CallDetailSerializer
    change = None  # a service: services.open_call or services.close_call

    @extend_schema(
        request=None,
        responses={
            200: CallDetailSerializer,
            409: OpenApiResponse(Error, "Not possible in the call's state; the message says why."),
        },
    )
    def post(self, request, org_slug, call_id):
        membership, call = get_call_for_organiser(request.user, org_slug, call_id, *WRITE_ROLES)
        try:
            self.change(actor=request.user, call=call)
        except DjangoValidationError as error:
            raise state_refusal(error) from error
        detail = call_detail(membership.organisation, call)
        return with_etag(Response(CallDetailSerializer(detail).data), detail)


class CallOpen(CallStatusChange):
    change = staticmethod(services.open_call)


class CallClose(CallStatusChange):
    change = staticmethod(services.close_call)


class CallOfficeList(OfficeView):
    """The offices asked, by name: quota, whether their list is in, what they share and how
    many they shared (of those held back, a number only)."""

    scope_area = "nominations"
    serializer_class = CallOfficeRowSerializer

    @extend_schema(responses=CallOfficeRowSerializer(many=True))
    def get(self, request, org_slug, call_id):
        _membership, call = get_call_for_organiser(request.user, org_slug, call_id)
        # The page's rows (its order and its counts of shared and held back), with the values
        # a program needs beside them (slug, dates, share choices) in one more query.
        page = self.paginate_queryset(organiser.office_rows(call))
        data = CallOfficeRowSerializer(office_data(page), many=True).data
        return self.get_paginated_response(data)


OFFICE_FIELDS = (
    "office__slug",
    "office__name",
    "quota",
    "minimum",
    "submitted_at",
    "cover_note",
    "share_photos",
    "share_scores",
    "share_legality",
)


def office_data(rows) -> list[dict]:
    """The organiser's rows of offices asked as the API gives them."""
    found = {
        values[0]: dict(zip(OFFICE_FIELDS, values[1:], strict=True))
        for values in CallOffice.objects.filter(pk__in=[row.pk for row in rows]).values_list(
            "pk", *OFFICE_FIELDS
        )
    }
    return [
        {**found[row.pk], "id": row.pk, "shared": row.shared_count, "held": row.held_count}
        for row in rows
    ]


NOMINEE_FILTERS = [
    id_param("office", "An office's place in the call (offices/ id)."),
    id_param("group", "One of your product groups."),
]


class SharedNomineeList(OfficeView):
    """The nominees the offices shared (consent given, list submitted), by office, business and
    product, each with only what its office shares and its place in the allocation."""

    scope_area = "nominations"
    serializer_class = SharedNomineeSerializer

    @extend_schema(parameters=NOMINEE_FILTERS, responses=SharedNomineeSerializer(many=True))
    def get(self, request, org_slug, call_id):
        membership, call = get_call_for_organiser(request.user, org_slug, call_id)
        query = checked_query(request, NOMINEE_FILTERS)
        filters = organiser.Filters(
            office=int(query["office"]) if "office" in query else None,
            group=int(query["group"]) if "group" in query else None,
        )
        page = list(self.paginate_queryset(organiser.nominees(call, filters)))
        rows = organiser.nominee_rows(call, page)
        context = {
            "organiser_slug": membership.organisation.slug,
            "call_id": call.pk,
            "office_slugs": dict(
                CallOffice.objects.filter(pk__in={n.call_office_id for n in page}).values_list(
                    "pk", "office__slug"
                )
            ),
        }
        return self.get_paginated_response(
            SharedNomineeSerializer(rows, many=True, context=context).data
        )


# --- an office asked ---------------------------------------------------------------------------


class AskedCallList(OfficeView):
    """The calls the office was asked (once opened), latest deadline first."""

    scope_area = "nominations"
    serializer_class = AskedCallSerializer

    @extend_schema(responses=AskedCallSerializer(many=True))
    def get(self, request, org_slug):
        organisation = self.membership(*READ_ROLES).organisation
        return self.paginated(calls_asked(organisation), AskedCallSerializer)


def asked_detail(call_office):
    detail = calls_asked(call_office.office).get(pk=call_office.pk)
    detail.groups = criteria.organiser_groups(call_office.call)
    detail.room = max(call_office.quota - services.places_taken(call_office), 0)
    return detail


class AskedCallDetail(OfficeView):
    scope_area = "nominations"
    serializer_class = AskedCallDetailSerializer

    def get(self, request, org_slug, call_office_id):
        _membership, call_office = get_call_office_for_staff(request.user, org_slug, call_office_id)
        return Response(AskedCallDetailSerializer(asked_detail(call_office)).data)


CANDIDATE_FILTERS = [bool_param("eligible", "Only those that can (true) or cannot (false) go.")]


class CandidateList(OfficeView):
    """The office's decided applications judged by the call's criteria: those that can go first
    (best score first), then those that cannot, each with its reasons (codes and sentences)."""

    scope_area = "nominations"
    serializer_class = CandidateSerializer

    @extend_schema(parameters=CANDIDATE_FILTERS, responses=CandidateSerializer(many=True))
    def get(self, request, org_slug, call_office_id):
        _membership, call_office = get_call_office_for_staff(request.user, org_slug, call_office_id)
        query = checked_query(request, CANDIDATE_FILTERS)
        candidates = criteria.assess(call_office)
        if "eligible" in query:
            wanted = query["eligible"] == "true"
            candidates = [c for c in candidates if c.eligible == wanted]
        candidates.sort(key=lambda c: (not c.eligible, -(c.score or 0), c.application.pk))
        return self.paginated(candidates, CandidateSerializer)


def nominees_of(call_office):
    return call_office.nominations.select_related(
        "application__product", "application__business", "group"
    ).order_by("id")


def with_call_office(nominations, call_office):
    """The nominations with their call office set (`shared` reads its submitted_at)."""
    for nomination in nominations:
        nomination.call_office = call_office
    return nominations


class NomineeList(OfficeView):
    """The office's own list, in the order nominated, with each nominee's consent to share and
    why a nominee is held back."""

    scope_area = "nominations"
    serializer_class = NomineeSerializer

    @extend_schema(responses=NomineeSerializer(many=True))
    def get(self, request, org_slug, call_office_id):
        _membership, call_office = get_call_office_for_staff(request.user, org_slug, call_office_id)
        page = self.paginate_queryset(nominees_of(call_office))
        rows = with_call_office(list(page), call_office)
        return self.get_paginated_response(NomineeSerializer(rows, many=True).data)

    @extend_schema(
        request=NominateInput,
        responses={201: NominatedSerializer, 409: CLOSED},
    )
    def post(self, request, org_slug, call_office_id):
        """Nominate (admins): consent is "not asked" until recorded or asked."""
        _membership, call_office = get_call_office_for_staff(
            request.user, org_slug, call_office_id, *WRITE_ROLES
        )
        body = NominateInput(data=request.data)
        body.is_valid(raise_exception=True)
        chosen = body.validated_data["nominees"]
        ids = [row["application_id"] for row in chosen]
        groups = {row["application_id"]: row["group_id"] for row in chosen if row.get("group_id")}
        try:
            created = services.nominate(
                actor=request.user, call_office=call_office, applications=ids, group_choices=groups
            )
        except DjangoValidationError as error:
            if not services.accepting(call_office.call):
                raise state_refusal(error) from error
            raise ValidationError({"nominees": error.messages}) from error
        message = ngettext(
            "%(n)s product nominated. Record or ask the producer's consent to share.",
            "%(n)s products nominated. Record or ask the producers' consent to share.",
            len(created),
        ) % {"n": len(created)}
        rows = with_call_office(
            list(nominees_of(call_office).filter(pk__in=[n.pk for n in created])), call_office
        )
        result = NominatedSerializer({"message": message, "created": rows})
        return Response(result.data, status=http.HTTP_201_CREATED)


def nominee_in(call_office, pk):
    nomination = get_object_or_404(nominees_of(call_office), pk=pk)
    nomination.call_office = call_office
    return nomination


class NomineeDetail(OfficeView):
    """One of the office's nominees; DELETE takes it off the list (admins, until the
    deadline)."""

    scope_area = "nominations"
    serializer_class = NomineeSerializer

    def get(self, request, org_slug, call_office_id, pk):
        _membership, call_office = get_call_office_for_staff(request.user, org_slug, call_office_id)
        return Response(NomineeSerializer(nominee_in(call_office, pk)).data)

    @extend_schema(responses={204: None, 409: CLOSED})
    def delete(self, request, org_slug, call_office_id, pk):
        _membership, call_office = get_call_office_for_staff(
            request.user, org_slug, call_office_id, *WRITE_ROLES
        )
        nomination = nominee_in(call_office, pk)
        try:
            services.withdraw(actor=request.user, nomination=nomination)
        except DjangoValidationError as error:
            raise state_refusal(error) from error
        return Response(status=http.HTTP_204_NO_CONTENT)


class NomineeConsent(OfficeView):
    """Record the producer's answer to sharing her data with the organiser, as she gave it by
    phone, WhatsApp or in person (admins and field officers). A refusal is taken at any time;
    consent only while the call takes changes."""

    scope_area = "nominations"
    serializer_class = NomineeSerializer

    @extend_schema(request=ConsentInput, responses={200: NomineeSerializer, 409: CLOSED})
    def post(self, request, org_slug, call_office_id, pk):
        _membership, call_office = get_call_office_for_staff(request.user, org_slug, call_office_id)
        nomination = nominee_in(call_office, pk)
        body = ConsentInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            services.record_consent(
                actor=request.user,
                nomination=nomination,
                given=data["given"],
                channel=data["channel"],
                consent_by=data["consent_by"],
            )
        except DjangoValidationError as error:
            if hasattr(error, "error_dict"):
                raise ValidationError(error.message_dict) from error
            raise state_refusal(error) from error
        return Response(NomineeSerializer(nominee_in(call_office, pk)).data)


class NomineeAskConsent(OfficeView):
    """Ask the producer, by her channel, whether she agrees to share (admins and field
    officers): a message in the office's outbox, at most once a day."""

    scope_area = "nominations"
    serializer_class = ConsentAskedSerializer

    @extend_schema(
        request=None,
        responses={
            200: ConsentAskedSerializer,
            409: OpenApiResponse(Error, "She agreed already, or the call no longer takes changes."),
        },
    )
    def post(self, request, org_slug, call_office_id, pk):
        _membership, call_office = get_call_office_for_staff(request.user, org_slug, call_office_id)
        nomination = nominee_in(call_office, pk)
        try:
            message = services.ask_consent(actor=request.user, nomination=nomination)
        except DjangoValidationError as error:
            raise state_refusal(error) from error
        result = {
            "message": outbox.summary(message),
            "outbox_message_id": message.pk,
            "nomination": nominee_in(call_office, pk),
        }
        return Response(ConsentAskedSerializer(result).data)


class ListSubmit(OfficeView):
    """Send the list to the organiser (admins; again until the deadline, to change it): those
    who agreed to share go, the others are held back with the reason."""

    scope_area = "nominations"
    serializer_class = ListStateSerializer

    @extend_schema(
        request=SubmitInput,
        responses={
            200: ListStateSerializer,
            409: OpenApiResponse(
                Error, "More agreed than the quota, or the call no longer takes changes."
            ),
        },
    )
    def post(self, request, org_slug, call_office_id):
        _membership, call_office = get_call_office_for_staff(
            request.user, org_slug, call_office_id, *WRITE_ROLES
        )
        body = SubmitInput(data=request.data)
        body.is_valid(raise_exception=True)
        choices = {name: getattr(call_office, name) for name in services.SUBMIT_FIELDS}
        choices.update(body.validated_data)
        try:
            state = services.submit(actor=request.user, call_office=call_office, **choices)
        except DjangoValidationError as error:
            raise state_refusal(error) from error
        call_office.refresh_from_db(fields=["submitted_at"])
        by_pk = {n.pk: n for n in with_call_office(list(nominees_of(call_office)), call_office)}
        result = {
            "message": submitted_message(state),
            "submitted_at": call_office.submitted_at,
            "sent": [by_pk[n.pk] for n in state.sent],
            "held_back": [
                {
                    "nomination": by_pk[n.pk],
                    "reason": {"code": services.HELD_BACK_NO_CONSENT, "text": text},
                }
                for n, text in state.held_back
            ],
        }
        return Response(ListStateSerializer(result).data)
