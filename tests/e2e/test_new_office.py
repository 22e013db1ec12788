"""A new office on an empty install, set up through the pages only (issue 14).

The platform operator creates the office; its first admin accepts the invitation, sets up
two-step login from the key the page shows, invites a field officer and two curators (each
accepts with their own browser), adds the office's product groups, sets the curators' groups,
opens a call and runs automatic assignment. Only the producers' registrations are made with
factories: their own flow has browser tests of its own (test_registration.py).
"""

import base64
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from playwright.sync_api import expect

from kurasi.accounts.models import Membership, Organisation, Role, User
from kurasi.curation.models import Assignment
from kurasi.programmes.models import ApplicationStatus, Programme

from ..factories import ApplicationFactory, BusinessFactory, ProductFactory
from .conftest import DESKTOP, PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OPERATOR_PASSWORD = "Operator-Platform-2026"
PASSWORDS = {
    "admin": "Kepala-Seksi-IKM-71",
    "officer": "Petugas-Lapangan-71",
    "curator1": "Kurator-Busana-7101",
    "curator2": "Kurator-Kuliner-7102",
}


def new_person(browser, live_server, viewport=PHONE):
    context = browser.new_context(viewport=viewport, locale="id-ID")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    return page


def follow(page, action):
    """Run `action` (a click) and wait for the page it leads to."""
    with page.expect_navigation():
        action()


def code_from_setup_key(page):
    """What the authenticator app shows for the key typed from the set-up page."""
    typed = page.locator("#setup-key").inner_text().replace(" ", "")
    key = base64.b32decode(typed + "=" * (-len(typed) % 8))
    return f"{totp(key):06d}"


def accept_as_new_person(page, link, full_name, password):
    page.goto(link)
    page.locator("#id_full_name").fill(full_name)
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    follow(page, page.locator("#accept-invitation").click)


def invite(page, slug, email, full_name, role_label):
    page.goto(page.base_url + reverse("accounts:staff_invite", args=[slug]))
    page.locator("#id_email").fill(email)
    page.locator("#id_full_name").fill(full_name)
    page.get_by_label(role_label, exact=True).check()
    follow(page, page.get_by_role("button", name="Kirim undangan").click)
    expect(page.locator("#mail-status")).to_be_visible()
    return page.locator("#invitation-url").input_value()


def operator_creates_the_office(page):
    page.goto(page.base_url + reverse("operator:office_new"))
    page.locator("#id_name").fill("Dinas Perindustrian dan Perdagangan Kota Tangerang")
    page.locator("#id_region_code").fill("36.71")
    page.locator("#id_admin_email").fill("kepala.ikm@tangerangkota.test")
    page.locator("#id_admin_name").fill("Dewi Lestari")
    follow(page, page.locator("#create-office").click)
    expect(page.locator("#mail-status")).to_be_visible()
    return page.locator("#invitation-url").input_value()


def admin_accepts_with_two_step_login(page, link):
    accept_as_new_person(page, link, "Dewi Lestari", PASSWORDS["admin"])
    # The role waits for two-step login.
    organisation = Organisation.objects.get()
    assert not Membership.objects.filter(organisation=organisation).exists()
    follow(page, page.locator("#set-up-two-factor").click)
    page.locator("#id_code").fill(code_from_setup_key(page))
    page.locator("#id_password").fill(PASSWORDS["admin"])
    follow(page, page.get_by_role("button", name="Aktifkan login dua langkah").click)
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    follow(page, page.get_by_role("button", name="Sudah saya simpan: lanjutkan").click)
    follow(page, page.locator("#finish-invitation").click)
    assert Membership.objects.get(organisation=organisation).role == Role.ADMIN


def add_product_group(page, slug, name, code, food):
    page.goto(page.base_url + reverse("registry:product_group_add", args=[slug]))
    page.locator("#id_name").fill(name)
    page.locator("#id_code").fill(code)
    if food:
        page.locator("#id_is_food").check()
    follow(page, page.get_by_role("button", name="Simpan").click)


def choose_rubrics(page, slug, programme):
    """Copy the two preset rubrics, then follow the guard's link and give each group its own."""
    assignments = page.base_url + reverse("curation:assignments", args=[slug, programme.pk])
    page.goto(page.base_url + reverse("curation:rubric_list", args=[slug]))
    for preset in ("food", "non_food"):
        follow(page, page.locator(f"button[name=preset][value={preset}]").click)
        page.goto(page.base_url + reverse("curation:rubric_list", args=[slug]))
    page.goto(assignments)
    follow(page, page.locator("#choose-rubrics").click)
    for label, kind in (("Busana", "Non"), ("Makanan", "Mak")):
        select = page.get_by_label(label, exact=True)
        option = select.locator("option", has_text=kind).first.get_attribute("value")
        select.select_option(option)
    follow(page, page.get_by_role("button", name="Simpan").click)
    page.goto(assignments)


def open_a_call(page, slug):
    today = timezone.localdate()
    page.goto(page.base_url + reverse("programmes:programme_create", args=[slug]))
    page.locator("#id_title").fill(f"Kurasi Produk IKM Kota Tangerang {today.year}")
    page.locator("#id_slug").fill("kurasi-perdana")
    page.locator("#id_year").fill(str(today.year))
    page.locator("#id_status").select_option("open")
    page.get_by_label("Busana").check()
    page.get_by_label("Makanan").check()
    opens = today - dt.timedelta(days=3)
    closes = today + dt.timedelta(days=30)
    page.locator("#id_registration_opens_at").fill(f"{opens:%Y-%m-%d}T08:00")
    page.locator("#id_registration_closes_at").fill(f"{closes:%Y-%m-%d}T16:00")
    follow(page, page.get_by_role("button", name="Simpan").click)
    return Programme.objects.get(slug="kurasi-perdana")


def producers_registered_and_verified(programme):
    """Two producers' products in each of the call's groups, verified (their own registration
    has browser tests of its own)."""
    for group in programme.product_groups.order_by("code"):
        for number in (1, 2):
            business = BusinessFactory(
                organisation=programme.organisation,
                district_code="36.71.01",
                village_code="36.71.01.1001",
            )
            product = ProductFactory(business=business, group=group, name=f"{group.name} {number}")
            ApplicationFactory(
                programme=programme, product=product, status=ApplicationStatus.VERIFIED
            )


def test_a_new_office_sets_itself_up_from_an_empty_install(browser, live_server, settings):
    settings.SITE_URL = live_server.url  # what `make run` does: links lead to the served address
    assert not Organisation.objects.exists()
    User.objects.create_superuser(
        "operator@kurasi.test", OPERATOR_PASSWORD, full_name="Operator Platform"
    )
    operator = new_person(browser, live_server, DESKTOP)
    log_in(operator, "operator@kurasi.test", OPERATOR_PASSWORD)
    admin_link = operator_creates_the_office(operator)
    organisation = Organisation.objects.get()
    slug = organisation.slug

    admin = new_person(browser, live_server)
    admin_accepts_with_two_step_login(admin, admin_link)

    team = [
        ("petugas@tangerangkota.test", "Agus Priyanto", "Petugas lapangan", "officer"),
        ("kurator1@tangerangkota.test", "Ratna Sari", "Kurator", "curator1"),
        ("kurator2@tangerangkota.test", "Hendra Wijaya", "Kurator", "curator2"),
    ]
    for email, name, role_label, key in team:
        link = invite(admin, slug, email, name, role_label)
        person = new_person(browser, live_server)
        accept_as_new_person(person, link, name, PASSWORDS[key])
        person.context.close()
    roles = dict(
        Membership.objects.filter(organisation=organisation).values_list("user__email", "role")
    )
    assert roles == {
        "kepala.ikm@tangerangkota.test": Role.ADMIN,
        "petugas@tangerangkota.test": Role.FIELD_OFFICER,
        "kurator1@tangerangkota.test": Role.CURATOR,
        "kurator2@tangerangkota.test": Role.CURATOR,
    }

    add_product_group(admin, slug, "Busana", "busana", food=False)
    add_product_group(admin, slug, "Makanan", "makanan", food=True)
    admin.goto(admin.base_url + reverse("curation:curator_groups", args=[slug]))
    for fieldset in admin.locator("fieldset.curator-row").all():
        for box in fieldset.get_by_role("checkbox").all():
            box.check()
    follow(admin, admin.locator("#save-groups").click)
    expect(admin.locator(".curator-note")).to_have_count(0)

    programme = open_a_call(admin, slug)
    producers_registered_and_verified(programme)
    admin.goto(admin.base_url + reverse("curation:assignments", args=[slug, programme.pk]))
    follow(admin, admin.locator("#assign-auto").click)
    # No rubric chosen yet: assignment does not start and names both groups (issue 17).
    expect(admin.locator("#groups-without-rubric li")).to_have_text(["Busana", "Makanan"])
    assert not Assignment.objects.filter(application__programme=programme).exists()
    choose_rubrics(admin, slug, programme)
    follow(admin, admin.locator("#assign-auto").click)
    # Four products, two curators each: every product gets both curators.
    assert Assignment.objects.filter(application__programme=programme).count() == 8
    assert admin.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
