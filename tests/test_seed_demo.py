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


@pytest.mark.django_db
def test_seed_demo_registers_55_producers_of_the_2017_call_across_every_village():
    from kurasi.programmes.models import Programme
    from kurasi.registry.models import Business, Certificate, Product
    from kurasi.registry.regions import districts_in, villages_in

    seed()
    counts = (Business.objects.count(), Product.objects.count(), Certificate.objects.count())
    seed()
    assert (
        Business.objects.count(),
        Product.objects.count(),
        Certificate.objects.count(),
    ) == counts
    businesses = Business.objects.all()
    assert businesses.count() == 55
    villages = {v for d, _ in districts_in("36.74") for v, _ in villages_in(d)}
    assert len(villages) == 54
    assert {b.village_code for b in businesses} == villages
    assert {p.group.code for p in Product.objects.select_related("group")} == {
        "tas",
        "busana",
        "aksesori",
        "makanan",
        "minuman-ringan",
    }
    for business in businesses:
        business.full_clean()  # NIK, NIB and NPWP all pass their validators
    programme = Programme.objects.get(slug="kurasi-produk-ikm-2017")
    assert programme.curation_date.isoformat() == "2017-09-19"
    assert programme.registration_closes_at.date().isoformat() < "2017-09-19"
    assert programme.applications.count() == Product.objects.count()
    codes = list(Certificate.objects.values_list("type__code", flat=True))
    assert codes.count("sni") >= 1
    assert codes.count("spp-irt") >= 1
    assert codes.count("halal") >= 1
    food_without_pirt = Product.objects.filter(group__is_food=True).exclude(
        certificates__type__code="spp-irt"
    )
    assert food_without_pirt.exists()
    only_nib = [
        b for b in businesses if set(b.certificates.values_list("type__code", flat=True)) == {"nib"}
    ]
    assert only_nib


@pytest.mark.django_db
def test_seed_demo_facilitation_2017_and_returning_producers_2018():
    from kurasi.facilitation.models import FacilitationProgramme, Participation
    from kurasi.facilitation.progress import compare
    from kurasi.programmes.models import Programme

    seed()
    counts = {p.title: p.participations.count() for p in FacilitationProgramme.objects.all()}
    assert set(counts) == {
        "Fasilitasi Sertifikasi Halal 2017",
        "Pendampingan P-IRT 2017",
        "Pelatihan Desain Kemasan 2017",
    }
    assert all(counts.values())
    done = Participation.objects.filter(status="done", certificate__isnull=False)
    assert done.exists()
    assert Participation.objects.filter(status="dropped").exists()
    issued = {p.certificate.issued_on.year for p in done.select_related("certificate")}
    assert issued <= {2017, 2018}
    programme_2018 = Programme.objects.get(slug="kurasi-produk-ikm-2018")
    current, previous, returning = compare(programme_2018)
    assert previous.programme.slug == "kurasi-produk-ikm-2017"
    assert 0.3 * len(previous.businesses) < returning == len(current.businesses)
    assert returning < 0.7 * len(previous.businesses)
    halal_now, halal_before = (
        next(c[2] for c in figures.coverage if c[0] == "Sertifikat Halal")
        for figures in (current, previous)
    )
    assert halal_now > halal_before
    before = Participation.objects.count()
    seed()
    assert Participation.objects.count() == before


@pytest.mark.django_db
def test_seed_demo_allocates_exhibitions_with_answers_and_a_moved_waiting_list():
    from kurasi.exhibitions.models import Allocation, Exhibition

    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    call_command("seed_demo", "--quiet-logins", stdout=StringIO())
    assert Exhibition.objects.count() == 2
    statuses = set(Allocation.objects.values_list("status", flat=True))
    assert {"confirmed", "declined", "invited"} <= statuses
    assert Allocation.objects.filter(reason="refilled", status="invited").exists()


@pytest.mark.django_db
def test_seed_demo_opens_a_call_today_that_the_demo_producer_has_not_answered(client):
    from django.utils import timezone

    from kurasi.demo.accounts import PRODUCER
    from kurasi.programmes.models import Application, Programme

    seed()
    call = Programme.objects.accepting_registrations().get()
    counts = (Programme.objects.count(), Application.objects.count())
    seed()
    assert (Programme.objects.count(), Application.objects.count()) == counts
    assert call.registration_closes_at.date() < call.curation_date
    assert call.curation_date.weekday() < 5  # a working day
    entrants = call.applications.all()
    assert {a.status for a in entrants} == {"draft", "submitted", "incomplete", "verified"}
    assert all(a.verification_note for a in entrants if a.status == "incomplete")
    now = timezone.now()
    assert all(a.submitted_at < now for a in entrants if a.status != "draft")
    assert all(a.submitted_at < a.verified_at < now for a in entrants if a.verified_at)
    assert not entrants.filter(product__business__owner__phone=PRODUCER[0]).exists()

    assert call.title in client.get("/").content.decode()
    client.post("/accounts/login/", {"username": PRODUCER[0], "password": DEMO_PASSWORD})
    start = client.get(f"/register/{call.organisation.slug}/{call.slug}/")
    assert start.status_code == 200
    assert 'id="new-business"' in start.content.decode()


@pytest.mark.django_db
def test_seed_demo_curators_cover_the_open_calls_groups_so_automatic_assignment_works():
    """The 2017 scenario gives kurator1–4 their product groups (kurasi/demo/curation.py), which
    the office keeps: this season's call, once its registrations are verified, is assigned out
    of the box, two curators a product, with no group short of curators."""
    from kurasi.curation.models import CuratorCoverage
    from kurasi.curation.services_assignment import assign_automatically
    from kurasi.programmes.models import Programme
    from kurasi.programmes.services import verify_application

    seed()
    coverage = CuratorCoverage.objects.count()
    seed()
    assert CuratorCoverage.objects.count() == coverage
    call = Programme.objects.accepting_registrations().get()
    admin = User.objects.get(email="admin@tangsel.kurasi.test")
    for application in call.applications.filter(status="submitted"):
        verify_application(actor=admin, application=application, complete=True)
    verified = call.applications.filter(status="verified").count()
    assert verified >= 12
    for group in call.product_groups.all():
        assert CuratorCoverage.objects.filter(product_group=group).count() >= 2, group
    result = assign_automatically(actor=admin, programme=call)
    assert (result.groups, result.shortages) == ([], [])
    assert result.created == verified * call.curation_plan.curators_per_application
