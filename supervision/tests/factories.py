"""Scenarios for supervision: a certificate written by the certificates factories, then a plan, an
inspection scheduled with its inspector, recorded and concluded."""

import datetime as dt
import io

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certificates.tests.factories import CertificateFactory, DecisionFactory, ProductFactory, checker_for
from ocop.testing import make_user
from supervision import services
from supervision.choices import (
    CaseSource,
    CheckArea,
    InspectionStatus,
    ItemResult,
    Outcome,
    PlanLevel,
    SelectionReason,
    Severity,
)
from supervision.models import Inspection, RevocationCase, SupervisionPlan


def png(name: str = "anh.png", size=(8, 8)) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def certificate_for(cast, *, star: int = 4, name: str | None = None, issued_on: dt.date | None = None, producer=None):
    """A live certificate (written directly, no PDF) of a new product of the cast's producer (Xã Hoà An, Tỉnh Thử
    Nghiệm), issued `issued_on` (400 days ago by default) and valid 36 months."""
    issued_on = issued_on or timezone.localdate() - dt.timedelta(days=400)
    product = ProductFactory(producer=producer or cast.producer, **({"name": name} if name else {}))
    return CertificateFactory(
        product=product,
        star=star,
        decision=DecisionFactory(date=issued_on),
        issued_on=issued_on,
        valid_until=issued_on + relativedelta(months=36),
    )


def inspector(cast):
    """A second provincial officer (the four eyes of revocation: the cast's province officer issues)."""
    return checker_for(cast.province_officer)


def advisory_inspector(cast):
    return cast.advisory_member


def plan_for(cast, *, year: int | None = None, number: str = "12/KH-SNN"):
    year = year or timezone.localdate().year
    existing = SupervisionPlan.objects.filter(unit=cast.province, number=number).first()
    if existing is not None:
        return existing
    return services.plan_create(
        by=cast.province_officer,
        level=PlanLevel.PROVINCE,
        unit=cast.province,
        year=year,
        number=number,
        signed_on=dt.date(year, 1, 15),
        title="Kiểm tra, giám sát sản phẩm OCOP",
    )


def scheduled(cast, certificate=None, *, inspectors=None, plan=None):
    certificate = certificate or certificate_for(cast)
    plan = plan or plan_for(cast)
    today = timezone.localdate()
    return services.inspection_schedule(
        plan=plan,
        certificate=certificate,
        reason=SelectionReason.NOT_INSPECTED,
        inspectors=inspectors or [inspector(cast)],
        scheduled_on=today if today.year == plan.year else dt.date(plan.year, 6, 1),
        by=cast.province_officer,
    )


def all_met() -> dict:
    return {area: {"result": ItemResult.MET, "severity": Severity.NONE, "note": ""} for area in CheckArea.values}


def with_finding(severity: str = Severity.MAJOR, area: str = CheckArea.MARK) -> dict:
    items = all_met()
    items[area] = {
        "result": ItemResult.FINDING,
        "severity": severity,
        "note": "Dùng nhãn OCOP 5 sao cho sản phẩm 4 sao.",
    }
    return items


def recorded(cast, inspection=None, *, items=None, by=None):
    inspection = inspection or scheduled(cast)
    return services.inspection_record(
        inspection=inspection,
        by=by or inspection.inspectors.first(),
        inspected_on=timezone.localdate(),
        representative_name="Nguyễn Thị Hoan",
        representative_title="Giám đốc HTX",
        place="Xã Hoà An",
        items=items or all_met(),
    )


def other_province_inspector(cast):
    return make_user("far_inspector", "province_officer", cast.other_province)


def old_case(cast, ground: str) -> RevocationCase:
    """A case as the former rule left it: the inspection concluded the ground on its own finding three days ago, the
    case counts from that conclusion, and nobody has proposed yet."""
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    concluded_on = timezone.localdate() - dt.timedelta(days=3)
    Inspection.objects.filter(pk=inspection.pk).update(
        status=InspectionStatus.CONCLUDED, outcome=Outcome.REVOKE, concluded_on=concluded_on
    )
    return services.revocation_case_open(
        certificate=inspection.certificate,
        inspection=inspection,
        source=CaseSource.FINDING,
        ground=ground,
        opened_on=concluded_on,
        by=inspection.inspectors.first(),
        detail=f"Theo kết luận kiểm tra ngày {concluded_on:%d/%m/%Y}.",
    )
