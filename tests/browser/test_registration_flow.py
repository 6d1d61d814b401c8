"""A dossier from the producer to the council's table, in the browser:
the producer files Mẫu 01 with a self-assessment and files, the commune officer writes Mẫu 03 and forwards it, the
province's OCOP office receives it, the advisory team asks for a supplement, the producer supplies it, and the
dossier is ready for the council."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.models import Registration
from evaluation.tests.factories import (
    PDF_BYTES,
    make_product,
    round_taking_proposals,
    scorecard_for,
    use_private_media,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(page, sign_in, user):
    page.context.clear_cookies()
    sign_in(page, user)


def _upload(page, tmp_path, kind_label, filename):
    path = tmp_path / filename
    path.write_bytes(PDF_BYTES)
    page.get_by_label("Loại tài liệu").select_option(label=kind_label)
    page.locator("input[type=file][name=file]").set_input_files(str(path))
    # The single-file form's button (the batch form beside it has "Tải lên tất cả").
    page.locator("form:has(input[type=file][name=file]) button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã tải lên tài liệu.").is_visible()


REQUIRED = [
    "Phiếu đăng ký (Mẫu 01) có chữ ký, đóng dấu",
    "Báo cáo tự đánh giá (Mẫu 02) có chữ ký",
    "Giấy đăng ký kinh doanh",
    "Bản công bố / tự công bố chất lượng",
    "Phiếu kết quả kiểm nghiệm",
    "Giấy chứng nhận cơ sở đủ điều kiện ATTP",
    "Nhãn sản phẩm",
    "Phương án / kế hoạch kinh doanh",
]


@pytest.fixture
def private_media(settings, tmp_path):
    return use_private_media(settings, tmp_path)


@pytest.mark.slow(22)
def test_a_dossier_reaches_the_council(page, live_server, cast, sign_in, private_media, tmp_path):
    product = make_product(cast.producer, "Mật ong rừng Hoà An")
    scorecard_for(product)
    evaluation_round = round_taking_proposals(cast)  # the commune proposes it by the round's deadline
    base = live_server.url

    # 1. The producer files Mẫu 01.
    sign_in(page, cast.producer_owner)
    page.goto(f"{base}/registrations/")
    page.get_by_role("link", name="Đăng ký sản phẩm").click()
    page.get_by_label("Sản phẩm").select_option(label="Mật ong rừng Hoà An — HTX Tài Hoan")
    page.get_by_label("Hình thức đăng ký").select_option("first")
    page.get_by_label("Đợt đánh giá").select_option(str(evaluation_round.pk))
    page.get_by_role("button", name="Tạo phiếu").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("status").inner_text() == "Nháp"
    registration = Registration.objects.get(product=product)
    detail = f"{base}/registrations/{registration.pk}/"

    # 2. The self-assessment: the running total and the star follow the choices before saving.
    page.get_by_role("link", name="Xem / sửa").click()
    page.get_by_label("Đạt (20)", exact=True).check()
    page.get_by_label("Máy móc (10)", exact=True).check()
    page.get_by_label("Quốc tế (25)", exact=True).check()
    page.get_by_label("Kém (0)", exact=True).check()
    assert page.get_by_test_id("sa-total").inner_text() == "55"
    assert page.get_by_test_id("sa-star").inner_text() == "3"
    page.get_by_label("Tốt (35)", exact=True).check()
    assert page.get_by_test_id("sa-total").inner_text() == "90"
    assert page.get_by_test_id("sa-star").inner_text() == "5"
    page.get_by_role("button", name="Lưu tự đánh giá").click()
    page.wait_for_url(detail)
    assert page.get_by_test_id("self-total").inner_text() == "90"

    # 3. The dossier checklist shows what is missing until every file is attached.
    assert page.get_by_test_id("missing-documents").is_visible()
    page.get_by_role("link", name="Tài liệu và tải lên").click()
    for i, label in enumerate(REQUIRED):
        _upload(page, tmp_path, label, f"tai-lieu-{i}.pdf")
    page.goto(detail)
    assert page.get_by_test_id("missing-documents").count() == 0
    page.get_by_role("button", name="Nộp hồ sơ cho UBND xã").click()
    # Submitting cannot be undone: a page says what happens next and asks first (issue 12 item 14).
    expect(page.get_by_test_id("confirm-consequences")).to_contain_text("15 ngày làm việc")
    page.get_by_role("button", name="Xác nhận nộp hồ sơ").click()
    page.wait_for_url(detail)
    assert page.get_by_test_id("status").inner_text() == "Đã nộp UBND xã"
    assert "/PĐK-90-90001-2027" in page.get_by_test_id("form-number").inner_text()  # its round's year
    assert page.get_by_test_id("commune-due").is_visible()

    # 4. The commune officer writes Mẫu 03 and forwards the dossier.
    _switch(page, sign_in, cast.commune_officer)
    page.goto(f"{base}/registrations/")
    page.get_by_role("link", name="Mật ong rừng Hoà An").click()
    page.get_by_role("link", name="Lập Mẫu 03").click()
    page.get_by_label("Hồ sơ đầy đủ, hợp lệ").check()
    page.get_by_label("Tên sản phẩm thống nhất trên Mẫu 01, Mẫu 02, nhãn và phiếu kiểm nghiệm").check()
    page.get_by_label("Số sản phẩm mẫu đã nhận").fill("5")
    page.get_by_label("1. Nguồn nguyên liệu địa phương").fill("100% mật ong từ rừng của xã")
    page.get_by_label("2. Sử dụng lao động địa phương").fill("15 thành viên HTX là người trong xã")
    page.get_by_label("3. Nguồn gốc ý tưởng sản phẩm").fill("Ý tưởng của HTX")
    page.get_by_label("4. Bản sắc, tri thức địa phương").fill("Nghề nuôi ong truyền thống")
    page.get_by_label("Số văn bản đề nghị của UBND xã").fill("125/UBND-NN")
    page.get_by_label("Ngày văn bản đề nghị").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Lưu Mẫu 03").click()
    page.wait_for_url(detail)
    page.get_by_role("button", name="Chuyển cấp tỉnh").click()
    page.get_by_role("button", name="Xác nhận chuyển hồ sơ").click()
    page.wait_for_url(detail)
    assert page.get_by_test_id("status").inner_text() == "Đã chuyển cấp tỉnh"

    # 5. The province's OCOP office receives the dossier (D26 Điều 7.3a); the advisory team reviews it and asks for a
    # supplement, with a reason (Điều 7.3c).
    _switch(page, sign_in, cast.province_officer)
    page.goto(detail)
    page.get_by_role("button", name="Tiếp nhận, chuyển Tổ tư vấn").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("status").inner_text() == "Tổ tư vấn đang xem xét"
    _switch(page, sign_in, cast.advisory_member)
    page.goto(detail)
    page.get_by_role("link", name="Yêu cầu bổ sung").click()
    page.get_by_role("button", name="Gửi yêu cầu").click()  # no reason: refused, nothing changes
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    page.get_by_label("Lý do yêu cầu bổ sung").fill("Nhãn thiếu hạn sử dụng")
    page.get_by_label("Nhãn sản phẩm", exact=True).check()
    page.get_by_role("button", name="Gửi yêu cầu").click()
    page.wait_for_url(detail)
    assert page.get_by_test_id("status").inner_text() == "Yêu cầu bổ sung"

    # 6. The producer sees what was asked, uploads the new label and sends the supplement.
    _switch(page, sign_in, cast.producer_owner)
    page.goto(detail)
    assert "Nhãn thiếu hạn sử dụng" in page.get_by_test_id("supplement-request").inner_text()
    page.get_by_role("link", name="Tài liệu và tải lên").click()
    _upload(page, tmp_path, "Nhãn sản phẩm", "nhan-moi.pdf")
    page.goto(detail)
    page.get_by_role("link", name="Gửi hồ sơ bổ sung").click()
    page.get_by_label("Giải trình (nếu có)").fill("Đã in lại nhãn có hạn sử dụng")
    page.get_by_role("button", name="Gửi bổ sung").click()
    page.wait_for_url(detail)
    assert page.get_by_test_id("status").inner_text() == "Tổ tư vấn đang xem xét"

    # 7. The advisory team puts the dossier on the council's table.
    _switch(page, sign_in, cast.advisory_member)
    page.goto(detail)
    page.get_by_role("button", name="Sẵn sàng trình Hội đồng").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("status").inner_text() == "Sẵn sàng trình Hội đồng"
    registration.refresh_from_db()
    assert registration.status == "ready_for_council"
    assert registration.documents.filter(kind="label").count() == 2


def test_on_a_phone_the_producer_sees_what_the_dossier_waits_for_first(browser, live_server, cast, sign_in):
    from evaluation.tests.factories import registration_in

    registration = registration_in(cast, status="returned", name="Miến dong trả lại", status_reason="Thiếu nhãn")
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, locale="vi-VN")
    page = sign_in(context.new_page(), cast.producer_owner)
    page.goto(f"{live_server.url}/registrations/")
    card = page.get_by_test_id("registration-row").filter(has_text="Miến dong trả lại")
    assert card.evaluate("row => getComputedStyle(row).display") == "block"  # the row is laid out as a card
    assert "Chủ thể hoàn thiện và nộp lại" in card.inner_text()
    card.get_by_role("link", name="Miến dong trả lại").click()
    page.wait_for_url(f"{live_server.url}/registrations/{registration.pk}/")
    waiting = page.get_by_test_id("waiting-for")
    assert "Việc của bạn" in waiting.inner_text()
    box = waiting.bounding_box()
    assert box["y"] + box["height"] <= 844  # on the first screen, without scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_the_self_assessment_counts_a_conditional_criterion_zero_as_the_server_does(
    browser, live_server, cast, sign_in
):
    """ "Chỉ áp dụng khi…": a criterion counts 0 while the one it depends on scores 0, in the running total on screen
    and in the total the dossier keeps (evaluation.services.star_rule.counted_points)."""
    from evaluation.tests.factories import criterion_by_number, registration_in

    registration = registration_in(cast)
    conditional = criterion_by_number(registration.scorecard, "4.1")
    conditional.applies_if = criterion_by_number(registration.scorecard, "1.2")
    conditional.save(update_fields=["applies_if"])
    page = sign_in(browser.new_context(viewport={"width": 390, "height": 844}).new_page(), cast.producer_owner)
    page.goto(f"{live_server.url}/registrations/{registration.pk}/self-assessment/")
    page.get_by_label("Đạt (20)", exact=True).check()
    page.get_by_label("Quốc tế (25)", exact=True).check()
    expect(page.get_by_test_id("sa-total")).to_have_text("20")
    expect(page.get_by_test_id("applies-if-zero")).to_be_visible()
    page.get_by_label("Máy móc (10)", exact=True).check()
    expect(page.get_by_test_id("sa-total")).to_have_text("55")
    expect(page.get_by_test_id("applies-if-zero")).to_be_hidden()
    page.get_by_role("button", name="Lưu tự đánh giá").click()
    page.wait_for_url(f"{live_server.url}/registrations/{registration.pk}/")
    assert page.get_by_test_id("self-total").inner_text() == "55"
    page.context.close()
