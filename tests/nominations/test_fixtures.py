"""The chain the nomination tests share is what they say it is."""

from kurasi.accounts.chain import offices_below


def test_the_offices_below_the_province_are_asked(province, call, tangsel, tangerang, outsider):
    assert set(offices_below(province)) == {tangsel.office.pk, tangerang.office.pk}
    assert {co.office for co in call.offices.all()} == {tangsel.office, tangerang.office}
    assert outsider.memberships.get().organisation.pk not in offices_below(province)
    assert tangsel.halal.product == tangsel.app("food_halal").product
    assert tangerang.app("carving").decision.band.is_pass
