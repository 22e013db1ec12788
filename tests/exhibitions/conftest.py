import datetime as dt

import pytest

from kurasi.curation.decisions import create_default_bands
from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions.models import BoothType, Exhibition

from ..factories import ApplicationFactory, BusinessFactory, ProductFactory, ProgrammeFactory


@pytest.fixture
def exhibition(organisation, product_groups, admin_user, producer, other_producer):
    """TEI with 1 booth and three decided products: Siti's (best), Budi's, and one more."""
    programme = ProgrammeFactory(organisation=organisation, slug="kurasi-2017", year=2017)
    bands = create_default_bands(actor=admin_user, programme=programme)
    national = next(b for b in bands if b.target == "national")
    show = Exhibition.objects.create(
        organisation=organisation,
        programme=programme,
        name="Trade Expo Indonesia 2017",
        level="national",
        venue="ICE BSD City",
        starts_on=dt.date(2017, 10, 11),
        ends_on=dt.date(2017, 10, 15),
        confirm_days=5,
    )
    show.admitted_bands.set([national])
    BoothType.objects.create(exhibition=show, label="Standar", count=1)
    for owner, name, score in ((producer, "Tas Siti", 92), (other_producer, "Tas Budi", 88)):
        business = BusinessFactory(organisation=organisation, owner=owner, name=f"Usaha {name}")
        product = ProductFactory(business=business, group=product_groups["tas"], name=name)
        application = ApplicationFactory(programme=programme, product=product, status="verified")
        Decision.objects.create(
            application=application,
            band=national,
            score_snapshot={"mean": score},
            decided_at=dt.datetime(2017, 9, 22, tzinfo=dt.UTC),
        )
    return show
