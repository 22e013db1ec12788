"""The exhibition page in the reader's words: a booth's size once, a translated empty choice."""

from django.urls import reverse

from kurasi.exhibitions.models import BoothType


def test_exhibition_page_shows_a_size_the_label_already_says_once(
    client_for, admin_user, exhibition
):
    BoothType.objects.create(
        exhibition=exhibition, label="Stan standar 3×3 m", count=6, size="3 × 3 m"
    )
    BoothType.objects.create(exhibition=exhibition, label="Stan pojok", count=2, size="3 x 4 m")
    url = reverse("exhibitions:detail", args=[exhibition.organisation.slug, exhibition.pk])

    html = client_for(admin_user).get(url).content.decode()

    assert "Stan standar 3×3 m · 6 stan" in html
    assert "(3 × 3 m)" not in html
    assert "Stan pojok (3 x 4 m) · 2 stan" in html


def test_exhibition_page_selects_offer_a_translated_empty_choice(
    client_for, admin_user, exhibition
):
    """The quota form's product group (a foreign key with Django's default empty label)."""
    url = reverse("exhibitions:detail", args=[exhibition.organisation.slug, exhibition.pk])
    client = client_for(admin_user)

    html = client.get(url).content.decode()
    assert '<option value="" selected>— pilih —</option>' in html
    assert "---------" not in html

    client.cookies["kurasi_language"] = "en"
    assert '<option value="" selected>— choose —</option>' in client.get(url).content.decode()
