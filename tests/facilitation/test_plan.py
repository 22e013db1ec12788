"""The producer's improvement plan: its contents on the page and in the PDF, who may see it."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kurasi.facilitation.models import Participation, ParticipationStatus
from kurasi.facilitation.plan import build_plan

from ..factories import BusinessFactory, CertificateFactory, certificate_type
from .conftest import HALAL_DAY

PLAN_URL = reverse("facilitation:my_plan")


def pdf_url(business):
    return reverse("facilitation:my_plan_pdf", args=[business.pk])


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def rule_codes(plan):
    return {item.rule.code for item in plan.obtain}


def test_plan_page_lists_what_to_obtain_and_improve(client_for, producer, siti, scored_2017):
    response = client_for(producer).get(PLAN_URL)
    assert response.status_code == 200
    (plan,) = response.context["plans"]
    assert plan.business == siti
    # Today (after 17 October 2026) halal is mandatory for Siti's micro food business.
    halal = next(i for i in plan.obtain if i.rule.code == "halal-pangan-umk")
    assert (halal.status, halal.severity) == ("missing", "mandatory")
    assert "self-declare" in halal.rule.free_route
    assert "ptsp.halal.go.id" in halal.rule.issuer
    assert {"spp-irt", "merek"} <= rule_codes(plan)
    assert "nib" not in rule_codes(plan)  # the NIB on the record counts
    (weak,) = plan.improve
    assert (weak.key, weak.mean, weak.advice) == (
        "desain-kemasan",
        2.0,
        ["Perjelas merek pada kemasan depan."],
    )
    page = response.content.decode()
    assert 'data-rule="halal-pangan-umk"' in page
    assert 'data-criterion="desain-kemasan"' in page
    assert "Perjelas merek pada kemasan depan." in page


def test_plan_timeline_shows_programme_score_and_certificates(
    client_for, producer, siti, scored_2017
):
    CertificateFactory(
        business=siti,
        type=certificate_type("spp-irt"),
        product=siti.products.get(),
        number="206367401012322",
        issued_on=dt.date(2018, 2, 1),
        expires_on=dt.date(2023, 2, 1),
    )
    plan = client_for(producer).get(PLAN_URL).context["plans"][0]
    kinds = [(e.day, e.kind) for e in plan.timeline]
    assert kinds == [(dt.date(2017, 9, 19), "curation"), (dt.date(2018, 2, 1), "certificate")]
    assert "Kurasi Produk IKM 2017" in plan.timeline[0].title


def test_plan_deadlines(siti, rules):
    """Expiring: its expiry; a rule not yet in force: its start; in force: as soon as possible."""
    expiry = HALAL_DAY - dt.timedelta(days=30)
    CertificateFactory(
        business=siti,
        type=certificate_type("spp-irt"),
        product=siti.products.get(),
        number="206367401012321",
        issued_on=dt.date(2021, 11, 30),
        expires_on=expiry,
    )
    plan = build_plan(siti, day=HALAL_DAY - dt.timedelta(days=60))
    items = {i.rule.code: i for i in plan.obtain}
    assert (items["spp-irt"].status, items["spp-irt"].deadline) == ("expiring", expiry)
    assert (items["halal-pangan-umk"].status, items["halal-pangan-umk"].deadline) == (
        "upcoming",
        HALAL_DAY,
    )
    assert "halal-pangan-sukarela" not in items  # replaced by the mandatory rule to come
    after = {i.rule.code: i for i in build_plan(siti, day=HALAL_DAY).obtain}
    assert after["halal-pangan-umk"].status == "missing"
    assert after["halal-pangan-umk"].deadline is None


def test_plan_names_the_programme_the_producer_is_in(siti, halal_programme):
    Participation.objects.create(
        programme=halal_programme, business=siti, status=ParticipationStatus.ENROLLED
    )
    item = next(
        i for i in build_plan(siti, day=HALAL_DAY).obtain if i.rule.code == "halal-pangan-umk"
    )
    assert item.participation.programme == halal_programme
    assert item.deadline == halal_programme.ends_on


def test_plan_offers_an_upcoming_programme(siti, halal_programme):
    item = next(
        i
        for i in build_plan(siti, day=HALAL_DAY - dt.timedelta(days=10)).obtain
        if "halal" in i.rule.code
    )
    assert item.offer == halal_programme


def test_plan_asks_for_a_missing_shelf_life(client_for, producer, siti):
    product = siti.products.get()
    product.shelf_life_days = None
    product.save()
    plan = client_for(producer).get(PLAN_URL).context["plans"][0]
    assert plan.missing_facts == ["Keripik Balado"]
    assert "spp-irt" not in rule_codes(plan)


def test_plan_pdf_lists_the_plan_in_indonesian(client_for, producer, siti, scored_2017):
    response = client_for(producer).get(pdf_url(siti))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = " ".join(pdf_text(response).split())
    assert "Dapur Siti" in text
    assert "Sertifikat Halal" in text
    assert "ptsp.halal.go.id" in text
    assert "self-declare" in text
    assert "Perjelas merek pada kemasan depan." in text
    assert "PEMERINTAH" in text.upper() or "GOVERNMENT" in text.upper()


def test_plan_pdf_of_another_producer_is_404(client_for, other_producer, siti):
    assert client_for(other_producer).get(pdf_url(siti)).status_code == 404


def test_plan_page_of_a_producer_without_business_is_empty(client_for, other_producer, siti):
    response = client_for(other_producer).get(PLAN_URL)
    assert response.status_code == 200
    assert response.context["plans"] == []


def test_plan_page_anonymous_goes_to_login(client, siti):
    assert client.get(PLAN_URL).status_code == 302
    assert client.get(pdf_url(siti)).status_code == 302


def test_plan_pdf_refused_for_staff_of_the_office(client_for, admin_user, siti):
    # Staff read the plan on the business's timeline page; the producer's PDF is the owner's.
    assert client_for(admin_user).get(pdf_url(siti)).status_code == 404


@pytest.mark.parametrize("code", ["halal", "spp-irt"])
def test_plan_drops_an_item_once_the_certificate_is_held(siti, code):
    CertificateFactory(
        business=siti,
        type=certificate_type(code),
        product=None,
        number="206367401012399",
        issued_on=dt.date(2026, 1, 1),
        expires_on=None,
    )
    codes = {c for i in build_plan(siti, day=HALAL_DAY).obtain for c in [i.rule.code]}
    assert not any(c.startswith(code.split("-")[0]) for c in codes)


def test_plan_for_a_business_of_another_office_is_not_mixed_in(
    client_for, producer, siti, other_organisation
):
    BusinessFactory(organisation=other_organisation, owner=producer, name="Usaha Depok")
    plans = client_for(producer).get(PLAN_URL).context["plans"]
    assert sorted(p.business.name for p in plans) == ["Dapur Siti", "Usaha Depok"]


def fold_of(page, marker):
    """The <details> element that carries `marker`, as text."""
    start = page.rindex("<details", 0, page.index(marker) + 1)
    return page[start : page.index("</details>", start)]


def test_plan_items_fold_with_what_when_and_how_urgent_in_the_summary(
    client_for, producer, siti, scored_2017
):
    page = client_for(producer).get(PLAN_URL).content.decode()
    halal = fold_of(page, 'data-rule="halal-pangan-umk"')
    summary, details = halal.split("</summary>")
    assert "Sertifikat Halal" in summary
    assert "Belum ada" in summary
    assert "Wajib" in summary
    # Why, and the free route, are in the fold.
    assert "Alasan" in details
    assert "self-declare" in details
    weak = fold_of(page, 'data-criterion="desain-kemasan"')
    assert "Perjelas merek pada kemasan depan." in weak.split("</summary>")[1]


def test_a_long_timeline_folds_its_earlier_entries(client_for, producer, siti, scored_2017):
    for year in range(2008, 2017):
        CertificateFactory(
            business=siti,
            type=certificate_type("spp-irt"),
            product=siti.products.get(),
            number=f"2063674010123{year}",
            issued_on=dt.date(year, 2, 1),
            expires_on=dt.date(year + 1, 2, 1),
        )
    response = client_for(producer).get(PLAN_URL)
    timeline = response.context["plans"][0].timeline
    page = response.content.decode()
    earlier = fold_of(page, 'class="timeline-earlier"')
    assert f"{len(timeline) - 5} catatan sebelumnya" in earlier
    assert earlier.count("<li") == len(timeline) - 5
    assert "Kurasi Produk IKM 2017" not in earlier  # the latest entries stay in view
    assert "Kurasi Produk IKM 2017" in page


def test_a_short_timeline_is_not_folded(client_for, producer, siti, scored_2017):
    page = client_for(producer).get(PLAN_URL).content.decode()
    assert "timeline-earlier" not in page
