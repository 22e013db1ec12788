"""Schemathesis against the API's own OpenAPI schema, through WSGI (no server): no 5xx, every
response conforms to the schema (status code, content type, body), and the schema matches the
validation both ways (what it allows is accepted, what it refuses is refused). Every phase:
examples, coverage (boundary values of every parameter and body field), fuzzing, and stateful
(chains of calls following the schema's links). Seeded office, deterministic.

Path parameters are pinned to the seeded records, so the fuzzer reaches the real code paths
(forms, services) rather than stopping at 404; query strings and bodies are generated.
"""

import datetime as dt

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from kurasi.api.scopes import Scope
from kurasi.api.services import create_token
from kurasi.curation.decisions import create_default_bands
from kurasi.curation.models import Assignment, ProgrammeRubric
from kurasi.curation.services import copy_preset
from kurasi.exhibitions.models import Allocation, BoothType, Exhibition
from kurasi.facilitation.models import FacilitationProgramme, Participation
from kurasi.outbox.models import Kind
from kurasi.outbox.services import deliver
from tests.factories import (
    ApplicationFactory,
    BusinessFactory,
    CertificateFactory,
    ProductFactory,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
    negative_data_rejection,
]


def load_schema():
    """The schema /api/v1/openapi.json serves, generated in-process (collection may not touch the
    database, which the schema view's rate limit would), called through the WSGI app."""
    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    loaded.app = get_wsgi_application()
    loaded.config.phases.update(phases=["examples", "coverage", "fuzzing", "stateful"])
    # 412: a PATCH's If-Match names a revision that is not (or no longer) the record's; like 409,
    # a refusal by the record's state that well-formed data can meet.
    positive = loaded.config.checks.positive_data_acceptance
    positive.expected_statuses = [*positive.expected_statuses, "412"]
    return loaded


schema = load_schema()


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: a request must not close the connection holding the test's
    transaction (on PostgreSQL, close_old_connections would, as autocommit is off inside it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(
    keep_test_connection,
    settings,
    admin_user,
    organisation,
    open_programme,
    producer_business,
    producer,
    curator,
    product_groups,
):
    # The fuzzer sends hundreds of requests a minute; the limit itself is tested elsewhere.
    settings.KURASI_API_RATE = "100000/minute"
    product = producer_business.products.get()
    application = ApplicationFactory(programme=open_programme, product=product)
    certificate = CertificateFactory(business=producer_business)
    # Curation: a rubric for the product's group, the curator's assignment, the outcome bands.
    rubric = copy_preset(actor=admin_user, organisation=organisation, preset_code="food")
    ProgrammeRubric.objects.create(
        programme=open_programme, product_group=product_groups["makanan"], rubric=rubric
    )
    create_default_bands(actor=admin_user, programme=open_programme)
    scored = ApplicationFactory(
        programme=open_programme,
        product=ProductFactory(business=producer_business, group=product_groups["makanan"]),
        status="verified",
    )
    assignment = Assignment.objects.create(application=scored, curator=curator)
    facilitation, participation = seed_facilitation(organisation, producer_business)
    waiting = ApplicationFactory(
        programme=open_programme,
        product=ProductFactory(
            business=BusinessFactory(organisation=organisation), group=product_groups["makanan"]
        ),
    )
    exhibition, invitation, allocation = seed_exhibition(open_programme, scored, waiting)
    # A message waiting in the office's WhatsApp list (the producer has a phone, no email).
    message = deliver(
        organisation=organisation,
        business=producer_business,
        kind=Kind.VERIFICATION_RESULT,
        subject="Hasil pemeriksaan",
        body="Pendaftaran sudah lengkap.",
    )
    return {
        "org_slug": organisation.slug,
        "slug": open_programme.slug,
        "ids": {
            "business": producer_business.pk,
            "product": product.pk,
            "application": application.pk,
            "certificate": certificate.pk,
            "assessment": assignment.pk,
            "facilitation": facilitation.pk,
            "participation": participation.pk,
            "invitation": invitation.pk,
            "allocation": allocation.pk,
            "outbox": message.pk,
        },
        "programme_id": facilitation.pk,
        "exhibition_id": exhibition.pk,
        "application_id": scored.pk,
        "tokens": {
            "admin": create_token(actor=admin_user, name="fuzz", scopes=Scope.values)[1],
            "producer": create_token(actor=producer, name="fuzz", scopes=Scope.values)[1],
            "curator": create_token(actor=curator, name="fuzz", scopes=Scope.values)[1],
        },
    }


def seed_facilitation(organisation, business):
    """A training (no certificate: every status may be set) with the producer enrolled."""
    programme = FacilitationProgramme.objects.create(
        organisation=organisation,
        title="Pelatihan Kemasan",
        kind="training",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 3, 31),
    )
    participation = Participation.objects.create(
        programme=programme, business=business, status="enrolled"
    )
    return programme, participation


def seed_exhibition(programme, application, waiting):
    """An exhibition where the producer's product holds the booth, invited until next week, and
    another business's product waits (an admin may place it by hand)."""
    today = timezone.localdate()
    exhibition = Exhibition.objects.create(
        organisation=programme.organisation,
        programme=programme,
        name="Pameran IKM",
        level="regional",
        starts_on=today + dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=32),
    )
    booth = BoothType.objects.create(exhibition=exhibition, label="Standar", count=1)
    invitation = Allocation.objects.create(
        exhibition=exhibition,
        application=application,
        business=application.product.business,
        booth_type=booth,
        status="invited",
        score=80,
        invited_at=timezone.now(),
        deadline=timezone.now() + dt.timedelta(days=7),
    )
    allocation = Allocation.objects.create(
        exhibition=exhibition,
        application=waiting,
        business=waiting.product.business,
        status="waitlisted",
        score=70,
        rank=1,
    )
    return exhibition, invitation, allocation


def pin_path(case, seeded):
    """Known records for the path's parameters: the id matching the path's last resource."""
    params = case.path_parameters or {}
    if "org_slug" in params:
        params["org_slug"] = seeded["org_slug"]
    for name in ("slug", "programme_slug"):
        if name in params:
            params[name] = seeded["slug"]
    for name in ("application_id", "programme_id", "exhibition_id"):
        if name in params:
            params[name] = seeded[name]
    if "id" in params:
        path = case.operation.path
        for resource, pk in seeded["ids"].items():
            if any(f"/{resource}{end}/{{id}}" in path for end in ("", "s", "es")):
                params["id"] = pk


def negated(case) -> set[str]:
    """The parts of the request schemathesis made invalid on purpose ("path", "body", …)."""
    if case.meta is None or case.meta.generation.mode.is_positive:
        return set()
    return {
        location.value
        for location, info in case.meta.components.items()
        if not info.mode.is_positive
    }


def form_rule_refusal(ctx, response, case):
    """positive_data_acceptance, except for a 400 about the body of a write: writes are cleaned
    by the pages' forms, whose rules a JSON Schema cannot hold (a village of the office's region,
    a group or product of the office, a valid Indonesian phone number, a quota not below the
    participants already in, every criterion of the rubric scored before submitting). The
    schema's own side is checked both ways: the body is checked against it before any form
    (kurasi/api/body_schema.py), so negative_data_rejection holds; query and path parameters
    are held to positive_data_acceptance in full."""
    if response.status_code == 400 and case.body is not None:
        fields = set(response.json().get("error", {}).get("fields", {}))
        parameters = set(case.query or {}) | set(case.path_parameters or {})
        if fields and not fields & parameters:
            return None
    return positive_data_acceptance(ctx, response, case)


def checks_for(case) -> list:
    checks = [form_rule_refusal if check is positive_data_acceptance else check for check in CHECKS]
    if "header" in negated(case):
        # The Authorization header is ours, not the generated one: no negative header survives.
        checks.remove(negative_data_rejection)
    return checks


def headers_for(seeded, persona) -> dict:
    return {"Authorization": f"Bearer {seeded['tokens'][persona]}", "Accept-Language": "en"}


def call_as(case, seeded, persona):
    # A deliberately wrong address stays wrong (404), rather than pinned to a record.
    if "path" not in negated(case):
        pin_path(case, seeded)
    case.call_and_validate(headers=headers_for(seeded, persona), checks=checks_for(case))


def run_stateful(selected, seeded, persona, max_examples):
    """Chains of calls along the schema's links (a list's first row to its detail, a programme
    to its applications, …); only the office's slug is pinned, ids come from the answers."""

    class Workflow(selected.as_state_machine()):
        def before_call(self, case):
            params = case.path_parameters or {}
            if "org_slug" in params:
                params["org_slug"] = seeded["org_slug"]

        def get_call_kwargs(self, case):
            return {"headers": headers_for(seeded, persona)}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=checks_for(case))

    Workflow.run(
        settings=settings(
            max_examples=max_examples,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )


FUZZ = settings(
    max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@schema.parametrize()
@FUZZ
def test_api_conforms_to_its_schema_for_an_office_admin(case, seeded):
    call_as(case, seeded, "admin")


@schema.include(path_regex="^/api/v1/me/").parametrize()
@FUZZ
def test_api_conforms_to_its_schema_for_a_producer(case, seeded):
    call_as(case, seeded, "producer")


@schema.include(path_regex="/assessments/").parametrize()
@FUZZ
def test_api_conforms_to_its_schema_for_a_curator(case, seeded):
    call_as(case, seeded, "curator")


def test_stateful_chains_along_the_links_conform_for_an_office_admin(seeded):
    run_stateful(schema.exclude(path_regex="^/api/v1/me/"), seeded, "admin", max_examples=25)


def test_stateful_chains_along_the_links_conform_for_a_producer(seeded):
    run_stateful(schema.include(path_regex="^/api/v1/me/"), seeded, "producer", max_examples=10)
