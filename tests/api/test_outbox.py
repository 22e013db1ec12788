"""The outbox over the API: the list as on the page (contacts masked) and the officer's mark."""

import pytest

from kurasi.audit.models import AuditEvent
from kurasi.outbox.models import Kind, Message, State
from kurasi.outbox.services import deliver
from tests.factories import BusinessFactory

from .conftest import OFFICE


def waiting(organisation, phone="+6281234567001"):
    business = BusinessFactory(organisation=organisation, email="", phone=phone, name="Roti Ani")
    return deliver(
        organisation=organisation,
        business=business,
        kind=Kind.VERIFICATION_RESULT,
        subject="Hasil pemeriksaan",
        body="Pendaftaran sudah lengkap.",
    )


@pytest.mark.parametrize("persona", ["admin_user", "field_officer"])
def test_outbox_list_masks_contacts_and_gives_the_click_to_chat_link(
    api_for, request, organisation, persona
):
    message = waiting(organisation)
    response = api_for(request.getfixturevalue(persona)).get(f"{OFFICE}/outbox/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == message.pk
    assert row["state"] == "whatsapp_waiting"
    assert row["phone_masked"] == "0812****7001"
    assert row["business_name"] == "Roti Ani"
    assert row["whatsapp_url"].startswith("https://wa.me/6281234567001?text=")
    assert "+6281234567001" not in response.content.decode()


def test_outbox_list_filters_and_refuses_an_unknown_state(api_for, admin_user, organisation):
    waiting(organisation)
    api = api_for(admin_user)
    assert api.get(f"{OFFICE}/outbox/", {"state": "emailed"}).json()["results"] == []
    assert api.get(f"{OFFICE}/outbox/", {"state": "sent"}).status_code == 400


@pytest.mark.parametrize(
    ("persona", "status"), [("curator", 403), ("outsider", 404), ("producer", 404)]
)
def test_outbox_refused(api_for, request, organisation, persona, status):
    message = waiting(organisation)
    api = api_for(request.getfixturevalue(persona))
    assert api.get(f"{OFFICE}/outbox/").status_code == status
    response = api.post(
        f"{OFFICE}/outbox/{message.pk}/mark/", {"action": "whatsapp_sent"}, format="json"
    )
    assert response.status_code == status
    assert Message.objects.get(pk=message.pk).state == State.WHATSAPP_WAITING


def test_mark_sent_once_then_409(api_for, field_officer, organisation):
    message = waiting(organisation)
    api = api_for(field_officer)
    url = f"{OFFICE}/outbox/{message.pk}/mark/"
    response = api.post(url, {"action": "whatsapp_sent"}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "whatsapp_sent"
    assert response.json()["handled_by"] == field_officer.full_name
    assert response.json()["whatsapp_url"] is None
    assert api.post(url, {"action": "whatsapp_sent"}, format="json").status_code == 409
    assert AuditEvent.objects.filter(action="outbox.whatsapp_sent").count() == 1


def test_unreachable_without_a_note_is_400(api_for, admin_user, organisation):
    message = waiting(organisation)
    response = api_for(admin_user).post(
        f"{OFFICE}/outbox/{message.pk}/mark/", {"action": "unreachable"}, format="json"
    )
    assert response.status_code == 400
    assert "note" in response.json()["error"]["fields"]


def test_a_token_without_the_outbox_scope_is_refused(api_for, admin_user, organisation):
    waiting(organisation)
    api = api_for(admin_user, scopes=["registry:read"])
    assert api.get(f"{OFFICE}/outbox/").status_code == 403
    read_only = api_for(admin_user, scopes=["outbox:read"])
    message = Message.objects.get()
    assert read_only.get(f"{OFFICE}/outbox/").status_code == 200
    assert (
        read_only.post(
            f"{OFFICE}/outbox/{message.pk}/mark/", {"action": "whatsapp_sent"}, format="json"
        ).status_code
        == 403
    )
