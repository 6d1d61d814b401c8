"""D26 Điều 6.3b, 7.6e: a 5★ product's re-evaluation goes from the province's OCOP office, with its report, to the
ministry's council; the provincial council does not score it, so a province can never re-rate a 5★ product itself.
The dossier the province sends carries "Văn bản của UBND cấp tỉnh gửi Bộ … đề nghị đánh giá, phân hạng lại sản phẩm
OCOP 5 sao; báo cáo đánh giá của cơ quan tham mưu quản lý OCOP cấp tỉnh" (Điều 6.3b): the office records both."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CentralReferral, Registration
from evaluation.permissions.registrations import registration_actions_for
from evaluation.services.transitions import registration_mark_ready
from evaluation.services.workflow import TransitionRefused
from evaluation.tests.factories import (
    central_session,
    exe_renamed,
    forward_central,
    pdf_upload,
    registration_in,
    stored_files,
)
from ocop.models import AuditEvent, Notification
from products.models import Product

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)  # the tests' pinned day


def _reevaluation(cast, *, star, forwarded_on=None):
    forwarded_at = forwarded_on and dt.datetime.combine(forwarded_on, dt.time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    registration = registration_in(
        cast,
        status=S.ADVISORY_REVIEW,
        kind=K.REEVALUATION,
        name=f"Sản phẩm {star} sao",
        forwarded_at=forwarded_at or timezone.now(),
    )
    Product.objects.filter(pk=registration.product_id).update(status="recognised", current_star=star)
    registration.product.refresh_from_db()
    return registration


def test_the_office_sends_a_five_star_re_evaluation_to_the_ministry(cast, django_capture_on_commit_callbacks):
    registration = _reevaluation(cast, star=5)
    actions = registration_actions_for(cast.province_officer, registration)
    assert actions["forward_central"] and not actions["mark_ready"]
    with pytest.raises(ValidationError, match="trung ương"):
        registration_mark_ready(registration=registration, by=cast.province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        forward_central(registration, cast.province_officer)
    registration.refresh_from_db()
    assert registration.status == S.FORWARDED_TO_CENTRAL
    # Điều 7.6g: the ministry's 45 days run from the province's dossier.
    assert registration.reevaluation_due_on == timezone.localdate() + dt.timedelta(days=45)
    assert AuditEvent.objects.filter(action="registration.forward_to_central").count() == 1
    assert Notification.objects.filter(user=cast.producer_owner, message__contains="Bộ Nông nghiệp").exists()
    # The central council takes it on its agenda.
    item, _members = central_session(cast, SimpleNamespace(registration=registration))
    assert item.registration_id == registration.pk


def test_it_records_the_offices_report_and_the_provinces_letter(cast, private_media):
    registration = _reevaluation(cast, star=5, forwarded_on=dt.date(2026, 11, 10))
    moved = forward_central(
        registration,
        cast.province_officer,
        report_number=" 85/BC-SNNMT ",
        report_date=dt.date(2026, 11, 20),
        letter_number="2150/UBND-KT",
        letter_date=dt.date(2026, 11, 24),
        signed_file=pdf_upload("cong-van.pdf"),
    )
    referral = CentralReferral.objects.get()
    assert referral.registration == moved and referral.result is None and referral.is_reevaluation
    assert (referral.report_number, referral.report_date) == ("85/BC-SNNMT", dt.date(2026, 11, 20))
    assert (referral.letter_number, referral.letter_date) == ("2150/UBND-KT", dt.date(2026, 11, 24))
    assert (referral.approval_number, referral.approval_date) == ("", None)  # no provincial council, no approval
    assert referral.recorded_by == cast.province_officer and referral.signed_file.read().startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="registration.forward_to_central")
    assert event.actor == cast.province_officer and event.changes == {
        "status": [S.ADVISORY_REVIEW, S.FORWARDED_TO_CENTRAL],
        "report_number": "85/BC-SNNMT",
        "report_date": "2026-11-20",
        "letter_number": "2150/UBND-KT",
        "letter_date": "2026-11-24",
        "signed_file_sha256": referral.signed_file_sha256,  # the file as uploaded (test_central_referral_sha256)
    }
    # The ministry's 45 days run from the letter (Điều 7.6g), as for a potential 5★.
    assert moved.reevaluation_due_on == dt.date(2026, 11, 24) + dt.timedelta(days=45)


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"report_number": "BC 85", "letter_number": "2150 UBND-KT"},
            {
                "report_number": ["Số báo cáo phải có dạng số/ký hiệu, ví dụ 85/BC-SNNMT."],
                "letter_number": ["Số văn bản phải có dạng số/ký hiệu, ví dụ 2150/UBND-KT."],
            },
        ),
        (
            {"report_number": " ", "letter_number": ""},
            {
                "report_number": ["Nhập số báo cáo của cơ quan OCOP tỉnh."],
                "letter_number": ["Nhập số văn bản gửi Bộ."],
            },
        ),
        (
            {"report_date": TODAY + dt.timedelta(days=1), "letter_date": TODAY + dt.timedelta(days=2)},
            {
                "report_date": ["Ngày báo cáo không thể sau hôm nay (02/12/2026)."],
                "letter_date": ["Ngày văn bản không thể sau hôm nay (02/12/2026)."],
            },
        ),
        (
            {"report_date": dt.date(2026, 11, 9), "letter_date": dt.date(2026, 11, 9)},
            {"report_date": ["Ngày báo cáo không thể trước ngày UBND xã chuyển hồ sơ lên tỉnh (10/11/2026)."]},
        ),
        (
            {"report_date": dt.date(2026, 11, 20), "letter_date": dt.date(2026, 11, 19)},
            {"letter_date": ["Văn bản gửi Bộ không thể trước ngày báo cáo của cơ quan OCOP tỉnh (20/11/2026)."]},
        ),
    ],
)
def test_it_refuses_bad_numbers_and_dates_next_to_their_fields_and_writes_nothing(cast, fields, errors):
    registration = _reevaluation(cast, star=5, forwarded_on=dt.date(2026, 11, 10))
    with pytest.raises(ValidationError) as raised:
        forward_central(registration, cast.province_officer, **fields)
    assert raised.value.message_dict == errors
    registration.refresh_from_db()
    assert registration.status == S.ADVISORY_REVIEW
    assert not CentralReferral.objects.exists()
    assert not AuditEvent.objects.filter(action="registration.forward_to_central").exists()


def test_the_signed_file_must_be_a_pdf(cast, private_media):
    registration = _reevaluation(cast, star=5)
    with pytest.raises(ValidationError) as raised:
        forward_central(registration, cast.province_officer, signed_file=exe_renamed("cong-van.pdf"))
    assert list(raised.value.message_dict) == ["signed_file"]
    assert stored_files(private_media) == [] and not CentralReferral.objects.exists()


def test_a_second_sending_changes_nothing(cast):
    registration = _reevaluation(cast, star=5)
    stale = Registration.objects.select_related("product").get(pk=registration.pk)  # a tab opened before the first
    forward_central(registration, cast.province_officer)
    # The compare-and-swap finds it moved by the officer's own first sending, with another letter.
    with pytest.raises(TransitionRefused, match="Bạn đã thực hiện việc này lúc .* với nội dung khác"):
        forward_central(stale, cast.province_officer, letter_number="2151/UBND-KT")
    with pytest.raises(TransitionRefused, match="Đã chuyển trung ương"):  # sent again from the dossier as it is now
        forward_central(Registration.objects.get(pk=registration.pk), cast.province_officer)
    assert CentralReferral.objects.get().letter_number == "2150/UBND-KT"
    assert AuditEvent.objects.filter(action="registration.forward_to_central").count() == 1


@pytest.mark.parametrize("star", [3, 4])
def test_other_re_evaluations_go_to_the_provincial_council(cast, star):
    registration = _reevaluation(cast, star=star)
    actions = registration_actions_for(cast.province_officer, registration)
    assert actions["mark_ready"] and not actions["forward_central"]
    with pytest.raises(ValidationError, match="Hội đồng cấp tỉnh"):
        forward_central(registration, cast.province_officer)
    registration_mark_ready(registration=registration, by=cast.province_officer)
    registration.refresh_from_db()
    assert registration.status == S.READY_FOR_COUNCIL


@pytest.mark.parametrize("role", ["advisory_member", "central_officer", "commune_officer", "producer_owner", "viewer"])
def test_only_the_provinces_office_sends_it(cast, role):
    """The province's report and letter are the province's: the ministry receives them, it does not write them."""
    registration = _reevaluation(cast, star=5)
    with pytest.raises(PermissionDenied):
        forward_central(registration, getattr(cast, role))
    registration.refresh_from_db()
    assert registration.status == S.ADVISORY_REVIEW
    assert not registration_actions_for(getattr(cast, role), registration)["forward_central"]


def test_the_dossier_page_leads_the_office_to_it(cast, login):
    registration = _reevaluation(cast, star=5)
    page = login(cast.province_officer).get(reverse("evaluation:registration_detail", args=[registration.pk]))
    html = page.content.decode()
    assert reverse("evaluation:registration_forward_central", args=[registration.pk]) in html
    assert reverse("evaluation:registration_mark_ready", args=[registration.pk]) not in html


def test_the_database_keeps_one_set_of_papers_per_referral(cast):
    """A re-evaluation's papers (the office's report) or a potential 5★'s (a provincial result and its approval),
    never neither nor a mix, whatever writes the row."""
    from django.db import IntegrityError, transaction

    registration = _reevaluation(cast, star=5)
    letter = {"registration": registration, "letter_number": "2150/UBND-KT", "letter_date": TODAY}
    for papers in ({}, {"report_number": "85/BC-SNNMT", "report_date": TODAY, "approval_number": "1/QĐ-UBND"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            CentralReferral.objects.create(**letter, **papers)
    CentralReferral.objects.create(**letter, report_number="85/BC-SNNMT", report_date=TODAY)
