"""Facilitation programmes: creation from a gap list, candidates, invitations, status, and a gap
closed by the certificate a participant obtained."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kurasi.audit.models import AuditEvent
from kurasi.facilitation.models import FacilitationProgramme, Participation, ParticipationStatus
from kurasi.registry.models import Certificate

from ..factories import BusinessFactory
from .conftest import gaps_url, make_food_business


def programme_url(programme, name="programme_detail"):
    return reverse(f"facilitation:{name}", args=[programme.organisation.slug, programme.pk])


def participation_url(participation, name):
    return reverse(
        f"facilitation:{name}", args=[participation.programme.organisation.slug, participation.pk]
    )


def test_programme_create_from_the_halal_list_is_prefilled(
    client_for, admin_user, rules, organisation
):
    url = reverse("facilitation:programme_create", args=[organisation.slug]) + "?target=halal"
    form = client_for(admin_user).get(url).context["form"]
    assert form.initial["target_type"].code == "halal"
    assert form.initial["cost_to_producer"] == 0


def test_programme_create_saves_with_audit(client_for, admin_user, rules, organisation):
    from ..factories import certificate_type

    response = client_for(admin_user).post(
        reverse("facilitation:programme_create", args=[organisation.slug]),
        {
            "title": "Fasilitasi Halal 2026",
            "kind": "certification",
            "target_type": certificate_type("halal").pk,
            "quota": "5",
            "starts_on": "2026-10-17",
            "ends_on": "2026-12-31",
            "provider": "BPJPH",
            "cost_to_producer": "0",
        },
    )
    programme = FacilitationProgramme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == programme.get_absolute_url()
    assert programme.created_by == admin_user
    assert AuditEvent.objects.filter(action="facilitation.programme_created").count() == 1


def test_programme_create_rejects_end_before_start_and_keeps_typing(
    client_for, admin_user, rules, organisation
):
    response = client_for(admin_user).post(
        reverse("facilitation:programme_create", args=[organisation.slug]),
        {
            "title": "Pelatihan",
            "kind": "training",
            "starts_on": "2026-10-17",
            "ends_on": "2026-10-01",
            "cost_to_producer": "0",
        },
    )
    assert response.status_code == 200
    assert "ends_on" in response.context["form"].errors
    assert 'value="Pelatihan"' in response.content.decode()
    assert not FacilitationProgramme.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("field_officer", 403), ("curator", 403), ("outsider", 404)]
)
def test_programme_create_refused(client_for, request, rules, organisation, persona, status):
    url = reverse("facilitation:programme_create", args=[organisation.slug])
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == status


def edit_data(programme, **changes):
    data = {
        "title": programme.title,
        "kind": programme.kind,
        "target_type": programme.target_type_id,
        "quota": programme.quota,
        "starts_on": programme.starts_on.isoformat(),
        "ends_on": programme.ends_on.isoformat(),
        "provider": programme.provider,
        "cost_to_producer": "0",
    }
    return {**data, **changes}


def test_programme_edit_saves_what_changed_with_audit(client_for, admin_user, halal_programme):
    client = client_for(admin_user)
    detail = client.get(programme_url(halal_programme)).content.decode()
    assert programme_url(halal_programme, "programme_edit") in detail
    page = client.get(programme_url(halal_programme, "programme_edit")).content.decode()
    assert 'value="Fasilitasi Sertifikasi Halal 2026"' in page
    response = client.post(
        programme_url(halal_programme, "programme_edit"),
        edit_data(halal_programme, quota="20", ends_on="2027-01-31"),
    )
    assert response.status_code == 302
    assert response["Location"] == halal_programme.get_absolute_url()
    halal_programme.refresh_from_db()
    assert (halal_programme.quota, halal_programme.ends_on) == (20, dt.date(2027, 1, 31))
    event = AuditEvent.objects.get(action="facilitation.programme_changed")
    assert event.changes["fields"][1] == ["ends_on", "quota"]


def test_programme_edit_without_a_change_records_nothing(client_for, admin_user, halal_programme):
    url = programme_url(halal_programme, "programme_edit")
    assert client_for(admin_user).post(url, edit_data(halal_programme)).status_code == 302
    assert not AuditEvent.objects.filter(action="facilitation.programme_changed").exists()


def test_programme_edit_refuses_a_quota_below_those_taking_part_and_keeps_typing(
    client_for, admin_user, siti, organisation, product_groups, halal_programme
):
    other = make_food_business(organisation, product_groups["makanan"], "Kue Ani")
    for business in (siti, other):
        Participation.objects.create(programme=halal_programme, business=business)
    url = programme_url(halal_programme, "programme_edit")
    response = client_for(admin_user).post(
        url, edit_data(halal_programme, quota="1", provider="LPH UIN Jakarta")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["quota"] == [
        "Sudah 2 pelaku usaha ikut serta: kuota tidak bisa lebih kecil."
    ]
    assert 'value="LPH UIN Jakarta"' in response.content.decode()
    halal_programme.refresh_from_db()
    assert (halal_programme.quota, halal_programme.provider) == (10, "BPJPH")
    assert not AuditEvent.objects.filter(action="facilitation.programme_changed").exists()
    # An empty quota means no limit: always above those taking part.
    response = client_for(admin_user).post(url, edit_data(halal_programme, quota=""))
    assert response.status_code == 302
    halal_programme.refresh_from_db()
    assert halal_programme.quota is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)],
)
def test_programme_edit_refused(client_for, request, halal_programme, persona, status):
    client = client_for(request.getfixturevalue(persona))
    url = programme_url(halal_programme, "programme_edit")
    assert client.get(url).status_code == status
    assert client.post(url, edit_data(halal_programme, quota="99")).status_code == status
    halal_programme.refresh_from_db()
    assert halal_programme.quota == 10


def test_programme_detail_offers_no_edit_to_field_officers(
    client_for, field_officer, halal_programme
):
    page = client_for(field_officer).get(programme_url(halal_programme)).content.decode()
    assert 'id="edit-programme"' not in page


def test_programme_detail_proposes_candidates_with_the_gap(
    client_for, admin_user, siti, complete_bag_maker, halal_programme
):
    response = client_for(admin_user).get(programme_url(halal_programme))
    assert [c["business"].name for c in response.context["candidates"]] == ["Dapur Siti"]


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_programme_pages_allowed(client_for, request, halal_programme, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(programme_url(halal_programme)).status_code == 200
    list_url = reverse("facilitation:programme_list", args=[halal_programme.organisation.slug])
    assert client.get(list_url).status_code == 200


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_programme_pages_refused(client_for, request, halal_programme, persona, status):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(programme_url(halal_programme)).status_code == status
    list_url = reverse("facilitation:programme_list", args=[halal_programme.organisation.slug])
    assert client.get(list_url).status_code == status


def test_invite_queues_email_and_shows_whatsapp_link(
    client_for, admin_user, siti, halal_programme, django_capture_on_commit_callbacks
):
    siti.email = "siti@contoh.test"
    siti.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(
            programme_url(halal_programme, "participants_add"),
            {"business": [siti.pk], "action": "invite"},
        )
    assert response.status_code == 302
    participation = Participation.objects.get()
    assert participation.status == ParticipationStatus.INVITED
    assert mail.outbox[0].to == ["siti@contoh.test"]
    assert "Fasilitasi Sertifikasi Halal 2026" in mail.outbox[0].body
    page = client_for(admin_user).get(programme_url(halal_programme)).content.decode()
    assert "https://wa.me/62" in page


def test_enrol_respects_the_quota(
    client_for, admin_user, siti, organisation, product_groups, halal_programme
):
    halal_programme.quota = 1
    halal_programme.save()
    other = make_food_business(organisation, product_groups["makanan"], "Kue Ani")
    response = client_for(admin_user).post(
        programme_url(halal_programme, "participants_add"),
        {"business": [siti.pk, other.pk], "action": "enrol"},
    )
    assert response.status_code == 302
    assert not Participation.objects.exists()


def test_enrol_ignores_another_office_business(
    client_for, admin_user, siti, other_organisation, halal_programme
):
    stranger = BusinessFactory(organisation=other_organisation)
    client_for(admin_user).post(
        programme_url(halal_programme, "participants_add"),
        {"business": [stranger.pk], "action": "enrol"},
    )
    assert not Participation.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"), [("field_officer", 403), ("curator", 403), ("outsider", 404)]
)
def test_enrol_refused(client_for, request, siti, halal_programme, persona, status):
    response = client_for(request.getfixturevalue(persona)).post(
        programme_url(halal_programme, "participants_add"),
        {"business": [siti.pk], "action": "enrol"},
    )
    assert response.status_code == status
    assert not Participation.objects.exists()


def enrolled(programme, business):
    return Participation.objects.create(
        programme=programme, business=business, status=ParticipationStatus.ENROLLED
    )


def test_field_officer_updates_status_with_timestamp_and_audit(
    client_for, field_officer, siti, halal_programme
):
    participation = enrolled(halal_programme, siti)
    response = client_for(field_officer).post(
        participation_url(participation, "participation_status"),
        {"status": "in_progress", "note": "Dokumen lengkap"},
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == "in_progress"
    assert participation.started_at is not None
    assert participation.outcome_note == "Dokumen lengkap"
    assert AuditEvent.objects.filter(action="facilitation.status_changed").count() == 1


def test_bare_done_refused_where_the_programme_leads_to_a_certificate(
    client_for, field_officer, siti, halal_programme
):
    participation = enrolled(halal_programme, siti)
    client = client_for(field_officer)
    response = client.post(
        participation_url(participation, "participation_status"), {"status": "done"}, follow=True
    )
    participation.refresh_from_db()
    assert participation.status == "enrolled"
    assert "sertifikat yang diperoleh dicatat" in response.content.decode()
    assert not AuditEvent.objects.filter(action="facilitation.status_changed").exists()


@pytest.mark.parametrize(("persona", "status"), [("curator", 403), ("outsider", 404)])
def test_status_update_refused(client_for, request, siti, halal_programme, persona, status):
    participation = enrolled(halal_programme, siti)
    response = client_for(request.getfixturevalue(persona)).post(
        participation_url(participation, "participation_status"), {"status": "dropped"}
    )
    assert response.status_code == status
    participation.refresh_from_db()
    assert participation.status == "enrolled"


def test_done_with_certificate_closes_the_gap(client_for, admin_user, siti, halal_programme):
    participation = enrolled(halal_programme, siti)
    client = client_for(admin_user)
    halal_list = gaps_url(siti.organisation, list="halal", on="2026-12-01")
    assert "Dapur Siti" in {r.business.name for r in client.get(halal_list).context["rows"]}
    prefix = f"p{participation.pk}"
    response = client.post(
        participation_url(participation, "participation_done"),
        {f"{prefix}-number": "ID36110000123450126", f"{prefix}-issued_on": "2026-11-20"},
    )
    assert response.status_code == 302
    participation.refresh_from_db()
    certificate = Certificate.objects.get(type__code="halal")
    assert participation.status == ParticipationStatus.DONE
    assert participation.certificate == certificate
    assert (certificate.business, certificate.product) == (siti, None)
    assert "Dapur Siti" not in {r.business.name for r in client.get(halal_list).context["rows"]}
    assert AuditEvent.objects.filter(action="certificate.created").count() == 1


def test_done_twice_keeps_the_first_certificate_and_says_why(
    client_for, admin_user, siti, halal_programme
):
    """A second submission (a double click, a reload) must not record a second certificate."""
    participation = enrolled(halal_programme, siti)
    prefix = f"p{participation.pk}"
    form = {f"{prefix}-number": "ID36110000123450126", f"{prefix}-issued_on": "2026-11-20"}
    client = client_for(admin_user)
    client.post(participation_url(participation, "participation_done"), form)
    response = client.post(participation_url(participation, "participation_done"), form)
    assert response.status_code == 200
    with translation.override("id"):  # the pages' language
        expected = translation.gettext("This participant is done already.")
    assert response.context["form"].non_field_errors() == [expected]
    assert Certificate.objects.filter(type__code="halal").count() == 1


def test_done_with_invalid_number_writes_nothing(client_for, admin_user, siti, rules, organisation):
    from ..factories import certificate_type

    programme = FacilitationProgramme.objects.create(
        organisation=organisation,
        title="Pendampingan P-IRT",
        kind="certification",
        target_type=certificate_type("spp-irt"),
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 1),
    )
    participation = enrolled(programme, siti)
    prefix = f"p{participation.pk}"
    response = client_for(admin_user).post(
        participation_url(participation, "participation_done"),
        {f"{prefix}-number": "12-abc", f"{prefix}-issued_on": "2026-05-01"},
    )
    assert response.status_code == 200
    assert "number" in response.context["form"].errors
    assert 'value="12-abc"' in response.content.decode()
    assert not Certificate.objects.filter(type__code="spp-irt").exists()
    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.ENROLLED


def test_done_pirt_expires_after_the_type_validity(
    client_for, field_officer, siti, rules, organisation
):
    from ..factories import certificate_type

    programme = FacilitationProgramme.objects.create(
        organisation=organisation,
        title="Pendampingan P-IRT",
        kind="certification",
        target_type=certificate_type("spp-irt"),
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 1),
    )
    participation = enrolled(programme, siti)
    product = siti.products.get()
    prefix = f"p{participation.pk}"
    client_for(field_officer).post(
        participation_url(participation, "participation_done"),
        {
            f"{prefix}-number": "P-IRT No. 2063674010123-31",
            f"{prefix}-issued_on": "2026-05-01",
            f"{prefix}-product": str(product.pk),
        },
    )
    certificate = Certificate.objects.get(type__code="spp-irt")
    assert (certificate.product, certificate.expires_on) == (product, dt.date(2031, 5, 1))


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_done_refused(client_for, request, siti, halal_programme, persona, status):
    participation = enrolled(halal_programme, siti)
    response = client_for(request.getfixturevalue(persona)).get(
        participation_url(participation, "participation_done")
    )
    assert response.status_code == status


def test_programme_detail_runs_constant_queries(
    client_for, admin_user, siti, organisation, product_groups, halal_programme
):
    client = client_for(admin_user)
    enrolled(halal_programme, siti)
    make_food_business(organisation, product_groups["makanan"], "Calon Pertama")
    client.get(programme_url(halal_programme))
    with CaptureQueriesContext(connection) as one:
        client.get(programme_url(halal_programme))
    for index in range(15):
        business = make_food_business(organisation, product_groups["makanan"], f"Usaha {index}")
        if index % 2:
            enrolled(halal_programme, business)
    with CaptureQueriesContext(connection) as many:
        response = client.get(programme_url(halal_programme))
    assert len(response.context["participations"]) == 8
    assert len(many) == len(one)


def test_programme_list_runs_constant_queries(
    client_for, admin_user, organisation, halal_programme
):
    url = reverse("facilitation:programme_list", args=[organisation.slug])
    client = client_for(admin_user)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for index in range(5):
        FacilitationProgramme.objects.create(
            organisation=organisation,
            title=f"Pelatihan {index}",
            kind="training",
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 1, 5),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)
