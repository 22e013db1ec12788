"""The shipped legality rules (DOMAIN.md §5) judged by the pure functions, at each boundary date:
the day before, the day of and the day after every valid_from, valid_until and expiry."""

import datetime as dt

import pytest

from kurasi.facilitation.rules import (
    EXPIRED,
    EXPIRING,
    MANDATORY,
    MISSING,
    RECOMMENDED,
    VALID,
    BusinessFacts,
    Cert,
    ProductFacts,
    Rule,
    in_force,
    requirements_on,
)
from kurasi.facilitation.shipped import shipped_rules

DAY = dt.timedelta(days=1)


def shipped():
    """The shipped data file as pure rules; certificate types are named by their codes."""
    return [
        Rule(
            id=index,
            code=code,
            name=fields["name"],
            type_ids=frozenset(types),
            scope=fields["scope"],
            severity=fields["severity"],
            sni_categories=frozenset(fields["sni_categories"]),
            shelf_life_min_days=fields["shelf_life_min_days"],
            shelf_life_max_days=fields["shelf_life_max_days"],
            high_risk=fields["high_risk"],
            scales=frozenset(fields["scales"]),
            valid_from=fields["valid_from"],
            valid_until=fields["valid_until"],
            position=fields["position"],
        )
        for index, (code, types, fields) in enumerate(shipped_rules())
    ]


RULES = shipped()


def food(shelf_life=120, **kwargs):
    return ProductFacts(id=1, group_id=10, is_food=True, shelf_life_days=shelf_life, **kwargs)


def business(*products, scale="micro", certificates=(), nib=None):
    return BusinessFacts(
        id=1,
        scale=scale,
        nib_type_id=nib,
        products=list(products),
        certificates=list(certificates),
    )


def by_code(requirements):
    return {r.rule.code: r for r in requirements}


def test_rule_in_force_boundaries_are_inclusive():
    rule = Rule(
        1,
        "x",
        "x",
        frozenset({"t"}),
        "business",
        valid_from=dt.date(2020, 1, 10),
        valid_until=dt.date(2020, 1, 20),
    )
    assert not in_force(rule, dt.date(2020, 1, 9))
    assert in_force(rule, dt.date(2020, 1, 10))
    assert in_force(rule, dt.date(2020, 1, 20))
    assert not in_force(rule, dt.date(2020, 1, 21))


@pytest.mark.parametrize(
    ("day", "codes"),
    [
        (dt.date(2018, 7, 7), {"izin-usaha-umk"}),
        (dt.date(2018, 7, 8), {"izin-usaha-umk"}),
        (dt.date(2018, 7, 9), {"nib"}),
        (dt.date(2018, 7, 10), {"nib"}),
    ],
)
def test_business_permit_rule_iumk_until_oss_then_nib(day, codes):
    found = by_code(requirements_on(RULES, business(), day))
    assert {c for c in found if c in ("izin-usaha-umk", "nib")} == codes


def test_business_permit_iumk_counts_before_oss_but_not_after():
    iumk = Cert(1, "iumk", None, dt.date(2016, 1, 5), None)
    before = by_code(requirements_on(RULES, business(certificates=[iumk]), dt.date(2018, 7, 8)))
    after = by_code(requirements_on(RULES, business(certificates=[iumk]), dt.date(2018, 7, 9)))
    assert before["izin-usaha-umk"].status == VALID
    assert after["nib"].status == MISSING


def test_business_permit_nib_on_the_record_counts_as_held():
    found = by_code(requirements_on(RULES, business(nib="nib"), dt.date(2025, 1, 1)))
    assert found["nib"].status == VALID


@pytest.mark.parametrize(
    ("day", "severity", "code"),
    [
        (dt.date(2026, 10, 16), RECOMMENDED, "halal-pangan-sukarela"),
        (dt.date(2026, 10, 17), MANDATORY, "halal-pangan-umk"),
        (dt.date(2026, 10, 18), MANDATORY, "halal-pangan-umk"),
    ],
)
def test_halal_for_micro_food_becomes_mandatory_on_17_october_2026(day, severity, code):
    halal = [r for r in requirements_on(RULES, business(food()), day) if "halal" in r.rule.type_ids]
    assert len(halal) == 1  # the voluntary and the mandatory rule never both show
    assert (halal[0].rule.code, halal[0].rule.severity, halal[0].status) == (
        code,
        severity,
        MISSING,
    )


@pytest.mark.parametrize(
    ("day", "severity"),
    [
        (dt.date(2024, 10, 17), RECOMMENDED),
        (dt.date(2024, 10, 18), MANDATORY),
        (dt.date(2024, 10, 19), MANDATORY),
    ],
)
def test_halal_for_medium_food_becomes_mandatory_on_18_october_2024(day, severity):
    found = requirements_on(RULES, business(food(), scale="medium"), day)
    halal = [r for r in found if "halal" in r.rule.type_ids]
    assert [r.rule.severity for r in halal] == [severity]


def test_halal_for_micro_food_in_2017_is_only_recommended():
    found = by_code(requirements_on(RULES, business(food()), dt.date(2017, 10, 9)))
    assert found["halal-pangan-sukarela"].rule.severity == RECOMMENDED
    assert "halal-pangan-umk" not in found


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (dt.date(2025, 3, 1) - 91 * DAY, VALID),
        (dt.date(2025, 3, 1) - 90 * DAY, EXPIRING),
        (dt.date(2025, 2, 28), EXPIRING),
        (dt.date(2025, 3, 1), EXPIRING),
        (dt.date(2025, 3, 2), EXPIRED),
    ],
)
def test_certificate_expiry_boundaries(day, status):
    pirt = Cert(7, "spp-irt", 1, dt.date(2020, 3, 1), dt.date(2025, 3, 1))
    found = by_code(requirements_on(RULES, business(food(), certificates=[pirt]), day))
    assert found["spp-irt"].status == status


@pytest.mark.parametrize(
    ("day", "status"), [(dt.date(2017, 12, 14), MISSING), (dt.date(2017, 12, 15), VALID)]
)
def test_certificate_counts_from_its_issue_date(day, status):
    halal = Cert(3, "halal", None, dt.date(2017, 12, 15), dt.date(2019, 12, 15))
    found = by_code(requirements_on(RULES, business(food(), certificates=[halal]), day))
    assert found["halal-pangan-sukarela"].status == status


@pytest.mark.parametrize(
    ("shelf_life", "expected"),
    [(6, {"slhs"}), (7, set()), (8, {"spp-irt"}), (None, set())],
)
def test_food_permit_by_shelf_life_boundaries(shelf_life, expected):
    found = by_code(requirements_on(RULES, business(food(shelf_life)), dt.date(2025, 1, 1)))
    assert {c for c in found if c in ("slhs", "spp-irt", "bpom-md-skala", "bpom-md-risiko")} == (
        expected
    )


def test_high_risk_food_needs_bpom_md_not_pirt():
    found = by_code(requirements_on(RULES, business(food(high_risk=True)), dt.date(2025, 1, 1)))
    assert "bpom-md-risiko" in found
    assert "spp-irt" not in found


def test_medium_firm_food_needs_bpom_md_not_pirt():
    found = by_code(requirements_on(RULES, business(food(), scale="medium"), dt.date(2025, 1, 1)))
    assert "bpom-md-skala" in found
    assert "spp-irt" not in found


def test_unknown_scale_is_judged_as_micro():
    found = by_code(requirements_on(RULES, business(food(), scale=""), dt.date(2025, 1, 1)))
    assert "spp-irt" in found
    assert "bpom-md-skala" not in found


def test_bpom_md_satisfies_the_pirt_rule():
    md = Cert(9, "bpom-md", 1, dt.date(2022, 1, 1), None)
    found = by_code(
        requirements_on(RULES, business(food(), certificates=[md]), dt.date(2025, 1, 1))
    )
    assert found["spp-irt"].status == VALID


def test_certificate_of_another_product_does_not_count():
    other = Cert(9, "spp-irt", 2, dt.date(2022, 1, 1), dt.date(2027, 1, 1))
    found = by_code(
        requirements_on(RULES, business(food(), certificates=[other]), dt.date(2025, 1, 1))
    )
    assert found["spp-irt"].status == MISSING


def test_mandatory_sni_only_for_products_in_its_category():
    biscuits = ProductFacts(1, 10, True, 180, sni_category="biscuits")
    found = by_code(requirements_on(RULES, business(biscuits, food()), dt.date(2025, 1, 1)))
    assert found["sni-wajib-pangan"].product.id == 1
    assert [
        r.product
        for r in requirements_on(RULES, business(food()), dt.date(2025, 1, 1))
        if r.rule.code.startswith("sni-wajib")
    ] == []


def test_non_food_gets_voluntary_sni_and_trademark_recommendations():
    bag = ProductFacts(1, 11, False)
    found = by_code(requirements_on(RULES, business(bag), dt.date(2025, 1, 1)))
    assert found["sni-sukarela"].rule.severity == RECOMMENDED
    assert found["merek"].product is None
    assert "spp-irt" not in found
