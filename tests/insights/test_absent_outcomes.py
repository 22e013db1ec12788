"""An absent outcome (the producer did not come) is neither passed nor failed in the figures."""

from django.utils import timezone

from kurasi.curation.models import Decision

from .conftest import add_entry
from .test_figures import FIGURES, chart


def test_absent_decisions_stay_out_of_pass_rates_and_are_named_in_outcomes(
    client_for, admin_user, open_programme, product_groups, entries
):
    for i in range(3):
        absent = add_entry(open_programme, product_groups["makanan"], name=f"Absen {i}")
        Decision.objects.create(application=absent, absent=True, decided_at=timezone.now())
    response = client_for(admin_user).get(FIGURES)
    # As without them: 6 of 8 food products passed, 7 of 12 in all.
    assert chart(response, "pass-rates").rows == [
        ("Makanan", ["75% (6/8)"]),
        ("Tas", ["25% (1/4)"]),
        ("Semua kelompok", ["58% (7/12)"]),
    ]
    assert chart(response, "outcomes").rows == [
        ("Lolos", ["7"]),
        ("Belum lolos", ["5"]),
        ("Tidak hadir", ["3"]),
    ]
