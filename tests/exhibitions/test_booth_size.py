"""A booth type's size reads once on the exhibition page, even when its label already says it."""

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
