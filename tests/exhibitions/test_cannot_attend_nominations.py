"""An exhibition fed by a call for nominations: a shared nominee whose producer cannot attend has
no allocation row; the organiser's page and the producer's page show her answer."""

from django.urls import reverse

from kurasi.exhibitions.availability import cannot_attend
from kurasi.exhibitions.models import Allocation, Availability
from kurasi.exhibitions.services import run_allocation
from tests.nominations.conftest import *  # noqa: F403 (the province, its offices and the call)
from tests.nominations.nominees import lists  # noqa: F401 (a fixture)


def test_shared_nominee_who_cannot_attend_shows_on_the_organisers_and_her_page(
    client_for,
    banten_expo,
    tangsel,
    province_admin,
    producer,
    lists,  # noqa: F811
):
    siti = tangsel.app("food_halal")
    business = siti.product.business
    Availability.objects.create(exhibition=banten_expo, business=business, available=False)
    run_allocation(actor=province_admin, exhibition=banten_expo)
    assert not Allocation.objects.filter(exhibition=banten_expo, application=siti).exists()
    assert list(cannot_attend(banten_expo)) == [siti]
    page = reverse("exhibitions:detail", args=[banten_expo.organisation.slug, banten_expo.pk])
    shown = client_for(province_admin).get(page + "?status=cannot_attend").content.decode()
    assert f'id="cannot-attend-{siti.pk}"' in shown
    mine = client_for(producer).get(reverse("exhibitions:my_exhibitions")).content.decode()
    assert f'id="my-cannot-attend-{banten_expo.pk}-{business.pk}"' in mine
