from io import StringIO

import pytest
from django.core.management import call_command

from kurasi.audit.models import AuditEvent
from kurasi.curation.models_decisions import Decision, OutcomeBand


def seed():
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())


@pytest.mark.django_db
def test_demo_decides_every_2017_product_and_issues_letters_idempotently():
    seed()
    decisions = Decision.objects.filter(application__programme__slug="kurasi-produk-ikm-2017")
    first = sorted(decisions.values_list("verification_code", "band__label", "letter_number"))
    seed()
    assert sorted(decisions.values_list("verification_code", "band__label", "letter_number")) == (
        first
    )
    assert decisions.count() == 71  # every application of the 2017 call
    assert not decisions.filter(letter_issued_at__isnull=True).exists()
    overridden = decisions.filter(overridden=True)
    assert overridden.count() == 3
    assert all(d.reason for d in overridden)
    labels = set(OutcomeBand.objects.values_list("label", flat=True))
    assert "Lolos — siap pameran nasional" in labels
    assert {d.band.is_pass for d in decisions.select_related("band")} == {True, False}
    tangsel = AuditEvent.objects.filter(organisation__slug="disperindag-tangsel")
    assert tangsel.filter(action="decision.made").count() == 71


@pytest.mark.django_db
def test_demo_codes_are_the_same_on_every_fresh_database():
    seed()
    codes = sorted(Decision.objects.values_list("verification_code", flat=True))
    Decision.objects.all().delete()
    from kurasi.curation.models import Assessment

    Assessment.objects.update(recommendation="")
    seed()
    assert sorted(Decision.objects.values_list("verification_code", flat=True)) == codes
