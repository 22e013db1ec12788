import pytest
from django.urls import reverse

from kurasi.audit.models import AuditEvent

from ..factories import (
    ApplicationFactory,
    BusinessFactory,
    CertificateFactory,
    ProductFactory,
    ProgrammeFactory,
)
from .helpers import ORG

LIST = reverse("registry:business_list", args=[ORG])


@pytest.fixture
def pair(organisation, product_groups):
    keep = BusinessFactory(
        organisation=organisation, name="Keripik Bu Ani", phone="+6281234567890", nib=""
    )
    ProductFactory(business=keep, group=product_groups["makanan"], name="Keripik Singkong")
    duplicate = BusinessFactory(
        organisation=organisation,
        name="Keripik Ani",
        phone="+6281234567890",
        nib="9120001234567",
    )
    ProductFactory(business=duplicate, group=product_groups["makanan"], name="Keripik Pisang")
    CertificateFactory(business=duplicate, number="9120001234567")
    return keep, duplicate


def merge_url(keep, duplicate):
    return reverse("registry:merge", args=[ORG, keep.pk, duplicate.pk])


def test_business_page_offers_merge_of_a_duplicate(client_for, admin_user, pair):
    keep, duplicate = pair
    content = client_for(admin_user).get(keep.get_absolute_url()).content.decode()
    assert merge_url(keep, duplicate) in content


def test_merge_shows_side_by_side_comparison(client_for, admin_user, pair):
    keep, duplicate = pair
    response = client_for(admin_user).get(merge_url(keep, duplicate))
    assert response.status_code == 200
    rows = {str(row["label"]): row for row in response.context["rows"]}
    assert rows["NIB"]["keep"] == ""
    assert rows["NIB"]["duplicate"] == "9120001234567"
    assert response.context["duplicate"].product_count == 1


def test_merge_keeps_history(client_for, admin_user, pair):
    keep, duplicate = pair
    client = client_for(admin_user)
    response = client.post(merge_url(keep, duplicate))
    assert response.status_code == 302
    assert response.url == keep.get_absolute_url()
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert keep.nib == "9120001234567"
    assert sorted(keep.products.values_list("name", flat=True)) == [
        "Keripik Pisang",
        "Keripik Singkong",
    ]
    assert keep.certificates.count() == 1
    assert AuditEvent.objects.for_object(keep).filter(action="business.merged_from").exists()
    assert AuditEvent.objects.for_object(duplicate).filter(action="business.merged_into").exists()
    # Gone from the list; its address leads to the kept record.
    listed = [b.name for b in client.get(LIST).context["page"].object_list]
    assert listed == ["Keripik Bu Ani"]
    assert client.get(duplicate.get_absolute_url()).url == keep.get_absolute_url()
    # The kept record's history shows the merge.
    page = client.get(keep.get_absolute_url()).content.decode()
    assert "Data ganda digabung ke usaha ini" in page


def test_merged_entries_are_found_under_the_kept_business(
    client_for, admin_user, organisation, pair
):
    """The duplicate's application moves with its product: the "entered in programme" filter
    finds the kept business, and the merged one no longer appears anywhere."""
    keep, duplicate = pair
    programme = ProgrammeFactory(organisation=organisation)
    ApplicationFactory(programme=programme, product=duplicate.products.get())
    client = client_for(admin_user)
    assert client.post(merge_url(keep, duplicate)).status_code == 302
    found = client.get(client.post(LIST, {"programme": programme.pk}).url)
    assert [b.name for b in found.context["page"].object_list] == ["Keripik Bu Ani"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)],
)
def test_merge_refused(client_for, request, persona, status, pair):
    keep, duplicate = pair
    response = client_for(request.getfixturevalue(persona)).post(merge_url(keep, duplicate))
    assert response.status_code == status
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_merge_with_itself_or_another_office_is_404(
    client_for, admin_user, pair, other_organisation
):
    keep, _duplicate = pair
    stranger = BusinessFactory(organisation=other_organisation)
    client = client_for(admin_user)
    assert client.post(merge_url(keep, keep)).status_code == 404
    assert client.post(merge_url(keep, stranger)).status_code == 404
