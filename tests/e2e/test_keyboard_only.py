"""Issue 18 item 3: the two main flows with the keyboard alone (Tab, Shift+Tab, Enter, Space,
arrow keys and typing; never a click), each focused control showing where the focus is.

A producer registers from the call's page to a submitted application; a curator opens her queue
and scores a product. A file input opens the system's file dialog with Space, as a keyboard user
would; the test answers the dialog.
"""

import pytest
from PIL import Image
from playwright.sync_api import expect

from kurasi.curation.models import Assessment
from kurasi.programmes.models import Application, ApplicationStatus

from ..factories import PASSWORD
from .conftest import log_in
from .test_curator_queue import set_up_day
from .test_registration import VILLAGE, call  # noqa: F401 (the call fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The focused element, and whether it shows a focus ring (an outline or Pico's box shadow).
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {
    describe: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.name ? '[name=' + el.name + ']' : ''),
    ring: outline || style.boxShadow !== 'none',
  };
}"""
MATCHES = "(selector) => document.activeElement.matches(selector)"


def tab_to(page, selector, *, backwards=False, limit=120):
    """Press Tab (Shift+Tab) until the focus is on `selector`; that control must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate(MATCHES, selector):
            focused = page.evaluate(FOCUSED)
            assert focused["ring"], f"{focused['describe']} has the focus but shows no ring"
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.type(text)


def press_and_wait(page, key="Enter"):
    """Press a key that leads to another page, and wait until that page has loaded."""
    with page.expect_navigation():
        page.keyboard.press(key)


def choose(page, selector, label):
    """Pick an option of a select by typing the start of its label (the select stays closed)."""
    tab_to(page, selector)
    page.keyboard.type(label)
    chosen = page.evaluate(
        "(s) => document.querySelector(s).selectedOptions[0].textContent.trim()", selector
    )
    assert chosen.startswith(label), f"{selector}: typed {label!r}, chose {chosen!r}"


def tick(page, selector):
    tab_to(page, selector)
    page.keyboard.press("Space")
    assert page.locator(selector).is_checked()


def test_producer_registers_with_the_keyboard_only(phone_page, call, tmp_path):  # noqa: F811
    photo = tmp_path / "keripik.jpg"
    Image.new("RGB", (320, 240), (210, 140, 60)).save(photo, "JPEG")
    page = phone_page
    page.goto(page.base_url + f"/register/{call.organisation.slug}/{call.slug}/")

    tab_to(page, "#sign-up-link")
    press_and_wait(page)
    type_into(page, "#id_full_name", "Sari Wulandari")
    type_into(page, "#id_phone", "0812-3456-7001")
    type_into(page, "#id_password1", "keripik-balado-renyah")
    type_into(page, "#id_password2", "keripik-balado-renyah")
    tick(page, "#id_consent")
    tab_to(page, "#sign-up-form button[type=submit]")
    press_and_wait(page)

    tab_to(page, "#new-business")
    press_and_wait(page)
    type_into(page, "#id_name", "Keripik Ibu Sari")
    choose(page, "#id_owner_gender", "Perempuan")
    type_into(page, "#id_address", "Jl. Ciater Raya 5")
    tab_to(page, "#id_village_code")
    village_label = page.evaluate(
        "(v) => document.querySelector(`#id_village_code option[value='${v}']`).textContent.trim()",
        VILLAGE,
    )
    page.keyboard.type(village_label)
    expect(page.locator("#id_village_code")).to_have_value(VILLAGE)
    tick(page, "#id_consent")
    tab_to(page, "#save-business")
    press_and_wait(page)

    choose(page, "#id_group", "Makanan")
    type_into(page, "#id_name", "Keripik Singkong Balado")
    type_into(page, "#id_price", "15000")
    tab_to(page, "#id_photo")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(photo))
    tab_to(page, "#add-product")
    press_and_wait(page)
    expect(page.locator("#entered-products")).to_contain_text("Keripik Singkong Balado")
    tab_to(page, "#next-step")
    press_and_wait(page)

    choose(page, "#id_type", "NIB")
    type_into(page, "#id_number", "9120001234567")
    tab_to(page, "#add-certificate")
    press_and_wait(page)
    expect(page.locator("#required-documents .held")).to_have_count(1)
    tab_to(page, "#next-step")
    press_and_wait(page)

    expect(page.locator("#review-applications")).to_contain_text("Keripik Singkong Balado")
    tab_to(page, "#submit-registration")
    press_and_wait(page)
    expect(page.locator('.application[data-status="submitted"]')).to_contain_text(
        "Keripik Singkong Balado"
    )
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.product.photos.count() == 1


def test_curator_scores_a_product_with_the_keyboard_only(phone_page):
    curator, order, criteria = set_up_day()
    page = phone_page
    log_in(page, curator.email, PASSWORD)
    page.goto(f"{page.base_url}/o/disperindag-tangsel/curate/")

    tab_to(page, "[data-queue] .queue-item")
    press_and_wait(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(order[0])
    for criterion in criteria:
        group = f"input[name='score_{criterion.key}']"
        values = page.evaluate(
            "(s) => [...document.querySelectorAll(s)].map((r) => r.value)", group
        )
        # Tab enters the group on its first level; Space picks it, an arrow key moves the pick.
        tab_to(page, group)
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        expect(page.locator(f"{group}:checked")).to_have_value(values[1])
        assert page.evaluate(FOCUSED)["ring"], f"{criterion.key}: the picked level shows no ring"
    tab_to(page, "button[value=submit]")
    # The draft button comes just before: one Shift+Tab back, one Tab forward again.
    tab_to(page, "button[value=draft]", backwards=True, limit=1)
    tab_to(page, "button[value=submit]", limit=1)
    press_and_wait(page)
    expect(page.get_by_role("status").first).to_have_text(
        f"Tersimpan. Produk berikutnya: {order[1]}"
    )
    assessment = Assessment.objects.get(curator=curator, status="submitted")
    assert assessment.application.product.name == order[0]
    assert {str(s.value) for s in assessment.scores.all()} == {values[1]}
