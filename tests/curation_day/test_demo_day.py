from io import StringIO

import pytest
from django.core.management import call_command

from kurasi.curation.models import Assignment, CheckIn, CurationSession, Slot


def seed():
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())


@pytest.mark.django_db
def test_demo_2017_day_schedules_and_checks_in_every_product_idempotently():
    seed()
    counts = (Slot.objects.count(), CheckIn.objects.count())
    seed()
    assert (Slot.objects.count(), CheckIn.objects.count()) == counts
    session = CurationSession.objects.get()
    assert session.date.isoformat() == "2017-09-19"
    assert session.place == "Ruang Gintung, Puspemkot Tangsel lantai 4"
    assert [t.curators.count() for t in session.tables.all()] == [2, 2]
    applications = session.programme.applications.count()
    assert Slot.objects.filter(session=session).count() == applications
    records = CheckIn.objects.all()
    assert records.count() == applications
    assert not records.filter(arrived_at__isnull=True).exists()
    assert not records.filter(no_show_at__isnull=False).exists()
    assert records.filter(is_walk_in=True).count() == 2
    codes = set(records.values_list("sample_code", flat=True))
    assert len(codes) == applications
    assert "K17-001" in codes
    # Each product sits at the table of the curators assigned to it.
    for slot in Slot.objects.select_related("table"):
        table = set(slot.table.curators.values_list("pk", flat=True))
        assigned = set(
            Assignment.objects.filter(application=slot.application_id).values_list(
                "curator_id", flat=True
            )
        )
        assert assigned <= table
