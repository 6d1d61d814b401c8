"""One small world with a record behind every URL parameter, and the actors of the access matrix."""

import io
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from ocop.testing import build_cast, make_user

# Every demo role, anonymous, an outsider from another province (province officer of "Tỉnh Khác") and an officer
# of another commune of the same province; the council member without a council (`lone`) as the issue names it.
ACTORS = (
    "anon",
    "producer",
    "other_producer",
    "commune",
    "other_commune",
    "province",
    "advisory",
    "council",
    "chair",
    "lone",
    "viewer",
    "central",
    "admin",
    "outsider",
)


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def build_world() -> SimpleNamespace:
    from datetime import date

    from certificates.tests.factories import issued_decision, result_for
    from dashboard.choices import TargetMetric
    from dashboard.services import historic_evaluations_record, plan_create
    from evaluation.models import DossierDocument, TestRequest
    from evaluation.tests.factories import declare_and_open, province_round, setup_scoring
    from ocop.choices import JobKind
    from ocop.models import BackgroundJob
    from ocop.services import security_event_record
    from products.models import ProductPhoto

    cast = build_cast()
    scoring = setup_scoring(cast)
    sheet = declare_and_open(scoring.item, scoring.member)
    registration = scoring.registration
    lone = make_user("lone_member", "council_member", cast.province)
    document = DossierDocument.objects.create(
        registration=registration,
        kind="registration_form",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="ho-so.pdf"),
        original_name="ho-so.pdf",
        sha256="0" * 64,
        size=15,
        content_type="application/pdf",
        uploaded_by=cast.producer_owner,
    )
    test_request = TestRequest.objects.create(
        registration=registration, indicators="Vi sinh", requested_by=cast.province_officer
    )
    photo = ProductPhoto.objects.create(
        product=registration.product, image=ContentFile(_png(), name="anh.png"), uploaded_by=cast.producer_owner
    )
    import_job = BackgroundJob.objects.create(
        kind=JobKind.IMPORT_PRODUCERS,
        task="products.tasks.import_job_run_task",
        input_file=ContentFile(b"x", name="nhap.xlsx"),
        created_by=cast.province_officer,
    )
    result = result_for(cast.producer, name="Miến dong Tài Hoan")
    result.registration.commune = cast.commune
    result.registration.save(update_fields=["commune"])
    decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    certificate = decision.certificates.get()
    zip_job = BackgroundJob.objects.create(
        kind=JobKind.CERTIFICATES_ZIP,
        task="certificates.tasks.decisions.certificate_zip_task",
        params={"decision_id": decision.pk},
        created_by=cast.province_officer,
    )
    export_job = BackgroundJob.objects.create(
        kind=JobKind.EXPORT,
        task="products.tasks.export_job_run_task",
        params={"export": "products", "filters": {}},
        created_by=cast.province_officer,
    )
    plan = plan_create(
        by=cast.province_officer,
        fields={
            "unit": cast.province,
            "number": "58/KH-UBND",
            "signed_on": date(2026, 3, 18),
            "title": "Kế hoạch OCOP",
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 12, 31),
        },
        targets=[{"metric": TargetMetric.NEW_RECOGNISED, "quantity": 3}],
    )
    report_job = BackgroundJob.objects.create(
        kind=JobKind.REPORT,
        task="dashboard.tasks.report_job_run_task",
        params={"period": "year", "year": 2026, "province_id": None, "format": "xlsx"},
        output_file=ContentFile(b"PK", name="bao-cao.xlsx"),
        file_name="bao-cao-ocop-tinh-thu-nghiem-ca-nam-2026.xlsx",
        status="done",
        created_by=cast.province_officer,
    )
    [past_evaluation] = historic_evaluations_record(
        by=cast.province_officer,
        rows=[
            {
                "product": registration.product,
                "evaluated_on": date(2024, 5, 2),
                "mean_score": 45,
                "star": 2,
                "level": "province",
                "unit": cast.province,
            }
        ],
    )
    sup = _supervision(cast, certificate)
    revoked_certificate = _revoked_certificate(cast)
    # A lockout of the officers' list (ocop.signals writes one when django-axes locks a name out from an address).
    lockout = security_event_record(
        action="auth.lockout", user=cast.commune_officer, username="commune_officer", ip="10.0.0.9"
    )
    referral = _central_referral(cast)
    notice = _result_notice(cast)
    users = {
        "producer": cast.producer_owner,
        "other_producer": cast.other_producer,
        "commune": cast.commune_officer,
        "other_commune": cast.other_commune_officer,
        "province": cast.province_officer,
        "advisory": cast.advisory_member,
        "council": cast.council_member,
        "chair": cast.council_chair,
        "lone": lone,
        "viewer": cast.viewer,
        "central": cast.central_officer,
        "admin": cast.admin,
        "outsider": cast.outsider,
    }
    # The values a route's parameters take, by parameter meaning (see ROUTES in test_url_matrix.py).
    ids = {
        "producer": cast.producer.pk,
        "account": cast.commune_officer.pk,
        "product": registration.product_id,
        "photo": photo.pk,
        "import_job": import_job.pk,
        "scorecard": scoring.card.pk,
        "round": province_round(cast.province).pk,
        "registration": registration.pk,
        "test_request": test_request.pk,
        "document": document.pk,
        "council": scoring.council.pk,
        "member": scoring.member.pk,
        "session": scoring.session.pk,
        "item": scoring.item.pk,
        "sheet": sheet.pk,
        "decision": decision.pk,
        "entry": decision.entries.first().pk,
        "zip_job": zip_job.pk,
        "export_job": export_job.pk,
        "plan": plan.pk,
        "province_unit": cast.province.pk,
        "certified_product": certificate.product_id,
        "plan_target": plan.targets.get().pk,
        "historic_evaluation": past_evaluation.pk,
        "report_job": report_job.pk,
        "certificate": certificate.pk,
        "revoked_certificate": revoked_certificate.pk,
        "referral": referral.pk,
        "result_notice": notice.pk,
        "token": certificate.verify_token,
        "today": timezone.localdate(),
        "lockout": lockout.pk,
        **sup,
    }
    return SimpleNamespace(cast=cast, users=users, ids=ids)


def _revoked_certificate(cast):
    """A certificate of the producer revoked in its two acts (thu hồi, Điều 8): the revoking decision's paper."""
    from datetime import timedelta

    from certificates.tests.factories import CertificateFactory, DecisionFactory, ProductFactory, revoke_with_four_eyes

    product = ProductFactory(producer=cast.producer, name="Gà đồi Trần Phú")
    certificate = CertificateFactory(
        product=product, decision=DecisionFactory(date=timezone.localdate() - timedelta(days=100))
    )
    revoke_with_four_eyes(certificate=certificate, by=cast.province_officer, decision_number="88/QĐ-UBND")
    return certificate


def _central_referral(cast):
    """A potential 5★ of the province that its office sent to the ministry, with the signed file (Điều 7.3e)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from certificates.tests.factories import result_for
    from evaluation.models import Registration
    from evaluation.tests.factories import PDF_BYTES, refer_central

    result = result_for(cast.producer, star=5, potential_five=True, name="Mật ong rừng Hương Rừng")
    Registration.objects.filter(pk=result.registration_id).update(status="province_approval")
    result.registration.refresh_from_db()
    signed = SimpleUploadedFile("cong-van.pdf", PDF_BYTES, content_type="application/pdf")
    refer_central(result.registration, cast.province_officer, signed_file=signed)
    return result.registration.central_referrals.get()


def _result_notice(cast):
    """A product of the province the council did not recognise, and the office's written notice of it (Điều 7.3g)."""
    from certificates.tests.factories import result_for
    from evaluation.models import Registration
    from evaluation.services.notices import registration_notify_result
    from evaluation.tests.factories import notice_paper

    result = result_for(cast.producer, star=3, final_star=2, band_star=2, mean_score=45, name="Trà hoa vàng Tân An")
    Registration.objects.filter(pk=result.registration_id).update(status="not_recognised")
    result.registration.refresh_from_db()
    return registration_notify_result(registration=result.registration, by=cast.province_officer, **notice_paper())


def _supervision(cast, certificate) -> dict:
    """Supervision records: a plan; an open inspection assigned to the advisory member (so the province officer sees
    it without recording it); a concluded one of the province officer with an answered remedy and its evidence; a
    complaint with a photo; the commune's stop confirmation opening a revocation case."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile

    from certificates.tests.factories import CertificateFactory, DecisionFactory, ProductFactory
    from supervision import services
    from supervision.choices import CheckArea, Outcome

    today = timezone.localdate()
    plan = services.plan_create(
        by=cast.province_officer,
        level="province",
        unit=cast.province,
        year=today.year,
        number="07/KH-SNNMT",
        signed_on=today,
        title="Kiểm tra, giám sát sản phẩm OCOP",
    )
    open_one = services.inspection_schedule(
        plan=plan,
        certificate=certificate,
        reason="not_inspected",
        inspectors=[cast.advisory_member],
        scheduled_on=today,
        by=cast.province_officer,
    )
    photo = services.inspection_add_photo(
        inspection=open_one,
        by=cast.advisory_member,
        upload=SimpleUploadedFile("a.png", _png(), content_type="image/png"),
    )
    product = ProductFactory(producer=cast.producer, name="Mật ong hoa nhãn")
    second = CertificateFactory(product=product, decision=DecisionFactory(date=today - timedelta(days=200)))
    done = services.inspection_schedule(
        plan=plan,
        certificate=second,
        reason="manual",
        inspectors=[cast.province_officer],
        scheduled_on=today,
        by=cast.province_officer,
    )
    items = {a: {"result": "met", "severity": "none", "note": ""} for a in CheckArea.values}
    items["mark"] = {"result": "finding", "severity": "major", "note": "Nhãn sai hạng sao."}
    services.inspection_record(
        inspection=done,
        by=cast.province_officer,
        inspected_on=today,
        representative_name="Nguyễn Thị Hoan",
        items=items,
    )
    services.inspection_conclude(
        inspection=done,
        by=cast.province_officer,
        outcome=Outcome.REMEDY,
        remedy_required="Thay nhãn.",
        remedy_due_on=today + timedelta(days=30),
    )
    remedy = done.remedy
    services.remedy_answer(
        remedy=remedy,
        by=cast.producer_owner,
        answer="Đã thay nhãn.",
        uploads=[SimpleUploadedFile("b.png", _png(), content_type="image/png")],
    )
    complaint = services.complaint_submit(
        product=certificate.product,
        text="Nhãn ghi 5 sao trên sản phẩm 4 sao.",
        photo=SimpleUploadedFile("c.png", _png(), content_type="image/png"),
    )
    case = services.production_stop_confirm(
        certificate=second, by=cast.commune_officer, confirmed_on=today, document_number="5/XN-UBND"
    )
    return {
        "sup_plan": plan.pk,
        "inspection": open_one.pk,
        "inspection_photo": photo.pk,
        "concluded_inspection": done.pk,
        "remedy": remedy.pk,
        "evidence": remedy.evidence.get().pk,
        "complaint": complaint.pk,
        "complaint_submission": complaint.submission,  # its receipt's address (complaint_submit gives one)
        "case": case.pk,
    }
