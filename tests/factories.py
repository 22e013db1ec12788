"""Factories free of surprises: each makes one valid object and nothing the test did not ask for."""

import factory

from kurasi.accounts.models import Membership, Organisation, OrganisationKind, Role, User

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
