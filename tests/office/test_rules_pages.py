"""Legality rules on the office's pages: shipped rules read-only, the office's own editable,
grouped as in the rule's three parts; another office's rules 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.facilitation.models import LegalityRule, RuleScope, Severity
from kurasi.facilitation.shipped import ensure_shipped_rules
from kurasi.registry.models import CertificateType

from ..factories import certificate_type

ORG = "disperindag-tangsel"
RULES = reverse("facilitation:rules", args=[ORG])
ADD = reverse("facilitation:rule_add", args=[ORG])


def url(name, pk):
    return reverse(f"facilitation:{name}", args=[ORG, pk])


@pytest.fixture
def shipped(db):
    certificate_type("halal")
    ensure_shipped_rules(LegalityRule, CertificateType)
    return LegalityRule.objects.filter(organisation=None)


def make_rule(organisation, code="perda-kemasan", **fields):
    rule = LegalityRule.objects.create(
        organisation=organisation,
        code=code,
        name=fields.pop("name", "Label kemasan daerah"),
        scope=fields.pop("scope", RuleScope.FOOD),
        severity=Severity.RECOMMENDED,
        **fields,
    )
    rule.certificate_types.set([certificate_type("halal")])
    return rule


def form_data(groups=(), **more):
    data = {
        "name": "Izin edar kosmetik rumahan",
        "code": "kosmetik-rumahan",
        "position": 50,
        "certificate_types": [certificate_type("bpom-md").pk],
        "severity": Severity.MANDATORY,
        "scope": RuleScope.GROUPS,
        "product_groups": [g.pk for g in groups],
        "scales": ["micro", "small"],
        "valid_from": "2026-01-01",
        "how_to": "Daftar melalui OSS.",
    }
    data.update(more)
    return data


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin_user", 200), ("field_officer", 403), ("curator", 403), ("outsider", 404)],
)
def test_rule_pages_are_for_office_admins(request, client_for, organisation, persona, status):
    rule = make_rule(organisation)
    client = client_for(request.getfixturevalue(persona))
    for address in (RULES, ADD, url("rule_detail", rule.pk), url("rule_edit", rule.pk)):
        assert client.get(address).status_code == status, address


def test_rule_pages_are_unknown_to_producers(client_for, producer):
    assert client_for(producer).get(RULES).status_code == 404


def test_shipped_rules_are_read_not_edited(client_for, admin_user, shipped):
    rule = shipped.first()
    client = client_for(admin_user)
    html = client.get(RULES).content.decode()
    assert rule.name in html
    detail = client.get(url("rule_detail", rule.pk)).content.decode()
    assert url("rule_edit", rule.pk) not in detail
    assert client.get(url("rule_edit", rule.pk)).status_code == 404
    assert client.post(url("rule_delete", rule.pk)).status_code == 404
    assert LegalityRule.objects.filter(pk=rule.pk).exists()


def test_another_offices_rule_is_not_found(client_for, admin_user, other_organisation):
    rule = make_rule(other_organisation)
    client = client_for(admin_user)
    for name in ("rule_detail", "rule_edit"):
        assert client.get(url(name, rule.pk)).status_code == 404
    assert client.post(url("rule_edit", rule.pk), form_data()).status_code == 404
    assert client.post(url("rule_delete", rule.pk)).status_code == 404
    assert LegalityRule.objects.get(pk=rule.pk).name == "Label kemasan daerah"
    assert not AuditEvent.objects.exists()


def test_form_groups_fields_and_offers_only_the_offices_groups(
    client_for, admin_user, product_groups, other_organisation
):
    from ..factories import ProductGroupFactory

    foreign = ProductGroupFactory(organisation=other_organisation, name="Batik Depok")
    html = client_for(admin_user).get(ADD).content.decode()
    assert html.count("<fieldset") >= 3
    assert 'type="checkbox" name="product_groups"' in html
    assert 'type="checkbox" name="certificate_types"' in html
    assert product_groups["tas"].name in html
    assert foreign.name not in html


def test_admin_adds_edits_and_removes_a_rule(client_for, admin_user, organisation, product_groups):
    client = client_for(admin_user)
    response = client.post(ADD, form_data([product_groups["aksesori"]]))
    assert response.status_code == 302
    rule = LegalityRule.objects.get(organisation=organisation)
    assert rule.scales == ["micro", "small"]
    assert list(rule.product_groups.all()) == [product_groups["aksesori"]]
    assert AuditEvent.objects.get(action="legality_rule.created").organisation == organisation
    client.post(
        url("rule_edit", rule.pk),
        form_data([product_groups["aksesori"], product_groups["tas"]], valid_until="2027-12-31"),
    )
    event = AuditEvent.objects.get(action="legality_rule.changed")
    assert set(event.changes) == {"product_groups", "valid_until"}
    client.post(
        url("rule_edit", rule.pk),
        form_data([product_groups["aksesori"], product_groups["tas"]], valid_until="2027-12-31"),
    )
    assert AuditEvent.objects.filter(action="legality_rule.changed").count() == 1
    client.post(url("rule_delete", rule.pk))
    assert not LegalityRule.objects.filter(pk=rule.pk).exists()
    assert AuditEvent.objects.filter(action="legality_rule.deleted").count() == 1


def test_rule_errors_keep_the_typing(client_for, admin_user, product_groups, shipped):
    data = form_data(
        code=shipped.first().code,
        shelf_life_min_days="30",
        shelf_life_max_days="7",
        valid_until="2025-01-01",
    )
    response = client_for(admin_user).post(ADD, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Izin edar kosmetik rumahan"' in html
    assert "sudah dipakai aturan lain" in html
    assert "Centang kelompok produk" in html
    assert "Masa simpan terpanjang" in html
    assert "berakhir sebelum mulai" in html
    assert not LegalityRule.objects.filter(organisation__isnull=False).exists()


def test_rules_list_runs_a_constant_number_of_queries(
    client_for, admin_user, organisation, shipped
):
    client = client_for(admin_user)
    make_rule(organisation, code="r1")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(RULES).status_code == 200
        return len(queries)

    one = count()
    for n in range(2, 6):
        make_rule(organisation, code=f"r{n}", scope=RuleScope.GROUPS)
    assert count() == one
