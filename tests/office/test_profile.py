"""The office profile: kept by office admins, refused to every other role and office."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kurasi.accounts.models import Organisation
from kurasi.audit.models import AuditEvent

from ..registry.helpers import jpeg_bytes

ORG = "disperindag-tangsel"
PROFILE = reverse("office:profile", args=[ORG])
SETTINGS = reverse("office:settings", args=[ORG])

VALID = {
    "name": "Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan",
    "address": "Jl. Maruga Raya No. 1, Ciputat",
    "email": "disperindag@tangsel.test",
    "phone": "021-7470-5765",
    "whatsapp": "0812 9876 5432",
    "website": "https://disperindag.tangselkota.go.id",
    "signatory_name": "Drs. Budi Hartono, M.Si.",
    "signatory_position": "Kepala Dinas",
    "signatory_nip": "19700101 199503 1 002",
    "default_language": "id",
}


def png_with_transparency(size=(1200, 800)):
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste((20, 80, 160, 255), (100, 100, 700, 500))
    output = io.BytesIO()
    image.save(output, "PNG")
    return SimpleUploadedFile("logo dinas.png", output.getvalue(), content_type="image/png")


@pytest.mark.parametrize("persona", ["field_officer", "curator"])
def test_profile_and_settings_are_refused_to_other_roles(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(PROFILE).status_code == 403
    assert client.get(SETTINGS).status_code == 403
    assert client.post(PROFILE, VALID).status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "producer"])
def test_profile_is_unknown_outside_the_office(request, client_for, organisation, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(PROFILE).status_code == 404
    assert client.get(SETTINGS).status_code == 404
    assert client.post(PROFILE, VALID).status_code == 404
    organisation.refresh_from_db()
    assert organisation.signatory_name == ""
    assert not AuditEvent.objects.exists()


def test_settings_hub_links_profile_catalogues_and_staff(client_for, admin_user):
    page = client_for(admin_user).get(SETTINGS).content.decode()
    for url in (
        PROFILE,
        reverse("insights:members", args=[ORG]),
        reverse("registry:product_groups", args=[ORG]),
        reverse("registry:certificate_types", args=[ORG]),
        reverse("registry:region_aliases", args=[ORG]),
        reverse("facilitation:rules", args=[ORG]),
    ):
        assert f'href="{url}"' in page


def test_admin_saves_the_profile_normalised_and_audited(client_for, admin_user, organisation):
    response = client_for(admin_user).post(PROFILE, VALID)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.whatsapp == "+6281298765432"
    assert organisation.phone == "(021) 74705765"
    assert organisation.signatory_nip == "197001011995031002"
    assert organisation.slug == ORG
    assert organisation.region_code == "36.74"
    event = AuditEvent.objects.get(action="organisation.profile_changed")
    assert event.organisation == organisation
    assert event.actor == admin_user
    assert event.changes["signatory_nip"] == ["", "197001011995031002"]
    assert event.changes["whatsapp"] == ["", "+6281298765432"]
    page = client_for(admin_user).get(PROFILE).content.decode()
    assert 'value="19700101 199503 1 002"' in page  # grouped as printed, easier to check


def test_saving_unchanged_profile_writes_no_event(client_for, admin_user, organisation):
    client = client_for(admin_user)
    client.post(PROFILE, VALID)
    response = client.post(PROFILE, VALID, follow=True)
    assert AuditEvent.objects.filter(action="organisation.profile_changed").count() == 1
    assert "Tidak ada yang diubah" in response.content.decode()


def test_slug_and_region_cannot_be_changed_by_the_office(client_for, admin_user, organisation):
    client_for(admin_user).post(PROFILE, {**VALID, "slug": "lain", "region_code": "32.76"})
    organisation.refresh_from_db()
    assert (organisation.slug, organisation.region_code) == (ORG, "36.74")


def test_errors_keep_the_typing_and_explain_the_rule(client_for, admin_user, organisation):
    typed = {
        **VALID,
        "signatory_name": "Ibu Ratna Sari",
        "signatory_nip": "1970 0101 1995",
        "whatsapp": "021-7470-5765",
    }
    response = client_for(admin_user).post(PROFILE, typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Ibu Ratna Sari"' in html
    assert 'value="1970 0101 1995"' in html
    assert "18 digit" in html  # the rule, in the page's language (Indonesian by default)
    assert "WhatsApp memerlukan nomor HP" in html
    organisation.refresh_from_db()
    assert organisation.signatory_name == ""
    assert not AuditEvent.objects.exists()


def test_errors_are_in_english_for_an_english_reader(client_for, admin_user, settings):
    client = client_for(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.post(PROFILE, {**VALID, "signatory_nip": "12345"}).content.decode()
    assert "A NIP has 18 digits" in html


def test_logo_is_reencoded_bounded_and_keeps_transparency(client_for, admin_user, organisation):
    client_for(admin_user).post(PROFILE, {**VALID, "logo_upload": png_with_transparency()})
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith(f"offices/logos/{ORG}-")
    assert "dinas" not in organisation.logo.name.split("/")[-1].removeprefix(ORG)
    with organisation.logo.open("rb") as handle, Image.open(handle) as image:
        assert image.format == "PNG"
        assert image.mode == "RGBA"
        assert max(image.size) == 600
    event = AuditEvent.objects.get(action="organisation.profile_changed")
    assert event.changes["logo"] == [None, organisation.logo.name]


def test_photo_logo_loses_its_exif_location(client_for, admin_user, organisation):
    upload = SimpleUploadedFile("logo.jpg", jpeg_bytes(with_gps=True), content_type="image/jpeg")
    client_for(admin_user).post(PROFILE, {**VALID, "logo_upload": upload})
    organisation.refresh_from_db()
    with organisation.logo.open("rb") as handle:
        data = handle.read()
    assert b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()


def test_svg_logo_is_refused_with_a_reason(client_for, admin_user, organisation):
    svg = SimpleUploadedFile(
        "logo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/png",
    )
    response = client_for(admin_user).post(PROFILE, {**VALID, "logo_upload": svg})
    assert response.status_code == 200
    assert "SVG" in response.content.decode()
    organisation.refresh_from_db()
    assert not organisation.logo
    assert not AuditEvent.objects.exists()


def test_logo_shows_on_the_profile_as_data_and_can_be_removed(
    client_for, admin_user, organisation, django_capture_on_commit_callbacks
):
    client = client_for(admin_user)
    client.post(PROFILE, {**VALID, "logo_upload": png_with_transparency((60, 40))})
    organisation.refresh_from_db()
    stored = organisation.logo.name
    assert 'src="data:image/png;base64,' in client.get(PROFILE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE, {**VALID, "remove_logo": "on"})
    organisation.refresh_from_db()
    assert not organisation.logo
    assert not organisation.logo.storage.exists(stored)
    assert Organisation.objects.get(pk=organisation.pk).logo.name == ""


def test_admin_dashboard_links_to_office_settings(client_for, admin_user):
    page = client_for(admin_user).get(reverse("insights:organisation_dashboard", args=[ORG]))
    assert f'href="{SETTINGS}"' in page.content.decode()


def test_printable_announcement_shows_logo_and_signatory(
    client, client_for, admin_user, open_programme
):
    client_for(admin_user).post(PROFILE, {**VALID, "logo_upload": png_with_transparency((80, 80))})
    page = client.get(
        reverse("programmes:call_print", args=[ORG, open_programme.slug])
    ).content.decode()
    assert 'class="letterhead-logo" src="data:image/png;base64,' in page
    assert "Drs. Budi Hartono, M.Si." in page
    assert "NIP. 19700101 199503 1 002" in page
