"""Who may open each URL of Kurasi: one row per named URL, checked by test_url_access.py.

A new view or endpoint without a row here fails the suite (test_every_url_has_an_access_rule),
so nobody can add a page without saying who may use it. For each row the tests check that its
allowed personas get through, and that every other persona is refused: anonymous visitors are
sent to the login page, staff of another office, other producers and roles without the right get
403 or 404.

`allowed` names personas (see world.py): admin, field_officer, curator (of the office), producer
(the owner of the world's business), other_producer; or PUBLIC (anyone, no office data behind
it), or SIGNED_IN (any logged-in user sees their own, e.g. "my applications").
`kwargs` builds the URL's arguments from the world.
"""

from dataclasses import dataclass, field

from . import nomination_world

# Everyone the access tests and the crawls visit as (world.py builds each).
PERSONAS = (
    "anonymous",
    "admin",
    "field_officer",
    "curator",
    "producer",
    "other_producer",
    "outsider",
)
PUBLIC = "public"
SIGNED_IN = "signed-in"
ADMIN = frozenset({"admin"})
REGISTRY = frozenset({"admin", "field_officer"})
STAFF = frozenset({"admin", "field_officer", "curator"})
CURATOR = frozenset({"curator"})
OWNER = frozenset({"producer"})
# Any signed-in person who is not staff of this office may register as a producer (the admin of
# another office may well run a bakery).
PRODUCERS = frozenset({"producer", "other_producer", "outsider"})
# A person's own data pages: for producers only (staff accounts hold the office's data).
PRODUCER_ACCOUNTS = frozenset({"producer", "other_producer"})


@dataclass(frozen=True)
class Rule:
    allowed: object
    kwargs: object = field(default=lambda w: {})
    # False where a visit would end the persona's session (logging out): tested on its own.
    visited: bool = True


def org(w):
    return {"slug": w.organisation.slug}


def import_run(w):
    """A finished partial import of the office (its record and error file), by its token."""
    import io

    from kurasi.registry.importing import pending

    token = "5e" * 16
    pending.save_job(token, organisation=w.organisation, status="done", total=2, done=2)
    pending.save_error_file(token, io.BytesIO(b"PK"), organisation=w.organisation)
    return token


def org_(w):
    return {"org_slug": w.organisation.slug}


def enrolment_result(w):
    """A bulk enrolment's result page of the office, kept in the cache as the view keeps it."""
    from django.core.cache import cache

    from kurasi.programmes.views_enrolment import result_key

    token = "e7" * 16
    counts = {"create": 1, "draft": 0, "refused": 0, "consent": 0, "entering": 1}
    result = {
        "programme": w.programme.title,
        "slug": w.programme.slug,
        "counts": counts,
        "reasons": [],
        "basis": "",
        "source": "registry",
        "back": "/",
        "delivery": "",
        "refused": [],
        "entered": [[w.business.pk, w.business.name, w.product.name, w.application.pk]],
    }
    cache.set(result_key(w.organisation, token), result, 600)
    return {**org_(w), "token": token}


def call(w):
    return {"org_slug": w.organisation.slug, "slug": w.programme.slug}


def wizard(w, **more):
    return {"org_slug": w.organisation.slug, "programme_slug": w.open_call.slug, **more}


def results(w, **more):
    return {"slug": w.organisation.slug, "programme_slug": w.programme.slug, **more}


def day(w, **more):
    return {"slug": w.organisation.slug, "programme_id": w.programme.pk, **more}


def session(w, **more):
    return day(w, session_id=w.session.pk, **more)


def session_break(w):
    """A lunch break in the world's session: made once (the admin's visit removes it)."""
    import datetime as dt

    from kurasi.curation.models import SessionBreak

    return SessionBreak.objects.get_or_create(
        session=w.session,
        label="Istirahat",
        defaults={"starts_at": dt.time(12, 0), "ends_at": dt.time(12, 30)},
    )[0]


def own_participation(w):
    """A facilitation invitation of the producer's business: made once."""
    from kurasi.facilitation.models import Participation

    return Participation.objects.get_or_create(
        programme=w.facilitation, business=w.business, defaults={"status": "invited"}
    )[0]


def own_slot(w):
    """The producer's product's slot in the world's session (given one when it has none)."""
    from kurasi.curation.models_day import Slot

    slot = Slot.objects.filter(session=w.session, application=w.application).first()
    if slot is None:
        taken = set(Slot.objects.filter(session=w.session).values_list("table_id", "starts_at"))
        table, time = next(
            (table, time)
            for table in w.session.tables.all()
            for time in w.session.slot_times()
            if (table.pk, time) not in taken
        )
        slot = Slot.objects.create(
            session=w.session, table=table, application=w.application, starts_at=time
        )
    return slot


def exhibition(w, **more):
    return {"slug": w.organisation.slug, "exhibition_id": w.exhibition.pk, **more}


def office_row(w, kind):
    """An office-owned row of a catalogue (the demo ships none of some kinds): made once."""
    from kurasi.facilitation.models import LegalityRule, RuleScope, Severity
    from kurasi.registry.models import CertificateType, RegionAlias

    if kind == "alias":
        return RegionAlias.objects.get_or_create(
            organisation=w.organisation, alias="jagung", defaults={"code": "36.74.02.1004"}
        )[0]
    if kind == "type":
        return CertificateType.objects.get_or_create(
            organisation=w.organisation, code="izin-uji", defaults={"name": "Izin uji"}
        )[0]
    rule, created = LegalityRule.objects.get_or_create(
        organisation=w.organisation,
        code="aturan-uji",
        defaults={
            "name": "Aturan uji",
            "scope": RuleScope.BUSINESS,
            "severity": Severity.MANDATORY,
        },
    )
    if created:
        rule.certificate_types.set([office_row(w, "type")])
    return rule


def outbox_message(w):
    """A message of the office waiting in its WhatsApp list: made once."""
    from kurasi.outbox.models import Channel, Kind, Message, State

    return Message.objects.get_or_create(
        organisation=w.organisation,
        source="security:waiting",
        defaults={
            "business": w.business,
            "kind": Kind.REMINDER,
            "subject": "Pengingat",
            "body": "Pengingat",
            "channel": Channel.WHATSAPP,
            "state": State.WHATSAPP_WAITING,
            "to_phone": w.business.phone,
        },
    )[0]


def catalogue(kind):
    return lambda w: {**org_(w), "pk": office_row(w, kind).pk}


INVITATION_SECRET = "invitation-link-secret-of-the-world"


def staff_invitation(w):
    """An invitation of the office waiting for an answer, with a link the tests know: made once."""
    from datetime import timedelta

    from django.utils import timezone

    from kurasi.accounts.models import Invitation, Role
    from kurasi.accounts.models_invitations import digest_of

    return Invitation.objects.get_or_create(
        secret_digest=digest_of(INVITATION_SECRET),
        defaults={
            "organisation": w.organisation,
            "email": "calon.kurator@contoh.test",
            "role": Role.CURATOR,
            "expires_at": timezone.now() + timedelta(days=7),
        },
    )[0]


def invitation_link(w):
    staff_invitation(w)
    return {"secret": INVITATION_SECRET}


def office_nominee(w):
    """The world's office's nominee in the province's call it was asked (nomination_world)."""
    call_office, _allocation = nomination_world.as_office_asked(w)
    nomination = call_office.nominations.get(application=w.application)
    return {
        "slug": w.organisation.slug,
        "call_office_id": call_office.pk,
        "nomination_id": nomination.pk,
    }


def api_organiser_call(w):
    return {**org_(w), "call_id": nomination_world.as_organiser(w)[0].pk}


def api_call_asked(w):
    return {**org_(w), "call_office_id": nomination_world.as_office_asked(w)[0].pk}


def api_nominee(w):
    call_office, _allocation = nomination_world.as_office_asked(w)
    nomination = call_office.nominations.get(application=w.application)
    return {**org_(w), "call_office_id": call_office.pk, "pk": nomination.pk}


def staff_member(w):
    membership = w.organisation.memberships.get(user=w.personas["curator"])
    return {**org(w), "membership_id": membership.pk}


RULES = {
    # insights
    "insights:home": Rule(PUBLIC),
    "insights:dashboard": Rule(SIGNED_IN),
    "insights:organisation_dashboard": Rule(STAFF, org),
    "insights:members": Rule(ADMIN, org),
    "insights:members_export": Rule(ADMIN, lambda w: {**org(w), "fmt": "csv"}),
    # staff administration (kurasi/accounts/views_staff.py): office admins, their own office only
    "accounts:staff_invite": Rule(ADMIN, org),
    "accounts:staff_invitation_resend": Rule(
        ADMIN, lambda w: {**org(w), "invitation_id": staff_invitation(w).pk}
    ),
    "accounts:staff_invitation_withdraw": Rule(
        ADMIN, lambda w: {**org(w), "invitation_id": staff_invitation(w).pk}
    ),
    "accounts:staff_role": Rule(ADMIN, staff_member),
    "accounts:staff_remove": Rule(ADMIN, staff_member),
    # The invitation's link: the secret in the address is the key; every visitor sees what it
    # lets them do (accept only as the invited address: tests/accounts/test_invitations.py).
    "accounts:invitation_accept": Rule(PUBLIC, invitation_link),
    # Only the person who accepted an office admin invitation (none of the personas did).
    "accounts:invitation_finish": Rule(
        frozenset(), lambda w: {"invitation_id": staff_invitation(w).pk}
    ),
    # A producer claims the office's record with its code (staff accounts own no business);
    # a phone-only producer sets a new password with a field officer's code: a public form.
    "accounts:claim": Rule(PRODUCER_ACCOUNTS),
    "accounts:recover": Rule(PUBLIC),
    "insights:office_figures": Rule(REGISTRY, org),
    "insights:programme_report": Rule(
        ADMIN, lambda w: {**org(w), "programme_slug": w.programme.slug}
    ),
    # Aggregates only, small cells suppressed: public by design.
    "insights:open_data": Rule(PUBLIC, org),
    "insights:open_data_csv": Rule(PUBLIC, org),
    "insights:open_data_json": Rule(PUBLIC, org),
    # programmes
    "programmes:call_list": Rule(PUBLIC),
    "programmes:call_detail": Rule(PUBLIC, call),
    "programmes:call_print": Rule(PUBLIC, call),
    "programmes:programme_list": Rule(REGISTRY, org_),
    "programmes:programme_export": Rule(REGISTRY, lambda w: {**org_(w), "fmt": "csv"}),
    "programmes:application_export": Rule(REGISTRY, lambda w: {**call(w), "fmt": "csv"}),
    "programmes:programme_create": Rule(ADMIN, org_),
    "programmes:programme_detail": Rule(REGISTRY, call),
    "programmes:programme_edit": Rule(ADMIN, call),
    "programmes:application_verify": Rule(REGISTRY, lambda w: {**call(w), "pk": w.application.pk}),
    # Bulk pages (issue 15): POSTed with nothing chosen they send the person back to the list.
    "programmes:application_bulk_verify": Rule(REGISTRY, call),
    "programmes:enrol": Rule(REGISTRY, org_),
    "programmes:enrol_confirm": Rule(REGISTRY, org_),
    "programmes:enrol_result": Rule(REGISTRY, enrolment_result),
    # registration
    "registration:sign_up": Rule(PUBLIC),
    "registration:privacy_notice": Rule(PUBLIC),
    "registration:status": Rule(SIGNED_IN),
    # Staff of the office are refused (they register producers through assisted registration).
    "registration:start": Rule(PRODUCERS | {"anonymous"}, wizard),
    "registration:business_new": Rule(PRODUCERS, wizard),
    "registration:business": Rule(OWNER, lambda w: wizard(w, business_id=w.business.pk)),
    "registration:products": Rule(OWNER, lambda w: wizard(w, business_id=w.business.pk)),
    "registration:product": Rule(
        OWNER, lambda w: wizard(w, business_id=w.business.pk, product_id=w.product.pk)
    ),
    "registration:documents": Rule(OWNER, lambda w: wizard(w, business_id=w.business.pk)),
    "registration:review": Rule(OWNER, lambda w: wizard(w, business_id=w.business.pk)),
    "registration:assisted_calls": Rule(REGISTRY, org_),
    "registration:assisted_find": Rule(REGISTRY, wizard),
    "registration:assisted_business_new": Rule(REGISTRY, wizard),
    "registration:assisted_business": Rule(
        REGISTRY, lambda w: wizard(w, business_id=w.business.pk)
    ),
    "registration:assisted_products": Rule(
        REGISTRY, lambda w: wizard(w, business_id=w.business.pk)
    ),
    "registration:assisted_product": Rule(
        REGISTRY, lambda w: wizard(w, business_id=w.business.pk, product_id=w.product.pk)
    ),
    "registration:assisted_documents": Rule(
        REGISTRY, lambda w: wizard(w, business_id=w.business.pk)
    ),
    "registration:assisted_review": Rule(REGISTRY, lambda w: wizard(w, business_id=w.business.pk)),
    # registry
    "registry:business_list": Rule(REGISTRY, org_),
    "registry:business_detail": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.business.pk}),
    "registry:business_edit": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.business.pk}),
    # The producer's account from the business page: claim code, link after an identity check,
    # recovery code (kurasi/registry/views_owner.py; tests/accounts/test_claim_codes.py).
    "registry:owner_claim_code": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.business.pk}),
    "registry:owner_link": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.business.pk}),
    "registry:owner_recovery_code": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.business.pk}),
    "registry:merge": Rule(
        ADMIN, lambda w: {**org_(w), "pk": w.business.pk, "duplicate_pk": w.conflict.business_id}
    ),
    "registry:product_list": Rule(REGISTRY, org_),
    "registry:product_export": Rule(REGISTRY, lambda w: {**org_(w), "fmt": "csv"}),
    "registry:product_add": Rule(REGISTRY, lambda w: {**org_(w), "business_pk": w.business.pk}),
    "registry:product_edit": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.product.pk}),
    "registry:photo_remove": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.photo.pk}),
    "registry:certificate_add": Rule(REGISTRY, lambda w: {**org_(w), "business_pk": w.business.pk}),
    "registry:certificate_edit": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.certificate.pk}),
    "registry:certificate_verify": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.certificate.pk}),
    "registry:product_photo": Rule(STAFF | OWNER, lambda w: {"token": w.photo.token}),
    "registry:certificate_document": Rule(
        REGISTRY | OWNER, lambda w: {"token": w.certificate.token}
    ),
    "registry_io:import": Rule(REGISTRY, org),
    "registry_io:confirm": Rule(REGISTRY, org),
    "registry_io:job": Rule(REGISTRY, lambda w: {**org(w), "token": import_run(w)}),
    "registry_io:job_errors": Rule(REGISTRY, lambda w: {**org(w), "token": import_run(w)}),
    "registry_io:template": Rule(REGISTRY, lambda w: {**org(w), "fmt": "csv"}),
    "registry_io:export": Rule(REGISTRY, lambda w: {**org(w), "fmt": "csv"}),
    # curation: scoring and rubrics
    "curation:queue": Rule(CURATOR, org),
    "curation:score": Rule(CURATOR, lambda w: {**org(w), "assignment_id": w.assignment.pk}),
    "curation:service_worker": Rule(PUBLIC),
    "curation:rubric_list": Rule(ADMIN, org),
    "curation:rubric_copy_preset": Rule(ADMIN, org),
    "curation:rubric_edit": Rule(ADMIN, lambda w: {**org(w), "rubric_id": w.rubric.pk}),
    "curation:programme_settings": Rule(ADMIN, day),
    "curation:programme_copy": Rule(ADMIN, org),
    # curation: results, decisions, letters
    "curation:results": Rule(REGISTRY, results),
    "curation:results_print": Rule(REGISTRY, results),
    "curation:results_export": Rule(REGISTRY, lambda w: results(w, fmt="csv")),
    "curation:decide_bulk": Rule(ADMIN, results),
    "curation:issue_letters": Rule(ADMIN, results),
    "curation:bands": Rule(ADMIN, results),
    "curation:result_detail": Rule(REGISTRY, lambda w: results(w, application_id=w.application.pk)),
    "curation:staff_letter": Rule(REGISTRY, lambda w: results(w, application_id=w.application.pk)),
    "curation:answer_appeal": Rule(ADMIN, lambda w: results(w, appeal_id=w.appeal.pk)),
    "curation:my_results": Rule(SIGNED_IN),
    "curation:my_letter": Rule(OWNER, lambda w: {"code": w.decision.verification_code}),
    "curation:file_appeal": Rule(OWNER, lambda w: {"code": w.decision.verification_code}),
    "curation:verify": Rule(PUBLIC),
    "curation:verify_code": Rule(PUBLIC, lambda w: {"code": w.decision.verification_code}),
    # curation day
    "curation:sessions": Rule(ADMIN, day),
    "curation:session": Rule(ADMIN, session),
    "curation:session_edit": Rule(ADMIN, session),
    "curation:table_new": Rule(ADMIN, session),
    "curation:table_edit": Rule(ADMIN, lambda w: session(w, table_id=w.table.pk)),
    "curation:table_delete": Rule(ADMIN, lambda w: session(w, table_id=w.table.pk)),
    "curation:schedule_auto": Rule(ADMIN, session),
    "curation:break_add": Rule(ADMIN, session),
    "curation:break_remove": Rule(ADMIN, lambda w: session(w, break_id=session_break(w).pk)),
    "curation:slot_place": Rule(ADMIN, session),
    "curation:slot_remove": Rule(ADMIN, lambda w: session(w, slot_id=w.slot.pk)),
    "curation:slot_answer": Rule(REGISTRY, lambda w: session(w, slot_id=w.slot.pk)),
    "curation:my_slot_answer": Rule(OWNER, lambda w: {"slot_id": own_slot(w).pk}),
    "curation:schedule_print": Rule(REGISTRY, session),
    "curation:slot_messages": Rule(ADMIN, session),
    "curation:desk": Rule(REGISTRY, session),
    "curation:schedule_export": Rule(REGISTRY, lambda w: session(w, fmt="csv")),
    "curation:desk_action": Rule(
        REGISTRY, lambda w: session(w, application_id=w.application.pk, action="arrived")
    ),
    "curation:sample_label": Rule(REGISTRY, lambda w: session(w, application_id=w.application.pk)),
    "curation:board": Rule(STAFF, session),
    "curation:board_live": Rule(STAFF, session),
    # curation: assignment and conflicts of interest
    "curation:assignments": Rule(ADMIN, day),
    "curation:assignments_export": Rule(ADMIN, lambda w: day(w, fmt="csv")),
    "curation:assign_auto": Rule(ADMIN, day),
    "curation:assignment_add": Rule(ADMIN, day),
    "curation:assignment_remove": Rule(ADMIN, lambda w: day(w, assignment_id=w.assignment.pk)),
    "curation:curator_groups": Rule(ADMIN, org),
    "curation:conflicts": Rule(CURATOR, org),
    "curation:conflict_withdraw": Rule(CURATOR, lambda w: {**org(w), "conflict_id": w.conflict.pk}),
    # facilitation
    "facilitation:gap_lists": Rule(REGISTRY, org),
    "facilitation:gap_export": Rule(REGISTRY, lambda w: {**org(w), "file_format": "csv"}),
    "facilitation:programme_list": Rule(REGISTRY, org),
    "facilitation:programme_list_export": Rule(REGISTRY, lambda w: {**org(w), "fmt": "csv"}),
    "facilitation:participants_export": Rule(
        REGISTRY, lambda w: {**org(w), "pk": w.facilitation.pk, "fmt": "csv"}
    ),
    "facilitation:programme_create": Rule(ADMIN, org),
    "facilitation:programme_detail": Rule(REGISTRY, lambda w: {**org(w), "pk": w.facilitation.pk}),
    "facilitation:participants_add": Rule(ADMIN, lambda w: {**org(w), "pk": w.facilitation.pk}),
    "facilitation:programme_edit": Rule(ADMIN, lambda w: {**org(w), "pk": w.facilitation.pk}),
    "facilitation:participation_status": Rule(
        REGISTRY, lambda w: {**org(w), "pk": w.participation.pk}
    ),
    "facilitation:participation_done": Rule(
        REGISTRY, lambda w: {**org(w), "pk": w.participation.pk}
    ),
    "facilitation:business_timeline": Rule(
        REGISTRY, lambda w: {**org(w), "business_id": w.business.pk}
    ),
    "facilitation:programme_comparison": Rule(
        REGISTRY, lambda w: {**org(w), "programme_slug": w.programme.slug}
    ),
    "facilitation:my_plan": Rule(SIGNED_IN),
    "facilitation:participation_answer": Rule(
        REGISTRY, lambda w: {**org(w), "pk": w.participation.pk}
    ),
    "facilitation:my_answer": Rule(OWNER, lambda w: {"pk": own_participation(w).pk}),
    "facilitation:my_plan_pdf": Rule(OWNER, lambda w: {"business_id": w.business.pk}),
    # exhibitions
    "exhibitions:list": Rule(REGISTRY, org),
    "exhibitions:list_export": Rule(REGISTRY, lambda w: {**org(w), "fmt": "csv"}),
    "exhibitions:allocation_export": Rule(REGISTRY, lambda w: exhibition(w, fmt="csv")),
    "exhibitions:create": Rule(ADMIN, org),
    "exhibitions:detail": Rule(REGISTRY, exhibition),
    "exhibitions:edit": Rule(ADMIN, exhibition),
    "exhibitions:booth_add": Rule(ADMIN, exhibition),
    "exhibitions:quota_add": Rule(ADMIN, exhibition),
    "exhibitions:booth_edit": Rule(ADMIN, lambda w: exhibition(w, booth_id=w.booth_type.pk)),
    "exhibitions:booth_delete": Rule(ADMIN, lambda w: exhibition(w, booth_id=w.booth_type.pk)),
    "exhibitions:quota_edit": Rule(ADMIN, lambda w: exhibition(w, quota_id=w.quota.pk)),
    "exhibitions:quota_delete": Rule(ADMIN, lambda w: exhibition(w, quota_id=w.quota.pk)),
    "exhibitions:answers": Rule(ADMIN, lambda w: exhibition(w, application_id=w.application.pk)),
    "exhibitions:allocate": Rule(ADMIN, exhibition),
    "exhibitions:invite": Rule(ADMIN, exhibition),
    "exhibitions:override": Rule(ADMIN, lambda w: exhibition(w, allocation_id=w.allocation.pk)),
    "exhibitions:record_answer": Rule(
        REGISTRY, lambda w: exhibition(w, allocation_id=w.allocation.pk)
    ),
    "exhibitions:staff_letter": Rule(
        REGISTRY, lambda w: exhibition(w, allocation_id=w.allocation.pk)
    ),
    "exhibitions:undo_decline": Rule(
        REGISTRY, lambda w: exhibition(w, allocation_id=w.allocation.pk)
    ),
    "exhibitions:exhibitors_xlsx": Rule(REGISTRY, exhibition),
    "exhibitions:exhibitors_pdf": Rule(REGISTRY, exhibition),
    "exhibitions:my_exhibitions": Rule(SIGNED_IN),
    "exhibitions:my_letter": Rule(OWNER, lambda w: {"allocation_id": w.allocation.pk}),
    "exhibitions:my_respond": Rule(OWNER, lambda w: {"allocation_id": w.allocation.pk}),
    "exhibitions:my_decline": Rule(OWNER, lambda w: {"allocation_id": w.allocation.pk}),
    "exhibitions:my_undo": Rule(OWNER, lambda w: {"allocation_id": w.allocation.pk}),
    # nominations: the organiser's view of a call, the nominating office's places (issue 20)
    "nominations:organiser_nominations": Rule(REGISTRY, nomination_world.organiser_call),
    "nominations:nominee_photo": Rule(REGISTRY, nomination_world.nominee_photo),
    "nominations:office_places": Rule(REGISTRY, nomination_world.office_places),
    "nominations:office_record_answer": Rule(REGISTRY, nomination_world.office_answer),
    # nominations: the organiser's calls, the office's side of a call it was asked (n1)
    "nominations:call_list": Rule(REGISTRY, org),
    "nominations:call_create": Rule(ADMIN, org),
    "nominations:call_edit": Rule(REGISTRY, nomination_world.organiser_call),
    "nominations:call_open": Rule(ADMIN, nomination_world.organiser_call),
    "nominations:call_close": Rule(ADMIN, nomination_world.organiser_call),
    "nominations:office_calls": Rule(REGISTRY, org),
    "nominations:office_call": Rule(REGISTRY, nomination_world.office_places),
    "nominations:office_nominate": Rule(ADMIN, nomination_world.office_places),
    "nominations:office_submit": Rule(ADMIN, nomination_world.office_places),
    "nominations:office_withdraw": Rule(ADMIN, lambda w: office_nominee(w)),
    "nominations:office_consent": Rule(REGISTRY, lambda w: office_nominee(w)),
    "nominations:office_ask": Rule(REGISTRY, lambda w: office_nominee(w)),
    # personal data (UU PDP)
    "privacy:my_data": Rule(PRODUCER_ACCOUNTS),
    "privacy:my_data_download": Rule(PRODUCER_ACCOUNTS),
    "privacy:correct_account": Rule(PRODUCER_ACCOUNTS),
    "privacy:correct_business": Rule(OWNER, lambda w: {"business_id": w.business.pk}),
    "privacy:request_erasure": Rule(PRODUCER_ACCOUNTS),
    "privacy:withdraw_consent": Rule(PRODUCER_ACCOUNTS),
    "privacy:request_queue": Rule(ADMIN, org),
    "privacy:request_review": Rule(ADMIN, lambda w: {**org(w), "request_id": w.privacy_request.pk}),
    "privacy:request_answer": Rule(
        ADMIN, lambda w: {**org(w), "request_id": w.privacy_request.pk, "action": "refuse"}
    ),
    "privacy:producer_package": Rule(ADMIN, lambda w: {**org(w), "business_id": w.business.pk}),
    "privacy:breach_list": Rule(ADMIN, org),
    "privacy:breach_export": Rule(ADMIN, lambda w: {**org(w), "fmt": "csv"}),
    "privacy:request_export": Rule(ADMIN, lambda w: {**org(w), "fmt": "csv"}),
    "privacy:breach_create": Rule(ADMIN, org),
    "privacy:breach_edit": Rule(ADMIN, lambda w: {**org(w), "breach_id": w.breach.pk}),
    # office settings: profile and catalogues (office admins only)
    "office:settings": Rule(ADMIN, org),
    "office:profile": Rule(ADMIN, org),
    "registry:product_groups": Rule(ADMIN, org_),
    "registry:product_group_add": Rule(ADMIN, org_),
    "registry:product_group_edit": Rule(ADMIN, lambda w: {**org_(w), "pk": w.product.group_id}),
    # In use by products: refused with a message (a redirect), never removed.
    "registry:product_group_delete": Rule(ADMIN, lambda w: {**org_(w), "pk": w.product.group_id}),
    "registry:certificate_types": Rule(ADMIN, org_),
    "registry:certificate_type_add": Rule(ADMIN, org_),
    "registry:certificate_type_edit": Rule(ADMIN, catalogue("type")),
    "registry:certificate_type_delete": Rule(ADMIN, catalogue("type")),
    "registry:region_aliases": Rule(ADMIN, org_),
    "registry:region_alias_add": Rule(ADMIN, org_),
    "registry:region_alias_edit": Rule(ADMIN, catalogue("alias")),
    "registry:region_alias_delete": Rule(ADMIN, catalogue("alias")),
    "facilitation:rules": Rule(ADMIN, org),
    "facilitation:rule_add": Rule(ADMIN, org),
    "facilitation:rule_detail": Rule(ADMIN, lambda w: {**org(w), "pk": office_row(w, "rule").pk}),
    "facilitation:rule_edit": Rule(ADMIN, lambda w: {**org(w), "pk": office_row(w, "rule").pk}),
    "facilitation:rule_delete": Rule(ADMIN, lambda w: {**org(w), "pk": office_row(w, "rule").pk}),
    # audit trail
    "audit:log": Rule(ADMIN, org_),
    # outbox: messages to producers, for the office's admins and field officers
    "outbox:list": Rule(REGISTRY, org),
    "outbox:export": Rule(REGISTRY, lambda w: {**org(w), "fmt": "csv"}),
    "outbox:whatsapp": Rule(REGISTRY, org),
    "outbox:print": Rule(REGISTRY, org),
    "outbox:failed": Rule(REGISTRY, org),
    "outbox:mark": Rule(REGISTRY, lambda w: {**org(w), "message_id": outbox_message(w).pk}),
    "audit:export": Rule(ADMIN, lambda w: {**org_(w), "fmt": "csv"}),
    # two-step login: for staff of any office; producers have no authenticator to manage
    "accounts:two_factor": Rule(STAFF | {"outsider"}),
    "accounts:two_factor_verify": Rule(SIGNED_IN),
    "accounts:two_factor_setup": Rule(STAFF | {"outsider"}),
    # Acts on the person's own authenticator only; without one there is nothing to turn off.
    "accounts:two_factor_disable": Rule(SIGNED_IN),
    "accounts:two_factor_recovery_codes": Rule(SIGNED_IN),
    "accounts:two_factor_reset": Rule(
        ADMIN, lambda w: {**org(w), "user_id": w.personas["curator"].pk}
    ),
    # API tokens: a person's own
    "api_pages:tokens": Rule(SIGNED_IN),
    "api_pages:token_revoke": Rule(ADMIN, lambda w: {"pk": w.api_token.pk}),
    # JSON API (anonymous callers get a 401 JSON answer, not the login page)
    "api:schema": Rule(PUBLIC),
    "api:docs": Rule(PUBLIC),
    # Every unknown address under /api/v1/: a JSON 404 for everyone (tests/api/test_docs.py).
    "api:not_found": Rule(PUBLIC, visited=False),
    "api:businesses": Rule(REGISTRY, org_),
    "api:business": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.business.pk}),
    "api:business_products": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.business.pk}),
    "api:business_certificates": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.business.pk}),
    "api:products": Rule(REGISTRY, org_),
    "api:product": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.product.pk}),
    "api:certificate": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.certificate.pk}),
    "api:certificate_verify": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.certificate.pk}),
    "api:programmes": Rule(REGISTRY, org_),
    "api:programme": Rule(REGISTRY, call),
    "api:applications": Rule(REGISTRY, call),
    "api:application": Rule(REGISTRY, lambda w: {**call(w), "pk": w.application.pk}),
    "api:application_verification": Rule(REGISTRY, lambda w: {**call(w), "pk": w.application.pk}),
    "api:assessments": Rule(CURATOR, org_),
    "api:assessment": Rule(CURATOR, lambda w: {**org_(w), "pk": w.assignment.pk}),
    "api:curators": Rule(ADMIN, org_),
    "api:curator_groups": Rule(ADMIN, lambda w: {**org_(w), "user_id": w.personas["curator"].pk}),
    # Curators read their own declarations, admins every curator's (as the assignment page).
    "api:conflicts": Rule(frozenset({"admin", "curator"}), org_),
    "api:conflict": Rule(CURATOR, lambda w: {**org_(w), "pk": w.conflict.pk}),
    "api:decisions": Rule(REGISTRY, lambda w: {**org_(w), "programme_slug": w.programme.slug}),
    "api:decision": Rule(
        ADMIN,
        lambda w: {
            **org_(w),
            "programme_slug": w.programme.slug,
            "application_id": w.application.pk,
        },
    ),
    "api:gaps": Rule(REGISTRY, org_),
    "api:facilitation_programmes": Rule(REGISTRY, org_),
    "api:facilitation_programme": Rule(REGISTRY, lambda w: {**org_(w), "pk": w.facilitation.pk}),
    "api:participations": Rule(
        REGISTRY, lambda w: {**org_(w), "programme_id": w.participation.programme_id}
    ),
    "api:participation": Rule(
        REGISTRY,
        lambda w: {
            **org_(w),
            "programme_id": w.participation.programme_id,
            "pk": w.participation.pk,
        },
    ),
    "api:participation_done": Rule(
        REGISTRY,
        lambda w: {
            **org_(w),
            "programme_id": w.participation.programme_id,
            "pk": w.participation.pk,
        },
    ),
    "api:exhibitions": Rule(REGISTRY, org_),
    "api:exhibition": Rule(REGISTRY, lambda w: {**org_(w), "exhibition_id": w.exhibition.pk}),
    "api:allocations": Rule(REGISTRY, lambda w: {**org_(w), "exhibition_id": w.exhibition.pk}),
    # GET for staff; PATCH (the override) for admins, tested in tests/api/test_exhibition_writes.py.
    "api:allocation": Rule(
        REGISTRY,
        lambda w: {**org_(w), "exhibition_id": w.exhibition.pk, "pk": w.allocation.pk},
    ),
    "api:exhibition_allocate": Rule(ADMIN, lambda w: {**org_(w), "exhibition_id": w.exhibition.pk}),
    "api:exhibition_invitations": Rule(
        ADMIN, lambda w: {**org_(w), "exhibition_id": w.exhibition.pk}
    ),
    # Calls for nominations (n5): the world's office as organiser, and as an office asked.
    "api:nomination_calls": Rule(REGISTRY, org_),
    "api:nomination_call": Rule(REGISTRY, lambda w: api_organiser_call(w)),
    "api:nomination_call_open": Rule(ADMIN, lambda w: api_organiser_call(w)),
    "api:nomination_call_close": Rule(ADMIN, lambda w: api_organiser_call(w)),
    "api:nomination_call_offices": Rule(REGISTRY, lambda w: api_organiser_call(w)),
    "api:nomination_call_nominees": Rule(REGISTRY, lambda w: api_organiser_call(w)),
    "api:calls_asked": Rule(REGISTRY, org_),
    "api:call_asked": Rule(REGISTRY, lambda w: api_call_asked(w)),
    "api:call_asked_candidates": Rule(REGISTRY, lambda w: api_call_asked(w)),
    "api:call_asked_nominees": Rule(REGISTRY, lambda w: api_call_asked(w)),
    # GET for staff; DELETE (withdraw) for admins, tested in tests/api/test_nominations_api.py.
    "api:call_asked_nominee": Rule(REGISTRY, lambda w: api_nominee(w)),
    "api:call_asked_consent": Rule(REGISTRY, lambda w: api_nominee(w)),
    "api:call_asked_ask_consent": Rule(REGISTRY, lambda w: api_nominee(w)),
    "api:call_asked_submit": Rule(ADMIN, lambda w: api_call_asked(w)),
    "api:my_businesses": Rule(SIGNED_IN),
    "api:my_business": Rule(OWNER, lambda w: {"pk": w.business.pk}),
    "api:my_products": Rule(SIGNED_IN),
    "api:my_applications": Rule(SIGNED_IN),
    "api:my_application_submit": Rule(OWNER, lambda w: {"pk": w.application.pk}),
    "api:allocation_answer": Rule(
        REGISTRY,
        lambda w: {**org_(w), "exhibition_id": w.exhibition.pk, "pk": w.allocation.pk},
    ),
    "api:allocation_undo": Rule(
        REGISTRY,
        lambda w: {**org_(w), "exhibition_id": w.exhibition.pk, "pk": w.allocation.pk},
    ),
    "api:my_invitation_undo": Rule(OWNER, lambda w: {"pk": w.allocation.pk}),
    "api:participation_answer": Rule(
        REGISTRY,
        lambda w: {
            **org_(w),
            "programme_id": w.participation.programme_id,
            "pk": w.participation.pk,
        },
    ),
    "api:slots": Rule(REGISTRY, call),
    "api:slot_answer": Rule(REGISTRY, lambda w: {**call(w), "pk": w.slot.pk}),
    "api:my_invitations": Rule(SIGNED_IN),
    "api:my_invitation_answer": Rule(OWNER, lambda w: {"pk": w.allocation.pk}),
    "api:outbox": Rule(REGISTRY, org_),
    "api:outbox_mark": Rule(REGISTRY, lambda w: {**org_(w), "pk": outbox_message(w).pk}),
    # accounts
    "accounts:login": Rule(PUBLIC),
    "accounts:logout": Rule(PUBLIC, visited=False),
    "accounts:password_change": Rule(SIGNED_IN),
    "accounts:password_change_done": Rule(SIGNED_IN),
    "accounts:password_reset": Rule(PUBLIC),
    "accounts:password_reset_done": Rule(PUBLIC),
    "accounts:password_reset_confirm": Rule(
        PUBLIC, lambda w: {"uidb64": "MQ", "token": "set-password"}
    ),
    "accounts:password_reset_complete": Rule(PUBLIC),
    "accounts:account": Rule(SIGNED_IN),
    # The link's secret is checked on the page (an unknown one gets "this link does not work").
    "accounts:email_change_confirm": Rule(SIGNED_IN, lambda w: {"secret": "not-a-real-secret"}),
    # The platform operator's pages: superusers only, and no persona is one (each gets 404;
    # a superuser's visit is tested in tests/accounts/test_create_office.py).
    "operator:offices": Rule(frozenset()),
    "operator:office_new": Rule(frozenset()),
    "operator:office_invite_again": Rule(frozenset(), org),
    "operator:office_above": Rule(frozenset(), org),
    "set_language": Rule(PUBLIC),
    "favicon": Rule(PUBLIC),
}
