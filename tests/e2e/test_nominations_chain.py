"""Nominations up the chain in the browser (issue 20): the province opens a call for nominations
on its exhibition; Tangsel and Kota Tangerang nominate from their own curation on a phone (one
producer without consent is held back, with the reason; Kota Tangerang's quota refuses a second
nominee); the province reads both offices side by side, lowers Tangsel's places to 1, allocates
across the offices within each one's quota (Tangsel's second nominee waits, the quota given as
the reason) and invites through them; Tangsel records its producer's answer; the province's
figures add up both offices.

Set KURASI_SHOTS to a folder to keep what the browser showed at each step.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kurasi.exhibitions.models import Allocation, AllocationStatus
from kurasi.nominations.models import CallOffice, CallStatus, ConsentState, NominationCall

from ..factories import PASSWORD
from ..nominations import conftest as chain
from .conftest import DESKTOP, PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The chain of offices of the nominations tests: the province with its admin, groups and
# exhibition (Banten Trade Expo, 12 booths); Tangsel and Kota Tangerang below it, each with a
# decided programme (tests/nominations/conftest.py says which products pass).
province = chain.province
province_admin = chain.province_admin
province_groups = chain.province_groups
banten_expo = chain.banten_expo
tangsel = chain.tangsel
tangerang = chain.tangerang

SHOTS = os.environ.get("KURASI_SHOTS")

TANGSEL = "Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan"
KOTA_TANGERANG = "Disperindag Kota Tangerang"
HELD_BACK = "Produsen belum setuju datanya dibagikan kepada penyelenggara."


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-{page.viewport_size['width']}.png", full_page=True)


def new_page(browser, live_server, viewport):
    phone = viewport == PHONE
    context = browser.new_context(
        viewport=viewport, locale="id-ID", is_mobile=phone, has_touch=phone
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    return page


def open_call(page, deadline):
    """The province's admin writes the call on its exhibition and opens it to the offices."""
    page.locator("#nominations-calls-link").click()
    page.locator("#new-call").click()
    page.get_by_label("Pameran").select_option(label="Banten Trade Expo")
    page.get_by_label("Judul").fill("Nominasi Banten Trade Expo")
    page.get_by_label("Yang Anda minta dari kantor-kantor").fill(
        "Produk terbaik hasil kurasi lima tahun terakhir."
    )
    page.get_by_label("Usulan ditutup (WIB)").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lolos kurasi dalam (tahun)").fill("5")
    page.get_by_label("Tas", exact=True).check()
    page.get_by_label("Makanan", exact=True).check()
    page.locator("input[name=food_certificate_codes][value=halal]").check()
    # Both offices below are asked by default; small quotas, so they bind.
    for office, quota in ((TANGSEL, "3"), (KOTA_TANGERANG, "1")):
        row = page.locator(".nom-office-row", has_text=office)
        expect(row.get_by_role("checkbox")).to_be_checked()
        row.get_by_label("Paling banyak").fill(quota)
    shot(page, "1-call-form")
    page.locator("#save-call").click()
    expect(page.locator(".notice-success")).to_contain_text("disimpan sebagai draf")
    page.locator("#open-call").click()
    expect(page.locator(".notice-success")).to_contain_text("Panggilan dibuka")
    shot(page, "1-call-open")


def record_consent(page, product):
    """The office records the producer's yes to sharing, said on the phone."""
    page.locator("article.nom-nominee", has_text=product).get_by_role(
        "button", name="Catat jawabannya"
    ).click()
    page.get_by_label("Setuju dibagikan").check()
    page.get_by_label("Yang menjawab").fill("Ibu Sari, pemilik")
    page.locator("input[name=channel][value=phone]").check()
    page.locator("#save-consent").click()
    expect(page.locator(".notice-success")).to_contain_text("Jawaban produsen sudah dicatat.")


def open_the_call_from_the_dashboard(page):
    page.locator(".nom-dashboard").get_by_role("link", name="Nominasi Banten Trade Expo").click()
    expect(page.get_by_role("heading", name="Nominasi Banten Trade Expo")).to_be_visible()


def tangsel_nominates(page):
    """Three eligible products (all ticked: the quota is 3); two producers agree on the phone,
    the third is not reached and is held back on submit."""
    open_the_call_from_the_dashboard(page)
    candidates = page.locator("#nominate-form .nom-candidate")
    expect(candidates).to_have_count(3)
    # Sambal Roa passed but holds no halal: the criteria pre-check keep it out, with the reason.
    expect(page.locator("#ineligible")).to_contain_text("Sambal Roa")
    for product in ("Tas Anyaman Pandan", "Tas Batik", "Keripik Tempe"):
        expect(candidates.filter(has_text=product).get_by_role("checkbox")).to_be_checked()
    page.locator("#nominate").click()
    expect(page.locator(".notice-success")).to_contain_text("3 produk diusulkan")
    record_consent(page, "Tas Anyaman Pandan")
    record_consent(page, "Tas Batik")
    shot(page, "2-tangsel-nominees")
    page.get_by_label("Surat pengantar untuk penyelenggara").fill(
        "Dua produk terbaik kami; satu lagi menyusul bila produsennya setuju."
    )
    expect(page.get_by_label("Bagikan nilai dan hasil")).to_be_checked()  # shared by default
    page.locator("#submit-list").click()
    notice = page.locator(".notice-success")
    expect(notice).to_contain_text("Daftar dikirim ke penyelenggara: 2 usulan.")
    expect(notice).to_contain_text(
        "1 ditahan: produsen belum setuju datanya dibagikan kepada penyelenggara."
    )
    held = page.locator("#list-held-back")
    expect(held).to_contain_text("Keripik Tempe")
    expect(held).to_contain_text(HELD_BACK)
    expect(page.locator("#list-sent li")).to_have_count(2)
    shot(page, "2-tangsel-sent")


def tangerang_nominates(page):
    """A quota of 1: two ticked are refused; the bag alone goes, its producer agreeing."""
    open_the_call_from_the_dashboard(page)
    candidates = page.locator("#nominate-form .nom-candidate")
    expect(candidates.locator("input[type=checkbox]:checked")).to_have_count(1)
    bag = candidates.filter(has_text="Tas Anyaman Pandan")
    bag.get_by_role("checkbox").check()
    page.locator("#nominate").click()
    expect(page.locator(".notice-error", has_text="Kuotanya 1 usulan")).to_be_visible()
    # The wood carving fits none of the province's groups: the office sends its bag instead.
    candidates.filter(has_text="Nampan Ukir").get_by_role("checkbox").uncheck()
    bag.get_by_role("checkbox").check()
    page.locator("#nominate").click()
    expect(page.locator(".notice-success")).to_contain_text("1 produk diusulkan")
    record_consent(page, "Tas Anyaman Pandan")
    page.get_by_label("Surat pengantar untuk penyelenggara").fill("Satu usulan sesuai kuota.")
    page.get_by_label("Bagikan nilai dan hasil").uncheck()  # its scores stay its own
    page.locator("#submit-list").click()
    expect(page.locator(".notice-success")).to_contain_text(
        "Daftar dikirim ke penyelenggara: 1 usulan."
    )
    shot(page, "2-tangerang-sent")


def lower_quota(page, office, quota):
    """The province changes an office's places on its call, then returns to the nominees."""
    page.get_by_role("link", name="Dasbor").click()
    page.locator("#nominations-calls-link").click()
    page.get_by_role("link", name="Nominasi Banten Trade Expo").click()
    page.locator(".nom-office-row", has_text=office).get_by_label("Paling banyak").fill(quota)
    page.locator("#save-call").click()
    expect(page.locator(".notice-success")).to_contain_text("Panggilan disimpan.")
    page.get_by_role("link", name="Panggilan usulan Anda").click()
    page.get_by_role("link", name="Dinas dan usulannya").click()


def nominee_rows(page, office, status=None):
    rows = page.locator("#nominees tbody tr").filter(has_text=office)
    return rows.filter(has=page.locator(f".exh-{status}")) if status else rows


def places_of(exhibition, office, status):
    return Allocation.objects.filter(
        exhibition=exhibition, business__organisation=office, status=status
    ).count()


def test_a_province_calls_two_offices_allocates_and_counts_them(
    browser, live_server, province, province_admin, banten_expo, tangsel, tangerang
):
    # 1. The province opens its call (desktop).
    desk = new_page(browser, live_server, DESKTOP)
    log_in(desk, "admin@banten.test", PASSWORD)
    open_call(desk, timezone.localtime() + dt.timedelta(days=14))
    call = NominationCall.objects.get(exhibition=banten_expo)
    assert call.status == CallStatus.OPEN
    quotas = dict(CallOffice.objects.filter(call=call).values_list("office__slug", "quota"))
    assert quotas == {tangsel.office.slug: 3, tangerang.office.slug: 1}

    # 2. The two offices nominate on their phones.
    tangsel_phone = new_page(browser, live_server, PHONE)
    log_in(tangsel_phone, "admin@tangsel.test", PASSWORD)
    tangsel_nominates(tangsel_phone)
    tangerang_phone = new_page(browser, live_server, PHONE)
    log_in(tangerang_phone, "admin@tangerang.test", PASSWORD)
    tangerang_nominates(tangerang_phone)
    tangerang_phone.context.close()
    held = call.offices.get(office=tangsel.office).nominations.get(
        application=tangsel.app("food_halal")
    )
    assert held.consent == ConsentState.MISSING
    assert not held.shared

    # 3. The province reads both offices side by side, allocates and invites.
    desk.get_by_role("link", name="Panggilan usulan Anda").click()
    desk.get_by_role("link", name="Dinas dan usulannya").click()
    offices = desk.locator("#offices tbody tr")
    expect(offices).to_have_count(2)
    tangsel_row, tangerang_row = (
        offices.filter(has_text=TANGSEL),
        offices.filter(has_text=KOTA_TANGERANG),
    )
    expect(tangsel_row.locator("td").nth(3)).to_have_text("2")  # shared
    expect(tangsel_row.locator("td").nth(4)).to_have_text("1")  # held back
    expect(tangsel_row).to_contain_text("satu lagi menyusul")
    expect(tangerang_row.locator("td").nth(3)).to_have_text("1")
    expect(nominee_rows(desk, TANGSEL)).to_have_count(2)
    expect(nominee_rows(desk, KOTA_TANGERANG)).to_have_count(1)
    # The held-back producer never reaches the province, nor does anyone not nominated.
    expect(desk.locator("#nominees")).not_to_contain_text("Keripik Tempe")
    expect(desk.locator("#nominees")).not_to_contain_text("Nampan Ukir")
    # Tangsel shares its scores; Kota Tangerang does not.
    expect(nominee_rows(desk, KOTA_TANGERANG)).to_contain_text("tidak dibagikan")
    shot(desk, "3-organiser-lists")

    # Fewer booths than hoped: the province lowers Tangsel's places to 1 before allocating.
    lower_quota(desk, TANGSEL, "1")
    desk.locator("#allocate").click()
    expect(desk.locator(".notice-success")).to_contain_text("2 tempat")
    desk.locator("#nominations-link").click()
    # Each office's places within its quota: Tangsel 1 (its best; the other waits, the quota
    # said as the reason), Kota Tangerang 1.
    expect(nominee_rows(desk, TANGSEL, "proposed")).to_have_count(1)
    expect(nominee_rows(desk, TANGSEL, "proposed")).to_contain_text("Tas Anyaman Pandan")
    waiting = nominee_rows(desk, TANGSEL, "waitlisted")
    expect(waiting).to_contain_text("Tas Batik")
    expect(waiting).to_contain_text("kuota dinas pengusul sebanyak 1 tempat sudah tercapai")
    expect(nominee_rows(desk, KOTA_TANGERANG, "proposed")).to_have_count(1)
    assert places_of(banten_expo, tangsel.office, AllocationStatus.PROPOSED) == 1
    assert places_of(banten_expo, tangsel.office, AllocationStatus.WAITLISTED) == 1
    assert places_of(banten_expo, tangerang.office, AllocationStatus.PROPOSED) == 1
    shot(desk, "3-organiser-allocated")
    desk.locator("#invite").click()
    expect(desk.locator(".notice-success")).to_contain_text("2 pelaku usaha diundang.")
    desk.locator("#nominations-link").click()
    expect(nominee_rows(desk, TANGSEL, "invited")).to_have_count(1)
    expect(nominee_rows(desk, KOTA_TANGERANG, "invited")).to_have_count(1)
    shot(desk, "3-organiser-invited")

    # 4. Tangsel records its bag maker's answer, given on the phone.
    page = tangsel_phone
    page.locator("#places-link a").click()
    place = page.locator("#places tbody tr", has_text="Tas Anyaman Pandan")
    expect(place).to_have_attribute("data-status", "invited")
    place.get_by_role("button", name="Catat jawaban").click()
    page.get_by_label("Mengonfirmasi tempat").check()
    page.get_by_label("Yang menjawab").fill("Ibu Sari, pemilik")
    page.locator("input[name=channel][value=phone]").check()
    page.locator("#save-answer").click()
    expect(page.locator(".notice-success")).to_contain_text("mengonfirmasi tempat")
    expect(place).to_have_attribute("data-status", "confirmed")
    shot(page, "4-tangsel-answer")
    page.context.close()

    desk.reload()
    confirmed = nominee_rows(desk, TANGSEL, "confirmed")
    expect(confirmed).to_have_count(1)
    expect(confirmed).to_contain_text("Tas Anyaman Pandan")
    expect(confirmed).to_contain_text("Ibu Sari, pemilik")
    expect(confirmed).to_contain_text("Telepon")
    # Her contacts show now that her place is confirmed; the others' do not.
    expect(desk.locator(".nom-contacts")).to_have_count(1)
    shot(desk, "4-organiser-confirmed")
    bag = Allocation.objects.get(exhibition=banten_expo, application=tangsel.app("bag"))
    assert bag.status == AllocationStatus.CONFIRMED
    assert bag.answered_by == "Ibu Sari, pemilik"

    # 5. The province's figures include both offices, adding up in the combined row.
    desk.goto(live_server.url + "/dashboard/")
    desk.get_by_role("link", name="Angka kantor di bawah").click()
    table = desk.locator("#offices-below-table")

    def counts(row):
        """(registered, curated) of a row of the table."""
        cells = row.locator("td")
        return int(cells.nth(1).inner_text()), int(cells.nth(2).inner_text())

    below = []
    for name in (TANGSEL, KOTA_TANGERANG):
        row = table.locator("tbody tr").filter(has_text=name)
        expect(row).to_have_count(1)
        below.append(counts(row))
    assert below == [(8, 6), (9, 7)]  # each office's own programme, as its fixture made it
    own = counts(table.locator("tbody tr").first)
    total = table.locator("tfoot tr")
    expect(total).to_contain_text("Semua kantor")
    assert counts(total) == tuple(map(sum, zip(own, *below, strict=True)))
    table.scroll_into_view_if_needed()
    shot(desk, "5-province-figures")
    desk.context.close()
