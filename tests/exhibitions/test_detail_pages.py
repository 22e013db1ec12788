"""The exhibition page shows its allocation one page of rows at a time, with a tab per status
(issue 17: 1.0–1.1 s at 71 rows): the same number of queries for 3 rows and for 60."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions.invitations import send_invitations
from kurasi.exhibitions.models import Allocation
from kurasi.exhibitions.services import run_allocation
from kurasi.exhibitions.views import PAGE_SIZE

from ..factories import ApplicationFactory, BusinessFactory, ProductFactory

pytestmark = pytest.mark.django_db


def add_candidates(exhibition, organisation, group, n):
    band = Decision.objects.first().band
    for i in range(n):
        business = BusinessFactory(organisation=organisation, name=f"Usaha {i}")
        product = ProductFactory(business=business, group=group, name=f"Produk {i:03}")
        application = ApplicationFactory(
            programme=exhibition.programme, product=product, status="verified"
        )
        Decision.objects.create(
            application=application,
            band=band,
            score_snapshot={"mean": 40 + i / 2},
            decided_at=dt.datetime(2017, 9, 22, tzinfo=dt.UTC),
        )


def rows_on(page):
    return page.count('<tr id="allocation-')


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_detail_pages_rows_with_a_constant_query_count(
    request, client_for, admin_user, persona, exhibition, organisation, product_groups
):
    exhibition.booth_types.update(count=2)
    client = client_for(request.getfixturevalue(persona))
    run_allocation(actor=admin_user, exhibition=exhibition)
    send_invitations(actor=admin_user, exhibition=exhibition, notify=False)
    with CaptureQueriesContext(connection) as few:
        page = client.get(exhibition.get_absolute_url()).content.decode()
    assert rows_on(page) == 2

    add_candidates(exhibition, organisation, product_groups["tas"], 60)
    exhibition.booth_types.update(count=40)
    run_allocation(actor=admin_user, exhibition=exhibition)
    send_invitations(actor=admin_user, exhibition=exhibition, notify=False)
    with CaptureQueriesContext(connection) as many:
        page = client.get(exhibition.get_absolute_url()).content.decode()

    assert rows_on(page) == PAGE_SIZE
    assert 'id="allocation-pages"' in page
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_detail_pages_tabs_filter_and_pages_follow_the_order(
    client_for, admin_user, exhibition, organisation, product_groups
):
    add_candidates(exhibition, organisation, product_groups["tas"], 60)
    exhibition.booth_types.update(count=5)
    run_allocation(actor=admin_user, exhibition=exhibition)
    client = client_for(admin_user)
    url = exhibition.get_absolute_url()

    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    waiting = client.get(url + "?status=waitlisted").content.decode()

    assert 'id="tab-proposed"' in first
    assert 'id="tab-waitlisted"' in first
    assert rows_on(first) == PAGE_SIZE
    assert rows_on(second) == 62 - PAGE_SIZE
    # Proposed first (the best scores), then the waiting list by rank.
    proposed = Allocation.objects.filter(status="proposed").order_by("-score")
    assert first.index(f'id="allocation-{proposed[0].pk}"') < first.index(
        'data-status="waitlisted"'
    )
    assert 'data-status="proposed"' not in waiting
    assert rows_on(waiting) == PAGE_SIZE  # 57 waiting: the first page of them
    assert client.get(url + "?status=nonsense&page=99").status_code == 200
