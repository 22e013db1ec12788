"""A small season with producers who have no account and no email, in the browser (issue 15's
first "done when").

A field officer imports five businesses from a spreadsheet (phones on WhatsApp, no email) and
enters their products into the open call, stating how the office holds their consent; the admin
verifies them all from the application list; the officer works through the WhatsApp list (each
message has its click-to-chat link and is marked sent). The curation's outcome is set with the
ORM (the curation day has browser tests of its own), the admin allocates three booths and
invites; the officer records answers given by phone and by WhatsApp (a decline invites the next
on the waiting list). Sari claims her business on her phone with the code the officer gave her
and confirms her place herself. The worker's schedule, run at chosen times, expires the
invitations nobody answered and gives their places to the waiting list, until every place is
confirmed, declined or released.
"""

import csv
import datetime as dt
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kurasi.accounts.models import Role, User
from kurasi.curation.decisions import create_default_bands
from kurasi.curation.models_decisions import Decision
from kurasi.exhibitions.models import Allocation, AllocationStatus, BoothType, Exhibition
from kurasi.lib.answers import Channel as AnswerChannel
from kurasi.outbox.models import Channel, Kind, Message, State
from kurasi.programmes.models import Application, ApplicationStatus
from kurasi.registry.models import Business

from ..factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ProductGroupFactory,
    ProgrammeFactory,
    UserFactory,
    certificate_type,
)
from .conftest import DESKTOP, PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

JAKARTA = ZoneInfo("Asia/Jakarta")
SHOTS = Path("/tmp/shots/season-e2e")  # noqa: S108 (looked at by people, not kept)
SARI_PASSWORD = "tas-pandan-pamulang-26"

# Business, owner, gender, phone, village in Pamulang, product, the curators' mean score.
PRODUCERS = (
    ("Anyaman Ani", "Ani Rahmawati", "P", "0812-3456-7001", "Pondok Benda", "Tas Eceng", 92),
    ("Rotan Budi", "Budi Santoso", "L", "0812-3456-7002", "Pamulang Barat", "Tas Rotan", 88),
    ("Mendong Dewi", "Dewi Lestari", "P", "0812-3456-7003", "Benda Baru", "Tas Mendong", 85),
    ("Pandan Sari", "Sari Wulandari", "P", "0812-3456-7004", "Kedaung", "Tas Pandan", 80),
    ("Purun Eko", "Eko Prasetyo", "L", "0812-3456-7005", "Bambu Apus", "Tas Purun", 75),
)
SCORES = {product: score for *_rest, product, score in PRODUCERS}


def new_person(browser, live_server, viewport):
    context = browser.new_context(
        viewport=viewport, locale="id-ID", is_mobile=viewport == PHONE, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    return page


def follow(page, action):
    """Run `action` (a click) and wait for the page it leads to."""
    with page.expect_navigation():
        action()


def notice(page):
    return page.locator(".notice-success")


def set_up_office():
    """The office, its admin and field officer, the bag group, the open call, the exhibition."""
    certificate_type("nib")  # transactional tests flush the shipped types
    office = OrganisationFactory(
        slug="disperindag-tangsel",
        region_code="36.74",
        name="Dinas Perindustrian dan Perdagangan Kota Tangerang Selatan",
    )
    admin = UserFactory(email="admin@tangsel.test", full_name="Rina Kusuma")
    MembershipFactory(user=admin, organisation=office, role=Role.ADMIN)
    officer = UserFactory(email="petugas@tangsel.test", full_name="Joko Susilo")
    MembershipFactory(user=officer, organisation=office, role=Role.FIELD_OFFICER)
    ProductGroupFactory(organisation=office, code="tas", name="Tas")
    programme = ProgrammeFactory(
        organisation=office, title="Kurasi Produk IKM Tangsel 2026", slug="kurasi-ikm-2026"
    )
    bands = create_default_bands(actor=admin, programme=programme)
    national = next(b for b in bands if b.target == "national")
    today = timezone.localdate()
    show = Exhibition.objects.create(
        organisation=office,
        programme=programme,
        name="Inacraft 2026",
        organiser="ASEPHI",
        level="national",
        venue="JICC Senayan",
        starts_on=today + dt.timedelta(days=40),
        ends_on=today + dt.timedelta(days=44),
        confirm_days=5,
    )
    show.admitted_bands.set([national])
    BoothType.objects.create(exhibition=show, label="Stan standar", count=3, size="3 × 3 m")
    return office, officer, programme, national, show


def spreadsheet(folder):
    """The office's sheet as a field officer keeps it: phones on WhatsApp, no email column."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Nama Usaha",
            "Nama Pemilik",
            "Jenis Kelamin",
            "No. HP",
            "WhatsApp",
            "Alamat",
            "Kecamatan",
            "Kelurahan",
            "Kelompok Produk",
            "Nama Produk",
            "Harga",
            "Satuan",
        ]
    )
    for number, (business, owner, gender, phone, village, product, _score) in enumerate(
        PRODUCERS, start=1
    ):
        writer.writerow(
            [
                business,
                owner,
                gender,
                phone,
                "ya",
                f"Jl. Raya Pamulang No. {number}",
                "Pamulang",
                village,
                "Tas",
                product,
                "150rb",
                "pcs",
            ]
        )
    path = folder / "ikm-pamulang.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def import_and_enrol(page, office, programme, sheet):
    """Upload → dry run → import; then the import's businesses into the call, with a consent
    basis, through the preview."""
    page.goto(page.base_url + reverse("registry_io:import", args=[office.slug]))
    page.get_by_label("Spreadsheet (.xlsx atau .csv)").set_input_files(sheet)
    follow(page, page.get_by_role("button", name="Periksa berkas").click)
    expect(page.locator("#dry-run-heading")).to_have_text(
        "Periksa sebelum mengimpor (belum ada yang disimpan)"
    )
    expect(page.locator("#count-new .value")).to_have_text("5")
    expect(page.locator("#totals")).to_contain_text("Akan membuat 5 usaha")
    assert not Business.objects.exists()
    follow(page, page.get_by_role("button", name="Impor sekarang").click)
    expect(page.locator("#job-done")).to_contain_text("Diimpor: 5 usaha baru")
    imported = Business.objects.filter(organisation=office)
    assert imported.count() == 5
    assert not imported.exclude(email="").exists()
    assert set(imported.values_list("phone_is_whatsapp", flat=True)) == {True}
    assert set(imported.values_list("district_code", flat=True)) == {"36.74.06"}

    follow(page, page.get_by_role("button", name="Daftarkan 5 usaha hasil impor ke program").click)
    expect(page.locator("#enrol-chosen")).to_contain_text("5 usaha yang ditulis oleh impor")
    # With one open call the preview shows at once, for consents already recorded: none is.
    expect(page.locator("#count-create .value")).to_have_text("0")
    expect(page.locator("#consent-missing")).to_be_visible()
    page.get_by_label(
        "Setiap pelaku usaha menyetujui langsung atau lewat telepon kepada petugas"
    ).check()
    page.get_by_label("Tempat bukti disimpan").fill(
        "Daftar hadir sosialisasi Pamulang, map IKM 2026"
    )
    follow(page, page.get_by_role("button", name="Periksa lagi dengan pilihan ini").click)
    expect(page.locator("#count-create .value")).to_have_text("5")
    expect(page.locator("#count-refused .value")).to_have_text("0")
    expect(page.locator("#count-consent .value")).to_have_text("5")
    expect(page.locator("#preview-table tbody tr")).to_have_count(5)
    assert not Application.objects.exists()  # a preview writes nothing
    follow(page, page.locator("#enrol-confirm").click)
    expect(page.locator("#result-entered .value")).to_have_text("5")
    expect(page.locator("#result-delivery")).to_have_text(
        "Pesan untuk pelaku usaha: 5 menunggu di daftar WhatsApp."
    )
    applications = Application.objects.filter(programme=programme)
    assert applications.count() == 5
    assert set(applications.values_list("status", flat=True)) == {ApplicationStatus.SUBMITTED}
    assert not imported.filter(consent_given_at__isnull=True).exists()


def bulk_verify(page, office, programme):
    page.goto(
        page.base_url + reverse("programmes:programme_detail", args=[office.slug, programme.slug])
    )
    expect(page.locator("#count-awaiting")).to_have_text("5")
    bar = page.locator("#bulk-verify")
    bar.get_by_label("Semua 5 pendaftaran yang cocok", exact=False).check()
    bar.get_by_label("Lengkap", exact=True).check()
    follow(page, bar.get_by_role("button", name="Terapkan pada pendaftaran yang dipilih").click)
    expect(notice(page)).to_contain_text("5 pendaftaran ditandai lengkap.")
    expect(notice(page)).to_contain_text("5 menunggu di daftar WhatsApp")
    expect(page.locator("#count-awaiting")).to_have_text("0")
    statuses = Application.objects.filter(programme=programme).values_list("status", flat=True)
    assert set(statuses) == {ApplicationStatus.VERIFIED}


def work_through_whatsapp_list(page, office, waiting, *, screenshot=None):
    """Open the WhatsApp list, check each message's click-to-chat link (not followed: no
    network) and mark it sent, oldest first, until the list is empty. Returns the names."""
    page.goto(page.base_url + reverse("outbox:whatsapp", args=[office.slug]))
    expect(page.locator("#worklist-heading")).to_have_text("Perlu dikirim lewat WhatsApp")
    expect(page.locator("#result-count")).to_have_text(f"{waiting} pesan menunggu")
    if screenshot:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / screenshot), full_page=True)
    sent = []
    for left in range(waiting, 0, -1):
        card = page.locator("#worklist li.outbox-card").first
        name = card.locator(".outbox-who a").inner_text()
        chat = card.get_by_role("button", name="Buka obrolan di WhatsApp")
        expect(chat).to_have_attribute(
            "href", re.compile(r"^https://wa\.me/628123456700\d\?text=.")
        )
        expect(chat).to_have_attribute("target", "_blank")
        follow(page, card.get_by_role("button", name="Tandai terkirim").click)
        expect(notice(page)).to_have_text(f"Ditandai terkirim lewat WhatsApp: {name}.")
        if left > 1:
            expect(page.locator("#result-count")).to_have_text(f"{left - 1} pesan menunggu")
        sent.append(name)
    expect(page.locator("#worklist-empty")).to_have_text("Tidak ada yang menunggu di sini.")
    return sent


def decide(programme, band):
    """The curation's outcome (scored elsewhere): every product in the national band."""
    for application in Application.objects.filter(programme=programme).select_related("product"):
        Decision.objects.create(
            application=application,
            band=band,
            score_snapshot={"mean": SCORES[application.product.name]},
            decided_at=timezone.now(),
        )


def allocation_of(show, product):
    return Allocation.objects.get(exhibition=show, application__product__name=product)


def row_of(page, show, product):
    return page.locator(f"#allocation-{allocation_of(show, product).pk}")


def allocate_and_invite(page, office, show):
    page.goto(page.base_url + reverse("exhibitions:detail", args=[office.slug, show.pk]))
    follow(page, page.get_by_role("button", name="Alokasikan").click)
    expect(notice(page)).to_contain_text("3 tempat")
    expect(page.locator("tr[data-status=proposed]")).to_have_count(3)
    expect(page.locator("tr[data-status=waitlisted]")).to_have_count(2)
    expect(row_of(page, show, "Tas Pandan")).to_contain_text("Daftar tunggu")
    follow(page, page.get_by_role("button", name="Undang 3 produsen").click)
    expect(notice(page)).to_have_text(
        "3 pelaku usaha diundang. Pesan untuk pelaku usaha: 3 menunggu di daftar WhatsApp."
    )
    expect(page.locator("tr[data-status=invited]")).to_have_count(3)
    invited = Allocation.objects.filter(exhibition=show, status=AllocationStatus.INVITED)
    assert sorted(invited.values_list("application__product__name", flat=True)) == [
        "Tas Eceng",
        "Tas Mendong",
        "Tas Rotan",
    ]


def record_answer(page, office, show, product, *, answer, who, channel, screenshot=None):
    """The officer records an answer given outside Kurasi, from the exhibition's page."""
    page.goto(page.base_url + reverse("exhibitions:detail", args=[office.slug, show.pk]))
    row = row_of(page, show, product)
    follow(page, row.get_by_role("button", name="Catat jawaban").click)
    form = page.locator("#record-answer-form")
    expect(page.get_by_role("heading", name="Catat jawaban")).to_be_visible()
    expect(page.locator(".answer-subject")).to_contain_text(product)
    form.get_by_label(answer, exact=True).check()
    form.get_by_label("Yang menjawab").fill(who)
    form.get_by_label(channel, exact=True).check()
    expect(form.get_by_label("Waktu menjawab (WIB)")).not_to_have_value("")
    if answer == "Menolak tempat":
        form.get_by_label(
            "Saya sudah menyampaikan bahwa bila menolak, tempat diberikan kepada urutan "
            "berikutnya di daftar tunggu."
        ).check()
    if screenshot:
        page.screenshot(path=str(SHOTS / screenshot), full_page=True)
    follow(page, form.get_by_role("button", name="Simpan jawaban").click)


def claim_code_for(page, office, business):
    """The officer makes Sari's claim code on the business page and reads it off (shown once)."""
    page.goto(page.base_url + reverse("registry:business_detail", args=[office.slug, business.pk]))
    panel = page.locator("#producer-account")
    follow(panel.page, panel.get_by_role("button", name="Beri pelaku usaha kode klaim").click)
    expect(page.locator("#code-heading")).to_have_text("Kode klaim untuk Pandan Sari")
    expect(page.locator("#whatsapp-link")).to_have_attribute(
        "href", re.compile(r"^https://wa\.me/6281234567004\?text=.")
    )
    code = page.locator("#claim-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code), code
    return code


def sari_claims_and_confirms(page, code, show):
    """On her phone: sign up with the business's phone number, type the code, then answer the
    invitation in "My exhibitions"."""
    claim = reverse("accounts:claim")
    page.goto(page.base_url + reverse("registration:sign_up") + f"?next={claim}")
    page.fill("#id_full_name", "Sari Wulandari")
    page.fill("#id_phone", "0812-3456-7004")
    page.fill("#id_password1", SARI_PASSWORD)
    page.fill("#id_password2", SARI_PASSWORD)
    page.check("#id_consent")
    follow(page, page.locator("#sign-up-form button[type=submit]").click)
    expect(page.get_by_role("heading", name="Klaim usaha saya")).to_be_visible()
    expect(page.locator(".notice-info")).to_contain_text(
        "Dinas telah mendaftarkan sebuah usaha dengan nomor HP ini."
    )
    sari = User.objects.get(phone="+6281234567004")
    assert not sari.email
    business = Business.objects.get(name="Pandan Sari")
    assert business.owner is None  # signing up with the phone links nothing by itself
    page.get_by_label("Kode klaim").fill(code)
    follow(page, page.locator("#claim-form").get_by_role("button", name="Klaim usaha saya").click)
    expect(notice(page)).to_contain_text("Pandan Sari sekarang tertaut ke akun Anda.")
    business.refresh_from_db()
    assert business.owner == sari

    page.goto(page.base_url + reverse("exhibitions:my_exhibitions"))
    card = page.locator("article.exh-card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Inacraft 2026")
    expect(card).to_contain_text("Tas Pandan")
    expect(card).to_contain_text("Diundang")
    follow(page, card.get_by_role("button", name="Konfirmasi tempat saya").click)
    expect(notice(page)).to_have_text("Terima kasih: tempat Anda sudah dikonfirmasi.")
    expect(page.locator("article.exh-card")).to_have_attribute("data-status", "confirmed")
    place = allocation_of(show, "Tas Pandan")
    assert place.status == AllocationStatus.CONFIRMED
    assert place.answer_channel == AnswerChannel.KURASI
    return sari


def run_worker(at):
    """The worker's schedule, once, at `at` (Jakarta time): what a running worker does then."""
    out = io.StringIO()
    call_command("worker", "--once", "--now", at.isoformat(), stdout=out)
    report = out.getvalue()
    assert "FAILED" not in report, report
    line = next(row for row in report.splitlines() if row.startswith("exhibition-invitations"))
    return line


def jakarta_morning(day):
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=JAKARTA)


def test_a_season_reaches_producers_without_accounts_or_email(
    browser, live_server, desktop_page, phone_page, tmp_path, settings
):
    settings.SITE_URL = live_server.url
    office, officer, programme, national, show = set_up_office()

    # 1-2. The field officer, at her desk, imports the sheet and enters the products.
    desk = new_person(browser, live_server, DESKTOP)
    try:
        log_in(desk, officer.email, PASSWORD)
        import_and_enrol(desk, office, programme, spreadsheet(tmp_path))
    finally:
        desk.context.close()
    received = Message.objects.filter(kind=Kind.REGISTRATION_RECEIVED)
    assert received.count() == 5
    assert set(received.values_list("state", flat=True)) == {State.WHATSAPP_WAITING}

    # 3. The admin verifies the five applications at once.
    admin = desktop_page
    log_in(admin, "admin@tangsel.test", PASSWORD)
    bulk_verify(admin, office, programme)
    assert Message.objects.filter(kind=Kind.VERIFICATION_RESULT).count() == 5

    # 4. The officer, on her phone, sends the ten messages from the WhatsApp list.
    officer_page = phone_page
    log_in(officer_page, officer.email, PASSWORD)
    sent = work_through_whatsapp_list(officer_page, office, 10, screenshot="worklist-360.png")
    assert sorted(set(sent)) == sorted(p[0] for p in PRODUCERS)
    officer_page.goto(officer_page.base_url + reverse("outbox:list", args=[office.slug]))
    cards = officer_page.locator("#messages li.outbox-card")
    expect(cards).to_have_count(10)
    for index in range(10):
        expect(cards.nth(index).locator(".outbox-state")).to_have_text("Terkirim lewat WhatsApp")
        expect(cards.nth(index).locator(".outbox-handled")).to_contain_text("Joko Susilo")
    expect(officer_page.locator("#state-counts a[href='?state=emailed'] .value")).to_have_text("0")
    expect(
        officer_page.locator("#state-counts a[href='?state=whatsapp_sent'] .value")
    ).to_have_text("10")
    expect(officer_page.locator("#tab-whatsapp .count-badge")).to_have_text("0")
    assert Message.objects.filter(state=State.WHATSAPP_SENT, handled_by=officer).count() == 10

    # 5. The outcome is decided; the admin allocates three booths and invites.
    decide(programme, national)
    allocate_and_invite(admin, office, show)

    # 6. The officer sends the invitations, then records the answers she hears back.
    work_through_whatsapp_list(officer_page, office, 3)
    record_answer(
        officer_page,
        office,
        show,
        "Tas Eceng",
        answer="Mengonfirmasi tempat",
        who="Ibu Ani, pemilik",
        channel="Telepon",
        screenshot="record-answer-360.png",
    )
    expect(notice(officer_page)).to_have_text(
        "Anyaman Ani mengonfirmasi tempat; jawaban sudah dicatat."
    )
    expect(row_of(officer_page, show, "Tas Eceng")).to_contain_text("Ibu Ani, pemilik · Telepon")
    expect(row_of(officer_page, show, "Tas Eceng")).to_contain_text("dicatat oleh Joko Susilo")
    record_answer(
        officer_page,
        office,
        show,
        "Tas Rotan",
        answer="Menolak tempat",
        who="Pak Budi, pemilik",
        channel="WhatsApp",
    )
    expect(notice(officer_page)).to_have_text(
        "Rotan Budi menolak; tempat diberikan kepada urutan berikutnya di daftar tunggu."
    )
    # Sari, first on the waiting list, has the freed place and an invitation of her own.
    expect(row_of(officer_page, show, "Tas Pandan")).to_have_attribute("data-status", "invited")
    assert allocation_of(show, "Tas Eceng").status == AllocationStatus.CONFIRMED
    assert allocation_of(show, "Tas Eceng").answer_channel == AnswerChannel.PHONE
    budi = allocation_of(show, "Tas Rotan")
    assert (budi.status, budi.answer_channel) == (AllocationStatus.DECLINED, AnswerChannel.WHATSAPP)
    sari_place = allocation_of(show, "Tas Pandan")
    assert (sari_place.status, sari_place.reason) == (AllocationStatus.INVITED, "refilled")
    invitation = Message.objects.get(kind=Kind.EXHIBITION_INVITATION, business=sari_place.business)
    assert invitation.channel == Channel.WHATSAPP
    # Sari has no account yet: her invitation waits in the WhatsApp list, and the officer sends it.
    assert work_through_whatsapp_list(officer_page, office, 1) == ["Pandan Sari"]
    invitation.refresh_from_db()
    assert (invitation.state, invitation.handled_by) == (State.WHATSAPP_SENT, officer)

    # 7. Sari claims her business on her phone and answers the invitation herself.
    code = claim_code_for(officer_page, office, sari_place.business)
    sari_page = new_person(browser, live_server, PHONE)
    try:
        sari = sari_claims_and_confirms(sari_page, code, show)
    finally:
        sari_page.context.close()
    assert not sari.memberships.exists()

    # 8. Nobody answers Dewi's invitation. The day after her deadline the worker expires it
    # and invites Eko, next on the waiting list; nobody answers his either.
    dewi = allocation_of(show, "Tas Mendong")
    assert dewi.status == AllocationStatus.INVITED
    first_run = jakarta_morning(
        timezone.localtime(dewi.deadline, JAKARTA).date() + dt.timedelta(days=1)
    )
    assert run_worker(first_run).endswith("done [1, 1]")
    dewi.refresh_from_db()
    eko = allocation_of(show, "Tas Purun")
    assert dewi.status == AllocationStatus.EXPIRED
    assert (eko.status, eko.reason) == (AllocationStatus.INVITED, "refilled")
    assert eko.deadline > first_run
    admin.reload()
    expect(row_of(admin, show, "Tas Mendong")).to_contain_text("Tidak dikonfirmasi tepat waktu")
    expect(row_of(admin, show, "Tas Purun")).to_contain_text("Diundang")

    second_run = jakarta_morning(
        timezone.localtime(eko.deadline, JAKARTA).date() + dt.timedelta(days=1)
    )
    assert run_worker(second_run).endswith("done [1, 0]")  # the waiting list is empty

    # The end: every place confirmed, declined or released; none left invited.
    statuses = dict(
        Allocation.objects.filter(exhibition=show).values_list(
            "application__product__name", "status"
        )
    )
    assert statuses == {
        "Tas Eceng": AllocationStatus.CONFIRMED,
        "Tas Rotan": AllocationStatus.DECLINED,
        "Tas Mendong": AllocationStatus.EXPIRED,
        "Tas Pandan": AllocationStatus.CONFIRMED,
        "Tas Purun": AllocationStatus.EXPIRED,
    }
    assert not Allocation.objects.filter(
        status=AllocationStatus.INVITED, deadline__lt=second_run
    ).exists()
    held = Allocation.objects.filter(exhibition=show, booth_type__isnull=False)
    assert set(held.values_list("status", flat=True)) == {AllocationStatus.CONFIRMED}
    admin.reload()
    expect(admin.locator("tr[data-status=invited]")).to_have_count(0)
    expect(admin.locator("tr[data-status=confirmed]")).to_have_count(2)
    expect(row_of(admin, show, "Tas Pandan")).to_contain_text("Dikonfirmasi")
    expect(row_of(admin, show, "Tas Pandan")).to_contain_text("di Kurasi")
    expect(row_of(admin, show, "Tas Rotan")).to_contain_text("Ditolak")
    expect(row_of(admin, show, "Tas Purun")).to_contain_text("Tidak dikonfirmasi tepat waktu")

    # No message to these producers went, or claims to have gone, by email.
    assert not Message.objects.filter(channel=Channel.EMAIL).exists()
    assert not Message.objects.filter(state__in=[State.EMAILED, State.EMAIL_QUEUED]).exists()
