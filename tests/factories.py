"""Factories free of surprises: each makes one valid object and nothing the test did not ask for."""

import datetime as dt

import factory
from django.utils import timezone

from kurasi.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from kurasi.programmes.models import Application, Programme, ProgrammeStatus
from kurasi.registry.models import (
    Business,
    Certificate,
    CertificateType,
    Product,
    ProductGroup,
)

PASSWORD = "sandi-uji-kurasi-2017"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Dinas Perindustrian dan Perdagangan Kota {n}")
    slug = factory.Sequence(lambda n: f"dinas-{n}")
    kind = OrganisationKind.DINAS_PERINDAG
    region_code = "36.74"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"orang{n}@contoh.test")
    full_name = factory.Sequence(lambda n: f"Orang Nomor {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CURATOR


# --- registry and programmes -------------------------------------------------------------------


class ProductGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductGroup
        django_get_or_create = ("organisation", "code")

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"kelompok-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())
    is_food = False


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Usaha Contoh {n}")
    owner_name = factory.Sequence(lambda n: f"Pemilik {n}")
    owner_gender = "F"
    phone = factory.Sequence(lambda n: f"+62812{n:08d}")
    district_code = "36.74.01"
    village_code = "36.74.01.1001"


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    business = factory.SubFactory(BusinessFactory)
    group = factory.LazyAttribute(
        lambda o: ProductGroupFactory(organisation=o.business.organisation, code="tas", name="Tas")
    )
    name = factory.Sequence(lambda n: f"Produk {n}")
    price = 150000
    unit = "pcs"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """An open call that accepts registrations now, for every product group of the office."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Kurasi Produk IKM {2020 + n}")
    slug = factory.Sequence(lambda n: f"kurasi-{2020 + n}")
    year = 2026
    status = ProgrammeStatus.OPEN
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    registration_closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))

    @factory.post_generation
    def product_groups(obj, create, extracted, **kwargs):
        if create:
            groups = extracted if extracted is not None else obj.organisation.product_groups.all()
            obj.product_groups.set(groups)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    programme = factory.SubFactory(ProgrammeFactory)
    product = factory.SubFactory(
        ProductFactory, business__organisation=factory.SelfAttribute("...programme.organisation")
    )


def certificate_type(code):
    """A shipped type (created by migration; re-created after a transactional test's flush)."""
    from kurasi.registry.shipped import ensure_shipped_certificate_types

    if not CertificateType.objects.filter(organisation=None, code=code).exists():
        ensure_shipped_certificate_types(CertificateType)
    return CertificateType.objects.get(organisation=None, code=code)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    business = factory.SubFactory(BusinessFactory)
    type = factory.LazyFunction(lambda: certificate_type("nib"))
    number = factory.Sequence(lambda n: f"{9120000000000 + n}")
    token = factory.Sequence(lambda n: f"token{n:027d}")
