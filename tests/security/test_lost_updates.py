"""No lost updates (issue 19 item 2): two people open the same edit form; the first saves one
field, the second (a stale form) another. The second save writes nothing and shows the form again
with the person's typing kept, a message naming who saved, the stored value beside each field
that differs, and the current revision, so a second submit saves deliberately.

One table over every edit form of the site (see kurasi/lib/concurrency.py); the row forms
(participation status, allocation override) and the API (ETag / If-Match) follow.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from kurasi.audit.models import AuditEvent
from kurasi.curation.models import Rubric
from kurasi.curation.services import copy_preset
from kurasi.lib.concurrency import claim_revision
from tests.form_data import form_data

from .url_access import RULES, office_row

STALE = "Someone else saved this record while you were editing"
STORED = "Saved meanwhile by someone else: "
ON_THE_EXHIBITION = {"exhibitions:booth_edit", "exhibitions:quota_edit"}


@dataclass(frozen=True)
class Case:
    first: tuple  # (field, value) the first person saves
    second: tuple  # (field, value) the second person types in a stale form
    obj: object  # world → the record the form edits


def fresh_rubric(w):
    """An unused rubric of the office (a used one is edited as a new version)."""
    rubric = Rubric.objects.filter(organisation=w.organisation, name="Rubrik uji").first()
    return rubric or copy_preset(
        actor=w.personas["admin"],
        organisation=w.organisation,
        preset_code="food",
        name="Rubrik uji",
    )


CASES = {
    "registry:business_edit": Case(
        ("name", "Usaha Ganti Nama"), ("address", "Jl. Mawar No. 7"), lambda w: w.business
    ),
    "registry:product_edit": Case(
        ("name", "Produk Nama Baru"), ("description", "Uraian baru"), lambda w: w.product
    ),
    "registry:certificate_edit": Case(
        ("issuer", "Penerbit Satu"), ("expires_on", "2031-12-31"), lambda w: w.certificate
    ),
    "programmes:programme_edit": Case(
        ("venue", "Gedung Serbaguna"), ("contact", "Bu Rina 0812"), lambda w: w.programme
    ),
    "facilitation:programme_edit": Case(
        ("provider", "Penyedia Satu"), ("description", "Uraian dua"), lambda w: w.facilitation
    ),
    "exhibitions:edit": Case(
        ("venue", "Balai Kota"), ("organiser", "Penyelenggara Dua"), lambda w: w.exhibition
    ),
    "exhibitions:booth_edit": Case(
        ("label", "Stan Satu"), ("size", "4 x 4 m"), lambda w: w.booth_type
    ),
    "exhibitions:quota_edit": Case(("minimum", "2"), ("maximum", "9"), lambda w: w.quota),
    "curation:session_edit": Case(
        ("place", "Aula Kecamatan"), ("slot_minutes", "25"), lambda w: w.session
    ),
    "curation:table_edit": Case(("name", "Meja Satu"), ("name", "Meja Dua"), lambda w: w.table),
    "curation:rubric_edit": Case(("name", "Rubrik Satu"), ("kind", "other"), fresh_rubric),
    "privacy:breach_edit": Case(
        ("description", "Uraian satu"), ("measures", "Langkah dua"), lambda w: w.breach
    ),
    "office:profile": Case(
        ("address", "Jl. Kantor No. 1"), ("email", "kantor@contoh.go.id"), lambda w: w.organisation
    ),
    "registry:product_group_edit": Case(
        ("name", "Kelompok Satu"), ("position", "7"), lambda w: w.product.group
    ),
    "registry:certificate_type_edit": Case(
        ("name", "Izin Satu"), ("issuer", "Penerbit Dua"), lambda w: office_row(w, "type")
    ),
    "registry:region_alias_edit": Case(
        ("alias", "jagung manis"), ("alias", "jagung muda"), lambda w: office_row(w, "alias")
    ),
    "facilitation:rule_edit": Case(
        ("name", "Aturan Satu"), ("legal_basis", "Permen 2"), lambda w: office_row(w, "rule")
    ),
}


def url_of(world, name, case):
    kwargs = RULES[name].kwargs(world)
    if name == "curation:rubric_edit":
        kwargs["rubric_id"] = case.obj(world).pk
    return reverse(name, kwargs=kwargs)


def stored(obj, field):
    obj.refresh_from_db()
    return str(getattr(obj, field))


@pytest.fixture
def admin(world, client_for):
    client = client_for(world.personas["admin"])
    client.cookies["kurasi_language"] = "en"
    return client


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_stale_form_saves_nothing_keeps_the_typing_and_shows_both_values(world, admin, name):
    case = CASES[name]
    url = url_of(world, name, case)
    obj = case.obj(world)
    opened_first = form_data(admin.get(url).content.decode())
    opened_second = dict(opened_first)  # the second person's tab, opened at the same time

    (field, value), (other, typed) = case.first, case.second
    response = admin.post(url, {**opened_first, field: value})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert stored(obj, field) == value
    revision = obj.revision
    events = AuditEvent.objects.count()

    response = admin.post(url, {**opened_second, other: typed})
    assert response.status_code == 200
    content = response.content.decode()
    assert STALE in content
    # Who saved, from the audit trail (booths and quotas are audited on their exhibition).
    assert world.personas["admin"].full_name in content or name in ON_THE_EXHIBITION
    shown = form_data(content)
    assert shown[other] == typed  # the typing is kept
    assert shown["revision"] == str(revision)  # the next submit saves deliberately
    if other != field:
        assert shown[field] == opened_second[field]  # what the person's form held
    assert f"{STORED}{value}" in content  # the stored value beside the field that differs
    assert stored(obj, field) == value  # nothing overwritten
    assert obj.revision == revision
    assert AuditEvent.objects.count() == events  # nothing written, not even half

    response = admin.post(url, shown)  # reviewed: save again
    assert response.status_code == 302, response.content.decode()[:3000]
    assert stored(obj, other).startswith(typed.split()[0]) or stored(obj, other) == typed
    assert obj.revision == revision + 1


def test_a_form_posted_without_its_revision_is_checked_from_the_moment_it_was_read(world, admin):
    """Old pages and scripts without the hidden field: the last write wins, as before."""
    url = url_of(world, "registry:business_edit", CASES["registry:business_edit"])
    data = form_data(admin.get(url).content.decode())
    del data["revision"]
    assert admin.post(url, {**data, "name": "Tanpa Revisi"}).status_code == 302
    world.business.refresh_from_db()
    assert world.business.name == "Tanpa Revisi"


def test_a_claim_is_atomic_a_second_claim_of_the_same_revision_fails(world):
    from kurasi.lib.concurrency import StaleEdit
    from kurasi.registry.models import Business

    one = Business.objects.get(pk=world.business.pk)
    two = Business.objects.get(pk=world.business.pk)
    claim_revision(one)
    with pytest.raises(StaleEdit) as stale:
        claim_revision(two)
    assert stale.value.current.revision == one.revision


def test_a_stale_participation_status_is_refused_with_a_message(world, admin):
    participation = world.participation
    url = reverse(
        "facilitation:participation_status",
        kwargs={"slug": world.organisation.slug, "pk": participation.pk},
    )
    page = admin.get(participation.programme.get_absolute_url()).content.decode()
    assert f'name="revision" value="{participation.revision}"' in page
    others = [s for s in ("invited", "enrolled", "dropped") if s != participation.status]
    first = {"status": others[0], "revision": participation.revision}
    assert admin.post(url, first).status_code == 302
    stale = {"status": others[1], "revision": participation.revision}
    response = admin.post(url, stale, follow=True)
    assert "Someone else changed this record while you were looking at it" in (
        response.content.decode()
    )
    participation.refresh_from_db()
    assert participation.status == others[0]


def test_a_stale_allocation_override_is_refused_with_a_message(world, admin):
    allocation = world.allocation
    url = reverse(
        "exhibitions:override",
        kwargs={
            "slug": world.organisation.slug,
            "exhibition_id": allocation.exhibition_id,
            "allocation_id": allocation.pk,
        },
    )
    claim_revision(allocation)  # someone else changed the row since the page was read
    allocation.save(update_fields=["revision"])
    status = allocation.status
    response = admin.post(
        url, {"include": "0", "reason": "Uji", "revision": allocation.revision - 1}, follow=True
    )
    assert "Someone else changed this record while you were looking at it" in (
        response.content.decode()
    )
    allocation.refresh_from_db()
    assert allocation.status == status
