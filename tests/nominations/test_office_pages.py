"""The office's side of a call: the calls it was asked, one call's page (criteria, its curated
products pre-checked, nominees and their consent, the list sent and what was held back), and
who may do what there."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kurasi.audit.models import AuditEvent
from kurasi.nominations.models import ConsentState, Nomination
from kurasi.outbox.models import Kind, Message

from ..factories import ApplicationFactory, BusinessFactory, ProductFactory


def page_url(call_office):
    return call_office.get_absolute_url()


def action_url(name, call_office, *more):
    return reverse(f"nominations:{name}", args=[call_office.office.slug, call_office.pk, *more])


def nominate(client, call_office, *applications, **groups):
    data = {"application": [a.pk for a in applications]}
    data.update({f"group_{k}": v for k, v in groups.items()})
    return client.post(action_url("office_nominate", call_office), data, follow=True)


def consent(client, nomination, answer="given", who="Ibu Sari, pemilik", channel="whatsapp"):
    url = action_url("office_consent", nomination.call_office, nomination.pk)
    return client.post(url, {"answer": answer, "consent_by": who, "channel": channel}, follow=True)


def submit(client, call_office, **fields):
    data = {"cover_note": "Produk unggulan kami.", "share_photos": "on", "share_scores": "on"}
    data.update(fields)
    return client.post(action_url("office_submit", call_office), data, follow=True)


# --- the page -----------------------------------------------------------------------------------


def test_office_page_shows_criteria_eligible_pre_ticked_and_ineligible_with_reasons(
    client_for, call_tangsel, tangsel
):
    response = client_for(tangsel.admin).get(page_url(call_tangsel))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Banten Trade Expo" in page
    assert "Disperindag Provinsi Banten" in page
    assert "Sertifikat Halal" in page  # the criteria summary names the permit
    # Eligible: the bag and the halal food, both ticked (quota 3 leaves room for both).
    candidates = response.context["eligible"]
    assert [c.application for c in candidates] == [tangsel.app("bag"), tangsel.app("food_halal")]
    assert response.context["ticked"] == {tangsel.app("bag").pk, tangsel.app("food_halal").pk}
    assert f'value="{tangsel.app("bag").pk}" checked' in page
    # Ineligible, folded, each with its reason.
    assert "<details" in page
    assert "Tidak lolos" in page  # the failed one's outcome named in its reason
    assert tangsel.app("food_no_halal").product.name in page


def test_pre_ticks_no_more_than_the_places_left(client_for, call_tangsel, tangsel):
    call_tangsel.quota = 1
    call_tangsel.save()
    response = client_for(tangsel.admin).get(page_url(call_tangsel))
    assert response.context["ticked"] == {tangsel.app("bag").pk}


def test_field_officer_reads_the_page_without_the_nominate_and_submit_forms(
    client_for, call_tangsel, tangsel
):
    response = client_for(tangsel.officer).get(page_url(call_tangsel))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="nominate-form"' not in page
    assert 'id="submit-form"' not in page


@pytest.mark.parametrize("who", ["curator", "other_office", "outsider", "producer", "province"])
def test_office_page_is_refused_to_others(
    client_for, call_tangsel, tangsel, tangerang, outsider, producer, province_admin, who
):
    user = {
        "curator": tangsel.curator,
        "other_office": tangerang.admin,
        "outsider": outsider,
        "producer": producer,
        "province": province_admin,
    }[who]
    client = client_for(user)
    # At the office's own address, and at the person's own office's address.
    assert client.get(page_url(call_tangsel)).status_code in (403, 404)
    if who in ("other_office", "outsider", "province"):
        own = user.memberships.get().organisation.slug
        url = reverse("nominations:office_call", args=[own, call_tangsel.pk])
        assert client.get(url).status_code == 404


def test_a_draft_call_is_not_shown_to_the_office(client_for, call, call_tangsel, tangsel):
    call.status = "draft"
    call.save()
    assert client_for(tangsel.admin).get(page_url(call_tangsel)).status_code == 404
    listing = client_for(tangsel.admin).get(
        reverse("nominations:office_calls", args=[tangsel.office.slug])
    )
    assert call.title not in listing.content.decode()


def test_calls_asked_list_and_dashboard_card(client_for, call_tangsel, tangsel, outsider):
    listing = client_for(tangsel.officer).get(
        reverse("nominations:office_calls", args=[tangsel.office.slug])
    )
    assert listing.status_code == 200
    assert call_tangsel.get_absolute_url() in listing.content.decode()
    dashboard = client_for(tangsel.admin).get(
        reverse("insights:organisation_dashboard", args=[tangsel.office.slug])
    )
    assert call_tangsel.get_absolute_url() in dashboard.content.decode()
    assert (
        client_for(tangsel.curator)
        .get(reverse("nominations:office_calls", args=[tangsel.office.slug]))
        .status_code
        == 403
    )
    assert (
        client_for(outsider)
        .get(reverse("nominations:office_calls", args=[tangsel.office.slug]))
        .status_code
        == 404
    )


# --- nominating ---------------------------------------------------------------------------------


def test_admin_nominates_eligible_products_with_the_organisers_group(
    client_for, call_tangsel, tangsel, province_groups
):
    response = nominate(client_for(tangsel.admin), call_tangsel, tangsel.app("bag"))
    assert response.status_code == 200
    nomination = Nomination.objects.get(call_office=call_tangsel)
    assert (nomination.application, nomination.group) == (
        tangsel.app("bag"),
        province_groups["tas"],
    )
    assert nomination.consent == ConsentState.MISSING
    event = AuditEvent.objects.get(action="nomination.added")
    assert event.organisation == tangsel.office


def test_nominating_an_ineligible_product_is_refused_with_its_reason(
    client_for, call_tangsel, tangsel
):
    response = nominate(
        client_for(tangsel.admin), call_tangsel, tangsel.app("bag"), tangsel.app("food_no_halal")
    )
    page = response.content.decode()
    assert "Sambal Roa" in page
    assert "Sertifikat Halal" in page
    assert not Nomination.objects.exists()  # all or nothing


def test_the_office_chooses_a_group_where_its_own_maps_to_none(
    client_for, call_tangerang, tangerang, province_groups
):
    carving = tangerang.app("carving")
    client = client_for(tangerang.admin)
    page = nominate(client, call_tangerang, carving).content.decode()
    assert "Nampan Ukir" in page
    assert not Nomination.objects.exists()
    nominate(client, call_tangerang, carving, **{str(carving.pk): province_groups["busana"].pk})
    assert Nomination.objects.get().group == province_groups["busana"]


def test_nominating_past_the_quota_is_refused(client_for, call_tangsel, tangsel):
    call_tangsel.quota = 1
    call_tangsel.save()
    response = nominate(
        client_for(tangsel.admin), call_tangsel, tangsel.app("bag"), tangsel.app("food_halal")
    )
    assert "quota" in response.content.decode().lower() or "kuota" in response.content.decode()
    assert not Nomination.objects.exists()


def test_a_full_quota_says_so_instead_of_offering_the_nominate_form(
    client_for, call_tangsel, tangsel
):
    call_tangsel.quota = 1
    call_tangsel.save()
    client = client_for(tangsel.admin)
    nominate(client, call_tangsel, tangsel.app("bag"))
    page = client.get(call_tangsel.get_absolute_url()).content.decode()
    assert 'id="quota-full"' in page
    assert 'id="nominate-form"' not in page


def test_field_officer_and_curator_cannot_nominate(client_for, call_tangsel, tangsel):
    for user in (tangsel.officer, tangsel.curator):
        response = client_for(user).post(
            action_url("office_nominate", call_tangsel), {"application": tangsel.app("bag").pk}
        )
        assert response.status_code == 403
    assert not Nomination.objects.exists()


def test_another_office_cannot_nominate_into_this_list(client_for, call_tangsel, tangerang):
    response = client_for(tangerang.admin).post(
        action_url("office_nominate", call_tangsel), {"application": tangerang.app("bag").pk}
    )
    assert response.status_code == 404
    assert not Nomination.objects.exists()


def test_withdraw_takes_a_nominee_off(client_for, call_tangsel, tangsel):
    client = client_for(tangsel.admin)
    nominate(client, call_tangsel, tangsel.app("bag"))
    nomination = Nomination.objects.get()
    response = client.post(action_url("office_withdraw", call_tangsel, nomination.pk))
    assert response.status_code == 302
    assert not Nomination.objects.exists()
    assert AuditEvent.objects.filter(action="nomination.withdrawn").count() == 1
    # A field officer may not.
    nominate(client, call_tangsel, tangsel.app("bag"))
    again = Nomination.objects.get()
    officer = client_for(tangsel.officer)
    assert officer.post(action_url("office_withdraw", call_tangsel, again.pk)).status_code == 403


# --- consent ------------------------------------------------------------------------------------


def test_field_officer_records_consent_given_with_channel_and_name(
    client_for, call_tangsel, tangsel
):
    nominate(client_for(tangsel.admin), call_tangsel, tangsel.app("bag"))
    nomination = Nomination.objects.get()
    page = client_for(tangsel.officer).get(
        action_url("office_consent", call_tangsel, nomination.pk)
    )
    assert "Banten Trade Expo" in page.content.decode()  # what she is asked
    consent(client_for(tangsel.officer), nomination)
    nomination.refresh_from_db()
    assert (nomination.consent, nomination.consent_channel, nomination.consent_by) == (
        ConsentState.GIVEN,
        "whatsapp",
        "Ibu Sari, pemilik",
    )
    assert nomination.consent_recorded_by == tangsel.officer
    event = AuditEvent.objects.get(action="nomination.consent_recorded")
    assert event.changes["consent_by"] == [None, "Ibu Sari, pemilik"]


def test_consent_by_a_phone_number_is_refused_and_the_typing_kept(
    client_for, call_tangsel, tangsel
):
    nominate(client_for(tangsel.admin), call_tangsel, tangsel.app("bag"))
    nomination = Nomination.objects.get()
    response = consent(client_for(tangsel.officer), nomination, who="0812 9876 5001")
    assert response.status_code == 200
    assert 'value="0812 9876 5001"' in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.consent == ConsentState.MISSING


def test_curator_and_another_office_cannot_record_consent(
    client_for, call_tangsel, tangsel, tangerang
):
    nominate(client_for(tangsel.admin), call_tangsel, tangsel.app("bag"))
    nomination = Nomination.objects.get()
    assert consent(client_for(tangsel.curator), nomination).status_code == 403
    assert consent(client_for(tangerang.admin), nomination).status_code == 404
    nomination.refresh_from_db()
    assert nomination.consent == ConsentState.MISSING


def test_asking_consent_puts_a_message_in_the_offices_outbox(client_for, call_tangsel, tangsel):
    nominate(client_for(tangsel.admin), call_tangsel, tangsel.app("bag"))
    nomination = Nomination.objects.get()
    nomination.application.business.email = ""
    nomination.application.business.phone_is_whatsapp = True
    nomination.application.business.save()
    response = client_for(tangsel.officer).post(
        action_url("office_ask", call_tangsel, nomination.pk), follow=True
    )
    assert response.status_code == 200
    message = Message.objects.get(kind=Kind.NOMINATION_CONSENT)
    assert message.organisation == tangsel.office
    assert message.channel == "whatsapp"
    # In the office's language (Indonesian), naming the organiser and the exhibition.
    assert "Disperindag Provinsi Banten" in message.body
    assert "Banten Trade Expo" in message.body
    assert "setuju" in message.body.lower()
    nomination.refresh_from_db()
    assert nomination.consent == ConsentState.ASKED
    assert AuditEvent.objects.filter(action="nomination.consent_asked").count() == 1
    assert (
        client_for(tangsel.curator)
        .post(action_url("office_ask", call_tangsel, nomination.pk))
        .status_code
        == 403
    )


# --- submitting ---------------------------------------------------------------------------------


def test_submit_sends_consented_and_holds_back_the_others_with_the_reason(
    client_for, call_tangsel, tangsel
):
    admin = client_for(tangsel.admin)
    nominate(admin, call_tangsel, tangsel.app("bag"), tangsel.app("food_halal"))
    bag = Nomination.objects.get(application=tangsel.app("bag"))
    consent(admin, bag)
    response = submit(admin, call_tangsel, share_legality="")
    page = response.content.decode()
    call_tangsel.refresh_from_db()
    assert call_tangsel.submitted_at is not None
    assert call_tangsel.submitted_by == tangsel.admin
    assert (call_tangsel.share_photos, call_tangsel.share_legality) == (True, False)
    assert call_tangsel.cover_note == "Produk unggulan kami."
    # The held-back one is named with the reason, in Indonesian.
    assert "Keripik Tempe" in page
    assert "Produsen belum setuju datanya dibagikan kepada penyelenggara." in page
    sent = [n for n in Nomination.objects.all() if n.shared]
    assert [n.application for n in sent] == [tangsel.app("bag")]
    event = AuditEvent.objects.get(action="nomination.list_submitted")
    assert event.changes["sent"] == [None, 1]
    assert event.changes["held_back"] == [None, 1]
    assert event.organisation == tangsel.office


def test_resubmit_until_the_deadline(client_for, call_tangsel, tangsel):
    admin = client_for(tangsel.admin)
    nominate(admin, call_tangsel, tangsel.app("bag"))
    submit(admin, call_tangsel)
    first = type(call_tangsel).objects.get(pk=call_tangsel.pk).submitted_at
    submit(admin, call_tangsel, cover_note="Daftar diperbarui.")
    call_tangsel.refresh_from_db()
    assert call_tangsel.cover_note == "Daftar diperbarui."
    assert call_tangsel.submitted_at > first
    assert AuditEvent.objects.filter(action="nomination.list_submitted").count() == 2


def test_after_the_deadline_nothing_changes(client_for, call, call_tangsel, tangsel):
    admin = client_for(tangsel.admin)
    nominate(admin, call_tangsel, tangsel.app("bag"))
    call.deadline = timezone.now() - dt.timedelta(minutes=1)
    call.save()
    page = client_for(tangsel.admin).get(page_url(call_tangsel)).content.decode()
    assert 'id="submit-form"' not in page
    assert 'id="nominate-form"' not in page
    response = submit(admin, call_tangsel)
    assert "ditutup" in response.content.decode()
    call_tangsel.refresh_from_db()
    assert call_tangsel.submitted_at is None
    response = nominate(admin, call_tangsel, tangsel.app("food_halal"))
    assert Nomination.objects.count() == 1


def test_a_refusal_is_recorded_after_the_deadline_too(client_for, call, call_tangsel, tangsel):
    admin = client_for(tangsel.admin)
    nominate(admin, call_tangsel, tangsel.app("bag"))
    nomination = Nomination.objects.get()
    consent(admin, nomination)
    submit(admin, call_tangsel)
    call.status = "closed"
    call.save()
    consent(admin, nomination, answer="refused", who="Ibu Sari")
    nomination.refresh_from_db()
    assert nomination.consent == ConsentState.REFUSED
    assert not nomination.shared
    consent(admin, nomination, answer="given", who="Ibu Sari")
    nomination.refresh_from_db()
    assert nomination.consent == ConsentState.REFUSED


def test_submit_is_refused_to_the_field_officer_and_curator(client_for, call_tangsel, tangsel):
    for user in (tangsel.officer, tangsel.curator):
        assert client_for(user).post(action_url("office_submit", call_tangsel)).status_code == 403
    call_tangsel.refresh_from_db()
    assert call_tangsel.submitted_at is None


# --- queries ------------------------------------------------------------------------------------


def _more_curated(tangsel, n):
    bag = tangsel.app("bag")
    for i in range(n):
        business = BusinessFactory(organisation=tangsel.office)
        product = ProductFactory(business=business, group=tangsel.groups["tas"])
        application = ApplicationFactory(
            programme=tangsel.programme, product=product, status="verified"
        )
        decision = bag.decision
        decision.pk, decision.application, decision.verification_code = None, application, f"Q{i}"
        decision.save()


def test_office_page_queries_do_not_grow_with_the_curated_products(
    client_for, call_tangsel, tangsel, django_assert_max_num_queries
):
    client = client_for(tangsel.admin)
    nominate(client, call_tangsel, tangsel.app("bag"), tangsel.app("food_halal"))
    Nomination.objects.update(consent=ConsentState.GIVEN)
    client.get(page_url(call_tangsel))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(page_url(call_tangsel))
    _more_curated(tangsel, 25)
    with django_assert_max_num_queries(len(few)):
        response = client.get(page_url(call_tangsel))
    assert len(response.context["eligible"]) == 25
