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
    offices = Organisation.objects.filter(_offices(instance)).values_list("pk", flat=True)
    # An upsert (ON CONFLICT DO UPDATE): two deletions at once never collide on the first stamp.
    DeletionStamp.objects.bulk_create(
        [DeletionStamp(organisation_id=pk, token=uuid.uuid4().hex) for pk in set(offices)],
        update_conflicts=True,
        unique_fields=["organisation"],
        update_fields=["token"],
    )


def connect():
    for model in (Business, Product, Certificate, Application, Assessment, Decision):
        post_delete.connect(stamp_deletion, sender=model, dispatch_uid=f"figures-{model.__name__}")
