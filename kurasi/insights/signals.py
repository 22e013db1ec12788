"""Deleting a record the office figures count gives its office a new deletion stamp, in the
deleting transaction, whichever page, command or cascade deletes it (Django sends post_delete
for every row it deletes, cascades included, once a receiver is connected)."""

import uuid

from django.db.models import Q
from django.db.models.signals import post_delete

from kurasi.accounts.models import Organisation
from kurasi.curation.models import Assessment, Decision
from kurasi.programmes.models import Application
from kurasi.registry.models import Business, Certificate, Product

from .models import DeletionStamp


def _offices(instance) -> Q:
    """The office of a deleted row, found through rows a cascade deletes after it (if at all)."""
    if isinstance(instance, Business):
        return Q(pk=instance.organisation_id)
    if isinstance(instance, (Product, Certificate)):
        return Q(businesses=instance.business_id)
    if isinstance(instance, Application):
        return Q(programmes=instance.programme_id)
    return Q(programmes__applications=instance.application_id)


def stamp_deletion(sender, instance, **kwargs):
    for organisation_id in Organisation.objects.filter(_offices(instance)).values_list(
        "pk", flat=True
    ):
        DeletionStamp.objects.update_or_create(
            organisation_id=organisation_id, defaults={"token": uuid.uuid4().hex}
        )


def connect():
    for model in (Business, Product, Certificate, Application, Assessment, Decision):
        post_delete.connect(stamp_deletion, sender=model, dispatch_uid=f"figures-{model.__name__}")
