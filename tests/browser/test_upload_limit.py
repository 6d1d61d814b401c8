"""A file over the upload limit is named next to its input as soon as it is chosen, and the form is not sent with
it: on a phone's connection the server's refusal came only after minutes of uploading (static/js/ui.js)."""

import pytest

from supervision.models import SupervisionPlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_file_too_large_is_refused_before_it_is_sent(browser, live_server, cast, sign_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OCOP_MAX_UPLOAD_BYTES = 1024 * 1024
    large, small = tmp_path / "ke-hoach-scan.pdf", tmp_path / "ke-hoach.pdf"
    large.write_bytes(b"%PDF-1.4\n" + b"0" * (1024 * 1024) + b"\n%%EOF\n")
    small.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page = sign_in(browser.new_context(viewport={"width": 390, "height": 844}).new_page(), cast.province_officer)
    page.goto(f"{live_server.url}/giam-sat/ke-hoach/them/")
    page.fill("input[name=number]", "30/KH-SNN")
    page.fill("input[name=signed_on]", "15/01/2026")
    page.fill("input[name=title]", "Kiểm tra sản phẩm OCOP")
    document = page.locator("input[type=file][name=document]")

    document.set_input_files(str(large))
    note = page.get_by_role("alert").filter(has_text="ke-hoach-scan.pdf")
    assert note.inner_text() == ("Tệp “ke-hoach-scan.pdf” lớn hơn 1 MB, mức tối đa được nhận: hãy chọn tệp nhỏ hơn.")
    requests = []
    page.on("request", lambda request: requests.append(request) if request.method == "POST" else None)
    page.get_by_role("button", name="Lưu kế hoạch").click()
    page.wait_for_timeout(300)
    assert requests == [] and not SupervisionPlan.objects.exists()  # nothing was sent
    assert page.evaluate("document.activeElement.name") == "document"

    document.set_input_files(str(small))
    assert page.locator("[data-too-large-note]").count() == 0
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu kế hoạch").click()
    plan = SupervisionPlan.objects.get(number="30/KH-SNN")
    assert plan.document.name.endswith(".pdf")


def test_a_file_input_speaks_the_pages_language_and_works_from_the_keyboard(
    browser, live_server, cast, sign_in, tmp_path
):
    """Chromium wrote "Choose File / No file chosen" in its own language on the Vietnamese page: the button and the
    chosen file's name are the page's (ocop.forms.file_choice_widget, static/js/ui.js); the real input stays, hidden
    but focused with the keyboard (without JavaScript the browser's own input stays)."""
    scan = tmp_path / "ke-hoach.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page = sign_in(browser.new_context(viewport={"width": 390, "height": 844}).new_page(), cast.province_officer)
    page.goto(f"{live_server.url}/giam-sat/ke-hoach/them/")
    document = page.locator("input[type=file][name=document]")
    choose = page.locator(".file-choose").filter(has=page.get_by_text("Chọn tệp", exact=True))
    assert choose.get_by_text("Chưa chọn tệp").is_visible()
    assert document.bounding_box()["width"] <= 1  # visually hidden, still in the form
    with page.expect_file_chooser() as chooser:
        choose.get_by_role("button", include_hidden=True).click()
    chooser.value.set_files(str(scan))
    assert choose.locator("[aria-live=polite]").inner_text() == "ke-hoach.pdf"

    page.locator("input[name=title]").focus()
    for _ in range(10):  # Tab reaches the real input, and its button shows the focus
        if page.evaluate("document.activeElement.name") == "document":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "document"
    button = choose.get_by_role("button", include_hidden=True)
    assert button.evaluate("b => getComputedStyle(b).boxShadow") != "none"

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/giam-sat/ke-hoach/them/")
    assert page.get_by_text("Choose file", exact=True).is_visible() and page.get_by_text("No file chosen").is_visible()
