"""A correcting decision (quyết định đính chính) fixes the text of certificates still in force. It was allowed whatever
had become of the certificates the corrected decision issued: a product whose certificate had been stored expired,
revoked or superseded got a brand-new certificate with a fresh 36 months from the correction's date (issuing found no
live certificate to keep the validity of), and one whose last day was yesterday, still stored live before the night's
sweep, got a certificate whose last day was yesterday (refused by the database's date check, or issued expired).

Now the draft copies only the lines whose product still holds, live today, the certificate the corrected decision
issued (and whose last day comes after the correction's date: the new certificate keeps it); with none, the correction
is refused, naming each product and why. Issuing re-checks each line in its transaction: a certificate ended since the
draft refuses the whole issue, naming the product, and nothing is written.

The suite's pinned day is 02/12/2026, 10:00 (+07)."""

import datetime
import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.choices import DecisionStatus
from certificates.models import Certificate
from certificates.services.decisions import (
    decision_check,
    decision_correct,
    decision_entry_remove,
    decision_issue,
    decision_return_to_draft,
)
from certificates.tests.factories import (
    checker_for,
    issued_decision,
    make_registration,
    result_for,
    revoke_with_four_eyes,
)
from evaluation.choices import RegistrationKind
from evaluation.tests.factories import CouncilResultFactory, RegistrationFactory
from ocop.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)
YESTERDAY = TODAY - timedelta(days=1)
# The ways a certificate stops certifying its product; "expired_overnight": its last day was yesterday and the 00:30
# sweep has not run (or missed the night), so it is still stored live.
ENDINGS = ["expired", "expired_overnight", "revoked", "superseded"]
NUMBERS = itertools.count(20)
ENDED_STATUS = {"expired": S.EXPIRED, "expired_overnight": S.VALID, "revoked": S.REVOKED, "superseded": S.SUPERSEDED}


@pytest.fixture
def original(cast):
    """Decision 10/QĐ-UBND of 23/10/2026 over two products: “Mắm tôm Hậu Lộc”, whose certificate the tests end, and
    “Chè Shan tuyết Mộc Châu”, whose certificate stays in force."""
    assert timezone.localdate() == TODAY
    results = [
        result_for(cast.producer, name="Chè Shan tuyết Mộc Châu"),
        result_for(cast.producer, name="Mắm tôm Hậu Lộc"),
    ]
    return issued_decision(
        province=cast.province, by=cast.province_officer, results=results, number="10/QĐ-UBND", on=TODAY - timedelta(40)
    )


def certificate_of(decision, name: str) -> Certificate:
    return decision.certificates.get(product__name=name)


def end(cast, certificate: Certificate, how: str) -> None:
    if how == "expired":  # its last day passed and the night's sweep stored it expired
        Certificate.objects.filter(pk=certificate.pk).update(valid_until=TODAY - timedelta(10), status=S.EXPIRED)
    elif how == "expired_overnight":
        Certificate.objects.filter(pk=certificate.pk).update(valid_until=YESTERDAY)
    elif how == "revoked":
        revoke_with_four_eyes(certificate=certificate, by=cast.province_officer)
    elif how == "superseded":  # the product was re-evaluated and a newer decision recognised it
        registration = RegistrationFactory(product=certificate.product, kind=RegistrationKind.REEVALUATION)
        result = CouncilResultFactory(registration=registration)
        issued_decision(
            province=cast.province, by=cast.province_officer, results=[result], number=f"{next(NUMBERS)}/QĐ-UBND"
        )
    certificate.refresh_from_db()
    assert certificate.status == ENDED_STATUS[how]
    assert not certificate.is_live_on(TODAY)


def check_and_issue(cast, correction, *, on: datetime.date = TODAY):
    checker = checker_for(cast.province_officer)
    if correction.status == DecisionStatus.DRAFT:
        decision_check(decision=correction, by=checker)
    return decision_issue(decision=correction, number="11/QĐ-UBND", date=on, by=checker)


@pytest.mark.parametrize("how", ENDINGS)
def test_a_correction_leaves_out_a_product_whose_certificate_is_no_longer_in_force(cast, original, how):
    kept, ended = certificate_of(original, "Chè Shan tuyết Mộc Châu"), certificate_of(original, "Mắm tôm Hậu Lộc")
    end(cast, ended, how)

    correction = decision_correct(decision=original, by=cast.province_officer)
    assert [e.product for e in correction.entries.all()] == [kept.product]  # before: both lines were copied
    check_and_issue(cast, correction)

    new = correction.certificates.get()
    assert (new.product, new.valid_until) == (kept.product, kept.valid_until)
    assert not Certificate.objects.filter(product=ended.product, issued_on=TODAY, decision=correction).exists()
    ended.refresh_from_db()
    assert (ended.status, ended.superseded_by_id is None or how == "superseded") == (ENDED_STATUS[how], True)
    event = AuditEvent.objects.get(action="decision.correct")
    assert event.changes["left_out"] == ["Mắm tôm Hậu Lộc"]


@pytest.mark.parametrize("how", ENDINGS)
def test_a_correction_with_no_certificate_left_in_force_is_refused_naming_each_product(cast, original, how):
    for certificate in original.certificates.all():
        end(cast, certificate, how)

    with pytest.raises(ValidationError) as refused:
        decision_correct(decision=original, by=cast.province_officer)

    message = " ".join(refused.value.messages)
    for certificate in original.certificates.all():
        assert f"“{certificate.product.name}”" in message and certificate.number in message, message
    assert "đánh giá lại" in message
    assert not original.corrections.exists()


def test_each_reason_reads_as_what_became_of_the_certificate(cast, original):
    tea, shrimp = certificate_of(original, "Chè Shan tuyết Mộc Châu"), certificate_of(original, "Mắm tôm Hậu Lộc")
    end(cast, tea, "superseded")
    end(cast, shrimp, "revoked")
    with pytest.raises(ValidationError) as refused:
        decision_correct(decision=original, by=cast.province_officer)
    message = " ".join(refused.value.messages)
    successor = Certificate.objects.get(product=tea.product, status=S.VALID)
    assert f"giấy chứng nhận số {tea.number} đã được thay bằng giấy chứng nhận số {successor.number}" in message
    assert f"giấy chứng nhận số {shrimp.number} đã bị thu hồi" in message


def test_a_stored_expired_certificate_is_not_brought_back_with_a_fresh_validity(cast):
    """The defect as an officer met it: the product's only line, expired and stored so by the sweep; the correction
    gave it a new certificate valid 36 months from the correction's date."""
    result = result_for(cast.producer, name="Mắm tôm Hậu Lộc")
    original = issued_decision(
        province=cast.province, by=cast.province_officer, results=[result], on=datetime.date(2023, 11, 20)
    )
    old = original.certificates.get()
    end(cast, old, "expired")
    with pytest.raises(ValidationError):
        decision_correct(decision=original, by=cast.province_officer)
    assert Certificate.objects.filter(product=old.product).count() == 1


@pytest.mark.parametrize("how", ENDINGS)
def test_issuing_refuses_a_line_whose_certificate_ended_since_the_draft_and_writes_nothing(cast, original, how):
    kept, ended = certificate_of(original, "Chè Shan tuyết Mộc Châu"), certificate_of(original, "Mắm tôm Hậu Lộc")
    correction = decision_correct(decision=original, by=cast.province_officer)
    decision_check(decision=correction, by=checker_for(cast.province_officer))
    end(cast, ended, how)
    certificates_before = Certificate.objects.count()

    with pytest.raises(ValidationError) as refused:
        check_and_issue(cast, correction)

    message = " ".join(refused.value.messages)
    assert "“Mắm tôm Hậu Lộc”" in message and ended.number in message, message
    assert "Chè Shan tuyết Mộc Châu" not in message
    assert "bỏ" in message and "phụ lục" in message  # what to do: take the line out of the annex
    correction.refresh_from_db()
    assert (correction.status, correction.number, correction.date) == (DecisionStatus.CHECKED, "", None)
    assert Certificate.objects.count() == certificates_before
    kept.refresh_from_db()
    assert (kept.status, kept.superseded_by) == (S.VALID, None)
    assert not AuditEvent.objects.filter(action="decision.issue", target_id=str(correction.pk)).exists()


def test_once_the_line_is_taken_out_the_correction_issues_with_the_kept_validity(cast, original):
    kept, ended = certificate_of(original, "Chè Shan tuyết Mộc Châu"), certificate_of(original, "Mắm tôm Hậu Lộc")
    correction = decision_correct(decision=original, by=cast.province_officer)
    decision_check(decision=correction, by=checker_for(cast.province_officer))
    end(cast, ended, "revoked")
    with pytest.raises(ValidationError):
        check_and_issue(cast, correction)

    decision_return_to_draft(decision=correction, by=cast.province_officer)
    decision_entry_remove(entry=correction.entries.get(product=ended.product), by=cast.province_officer)
    check_and_issue(cast, correction)

    new = correction.certificates.get()
    kept.refresh_from_db()
    assert (kept.status, kept.superseded_by) == (S.SUPERSEDED, new)
    assert (new.product, new.valid_until, new.status) == (kept.product, kept.valid_until, S.VALID)


def test_drafted_before_its_last_day_and_issued_the_morning_after_before_the_sweep(cast, time_machine):
    """Its last day is 01/12/2026: on 30/11 the certificate is in force and the correction is drafted and checked. The
    morning after its last day, before the 00:30 sweep has stored it expired, the correction is issued: it would have
    given the product a certificate whose last day was the day before its issue (refused by the database's date
    check, with the constraint's English name as the officer's only explanation)."""
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.timezone(timedelta(hours=7))))
    result = result_for(cast.producer, name="Mắm tôm Hậu Lộc")
    original = issued_decision(
        province=cast.province, by=cast.province_officer, results=[result], on=datetime.date(2023, 12, 1)
    )
    old = original.certificates.get()
    assert old.valid_until == YESTERDAY and old.is_live_on(YESTERDAY)
    correction = decision_correct(decision=original, by=cast.province_officer)
    decision_check(decision=correction, by=checker_for(cast.province_officer))

    time_machine.move_to(datetime.datetime(2026, 12, 2, 0, 10, tzinfo=datetime.timezone(timedelta(hours=7))))
    with pytest.raises(ValidationError) as refused:
        check_and_issue(cast, correction, on=TODAY)
    message = " ".join(refused.value.messages)
    assert "“Mắm tôm Hậu Lộc”" in message and "đã hết hạn" in message, message
    correction.refresh_from_db()
    assert correction.status == DecisionStatus.CHECKED and not correction.certificates.exists()
    old.refresh_from_db()
    assert old.status == S.VALID  # untouched: the sweep stores it expired


def test_a_certificate_in_its_extension_is_left_out(cast, original):
    """Past its last day with its re-evaluation filed in time and pending, a certificate is extended (Điều 12.3) and
    still certifies the product; a correction cannot keep a last day already passed (the new certificate would end
    before it begins): the re-evaluation's decision issues the product's next certificate."""
    kept, extended = certificate_of(original, "Chè Shan tuyết Mộc Châu"), certificate_of(original, "Mắm tôm Hậu Lộc")
    Certificate.objects.filter(pk=extended.pk).update(valid_until=YESTERDAY)
    make_registration(extended.product, kind="reevaluation", status="returned")
    extended.refresh_from_db()
    assert extended.effective_status(TODAY) == S.EXTENDED

    correction = decision_correct(decision=original, by=cast.province_officer)
    assert [e.product for e in correction.entries.all()] == [kept.product]
    event = AuditEvent.objects.get(action="decision.correct")
    assert event.changes["left_out"] == ["Mắm tôm Hậu Lộc"]


def test_a_correction_dated_on_or_after_the_last_day_is_refused(cast, original):
    """A certificate whose last day is today is in force and is copied into the draft only if the correction can
    still end it after its own date; issued today it would end the day it begins."""
    ending = certificate_of(original, "Mắm tôm Hậu Lộc")
    correction = decision_correct(decision=original, by=cast.province_officer)
    Certificate.objects.filter(pk=ending.pk).update(valid_until=TODAY)
    with pytest.raises(ValidationError) as refused:
        check_and_issue(cast, correction, on=TODAY)
    assert "“Mắm tôm Hậu Lộc”" in " ".join(refused.value.messages)
    assert not correction.certificates.exists()
    # Dated yesterday, the day the correction was signed, it keeps today as the last day.
    check_and_issue(cast, correction, on=YESTERDAY)
    assert correction.certificates.get(product=ending.product).valid_until == TODAY


def test_an_ordinary_decision_is_not_checked_against_the_products_earlier_certificates(cast, original):
    """Nothing changes for a decision that corrects nothing: a re-evaluation's decision over a product whose
    certificate was revoked issues its 36 months."""
    ended = certificate_of(original, "Mắm tôm Hậu Lộc")
    end(cast, ended, "revoked")
    registration = RegistrationFactory(product=ended.product, kind=RegistrationKind.REEVALUATION)
    result = CouncilResultFactory(registration=registration)
    decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result], number="30/QĐ-UBND")
    assert decision.certificates.get().valid_until == datetime.date(2029, 12, 2)
