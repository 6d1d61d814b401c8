"""A producer signs in, downloads their certificate, and the QR code's URL shows it as valid."""

import subprocess

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_downloads_the_certificate_and_its_qr_verifies_valid(
    page, live_server, cast, login_page, settings, tmp_path
):
    from certificates.tests.factories import issued_decision, result_for

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = live_server.url
    result = result_for(cast.producer, name="Mật ong bạc hà Hà Giang")
    decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    certificate = decision.certificates.get()

    login_page(page, cast.producer_owner)
    page.get_by_role("link", name="Giấy chứng nhận").first.click()
    row = page.get_by_test_id("certificate-row").filter(has_text="Mật ong bạc hà Hà Giang")
    with page.expect_download() as info:
        row.get_by_role("link", name="Tải về").click()
    pdf = tmp_path / "gcn.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    url = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert url == f"{live_server.url}/v/{certificate.verify_token}/"

    page.goto(url)
    status = page.get_by_test_id("verify-status")
    assert status.inner_text().strip() == "Còn hiệu lực"
    assert status.locator('[data-status="valid"]').count() == 1
    assert page.get_by_test_id("verify-product").inner_text() == "Mật ong bạc hà Hà Giang"


def test_on_a_phone_the_producer_downloads_from_a_card_and_the_verification_page_fits(
    page, live_server, cast, sign_in, settings, tmp_path
):
    from certificates.tests.factories import issued_decision, result_for

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = live_server.url
    result = result_for(cast.producer, name="Miến dong Tài Hoan")
    decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    certificate = decision.certificates.get()

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, cast.producer_owner)
    page.goto(f"{live_server.url}/certificates/")
    card = page.get_by_test_id("certificate-row").filter(has_text="Miến dong Tài Hoan")
    assert card.evaluate("row => getComputedStyle(row).display") == "block"  # the row is laid out as a card
    heading = card.locator('td[data-label="Hiệu lực đến"]').evaluate("td => getComputedStyle(td, '::before').content")
    assert heading == '"Hiệu lực đến"'  # each value headed by its column's name
    with page.expect_download() as info:
        card.get_by_role("link", name="Tải về").click()
    assert info.value.suggested_filename.endswith(".pdf")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(f"{live_server.url}/certificates/{certificate.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the long verification link wraps

    page.goto(f"{live_server.url}/v/{certificate.verify_token}/")
    assert page.get_by_test_id("verify-status").inner_text().strip() == "Còn hiệu lực"
    assert page.get_by_test_id("verify-verdict").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
