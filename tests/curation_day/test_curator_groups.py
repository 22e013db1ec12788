"""Curators' product groups: the office admin's page and its service, and automatic assignment
saying per group what is missing, with a link to that page."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.curation.models import Assignment, ConflictOfInterest, CurationPlan, CuratorCoverage
from kurasi.curation.services_curators import set_curator_groups

from ..factories import BusinessFactory, ProductGroupFactory
from .conftest import SLUG, make_curator, programme_url, verified

PAGE = reverse("curation:curator_groups", args=[SLUG])


def covered(curator):
    return set(
        CuratorCoverage.objects.filter(curator=curator).values_list(
            "product_group__code", flat=True
        )
    )


def row(curator, *groups):
    """The POST data of one curator's row: their id (the row was shown) and the ticked groups."""
    return {"curator": [curator.pk], f"curator-{curator.pk}-groups": [g.pk for g in groups]}


def events(action="curator.groups_changed"):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


# --- the page -----------------------------------------------------------------------------


def test_page_lists_curators_with_their_groups_and_the_gaps(
    client_for, admin_user, curators, product_groups, organisation
):
    ProductGroupFactory(organisation=organisation, code="kriya", name="Kriya kayu")
    response = client_for(admin_user).get(PAGE)
    content = response.content.decode()
    assert response.status_code == 200
    for name in ("Bambang Hermawan", "Sri Wahyuni", "Maya Anggraini", "Hendra Wijaya"):
        assert name in content
    # Bambang's row has the food groups ticked, not the bags.
    bambang = curators["food"][0]
    makanan, tas = product_groups["makanan"].pk, product_groups["tas"].pk
    assert f'name="curator-{bambang.pk}-groups" value="{makanan}"' in content
    ticked = content.split(f'name="curator-{bambang.pk}-groups" value="{makanan}"')[1]
    assert ticked.split(">")[0].strip().endswith("checked")
    untouched = content.split(f'name="curator-{bambang.pk}-groups" value="{tas}"')[1]
    assert "checked" not in untouched.split(">")[0]
    # Per group: two curators each, the new group none (a gap).
    coverage = content.split('id="coverage"')[1].split("</ul>")[0]
    assert coverage.count("is-gap") == 1
    assert "Kriya kayu" in coverage.split("is-gap")[1]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("curator", 403), ("field_officer", 403), ("outsider", 404), ("producer", 404)],
)
def test_page_refused_to_others_and_nothing_changes(
    client_for, request, curators, product_groups, persona, status
):
    client = client_for(request.getfixturevalue(persona))
    target = curators["food"][1]
    before = covered(target)
    assert client.get(PAGE).status_code == status
    response = client.post(PAGE, row(target, product_groups["tas"]))
    assert response.status_code == status
    assert covered(target) == before
    assert events() == []


def test_anonymous_is_sent_to_login(client):
    assert client.get(PAGE).status_code == 302


def test_admin_sets_groups_with_one_audit_event_and_none_when_unchanged(
    client_for, admin_user, curators, product_groups, organisation
):
    client = client_for(admin_user)
    sri = curators["food"][1]
    data = {
        **row(sri, product_groups["makanan"], product_groups["busana"]),
        **row(curators["food"][0], product_groups["makanan"], product_groups["minuman-ringan"]),
    }
    data["curator"] = [sri.pk, curators["food"][0].pk]
    response = client.post(PAGE, data)
    assert response.status_code == 302
    assert covered(sri) == {"makanan", "busana"}
    assert covered(curators["food"][0]) == {"makanan", "minuman-ringan"}
    [event] = events()
    assert (event.organisation, event.actor, event.object_id) == (
        organisation,
        admin_user,
        str(sri.pk),
    )
    assert event.changes == {
        "product_groups": [["Makanan", "Minuman ringan"], ["Busana", "Makanan"]]
    }
    client.post(PAGE, data)
    assert len(events()) == 1


def test_a_row_the_page_did_not_show_is_left_alone(
    client_for, admin_user, curators, product_groups, organisation
):
    """A curator added after the admin opened the page sends no row: their groups stay."""
    newcomer = make_curator(organisation, "Dewi Lestari", [product_groups["tas"]])
    client_for(admin_user).post(PAGE, row(curators["food"][1], product_groups["makanan"]))
    assert covered(newcomer) == {"tas"}
    assert covered(curators["food"][1]) == {"makanan"}


def test_another_offices_group_is_refused_and_the_ticks_are_kept(
    client_for, admin_user, curators, product_groups, other_organisation
):
    foreign = ProductGroupFactory(organisation=other_organisation, code="batik", name="Batik")
    sri = curators["food"][1]
    data = {"curator": [sri.pk], f"curator-{sri.pk}-groups": [product_groups["tas"].pk, foreign.pk]}
    response = client_for(admin_user).post(PAGE, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_curator-{sri.pk}-groups_error"' in content
    kept = content.split(f'name="curator-{sri.pk}-groups" value="{product_groups["tas"].pk}"')[1]
    assert kept.split(">")[0].strip().endswith("checked")
    assert covered(sri) == {"makanan", "minuman-ringan"}
    assert events() == []


def test_page_query_count_does_not_grow_with_curators(
    client_for, admin_user, curator, product_groups, organisation
):
    client = client_for(admin_user)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as one:
        client.get(PAGE)
    business = BusinessFactory(organisation=organisation)
    for n in range(6):
        other = make_curator(organisation, f"Kurator {n}", list(product_groups.values())[: n % 4])
        ConflictOfInterest.objects.create(curator=other, business=business, relation="saudara")
    with CaptureQueriesContext(connection) as several:
        response = client.get(PAGE)
    assert response.content.decode().count('class="curator-row"') == 7
    assert len(several) == len(one)


# --- the service --------------------------------------------------------------------------


def test_service_refuses_someone_who_is_not_a_curator_of_the_office(
    admin_user, field_officer, outsider, organisation, product_groups
):
    for person in (field_officer, outsider):
        with pytest.raises(ValidationError):
            set_curator_groups(
                actor=admin_user,
                organisation=organisation,
                curator=person,
                groups=[product_groups["tas"]],
            )
    assert not CuratorCoverage.objects.exists()
    assert events() == []


def test_service_refuses_another_offices_group(
    admin_user, curator, organisation, other_organisation
):
    foreign = ProductGroupFactory(organisation=other_organisation, code="batik", name="Batik")
    with pytest.raises(ValidationError):
        set_curator_groups(
            actor=admin_user, organisation=organisation, curator=curator, groups=[foreign]
        )
    assert not CuratorCoverage.objects.exists()


def test_one_person_curating_for_two_offices_keeps_both_sets(
    admin_user, outsider, curator, organisation, other_organisation, product_groups
):
    from kurasi.accounts.models import Role

    from ..factories import MembershipFactory

    MembershipFactory(user=curator, organisation=other_organisation, role=Role.CURATOR)
    batik = ProductGroupFactory(organisation=other_organisation, code="batik", name="Batik")
    set_curator_groups(
        actor=admin_user, organisation=organisation, curator=curator, groups=[product_groups["tas"]]
    )
    set_curator_groups(
        actor=outsider, organisation=other_organisation, curator=curator, groups=[batik]
    )
    set_curator_groups(actor=admin_user, organisation=organisation, curator=curator, groups=[])
    assert covered(curator) == {"batik"}
    assert [e.organisation for e in events()] == [organisation, other_organisation, organisation]


# --- automatic assignment says what is missing --------------------------------------------


@pytest.fixture
def two_groups(open_programme, organisation, product_groups, rubrics_chosen):
    """Verified products in two groups: three foods and two bags; two curators, food only."""
    CurationPlan.objects.create(programme=open_programme, curators_per_application=2)
    bakery = BusinessFactory(organisation=organisation, name="Roti Melati")
    bags = BusinessFactory(organisation=organisation, name="Tas Anyaman Ciputat")
    for name in ("Roti Gambang", "Kue Lapis", "Bolu Pandan"):
        verified(open_programme, bakery, product_groups["makanan"], name)
    for name in ("Tas Pandan", "Tas Mendong"):
        verified(open_programme, bags, product_groups["tas"], name)
    food = [product_groups["makanan"]]
    return [make_curator(organisation, name, food) for name in ("Sri Wahyuni", "Maya Anggraini")]


def test_shortage_names_the_uncovered_group_and_links_to_the_fix(
    client_for, admin_user, open_programme, two_groups, product_groups
):
    client = client_for(admin_user, verified=True)
    client.cookies["kurasi_language"] = "en"
    response = client.post(programme_url("assign_auto", open_programme))
    content = response.content.decode()
    assert Assignment.objects.count() == 6  # the three foods got their two curators
    groups = content.split('id="shortage-groups"')[1].split("</ul>")[0]
    tas = product_groups["tas"]
    assert groups.count("<li") == 1
    assert "Tas: 2 products need 2 curators each." in groups
    assert "No curator covers it." in groups
    assert "Add at least 2 more curators for Tas." in groups
    assert f'{PAGE}#group-{tas.pk}"' in groups
    assert f'href="{PAGE}"' in content
    # The products are detail, folded away.
    details = content.split("<details>")[1].split("</details>")[0]
    assert "Tas Pandan" in details
    assert "Tas Mendong" in details


def test_shortage_counts_conflicts_and_the_curators_still_missing(
    admin_user, open_programme, two_groups, product_groups, organisation
):
    from kurasi.curation.services_assignment import assign_automatically

    bag_maker = make_curator(organisation, "Hendra Wijaya", [product_groups["tas"]])
    make_curator(organisation, "Dedi Kusuma", [product_groups["tas"]])
    business = open_programme.applications.get(product__name="Tas Pandan").product.business
    ConflictOfInterest.objects.create(curator=bag_maker, business=business, relation="ipar")
    result = assign_automatically(actor=admin_user, programme=open_programme)
    [shortage] = result.groups
    assert (shortage.group, shortage.products, shortage.needed) == (product_groups["tas"], 2, 2)
    assert (shortage.covering, shortage.conflicted, shortage.missing) == (2, 1, 1)
    assert len(result.shortages) == 2


def test_after_setting_groups_on_the_page_assignment_gives_every_product_k_curators(
    client_for, admin_user, open_programme, two_groups, product_groups
):
    client = client_for(admin_user)
    client.post(programme_url("assign_auto", open_programme))
    sri, maya = two_groups
    data = {
        "curator": [sri.pk, maya.pk],
        f"curator-{sri.pk}-groups": [product_groups["makanan"].pk, product_groups["tas"].pk],
        f"curator-{maya.pk}-groups": [product_groups["makanan"].pk, product_groups["tas"].pk],
    }
    assert client.post(PAGE, data).status_code == 302
    response = client.post(programme_url("assign_auto", open_programme))
    assert 'id="shortage-groups"' not in response.content.decode()
    assert Assignment.objects.filter(application__programme=open_programme).count() == 2 * 5


def test_curator_sees_their_own_groups_on_their_dashboard(
    client_for, curator, organisation, other_organisation, product_groups
):
    dashboard = reverse("insights:organisation_dashboard", args=[SLUG])
    client = client_for(curator)
    assert 'class="empty-state" id="my-groups"' in client.get(dashboard).content.decode()
    for code in ("busana", "tas"):
        CuratorCoverage.objects.create(
            organisation=organisation, curator=curator, product_group=product_groups[code]
        )
    page = client.get(dashboard).content.decode()
    assert '<p id="my-groups">Busana, Tas</p>' in page
    assert f"curator-{curator.pk}-groups" not in page  # read only
