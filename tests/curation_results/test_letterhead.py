"""Letters print the office profile: the logo in the letterhead, and the signatory's position,
name and NIP under the letter; without a signatory, the office signs as before."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from .test_letters import letter, pdf_text  # noqa: F401  (the issued letter of Siti's Dodol)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def logo_upload():
    image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (50, 50, 250, 250))
    output = io.BytesIO()
    image.save(output, "PNG")
    return SimpleUploadedFile("logo.png", output.getvalue(), content_type="image/png")


def set_profile(client, **values):
    profile = {
        "name": "Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan",
        "default_language": "id",
        **values,
    }
    response = client.post(reverse("office:profile", args=["disperindag-tangsel"]), profile)
    assert response.status_code == 302


def letter_pdf(client_for, producer, letter):  # noqa: F811
    response = client_for(producer).get(
        reverse("curation:my_letter", args=[letter.verification_code])
    )
    assert response.status_code == 200
    return response


def test_letter_is_signed_by_the_signatory_with_position_and_nip(
    client_for,
    admin_user,
    producer,
    letter,  # noqa: F811
):
    set_profile(
        client_for(admin_user),
        signatory_name="Drs. Budi Hartono, M.Si.",
        signatory_position="Kepala Dinas",
        signatory_nip="19700101 199503 1 002",
        whatsapp="0812-9876-5432",
        logo_upload=logo_upload(),
    )
    response = letter_pdf(client_for, producer, letter)
    text = pdf_text(response)
    assert "Drs. Budi Hartono, M.Si." in text
    assert "Kepala Dinas" in text
    assert "NIP. 19700101 199503 1 002" in text
    assert "WhatsApp 0812-9876-5432" in text
    reader = PdfReader(io.BytesIO(response.content))
    images = [image for page in reader.pages for image in page.images]
    assert images, "the letterhead logo is in the PDF"


def test_letter_without_signatory_is_signed_by_the_office(
    client_for,
    producer,
    organisation,
    letter,  # noqa: F811
):
    text = pdf_text(letter_pdf(client_for, producer, letter))
    assert "NIP." not in text
    flowing = " ".join(text.split())
    assert organisation.name in flowing  # the signature (the letterhead has it in capitals)
    assert organisation.name.upper() in flowing
    reader = PdfReader(io.BytesIO(letter_pdf(client_for, producer, letter).content))
    assert not [image for page in reader.pages for image in page.images]
