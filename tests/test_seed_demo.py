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
    businesses = Business.objects.filter(organisation__slug="disperindag-tangsel")
    products = Product.objects.filter(business__in=businesses)
    assert businesses.count() == 55
    villages = {v for d, _ in districts_in("36.74") for v, _ in villages_in(d)}
    assert len(villages) == 54
    assert {b.village_code for b in businesses} == villages
    assert {p.group.code for p in products.select_related("group")} == {
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
    assert programme.applications.count() == products.count()
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
    assert Exhibition.objects.filter(organisation__slug="disperindag-tangsel").count() == 2
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


@pytest.mark.django_db
def test_seed_demo_chain_banten_and_the_ministry_take_nominations_from_the_offices_below(client):
    """Issue 20's demo: Tangsel and Kota Tangerang under Banten, Banten under the ministry; the
    organisers' exhibitions fed by calls for nominations (no programme of their own)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kurasi.accounts.chain import offices_below
    from kurasi.curation.models_decisions import Decision
    from kurasi.exhibitions.models import Exhibition
    from kurasi.nominations import criteria
    from kurasi.nominations.models import CallOffice, ConsentState, Nomination, NominationCall

    seed()
    counts = (
        Organisation.objects.count(),
        Exhibition.objects.count(),
        NominationCall.objects.count(),
        CallOffice.objects.count(),
        Nomination.objects.count(),
        Decision.objects.count(),
    )
    seed()
    assert (
        Organisation.objects.count(),
        Exhibition.objects.count(),
        NominationCall.objects.count(),
        CallOffice.objects.count(),
        Nomination.objects.count(),
        Decision.objects.count(),
    ) == counts

    offices = {o.slug: o for o in Organisation.objects.all()}
    tangsel, tangerang = offices["disperindag-tangsel"], offices["kota-tangerang"]
    banten, ministry = offices["banten"], offices["kemendag"]
    assert (banten.region_code, tangerang.region_code, ministry.kind) == ("36", "36.71", "ministry")
    assert tangsel.parent == tangerang.parent == banten
    assert banten.parent == ministry
    assert ministry.parent is None
    assert set(offices_below(ministry)) == {banten.pk, tangsel.pk, tangerang.pk}
    for office, email in [
        (banten, "admin@banten.kurasi.test"),
        (tangerang, "admin@kota-tangerang.kurasi.test"),
        (ministry, "admin@kemendag.kurasi.test"),
    ]:
        admin = User.objects.get(email=email)
        assert office.memberships.get(user=admin).role == Role.ADMIN
        assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()
        assert admin.check_password(DEMO_PASSWORD)

    # Kota Tangerang's own small season: decided, food and non-food, passed and not.
    decisions = Decision.objects.filter(application__programme__organisation=tangerang)
    assert 8 <= decisions.count() <= 12
    assert {d.band.is_pass for d in decisions.select_related("band")} == {True, False}
    groups = set(decisions.values_list("application__product__group__is_food", flat=True))
    assert groups == {True, False}

    expo = Exhibition.objects.get(organisation=banten, name="Banten Trade Expo 2017")
    tei = Exhibition.objects.get(organisation=ministry, name="Trade Expo Indonesia 2017")
    assert expo.programme is None
    assert tei.programme is None
    assert (tei.starts_on.isoformat(), tei.ends_on.isoformat()) == ("2017-10-11", "2017-10-15")
    assert "ICE BSD" in tei.venue
    assert expo.booth_types.exists()
    assert tei.booth_types.exists()

    # Banten's call: both offices submitted; Tangsel held one nominee back (no consent).
    call = expo.nomination_call
    assert call.status == "open"
    assert call.deadline.date() < expo.starts_on
    lists = {co.office.slug: co for co in call.offices.select_related("office")}
    assert set(lists) == {"disperindag-tangsel", "kota-tangerang"}
    for call_office in lists.values():
        nominees = list(call_office.nominations.all())
        assert call_office.submitted_at is not None
        assert 0 < len(nominees) <= call_office.quota
        assert all(n.application.programme.organisation == call_office.office for n in nominees)
    tangsel_list = lists["disperindag-tangsel"].nominations.all()
    held_back = [n for n in tangsel_list if not n.shared]
    assert [n.consent for n in held_back] == [ConsentState.MISSING]
    assert all(n.shared for n in lists["kota-tangerang"].nominations.all())
    # The call's criteria turned one of Kota Tangerang's passing snacks away (no P-IRT, no halal).
    refused = [
        c
        for c in criteria.assess(lists["kota-tangerang"])
        if not c.eligible and c.application.decision.band.is_pass
    ]
    assert [r.code for c in refused for r in c.reasons] == [criteria.FOOD_PERMIT]

    # The ministry's call for TEI: open, asking Banten, not answered yet.
    tei_call = tei.nomination_call
    assert tei_call.status == "open"
    [asked] = tei_call.offices.all()
    assert asked.office == banten
    assert asked.submitted_at is None
    assert not asked.nominations.exists()

    response = client.post(
        "/accounts/login/", {"username": "admin@banten.kurasi.test", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
