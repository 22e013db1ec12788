from io import StringIO

import pytest
from django.core.management import call_command

from kurasi.accounts.models import Membership, Organisation, Role, User
from kurasi.demo.accounts import DEMO_PASSWORD


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_demo_creates_the_founding_office_and_is_idempotent():
    output = seed()
    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    seed()
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts
    office = Organisation.objects.get(slug="disperindag-tangsel")
    assert office.region_code == "36.74"
    assert office.region_name == "Kota Tangerang Selatan"
    roles = sorted(office.memberships.values_list("role", flat=True))
    assert roles.count(Role.ADMIN) == 1
    assert roles.count(Role.FIELD_OFFICER) == 2
    assert roles.count(Role.CURATOR) == 4
    assert "admin@tangsel.kurasi.test" in output
    assert DEMO_PASSWORD in output


@pytest.mark.django_db
def test_seed_demo_logins_work(client):
    seed()
    response = client.post(
        "/accounts/login/", {"username": "0812-9876-5001", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
