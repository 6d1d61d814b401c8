"""D26 Điều 7.3e, 6.3a: a potential 5★ (a provincial result of 90 or more) goes to the ministry by the Chủ tịch UBND
tỉnh's decision approving the result and the province's letter asking the ministry to evaluate it; the province's
OCOP office records both, and only then does the ministry have the dossier."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CentralReferral, CouncilResult, Registration
from evaluation.services.workflow import TransitionRefused
from evaluation.tests.factories import (
    central_session,
    exe_renamed,
    pdf_upload,
    potential_five,
    refer_central,
    stored_files,
)
from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)  # the tests' pinned day


def _evaluated_on(s, day: dt.date):
    """The council took its result on `day` (the province approves and writes afterwards)."""
    at = dt.datetime.combine(day, dt.time(9), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    CouncilResult.objects.filter(registration=s.registration).update(decided_at=at)


def test_the_ministry_does_not_have_the_dossier_until_the_province_has_approved_and_written(cast):
    s = potential_five(cast)
    with pytest.raises(ValidationError, match="chưa sẵn sàng"):
        central_session(cast, s)  # the central council cannot put it on its agenda yet


def test_it_records_the_approval_and_the_letter_and_sends_the_dossier_to_the_ministry(cast, private_media):
    s = potential_five(cast)
    _evaluated_on(s, dt.date(2026, 11, 20))
    registration = refer_central(
        s.registration,
        cast.province_officer,
        approval_number=" 1520/QĐ-UBND ",
        approval_date=dt.date(2026, 11, 25),
        letter_number="2150/UBND-KT",
        letter_date=dt.date(2026, 11, 27),
        signed_file=pdf_upload("cong-van.pdf"),
    )
    assert registration.status == S.FORWARDED_TO_CENTRAL
    referral = CentralReferral.objects.get()
    assert (referral.registration, referral.result) == (registration, CouncilResult.objects.get())
    assert (referral.approval_number, referral.approval_date) == ("1520/QĐ-UBND", dt.date(2026, 11, 25))
    assert (referral.letter_number, referral.letter_date) == ("2150/UBND-KT", dt.date(2026, 11, 27))
    assert referral.recorded_by == cast.province_officer and referral.signed_file.read().startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="registration.refer_to_central")
    assert event.actor == cast.province_officer and event.changes == {
        "status": [S.PROVINCE_APPROVAL, S.FORWARDED_TO_CENTRAL],
        "approval_number": "1520/QĐ-UBND",
        "approval_date": "2026-11-25",
        "letter_number": "2150/UBND-KT",
        "letter_date": "2026-11-27",
        "signed_file_sha256": referral.signed_file_sha256,  # the file as uploaded (test_central_referral_sha256)
    }
    # A first evaluation has no 45 days to run; the central council now takes the dossier on its agenda.
    assert registration.reevaluation_due_on is None
    item, _members = central_session(cast, SimpleNamespace(registration=registration))
    assert item.registration_id == registration.pk


def test_the_ministrys_45_days_of_a_re_evaluation_run_from_the_letter(cast):
    s = potential_five(cast)
    Registration.objects.filter(pk=s.registration.pk).update(
        kind=K.REEVALUATION, reevaluation_due_on=dt.date(2026, 12, 20)
    )
    s.registration.refresh_from_db()
    _evaluated_on(s, dt.date(2026, 11, 20))
    registration = refer_central(
        s.registration, cast.province_officer, approval_date=dt.date(2026, 11, 24), letter_date=dt.date(2026, 11, 26)
    )
    assert registration.reevaluation_due_on == dt.date(2026, 11, 26) + dt.timedelta(days=45)


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"approval_number": "abc", "letter_number": "2150 UBND-KT"},
            {
                "approval_number": ["Số quyết định phải có dạng số/ký hiệu, ví dụ 1427/QĐ-UBND."],
                "letter_number": ["Số văn bản phải có dạng số/ký hiệu, ví dụ 2150/UBND-KT."],
            },
        ),
        (
            {"approval_number": " ", "letter_number": ""},
            {
                "approval_number": ["Nhập số quyết định phê duyệt kết quả."],
                "letter_number": ["Nhập số văn bản gửi Bộ."],
            },
        ),
        (
            {"approval_date": TODAY + dt.timedelta(days=1), "letter_date": TODAY + dt.timedelta(days=2)},
            {
                "approval_date": ["Ngày quyết định không thể sau hôm nay (02/12/2026)."],
                "letter_date": ["Ngày văn bản không thể sau hôm nay (02/12/2026)."],
            },
        ),
        (
            {"approval_date": TODAY - dt.timedelta(days=1), "letter_date": TODAY - dt.timedelta(days=1)},
            {
                "approval_date": [
                    "Ngày phê duyệt không thể trước ngày Hội đồng cấp tỉnh có kết quả đánh giá (02/12/2026)."
                ]
            },
        ),
    ],
)
def test_it_refuses_bad_numbers_and_dates_next_to_their_fields_and_writes_nothing(cast, fields, errors):
    s = potential_five(cast)
    with pytest.raises(ValidationError) as raised:
        refer_central(s.registration, cast.province_officer, **fields)
    assert raised.value.message_dict == errors
    s.registration.refresh_from_db()
    assert s.registration.status == S.PROVINCE_APPROVAL
    assert not CentralReferral.objects.exists()
    assert not AuditEvent.objects.filter(action="registration.refer_to_central").exists()


def test_the_letter_is_not_before_the_approval(cast):
    s = potential_five(cast)
    _evaluated_on(s, dt.date(2026, 11, 20))
    with pytest.raises(ValidationError) as raised:
        refer_central(
            s.registration,
            cast.province_officer,
            approval_date=dt.date(2026, 11, 25),
            letter_date=dt.date(2026, 11, 24),
        )
    assert raised.value.message_dict == {
        "letter_date": ["Văn bản gửi Bộ không thể trước ngày quyết định phê duyệt kết quả (25/11/2026)."]
    }


def test_the_signed_file_must_be_a_pdf(cast, private_media):
    s = potential_five(cast)
    with pytest.raises(ValidationError) as raised:
        refer_central(s.registration, cast.province_officer, signed_file=exe_renamed("cong-van.pdf"))
    assert list(raised.value.message_dict) == ["signed_file"]
    assert stored_files(private_media) == [] and not CentralReferral.objects.exists()


def test_a_second_sending_changes_nothing(cast):
    s = potential_five(cast)
    stale = Registration.objects.get(pk=s.registration.pk)  # a second tab, opened before the first sending
    refer_central(s.registration, cast.province_officer)
    # The compare-and-swap finds it moved by the officer's own first sending, with another letter: said so, not blamed on
    # someone else.
    with pytest.raises(TransitionRefused, match="Bạn đã thực hiện việc này lúc .* với nội dung khác"):
        refer_central(stale, cast.province_officer, letter_number="2151/UBND-KT")
    with pytest.raises(TransitionRefused, match="Đã chuyển trung ương"):  # sent again from the dossier as it is now
        refer_central(Registration.objects.get(pk=s.registration.pk), cast.province_officer)
    assert CentralReferral.objects.get().letter_number == "2150/UBND-KT"
    assert AuditEvent.objects.filter(action="registration.refer_to_central").count() == 1


@pytest.mark.parametrize("role", ["central_officer", "commune_officer", "council_chair", "producer_owner", "viewer"])
def test_only_the_provinces_office_records_it(cast, role):
    """The ministry receives the province's letter; it does not write it for the province."""
    s = potential_five(cast)
    with pytest.raises(PermissionDenied):
        refer_central(s.registration, getattr(cast, role))
    s.registration.refresh_from_db()
    assert s.registration.status == S.PROVINCE_APPROVAL
