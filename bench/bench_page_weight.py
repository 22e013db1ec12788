#!/usr/bin/env python3
"""Weight over the wire of each registration page, compressed, with every asset it loads.

Target (issue 3): at most 150 KB per page. Pages are fetched with Django's test client through
the whole middleware stack, so static files come from WhiteNoise out of the collected, hashed
files (run `manage.py collectstatic` first), exactly as in production. Each HTML page is
gzip-compressed at level 6 (what a proxy typically does); each asset counts at the size of the
.gz (and .br) file WhiteNoise serves. Uses a throw-away SQLite database; prints a table.

Usage: .venv/bin/python bench/bench_page_weight.py
"""

import datetime as dt
import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="kurasi-bench-weight-")
os.environ["KURASI_VAR_DIR"] = TMP
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kurasi.settings")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

LIMIT = 150 * 1024
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')


def set_up():
    """An office, an open call, a producer with a business, a product with a draft."""
    from kurasi.accounts.models import Organisation, User
    from kurasi.programmes.models import Application, Programme
    from kurasi.registry.models import Business, CertificateType, Product, ProductGroup

    call_command("migrate", verbosity=0)
    office = Organisation.objects.create(
        name="Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan",
        slug="disperindag-tangsel",
        region_code="36.74",
    )
    groups = [
        ProductGroup.objects.create(organisation=office, code=code, name=name, is_food=food)
        for code, name, food in [("tas", "Tas", False), ("makanan", "Makanan", True)]
    ]
    now = timezone.now()
    programme = Programme.objects.create(
        organisation=office,
        title="Kurasi Produk IKM 2026",
        slug="kurasi-2026",
        year=2026,
        status="open",
        registration_opens_at=now - dt.timedelta(days=3),
        registration_closes_at=now + dt.timedelta(days=20),
    )
    programme.product_groups.set(groups)
    programme.required_certificate_types.set(CertificateType.objects.filter(code__in=["nib"]))
    producer = User.objects.create_user(phone="+6281298765001", full_name="Siti Rahmawati")
    business = Business.objects.create(
        organisation=office,
        owner=producer,
        name="Roti Siti",
        owner_name="Siti Rahmawati",
        phone="+6281298765001",
        district_code="36.74.01",
        village_code="36.74.01.1001",
    )
    product = Product.objects.create(business=business, group=groups[1], name="Roti Gambang")
    Application.objects.create(programme=programme, product=product)
    return producer, programme, business, product


def pages(programme, business, product):
    args = [programme.organisation.slug, programme.slug]
    step = [*args, business.pk]
    return [
        ("sign-up", reverse("registration:sign_up"), False),
        ("privacy notice", reverse("registration:privacy_notice"), False),
        ("call start", reverse("registration:start", args=args), True),
        ("1 business (new)", reverse("registration:business_new", args=args), True),
        ("1 business (returning)", reverse("registration:business", args=step), True),
        ("2 products", reverse("registration:products", args=step), True),
        ("2 one product", reverse("registration:product", args=[*step, product.pk]), True),
        ("3 permits", reverse("registration:documents", args=step), True),
        ("4 review", reverse("registration:review", args=step), True),
        ("status", reverse("registration:status"), True),
    ]


def asset_weight(client, url, cache):
    """(raw, gzip, brotli) bytes of one static asset as WhiteNoise serves it."""
    if url in cache:
        return cache[url]
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    path = Path(settings.STATIC_ROOT) / url.removeprefix(settings.STATIC_URL)
    gz = path.with_name(path.name + ".gz")
    br = path.with_name(path.name + ".br")
    gz_size = gz.stat().st_size if gz.exists() else len(gzip.compress(raw, 6))
    br_size = br.stat().st_size if br.exists() else gz_size
    cache[url] = (len(raw), gz_size, br_size)
    return cache[url]


def main():
    producer, programme, business, product = set_up()
    anonymous, logged_in = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
    logged_in.force_login(producer, backend="kurasi.accounts.backends.EmailOrPhoneBackend")
    cache = {}
    print(
        f"{'page':<24}{'html gz':>9}{'assets':>7}{'raw KB':>9}{'gzip KB':>9}{'br KB':>8}  ≤150 KB"
    )
    worst = 0
    for name, url, needs_login in pages(programme, business, product):
        response = (logged_in if needs_login else anonymous).get(url)
        assert response.status_code == 200, f"{name}: {response.status_code}"
        html = response.content
        html_gz = len(gzip.compress(html, 6))
        assets = sorted(set(ASSET.findall(html.decode())))
        assets = [a for a in assets if a.startswith(settings.STATIC_URL)]
        weights = [asset_weight(anonymous, a, cache) for a in assets]
        raw = len(html) + sum(w[0] for w in weights)
        gz = html_gz + sum(w[1] for w in weights)
        br = html_gz + sum(w[2] for w in weights)
        worst = max(worst, gz)
        verdict = "yes" if gz <= LIMIT else "NO"
        print(
            f"{name:<24}{html_gz / 1024:>8.1f}K{len(assets):>7}{raw / 1024:>9.1f}"
            f"{gz / 1024:>9.1f}{br / 1024:>8.1f}  {verdict}"
        )
    print("\nassets:")
    for url, (raw, gz, br) in sorted(cache.items()):
        print(
            f"  {url:<56} raw {raw / 1024:6.1f} KB  gzip {gz / 1024:5.1f} KB"
            f"  br {br / 1024:5.1f} KB"
        )
    print(f"\nheaviest page: {worst / 1024:.1f} KB gzip (limit 150 KB)")


if __name__ == "__main__":
    main()
