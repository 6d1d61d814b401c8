"""In the browser (issue 12 item 17): the producer attaches the eight required documents in one go, and a date
field's calendar button writes the picked day as dd/mm/yyyy while typing still works."""

import pytest
from playwright.sync_api import expect

from evaluation.models.registrations import CHECKLIST
from evaluation.tests.factories import PDF_BYTES, private_media, registration_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_producer_uploads_the_required_documents_in_one_go(
    page,
    live_server,
    cast,
    sign_in,
    tmp_path,
    private_media,  # noqa: F811
):
    registration = registration_in(cast)
    sign_in(page, cast.producer_owner)
    page.goto(f"{live_server.url}/registrations/{registration.pk}/documents/")
    for kind in CHECKLIST[registration.kind]:
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(PDF_BYTES)
        page.locator(f"input[name=batch-file_{kind}]").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên tất cả").click()
    expect(page.get_by_text("Đã tải lên 8 tệp.")).to_be_visible()
    assert page.locator("[data-testid=checklist] .badge", has_text="Còn thiếu").count() == 0


def test_the_calendar_button_writes_dd_mm_yyyy_and_typing_still_works(page, live_server, cast, sign_in):
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}/certificates/expiry/")
    field = page.locator("input[name=valid_from]")
    button = page.get_by_role("button", name="Chọn ngày trên lịch").first
    expect(button).to_be_visible()
    button.click()  # opens the browser's own calendar (not scriptable); a pick is a change of its date input
    page.locator("input[name=valid_from] ~ .ocop-date-picker").fill("2026-08-25")
    expect(field).to_have_value("25/08/2026")
    page.keyboard.press("Escape")
    field.press("Enter")
    page.wait_for_url("**valid_from=25%2F08%2F2026*")
    expect(page.locator("input[name=valid_from]")).to_have_value("25/08/2026")
    page.locator("input[name=valid_from]").fill("2026-09-01")  # ISO typed (or sent by a type=date) is read too
    page.locator("input[name=valid_from]").press("Enter")
    page.wait_for_url("**valid_from=2026-09-01*")
    expect(page.locator("input[name=valid_from]")).to_have_value("2026-09-01")  # a filter shows what was typed
    expect(page.locator("#expiry-filter .invalid-feedback")).to_have_count(0)  # … and accepted it


def test_a_date_fields_error_shows_on_an_edit_form_too(page, live_server, cast, sign_in):
    """An edit form sends, after each field, the value the page showed (ocop.forms.OwnChangesMixin): that hidden input
    stood between the date field and its message, so the calendar button's group did not take the message in and
    Bootstrap hid it. The field turned red with no word of what was wrong."""
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}/producers/{cast.producer.pk}/edit/")
    page.locator("input[name=business_registration_date]").fill("31/02/2020")
    page.locator("main form button[type=submit]").last.click()
    error = page.locator("#id_business_registration_date_error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("ngày/tháng/năm")
    expect(page.locator("input[name=business_registration_date]")).to_have_value("31/02/2020")
