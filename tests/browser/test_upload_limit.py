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
