import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.programmes.models import Application, Programme

from ..factories import (
    ApplicationFactory,
    BusinessFactory,
    ProductFactory,
    ProgrammeFactory,
    certificate_type,
)
from ..registry.helpers import ORG, count_queries

LIST = reverse("programmes:programme_list", args=[ORG])
CREATE = reverse("programmes:programme_create", args=[ORG])


def detail_url(programme):
    return reverse("programmes:programme_detail", args=[ORG, programme.slug])


def edit_url(programme):
    return reverse("programmes:programme_edit", args=[ORG, programme.slug])


def programme_data(groups, **overrides):
    data = {
        "title": "Kurasi Produk IKM 2027",
        "slug": "kurasi-2027",
        "year": "2027",
        "status": "open",
        "announcement": "Dinas membuka pendaftaran kurasi produk IKM.",
        "product_groups": [groups["tas"].pk, groups["makanan"].pk],
        "registration_opens_at": "2027-08-01T08:00",
        "registration_closes_at": "2027-08-31T16:00",
        "curation_date": "2027-09-14",
        "quota": "60",
        "eligible_region_code": "",
        "required_certificate_types": [certificate_type("nib").pk],
        "venue": "Ruang Gintung, Puspemkot Tangsel",
        "contact": "0812-0000-1111 (Rina)",
    }
    data.update(overrides)
    return data


def submitted(programme, name, group, **fields):
    business = BusinessFactory(
        organisation=programme.organisation, name=f"Usaha {name}", email="ani@contoh.test"
    )
    product = ProductFactory(business=business, group=group, name=name)
    return ApplicationFactory(
        programme=programme,
        product=product,
        status=fields.pop("status", "submitted"),
        submitted_at=timezone.now(),
        **fields,
    )


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_programme_list_allowed(client_for, request, persona, open_programme):
    response = client_for(request.getfixturevalue(persona)).get(LIST)
    assert response.status_code == 200
    assert "Kurasi Produk IKM 2026" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_programme_list_refused(client_for, request, persona, status, organisation):
    assert client_for(request.getfixturevalue(persona)).get(LIST).status_code == status


def test_programme_list_anonymous_is_sent_to_login(client, organisation):
    assert client.get(LIST).status_code == 302


def test_programme_list_query_count_does_not_grow(
    client_for, admin_user, organisation, product_groups
):
    client = client_for(admin_user)
    ProgrammeFactory(organisation=organisation)
    one = count_queries(client, LIST)
    for _ in range(10):
        programme = ProgrammeFactory(organisation=organisation)
        submitted(programme, "Tas", product_groups["tas"])
    assert count_queries(client, LIST) == one


def test_programme_create_in_jakarta_time(client_for, admin_user, product_groups):
    response = client_for(admin_user).post(CREATE, programme_data(product_groups))
    assert response.status_code == 302
    programme = Programme.objects.get(slug="kurasi-2027")
    # 08:00 WIB is 01:00 UTC.
    assert programme.registration_opens_at == dt.datetime(2027, 8, 1, 1, 0, tzinfo=dt.UTC)
    assert programme.product_groups.count() == 2
    assert [t.code for t in programme.required_certificate_types.all()] == ["nib"]
    assert AuditEvent.objects.for_object(programme).filter(action="programme.created").exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("field_officer", 403), ("curator", 403), ("outsider", 404), ("producer", 404)],
)
def test_programme_create_refused(client_for, request, persona, status, product_groups):
    user = request.getfixturevalue(persona)
    assert client_for(user).post(CREATE, programme_data(product_groups)).status_code == status
    assert not Programme.objects.filter(slug="kurasi-2027").exists()


def test_programme_closing_before_opening_refused_and_typing_kept(
    client_for, admin_user, product_groups
):
    data = programme_data(
        product_groups,
        title="Kurasi Busana 2027",
        registration_closes_at="2027-07-01T16:00",
    )
    response = client_for(admin_user).post(CREATE, data)
    assert response.status_code == 200
    assert "registration_closes_at" in response.context["form"].errors
    content = response.content.decode()
    assert 'value="Kurasi Busana 2027"' in content
    assert 'value="2027-07-01T16:00"' in content
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"curation_date": "2027-08-15"}, "curation_date"),
        ({"quota": "0"}, "quota"),
        ({"eligible_region_code": "32.76"}, "eligible_region_code"),
        ({"product_groups": []}, "product_groups"),
        ({"slug": "kurasi-2026"}, "slug"),
        ({"registration_opens_at": "besok pagi"}, "registration_opens_at"),
    ],
)
def test_programme_form_validation(
    client_for, admin_user, product_groups, open_programme, overrides, field
):
    response = client_for(admin_user).post(CREATE, programme_data(product_groups, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Programme.objects.count() == 1


def test_programme_edit_keeps_the_quota_at_or_above_the_registered_products(
    client_for, admin_user, product_groups, open_programme
):
    for name in ("Keripik", "Dodol"):
        submitted(open_programme, name, product_groups["makanan"])
    ApplicationFactory(programme=open_programme)  # a draft takes no place
    data = programme_data(product_groups, slug=open_programme.slug, quota="1")
    client = client_for(admin_user)
    response = client.post(edit_url(open_programme), data, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert response.context["form"].errors["quota"] == [
        "Sudah 2 produk terdaftar: kuota tidak bisa lebih kecil "
        "(kuota yang sama dengan jumlah itu menutup pendaftaran)."
    ]
    quota_input = re.search(r'<input[^>]*name="quota"[^>]*>', response.content.decode())[0]
    assert 'value="1"' in quota_input  # the typing is kept
    open_programme.refresh_from_db()
    assert open_programme.quota != 1
    response = client.post(edit_url(open_programme), {**data, "quota": "2"})
    assert response.status_code == 302
    open_programme.refresh_from_db()
    assert open_programme.quota == 2


def test_programme_edit_shows_jakarta_time_and_saves(client_for, admin_user, product_groups):
    programme = ProgrammeFactory(
        organisation=admin_user.memberships.get().organisation,
        slug="kurasi-2027",
        registration_opens_at=dt.datetime(2027, 8, 1, 1, 0, tzinfo=dt.UTC),
        registration_closes_at=dt.datetime(2027, 8, 31, 9, 0, tzinfo=dt.UTC),
    )
    client = client_for(admin_user)
    page = client.get(edit_url(programme)).content.decode()
    assert 'value="2027-08-01T08:00"' in page
    response = client.post(edit_url(programme), programme_data(product_groups, title="Baru"))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.title == "Baru"


@pytest.mark.parametrize(
    ("persona", "status"), [("field_officer", 403), ("curator", 403), ("outsider", 404)]
)
def test_programme_edit_refused(client_for, request, persona, status, open_programme):
    assert client_for(request.getfixturevalue(persona)).get(
        edit_url(open_programme)
    ).status_code == (status)


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_programme_page_lists_applications(client_for, request, persona, open_programme):
    groups = {g.code: g for g in open_programme.product_groups.all()}
    submitted(open_programme, "Tas Anyam", groups["tas"])
    submitted(open_programme, "Kue Lapis", groups["makanan"], status="verified")
    ApplicationFactory(programme=open_programme, status="draft")
    response = client_for(request.getfixturevalue(persona)).get(detail_url(open_programme))
    assert response.status_code == 200
    listed = [a.product.name for a in response.context["page"].object_list]
    assert sorted(listed) == ["Kue Lapis", "Tas Anyam"]
    assert response.context["programme"].awaiting == 1


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_programme_page_refused(client_for, request, persona, status, open_programme):
    response = client_for(request.getfixturevalue(persona)).get(detail_url(open_programme))
    assert response.status_code == status


def test_programme_page_filters(client_for, admin_user, open_programme):
    groups = {g.code: g for g in open_programme.product_groups.all()}
    submitted(open_programme, "Tas Anyam", groups["tas"])
    submitted(open_programme, "Tas Kulit", groups["tas"], status="incomplete")
    submitted(open_programme, "Kue Lapis", groups["makanan"])
    client = client_for(admin_user)

    def listed(**query):
        response = client.get(detail_url(open_programme), query)
        return sorted(a.product.name for a in response.context["page"].object_list)

    assert listed(status="submitted") == ["Kue Lapis", "Tas Anyam"]
    assert listed(group=groups["tas"].pk) == ["Tas Anyam", "Tas Kulit"]
    assert listed(group=groups["tas"].pk, status="submitted") == ["Tas Anyam"]
    assert listed(q="kulit") == ["Tas Kulit"]


def test_programme_page_pagination(client_for, admin_user, open_programme):
    group = open_programme.product_groups.first()
    for number in range(27):
        submitted(open_programme, f"Produk {number:02d}", group)
    client = client_for(admin_user)
    assert len(client.get(detail_url(open_programme)).context["page"].object_list) == 25
    second = client.get(detail_url(open_programme), {"page": 2})
    assert len(second.context["page"].object_list) == 2


def test_programme_page_query_count_does_not_grow(client_for, admin_user, open_programme):
    group = open_programme.product_groups.first()
    client = client_for(admin_user)
    submitted(open_programme, "Satu", group)
    one = count_queries(client, detail_url(open_programme))
    for number in range(49):
        submitted(open_programme, f"Produk {number}", group)
    assert count_queries(client, detail_url(open_programme)) == one


def verify_url(application):
    return reverse(
        "programmes:application_verify", args=[ORG, application.programme.slug, application.pk]
    )


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_verify_application_complete_emails_producer(
    client_for, request, persona, open_programme, django_capture_on_commit_callbacks
):
    application = submitted(open_programme, "Tas Anyam", open_programme.product_groups.first())
    client = client_for(request.getfixturevalue(persona))
    assert client.get(verify_url(application)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(verify_url(application), {"decision": "verified", "note": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "verified"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ani@contoh.test"]
    assert "Tas Anyam" in mail.outbox[0].body


def test_verify_application_incomplete_sends_reasons(
    client_for, admin_user, open_programme, django_capture_on_commit_callbacks
):
    application = submitted(open_programme, "Kue Lapis", open_programme.product_groups.first())
    note = "Foto produk buram; lampirkan SPP-IRT."
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin_user).post(
            verify_url(application), {"decision": "incomplete", "note": note}
        )
    application.refresh_from_db()
    assert application.status == "incomplete"
    assert application.verification_note == note
    assert note in mail.outbox[0].body
    assert (
        AuditEvent.objects.for_object(application).filter(action="application.incomplete").exists()
    )


def test_verify_application_incomplete_without_reason_refused(
    client_for, admin_user, open_programme, django_capture_on_commit_callbacks
):
    application = submitted(open_programme, "Kue Lapis", open_programme.product_groups.first())
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin_user).post(
            verify_url(application), {"decision": "incomplete", "note": "  "}
        )
    assert response.status_code == 200
    assert "note" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == "submitted"
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_verify_application_refused(client_for, request, persona, status, open_programme):
    application = submitted(open_programme, "Kue Lapis", open_programme.product_groups.first())
    response = client_for(request.getfixturevalue(persona)).post(
        verify_url(application), {"decision": "verified"}
    )
    assert response.status_code == status
    assert Application.objects.get(pk=application.pk).status == "submitted"


def test_verify_draft_application_is_404(client_for, admin_user, open_programme):
    application = ApplicationFactory(programme=open_programme, status="draft")
    assert client_for(admin_user).get(verify_url(application)).status_code == 404
