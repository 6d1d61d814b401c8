from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone

from certificates.choices import CertificateStatus, DecisionStatus, IssuerLevel
from certificates.models import Certificate, DecisionEntry, RecognitionDecision
from certificates.services.decisions import (
    certificate_supersede,
    decision_check,
    decision_create,
    decision_issue,
)
from certificates.services.eligibility import eligible_results
from certificates.tests.factories import (
    CertificateFactory,
    CouncilResultFactory,
    RegistrationFactory,
    checker_for,
    issued_decision,
    result_for,
)
from evaluation.choices import Level, RegistrationStatus
from ocop.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db


def test_it_issues_one_certificate_per_annex_line_valid_36_months(cast, django_capture_on_commit_callbacks):
    results = [result_for(cast.producer, star=3), result_for(cast.producer, star=4)]
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(
            province=cast.province, by=cast.province_officer, results=results, on=date(2026, 8, 5)
        )
    assert decision.status == DecisionStatus.ISSUED and decision.number == "1427/QĐ-UBND"
    certificates = list(decision.certificates.order_by("number"))
    assert [c.star for c in sorted(certificates, key=lambda c: c.star)] == [3, 4]
    assert {c.valid_until for c in certificates} == {date(2029, 8, 5)}
    assert {c.status for c in certificates} == {CertificateStatus.VALID}
    assert [c.number for c in certificates] == ["90-2026-0001/GCN-OCOP", "90-2026-0002/GCN-OCOP"]
    assert all(c.pdf_sha256 and len(c.pdf_sha256) == 64 for c in Certificate.objects.all())
    for result in results:
        result.registration.refresh_from_db()
        assert result.registration.status == RegistrationStatus.DECIDED
        product = result.registration.product
        product.refresh_from_db()
        assert (product.status, product.current_star) == ("recognised", result.final_star)
    assert AuditEvent.objects.filter(action="decision.issue").count() == 1
    assert AuditEvent.objects.filter(action="registration.decide").count() == 2
    assert Notification.objects.filter(user=cast.producer_owner).count() == 2


def test_it_numbers_on_from_the_counter_across_decisions(cast):
    first = issued_decision(
        province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)], number="1/QĐ-UBND"
    )
    second = issued_decision(
        province=cast.province,
        by=cast.province_officer,
        results=[result_for(cast.producer), result_for(cast.producer)],
        number="2/QĐ-UBND",
    )
    numbers = [c.number for c in Certificate.objects.filter(decision__in=[first, second])]
    assert sorted(numbers) == [f"90-{timezone.localdate().year}-{i:04d}/GCN-OCOP" for i in (1, 2, 3)]


def test_it_refuses_a_duplicate_certificate_number_in_the_database(cast):
    product = result_for(cast.producer).registration.product
    CertificateFactory(product=product, number="X-1")
    with pytest.raises(IntegrityError):
        CertificateFactory(product=product, number="X-1")


def test_an_issued_decision_cannot_be_issued_again_or_sent_back(cast):
    decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)])
    with pytest.raises(ValidationError):
        decision_issue(
            decision=decision, number="9/QĐ-UBND", date=timezone.localdate(), by=checker_for(cast.province_officer)
        )
    with pytest.raises(ValidationError):
        decision_check(decision=decision, by=checker_for(cast.province_officer))
    decision.refresh_from_db()
    assert decision.number == "1427/QĐ-UBND" and decision.certificates.count() == 1


def test_it_issues_only_a_checked_decision(cast):
    decision = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer)],
    )
    with pytest.raises(ValidationError):
        decision_issue(
            decision=decision, number="5/QĐ-UBND", date=timezone.localdate(), by=checker_for(cast.province_officer)
        )
    assert not Certificate.objects.exists()


def test_it_refuses_a_number_the_issuer_already_used(cast):
    issued_decision(
        province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)], number="7/QĐ-UBND"
    )
    decision = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer)],
    )
    decision_check(decision=decision, by=checker_for(cast.province_officer))
    with pytest.raises(ValidationError) as exc:
        decision_issue(
            decision=decision, number="7/QĐ-UBND", date=timezone.localdate(), by=checker_for(cast.province_officer)
        )
    assert "number" in exc.value.error_dict
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CHECKED


def test_it_refuses_a_future_date(cast):
    decision = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer)],
    )
    decision_check(decision=decision, by=checker_for(cast.province_officer))
    with pytest.raises(ValidationError) as raised:
        decision_issue(
            decision=decision,
            number="8/QĐ-UBND",
            date=timezone.localdate() + timedelta(days=1),
            by=checker_for(cast.province_officer),  # the other officer: refused for its date, not four eyes
        )
    assert raised.value.message_dict == {
        "date": [f"Ngày quyết định không thể sau hôm nay ({timezone.localdate():%d/%m/%Y})."]
    }


def test_it_refuses_a_date_before_the_council_result(cast):
    """The certificate runs 36 months from the decision's date: dated years back, it would be issued spent."""
    result = result_for(cast.producer)
    decision = decision_create(
        by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[result]
    )
    decision_check(decision=decision, by=checker_for(cast.province_officer))
    evaluated_on = timezone.localdate(result.decided_at)
    with pytest.raises(ValidationError) as exc:
        decision_issue(
            decision=decision, number="8/QĐ-UBND", date=date(2020, 1, 1), by=checker_for(cast.province_officer)
        )
    assert f"({evaluated_on:%d/%m/%Y})" in exc.value.message_dict["date"][0]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CHECKED and not Certificate.objects.exists()
    decision_issue(decision=decision, number="8/QĐ-UBND", date=evaluated_on, by=checker_for(cast.province_officer))
    assert Certificate.objects.get().issued_on == evaluated_on


def test_eligible_results_follow_the_star_and_level_rules(cast):
    three = result_for(cast.producer, star=3)
    four = result_for(cast.producer, star=4)
    two = result_for(cast.producer, star=3)
    two.final_star = 2
    two.save()
    eliminated = result_for(cast.producer, star=4, eliminated=True)
    potential = result_for(cast.producer, star=4, potential_five=True)
    central_five = result_for(cast.producer, star=5, level=Level.CENTRAL)
    central_four = result_for(cast.producer, star=4, level=Level.CENTRAL)
    far = result_for(cast.other_producer_org, star=4)
    province = set(eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province))
    assert province == {three, four, central_four}
    assert not {two, eliminated, potential, central_five, far} & province
    assert set(eligible_results(issuer_level=IssuerLevel.MINISTRY, issuer_unit=None)) == {central_five}


def test_the_annex_lists_the_products_in_vietnamese_order(cast):
    """The annex of a decision, an official document, was in code-point order: Đậu phộng rang after Yến sào."""
    results = [result_for(cast.producer, name=name) for name in ("Yến sào", "Đậu phộng rang", "Dầu lạc", "Bánh chưng")]
    decision = decision_create(
        by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=results
    )
    annex = [entry.product.name for entry in decision.entries.order_by("order")]
    assert annex == ["Bánh chưng", "Dầu lạc", "Đậu phộng rang", "Yến sào"]


def test_a_result_on_a_decision_is_no_longer_eligible(cast):
    result = result_for(cast.producer)
    decision_create(
        by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[result]
    )
    assert result not in eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)
    with pytest.raises(ValidationError):
        decision_create(
            by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[result]
        )
    assert DecisionEntry.objects.count() == 1


def test_a_province_officer_cannot_draft_for_another_province_or_the_ministry(cast):
    result = result_for(cast.producer)
    with pytest.raises(PermissionDenied):
        decision_create(
            by=cast.outsider, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[result]
        )
    with pytest.raises(PermissionDenied):
        decision_create(by=cast.province_officer, issuer_level=IssuerLevel.MINISTRY, issuer_unit=None, results=[result])
    with pytest.raises(PermissionDenied):
        decision_create(by=cast.viewer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[result])
    assert not RecognitionDecision.objects.exists()


def test_the_ministry_issues_five_stars(cast):
    result = result_for(cast.producer, star=5, level=Level.CENTRAL)
    decision = issued_decision(
        province=None, by=cast.central_officer, results=[result], number="55/QĐ-BNNMT", level=IssuerLevel.MINISTRY
    )
    certificate = decision.certificates.get()
    assert certificate.star == 5 and decision.issuer_name == "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    assert certificate.number.startswith("TW-")


def test_a_new_certificate_supersedes_the_products_live_one(cast):
    result = result_for(cast.producer, star=3)
    product = result.registration.product
    old = CertificateFactory(product=product, decision__date=date(2024, 1, 10), star=3)
    CouncilResultFactory(registration=RegistrationFactory(product=product), final_star=4, band_star=4)
    result.registration.status = RegistrationStatus.DECIDED
    result.registration.save()
    issued_decision(
        province=cast.province,
        by=cast.province_officer,
        results=list(eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)),
    )
    old.refresh_from_db()
    new = Certificate.objects.exclude(pk=old.pk).get(product=product)
    assert old.status == CertificateStatus.SUPERSEDED and old.superseded_by == new
    assert new.status == CertificateStatus.VALID and new.star == 4


def test_supersede_leaves_a_revoked_certificate_alone(cast):
    product = result_for(cast.producer).registration.product
    old = CertificateFactory(product=product, status=CertificateStatus.REVOKED)
    new = CertificateFactory(product=product)
    assert certificate_supersede(old=old, new=new, by=cast.province_officer) is False
    old.refresh_from_db()
    assert old.status == CertificateStatus.REVOKED and old.superseded_by is None


def test_the_address_names_commune_and_province_once(cast):
    producer = cast.producer
    producer.address = ""
    # The units as a sentence writes them (Nghị định 30/2020): "Địa chỉ: xã Hoà An, tỉnh Thử Nghiệm".
    assert producer.full_address == "xã Hoà An, tỉnh Thử Nghiệm"
    cast.commune.full_name = "Xã Hoà An, Tỉnh Thử Nghiệm"
    assert producer.full_address == "xã Hoà An, tỉnh Thử Nghiệm"
    producer.address = "Thôn Nà Làng"
    assert producer.full_address == "Thôn Nà Làng, xã Hoà An, tỉnh Thử Nghiệm"
    producer.address = "Thôn Nà Làng, xã Hoà An, tỉnh Thử Nghiệm"  # already complete: printed as written
    assert producer.full_address == "Thôn Nà Làng, xã Hoà An, tỉnh Thử Nghiệm"


def test_a_retried_notice_of_issue_leaves_one_in_app_notice(cast, mail_refused_once, mailoutbox):
    """The producer's in-app notice is written, then the e-mail sent; when the mail server refused it (OSError, which
    the task retries), every retry wrote the in-app notice again: up to six of the same. One notice, and the
    e-mail once the retry gets through."""
    from certificates.tasks.decisions import certificate_notify_issued_task

    decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)])
    certificate = decision.certificates.get()
    certificate_notify_issued_task.apply(args=[certificate.pk], throw=False)  # in-process, the retry runs at once
    assert len(mail_refused_once) == 2 and len(mailoutbox) == 1
    assert Notification.objects.filter(user=cast.producer_owner).count() == 1
