"""An inspection recorded on a 390-pixel phone at the producer's site: the Điều 9.3 checklist, a photo through the
camera input, then the conclusion (a remedy); axe-core checks every page on the way (conftest)."""

import datetime as dt
import io
import os

import pytest

from supervision.choices import InspectionStatus, Outcome, RemedyStatus
from supervision.tests.factories import certificate_for, scheduled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
SHOTS = os.environ.get("OCOP_SCREENSHOTS", "")  # a folder to keep screenshots in (to look at them)


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _jpeg(path) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (180, 140, 80)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"


def test_an_inspection_is_recorded_with_a_photo_and_concluded_on_a_phone(
    browser, live_server, cast, sign_in, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    inspection = scheduled(cast, certificate_for(cast, name="Miến dong Tài Hoan"))
    inspector = inspection.inspectors.first()
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    sign_in(page, inspector)

    page.goto(f"{live_server.url}/giam-sat/kiem-tra/{inspection.pk}/bien-ban/")
    _fits(page, PHONE["width"])
    camera = page.locator("input[type=file][name=image]")
    assert camera.get_attribute("accept") == "image/*" and camera.get_attribute("capture") == "environment"
    for area in ("criteria", "information", "promotion"):
        page.check(f"input[name='{area}-result'][value='met']")
    page.check("input[name='mark-result'][value='finding']")
    page.select_option("select[name='mark-severity']", "major")
    page.fill("textarea[name='mark-note']", "Bao bì in biểu trưng OCOP 5 sao; sản phẩm đạt 4 sao.")
    page.get_by_label("Người đại diện chủ thể").fill("Nông Thị Hoa")
    _shot(page, "record-phone")
    page.get_by_role("button", name="Lưu biên bản").click()
    page.wait_for_load_state()
    assert "Đã lưu biên bản kiểm tra" in page.content()

    camera.set_input_files(_jpeg(tmp_path / "tem.jpg"))
    page.get_by_label("Chú thích").fill("Nhãn trên bao bì")
    page.get_by_role("button", name="Tải ảnh lên").click()
    page.wait_for_load_state()
    thumb = page.locator("[data-testid=photos] img")
    assert thumb.count() == 1
    assert page.evaluate("(img) => img.naturalWidth > 0", thumb.first.element_handle())  # served, access-checked
    _shot(page, "record-phone-photo")

    page.get_by_role("link", name="Kết luận").first.click()
    page.wait_for_load_state()
    page.check("input[name='outcome'][value='remedy']")
    page.fill("textarea[name='remedy_required']", "In lại nhãn đúng 4 sao.")
    _fits(page, PHONE["width"])
    page.get_by_role("button", name="Kết luận").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=inspection-outcome]").inner_text() == Outcome.REMEDY.label
    _fits(page, PHONE["width"])
    _shot(page, "detail-phone")
    context.close()

    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CONCLUDED and inspection.photos.count() == 1
    assert inspection.remedy.status == RemedyStatus.OPEN

    # The same pages on a desktop, for the officer's overview.
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    sign_in(page, cast.province_officer)
    page.goto(f"{live_server.url}/giam-sat/")
    assert page.locator("[data-testid=supervision-coverage]").count() == 1
    _shot(page, "overview-desktop")
    page.goto(f"{live_server.url}/giam-sat/kiem-tra/{inspection.pk}/")
    _shot(page, "detail-desktop")
    context.close()


# Each "hạn dd/mm/yyyy" of the page: whether it sits on one line, and whether the browser may break it at all.
DEADLINES = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.querySelector("main") || document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/hạn[\\s\\u00a0]+\\d\\d\\/\\d\\d\\/\\d{4}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      const style = getComputedStyle(node.parentElement).whiteSpace;
      found.push({text: match[0], lines: tops.size, breakable: !/nowrap|pre/.test(style) && /\\s/.test(match[0].replace(/\\u00a0/g, ""))});
    }
  }
  return found;
}"""


def test_a_remedy_deadline_keeps_hạn_and_its_date_together_on_a_phone(browser, live_server, cast, sign_in):
    """ "hạn" and its date wrapped apart in a phone's narrow column (the inspection list, a plan's page, the
    producer's home): each is printed unbreakable (supervision_tags.remedy_due), and sits on one line."""
    from django.utils import timezone

    from supervision import services
    from supervision.choices import Severity
    from supervision.tests.factories import recorded, with_finding

    certificate = certificate_for(cast, name="Miến dong Tài Hoan")
    inspection = recorded(cast, scheduled(cast, certificate), items=with_finding(Severity.MAJOR))
    services.inspection_conclude(
        inspection=inspection,
        by=inspection.inspectors.first(),
        outcome=Outcome.REMEDY,
        remedy_required="In lại nhãn đúng 4 sao.",
        remedy_due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    pages = [
        (cast.province_officer, "/giam-sat/kiem-tra/"),
        (cast.province_officer, f"/giam-sat/ke-hoach/{inspection.plan_id}/"),
        (cast.producer_owner, "/"),
    ]
    for user, path in pages:
        context = browser.new_context(viewport=PHONE, locale="vi-VN")
        page = context.new_page()
        sign_in(page, user)
        page.goto(f"{live_server.url}{path}")
        _fits(page, PHONE["width"])
        _shot(page, "remedy-due-phone-" + path.strip("/").replace("/", "-"))
        deadlines = page.evaluate(DEADLINES)
        assert deadlines, path
        for deadline in deadlines:
            assert not deadline["breakable"] and deadline["lines"] == 1, (path, deadline)
        context.close()
