"""The demo's supervision (D26 Điều 8–9): a plan, inspections, a remedy, a revocation and a complaint."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certificates.models import Certificate
from ocop.models import AdministrativeUnit

from .data import this_year_on


def _camera_photo(name: str) -> SimpleUploadedFile:
    """A small JPEG standing for a photo taken on site."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (196, 160, 96)).save(buffer, format="JPEG", quality=70)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def seed_supervision(*, users: dict, province: AdministrativeUnit, out) -> None:
    """Kiểm tra, giám sát (D26 Điều 9) of Thái Nguyên this year, through the services: Mật ong rừng Hương Rừng is
    compliant; Miến dong Tài Hoan misuses the mark, is told to fix it, answers with a photo and the fix is accepted;
    Trà Giảo cổ lam no longer meets its criteria: ocop.thainguyen proposes the revocation and kiemtra.thainguyen
    issues it (four eyes) within the 15 days of Điều 8.4. A visitor's complaint about Gà đồi Trần Phú waits."""
    from certificates.choices import LIVE_STATUSES, RevocationGround
    from certificates.services.revocations import certificate_revoke
    from supervision import services as sup
    from supervision.choices import CheckArea, Outcome, SelectionReason
    from supervision.models import SupervisionPlan

    if SupervisionPlan.objects.filter(unit=province, number="15/KH-SNNMT").exists():
        return
    officer, checker, team = users["ocop.thainguyen"], users["kiemtra.thainguyen"], users["totuvan.thainguyen"]
    today = timezone.localdate()
    plan = sup.plan_create(
        by=officer,
        level="province",
        unit=province,
        year=today.year,
        number="15/KH-SNNMT",
        signed_on=this_year_on(1, 20),
        title=f"Kiểm tra, giám sát sản phẩm OCOP trên địa bàn tỉnh Thái Nguyên năm {today.year}",
    )

    def live(name):
        return Certificate.objects.filter(product__name=name, status__in=LIVE_STATUSES).order_by("-issued_on").first()

    def checked(name, findings):
        inspection = sup.inspection_schedule(
            plan=plan,
            certificate=live(name),
            reason=SelectionReason.NOT_INSPECTED,
            inspectors=[officer, team],
            scheduled_on=today,
            by=officer,
        )
        items = {area: {"result": "met", "severity": "none", "note": ""} for area in CheckArea.values}
        items.update(findings)
        return sup.inspection_record(
            inspection=inspection,
            by=team,
            inspected_on=today,
            representative_name="Nông Thị Hoa",
            representative_title="Giám đốc HTX",
            place=str(inspection.product.producer.commune),
            items=items,
        )

    honey = checked("Mật ong rừng Hương Rừng", {})
    sup.inspection_add_photo(inspection=honey, by=team, upload=_camera_photo("tem-ocop.jpg"), area="mark")
    sup.inspection_conclude(inspection=honey, by=team, outcome=Outcome.COMPLIANT)

    noodles = checked(
        "Miến dong Tài Hoan",
        {
            "mark": {
                "result": "finding",
                "severity": "major",
                "note": "Bao bì in biểu trưng OCOP 5 sao; sản phẩm đạt 4 sao.",
            }
        },
    )
    sup.inspection_conclude(
        inspection=noodles,
        by=officer,
        outcome=Outcome.REMEDY,
        remedy_required="Thu hồi bao bì in sai hạng sao, in lại nhãn đúng 4 sao.",
        remedy_due_on=today + dt.timedelta(days=30),
    )
    noodles.refresh_from_db()
    sup.remedy_answer(
        remedy=noodles.remedy,
        by=users["htx.taihoan"],
        answer="Đã thu hồi 1.200 bao bì cũ và in lại nhãn 4 sao.",
        uploads=[_camera_photo("nhan-moi.jpg")],
    )
    sup.remedy_review(remedy=noodles.remedy, by=team, accept=True, note="Nhãn mới đúng hạng sao.")

    tea = checked(
        "Trà Giảo cổ lam",
        {
            "criteria": {
                "result": "finding",
                "severity": "critical",
                "note": "Không còn vùng nguyên liệu và hợp đồng liên kết như hồ sơ đã đánh giá.",
            }
        },
    )
    sup.inspection_conclude(
        inspection=tea, by=officer, outcome=Outcome.REVOKE, ground=RevocationGround.CRITERIA_NOT_MET
    )
    certificate_revoke(
        certificate=tea.certificate,
        decision_number="3105/QĐ-UBND",
        decision_date=today,
        by=checker,
        # The office's tờ trình on the inspection concluded today (not dated before it: revocation_submission_errors).
        submission_number="131/TTr-SNNMT",
        submission_date=today,
        signer_title="KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn Thành",
    )

    chicken = live("Gà đồi Trần Phú")
    if chicken is not None:
        sup.complaint_submit(
            product=chicken.product,
            text="Gà bán ở chợ phiên dán tem OCOP nhưng không ghi tên HTX Trần Phú.",
            name="Lê Văn Bình",
        )
    out(
        f"  Kiểm tra, giám sát: kế hoạch {plan.number} — Mật ong rừng Hương Rừng đạt; Miến dong Tài Hoan đã khắc phục; "
        "Trà Giảo cổ lam bị thu hồi; một phản ánh chờ xử lý."
    )
