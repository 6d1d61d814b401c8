from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus, DecisionStatus, IssuerLevel
from certificates.models import Certificate
from certificates.services.decisions import (
    decision_check,
    decision_correct,
    decision_create,
    decision_entry_remove,
    decision_issue,
)
from certificates.services.eligibility import eligible_results
from certificates.tests.factories import checker_for, issued_decision, result_for
from evaluation.choices import RegistrationStatus

pytestmark = pytest.mark.django_db


def test_a_correction_is_a_new_linked_decision_that_supersedes_with_the_same_validity(cast):
    result = result_for(cast.producer, name="Mắm tôm Hậu Lộc")
    original = issued_decision(
        province=cast.province,
        by=cast.province_officer,
        results=[result],
        number="10/QĐ-UBND",
        on=timezone.localdate() - timedelta(days=40),
    )
    old = original.certificates.get()
    product = result.registration.product
    product.name = "Mắm tôm Hậu Lộc Thanh Hoá"  # the typo being corrected
    product.save()

    correction = decision_correct(decision=original, by=cast.province_officer)
    assert correction.status == DecisionStatus.DRAFT and correction.corrects == original
    assert [e.product for e in correction.entries.all()] == [product]
    decision_check(decision=correction, by=checker_for(cast.province_officer))
    decision_issue(
        decision=correction, number="11/QĐ-UBND", date=timezone.localdate(), by=checker_for(cast.province_officer)
    )

    original.refresh_from_db()
    old.refresh_from_db()
    new = correction.certificates.get()
    assert original.status == DecisionStatus.ISSUED and original.number == "10/QĐ-UBND"  # untouched
    assert old.status == CertificateStatus.SUPERSEDED and old.superseded_by == new
    assert old.product_name == "Mắm tôm Hậu Lộc" and new.product_name == "Mắm tôm Hậu Lộc Thanh Hoá"
    assert new.valid_until == old.valid_until
    result.registration.refresh_from_db()
    assert result.registration.status == RegistrationStatus.DECIDED


def test_only_an_issued_decision_is_corrected_and_once_at_a_time(cast):
    draft = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer)],
    )
    with pytest.raises(ValidationError):
        decision_correct(decision=draft, by=cast.province_officer)
    issued = issued_decision(province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)])
    decision_correct(decision=issued, by=cast.province_officer)
    with pytest.raises(ValidationError):
        decision_correct(decision=issued, by=cast.province_officer)


def test_a_draft_line_can_be_removed_and_its_result_is_eligible_again(cast):
    keep, drop = result_for(cast.producer), result_for(cast.producer)
    draft = decision_create(
        by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[keep, drop]
    )
    decision_entry_remove(entry=draft.entries.get(result=drop), by=cast.province_officer)
    assert [e.result for e in draft.entries.all()] == [keep]
    assert drop in eligible_results(issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province)
    with pytest.raises(ValidationError):  # the last line stays
        decision_entry_remove(entry=draft.entries.get(), by=cast.province_officer)


def test_the_correct_view(login, cast):
    issued = issued_decision(province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)])
    url = reverse("certificates:decision_correct", args=[issued.pk])
    assert login(cast.viewer).post(url).status_code == 403
    assert login(cast.outsider).post(url).status_code == 404
    assert login(cast.province_officer).get(url).status_code == 405
    response = login(cast.province_officer).post(url)
    correction = issued.corrections.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "certificates:decision_detail", args=[correction.pk]
    )
    assert Certificate.objects.count() == 1
