"""Offices in a chain (issue 20, point 1): kota/kabupaten → provinsi → ministry.

Derived from the Kemendagri codes when an office is created (the operator's page and the
command), set or cleared by the platform operator on the office's "Office above" page, shown
read-only on the office's own profile.
"""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from kurasi.accounts.chain import (
    derived_parent,
    link_to_chain,
    offices_above,
    offices_below,
    would_loop,
)
from kurasi.accounts.models import Organisation, OrganisationKind, Role
from kurasi.audit.models import AuditEvent

from ..factories import MembershipFactory, OrganisationFactory, UserFactory

OFFICES = reverse("operator:offices")
NEW = reverse("operator:office_new")


def above_url(office):
    return reverse("operator:office_above", args=[office.slug])


@pytest.fixture
def operator(db):
    return UserFactory(full_name="Operator Kurasi", email="operator@kurasi.test", is_superuser=True)


@pytest.fixture
def english(client_for):
    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def office(name, region, kind=OrganisationKind.DINAS_PERINDAG, parent=None):
    return OrganisationFactory(
        name=name,
        slug=re.sub(r"\W+", "-", name.lower()),
        region_code=region,
        kind=kind,
        parent=parent,
    )


def create_on_page(client, name, region, kind="dinas_perindag"):
    response = client.post(
        NEW,
        {"name": name, "kind": kind, "region_code": region, "admin_email": "kepala@kantor.go.id"},
    )
    assert response.status_code == 200, response.content.decode()[:500]
    return Organisation.objects.get(name=name)


def create_by_command(*extra):
    out = StringIO()
    call_command(
        "create_office",
        "--admin-email",
        "kepala@kantor.go.id",
        *extra,
        stdout=out,
    )
    return out.getvalue()


def parent_events(organisation):
    return list(
        AuditEvent.objects.filter(
            organisation=organisation, action="organisation.parent_changed"
        ).order_by("pk")
    )


# --- Derived from the region codes when an office is created -----------------------------------


def test_a_city_created_after_its_province_is_linked(english, operator):
    client = english(operator)
    banten = create_on_page(client, "Disperindag Provinsi Banten", "36")
    tangsel = create_on_page(client, "Disperindag Kota Tangerang Selatan", "36.74")
    assert tangsel.parent == banten
    assert banten.parent is None
    created = AuditEvent.objects.get(organisation=tangsel, action="organisation.created")
    assert created.changes["parent"] == [None, "Disperindag Provinsi Banten"]


def test_a_province_created_after_its_cities_adopts_them(english, operator):
    client = english(operator)
    tangsel = create_on_page(client, "Disperindag Kota Tangerang Selatan", "36.74")
    serang = create_on_page(client, "Disperindag Kabupaten Serang", "36.04")
    depok = create_on_page(client, "Disperindag Kota Depok", "32.76")
    placed = office("Disperindag Kota Cilegon", "36.72")  # placed by hand under another office
    placed.parent = depok
    placed.save()
    assert tangsel.parent is None

    banten = create_on_page(client, "Disperindag Provinsi Banten", "36")

    for city in (tangsel, serang, depok, placed):
        city.refresh_from_db()
    assert (tangsel.parent, serang.parent) == (banten, banten)
    assert depok.parent is None  # another province
    assert placed.parent == depok  # never replaces an office above set before
    # Each adopted office's own trail says so, with who created the province's office.
    [event] = parent_events(tangsel)
    assert (event.actor, event.changes) == (operator, {"parent": [None, banten.name]})
    assert parent_events(depok) == []


def test_same_kind_is_preferred_when_a_province_has_several_offices(db):
    disperindag = office("Disperindag Provinsi Banten", "36")
    office("Dekranasda Provinsi Banten", "36", kind=OrganisationKind.DEKRANASDA)
    city = office("Disperindag Kota Serang", "36.73")
    assert derived_parent(city) == disperindag
    koperasi = office(
        "Dinas Koperasi Kota Serang", "36.73", kind=OrganisationKind.DINAS_KOPERASI_UKM
    )
    assert derived_parent(koperasi) is None  # two candidates, neither of its kind: the operator


def test_a_ministry_is_never_derived_and_adopts_nobody(english, operator):
    client = english(operator)
    jakarta_city = create_on_page(client, "Sudin Jakarta Selatan", "31.74")
    ministry = create_on_page(client, "Kementerian Perdagangan", "31", kind="ministry")
    jakarta_city.refresh_from_db()
    assert jakarta_city.parent is None  # its seat's code (31) says nothing of whom it serves
    assert ministry.parent is None
    later = create_on_page(client, "Sudin Jakarta Timur", "31.75")
    assert later.parent is None
    assert derived_parent(ministry) is None


def test_link_to_chain_leaves_a_set_office_above_alone(db):
    office("Disperindag Provinsi Banten", "36")
    ministry = office("Kementerian Perdagangan", "31", kind=OrganisationKind.MINISTRY)
    city = office("Disperindag Kota Serang", "36.73", parent=ministry)
    assert link_to_chain(city) == []
    city.refresh_from_db()
    assert city.parent == ministry


def test_walks_up_and_down_the_chain(db):
    ministry = office("Kementerian Perdagangan", "31", kind=OrganisationKind.MINISTRY)
    banten = office("Disperindag Provinsi Banten", "36", parent=ministry)
    tangsel = office("Disperindag Kota Tangerang Selatan", "36.74", parent=banten)
    serang = office("Disperindag Kabupaten Serang", "36.04", parent=banten)
    assert set(offices_below(ministry)) == {banten.pk, tangsel.pk, serang.pk}
    assert set(offices_below(banten, include_self=True)) == {banten.pk, tangsel.pk, serang.pk}
    assert offices_below(tangsel) == []
    assert offices_above(tangsel) == [banten, ministry]
    assert would_loop(ministry, tangsel)
    assert would_loop(banten, banten)
    assert not would_loop(tangsel, serang)
    assert not would_loop(tangsel, None)


# --- The command -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_takes_the_office_above_by_its_short_name():
    ministry = office("Kementerian Perdagangan", "31", kind=OrganisationKind.MINISTRY)
    output = create_by_command(
        "--name", "Disperindag Provinsi Banten", "--region", "36", "--parent", ministry.slug
    )
    banten = Organisation.objects.get(name="Disperindag Provinsi Banten")
    assert banten.parent == ministry
    assert "Office above: Kementerian Perdagangan" in output
    output = create_by_command("--name", "Disperindag Kota Serang", "--region", "36.73")
    assert Organisation.objects.get(name="Disperindag Kota Serang").parent == banten
    assert "Office above: Disperindag Provinsi Banten" in output


@pytest.mark.django_db
def test_command_refuses_an_unknown_or_wrong_office_above_and_creates_nothing():
    depok = office("Disperindag Kota Depok", "32.76")
    with pytest.raises(CommandError, match="no office has the short name nowhere"):
        create_by_command(
            "--name", "Disperindag Kota Serang", "--region", "36.73", "--parent", "nowhere"
        )
    with pytest.raises(CommandError, match="in another province"):
        create_by_command(
            "--name", "Disperindag Kota Serang", "--region", "36.73", "--parent", depok.slug
        )
    assert not Organisation.objects.filter(name="Disperindag Kota Serang").exists()
    assert not AuditEvent.objects.exists()


# --- The operator's page ---------------------------------------------------------------------


@pytest.fixture
def chain(db):
    ministry = office("Kementerian Perdagangan", "31", kind=OrganisationKind.MINISTRY)
    banten = office("Disperindag Provinsi Banten", "36")
    tangsel = office("Disperindag Kota Tangerang Selatan", "36.74", parent=banten)
    depok = office("Disperindag Kota Depok", "32.76")
    return {"ministry": ministry, "banten": banten, "tangsel": tangsel, "depok": depok}


def test_operator_puts_a_province_under_the_ministry_and_it_is_audited(english, operator, chain):
    client = english(operator)
    banten, ministry = chain["banten"], chain["ministry"]
    page = client.get(above_url(banten)).content.decode()
    assert "Kementerian Perdagangan (31)" in page
    assert 'id="current-above">None' in page
    assert "Disperindag Kota Tangerang Selatan" in page  # its office below
    response = client.post(above_url(banten), {"parent": ministry.pk}, follow=True)
    assert response.redirect_chain[-1][0] == OFFICES
    assert "Disperindag Provinsi Banten now sits under Kementerian Perdagangan." in (
        response.content.decode()
    )
    banten.refresh_from_db()
    assert banten.parent == ministry
    [event] = parent_events(banten)
    assert (event.actor, event.changes) == (operator, {"parent": [None, ministry.name]})
    assert parent_events(ministry) == []
    # Saved again unchanged: nothing written.
    client.post(above_url(banten), {"parent": ministry.pk})
    assert len(parent_events(banten)) == 1
    # Cleared.
    response = client.post(above_url(banten), {"parent": ""}, follow=True)
    assert "now sits under no office" in response.content.decode()
    banten.refresh_from_db()
    assert banten.parent is None
    assert parent_events(banten)[-1].changes == {"parent": [ministry.name, None]}


def test_the_suggestion_of_the_region_codes_is_marked(english, operator, chain):
    client = english(operator)
    serang = office("Disperindag Kota Serang", "36.73")  # made by hand: no office above yet
    page = client.get(above_url(serang)).content.decode()
    assert "Disperindag Provinsi Banten (36) — suggested by the region codes" in page
    assert page.count("suggested by the region codes") == 1
    assert 'id="suggested-above">Disperindag Provinsi Banten (36)<' in page
    # The other offices, grouped: the ministry under "National", the others by province.
    assert '<optgroup label="National">' in page
    assert '<optgroup label="Banten">' in page
    assert f'value="{serang.pk}"' not in page  # not itself


def test_a_circle_is_refused_with_a_clear_message(english, operator, chain):
    client = english(operator)
    banten, tangsel = chain["banten"], chain["tangsel"]
    response = client.post(above_url(banten), {"parent": tangsel.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Disperindag Kota Tangerang Selatan already sits under Disperindag Provinsi Banten: "
        "putting Disperindag Provinsi Banten under it would make a circle."
    ) in page
    assert 'aria-invalid="true"' in page
    banten.refresh_from_db()
    assert banten.parent is None
    assert parent_events(banten) == []


def test_a_circle_through_the_ministry_is_refused(operator, chain, english):
    ministry, banten = chain["ministry"], chain["banten"]
    banten.parent = ministry
    banten.save()
    page = (
        english(operator)
        .post(above_url(ministry), {"parent": chain["tangsel"].pk})
        .content.decode()
    )
    assert "would make a circle" in page
    ministry.refresh_from_db()
    assert ministry.parent is None


def test_a_city_under_another_provinces_office_is_refused_in_indonesian(
    client_for, operator, chain
):
    tangsel, depok = chain["tangsel"], chain["depok"]
    page = client_for(operator).post(above_url(tangsel), {"parent": depok.pk}).content.decode()
    assert (
        "Disperindag Kota Tangerang Selatan melayani Kota Tangerang Selatan di Provinsi Banten; "
        "Disperindag Kota Depok melayani Kota Depok, di provinsi lain."
    ) in page
    tangsel.refresh_from_db()
    assert tangsel.parent == chain["banten"]


def test_the_areas_must_fit(english, operator, chain):
    client = english(operator)
    serang = office("Disperindag Kota Serang", "36.73")
    cases = [
        # A city under another city of its own province.
        (serang, chain["tangsel"], "serves Kota Tangerang Selatan, not Kota Serang"),
        # A province's office under a city's.
        (chain["banten"], chain["depok"], "it sits under the ministry"),
        # The ministry under a province's office.
        (chain["ministry"], chain["banten"], "it sits at the top of the chain"),
        (serang, serang, None),  # not offered: itself is no choice
    ]
    for organisation, parent, message in cases:
        response = client.post(above_url(organisation), {"parent": parent.pk})
        page = response.content.decode()
        if message is None:
            assert "Select a valid choice" in page
        else:
            assert message in page
        organisation.refresh_from_db()
        assert organisation.parent != parent
    # A city straight under the ministry is fine.
    client.post(above_url(serang), {"parent": chain["ministry"].pk})
    serang.refresh_from_db()
    assert serang.parent == chain["ministry"]


def test_office_admins_get_404_and_visitors_the_login_page(
    client_for, client, admin_user, outsider, organisation, other_organisation
):
    for user in (admin_user, outsider):
        c = client_for(user)
        for target in (organisation, other_organisation):
            assert c.get(above_url(target)).status_code == 404
            assert c.post(above_url(target), {"parent": ""}).status_code == 404
    response = client.get(above_url(organisation))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not AuditEvent.objects.filter(action="organisation.parent_changed").exists()


def test_the_list_shows_each_offices_place_in_constant_queries(
    english, operator, chain, django_assert_max_num_queries
):
    client = english(operator)
    client.get(OFFICES)  # warm the session and the translations
    page = client.get(OFFICES).content.decode()
    banten_row = page[page.index("Disperindag Provinsi Banten<br>") :]
    assert "1 office below" in banten_row[: banten_row.index("</tr>")]
    tangsel_row = page[page.index("Disperindag Kota Tangerang Selatan<br>") :]
    assert "Disperindag Provinsi Banten" in tangsel_row[: tangsel_row.index("</tr>")]
    assert above_url(chain["tangsel"]) in page
    with django_assert_max_num_queries(12) as few:
        client.get(OFFICES)
    for n in range(5):
        city = office(f"Disperindag Kota {n}", "36.71", parent=chain["banten"])
        MembershipFactory(organisation=city, role=Role.ADMIN)
        MembershipFactory(organisation=city, role=Role.CURATOR)
    with django_assert_max_num_queries(len(few)):
        page = client.get(OFFICES).content.decode()
    banten_row = page[page.index("Disperindag Provinsi Banten<br>") :]
    assert "6 offices below" in banten_row[: banten_row.index("</tr>")]
    # Two memberships and six offices below do not multiply each other in the counts.
    city_row = page[page.index("Disperindag Kota 0<br>") :]
    assert 'data-label="Staff">2' in city_row[: city_row.index("</tr>")]


# --- The office's own profile: read-only -----------------------------------------------------


def test_the_office_profile_shows_its_place_read_only(client_for, admin_user, organisation):
    banten = office("Disperindag Provinsi Banten", "36")
    organisation.parent = banten
    organisation.save()
    office("Dekranasda Kota Tangerang Selatan", "36.74", parent=organisation)
    client = client_for(admin_user)
    url = reverse("office:profile", args=[organisation.slug])
    page = client.get(url).content.decode()
    assert "Kantor di atas" in page
    assert 'id="office-above">Disperindag Provinsi Banten<' in page
    assert 'id="offices-below">1<' in page
    assert 'name="parent"' not in page
    # A profile post carrying an office above changes nothing of the chain.
    client.post(url, {"name": organisation.name, "default_language": "id", "parent": ""})
    organisation.refresh_from_db()
    assert organisation.parent == banten


def test_a_field_officer_does_not_see_the_profile(client_for, field_officer, organisation):
    url = reverse("office:profile", args=[organisation.slug])
    assert client_for(field_officer).get(url).status_code == 403
