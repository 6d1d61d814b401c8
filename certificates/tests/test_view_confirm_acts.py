"""Issuing a decision and revoking a certificate ask first (issue 12 item 14): the form's POST shows what will
happen, with what was typed, and changes nothing; "Quay lại sửa" returns to the form; the confirmation acts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus, DecisionStatus, IssuerLevel
from certificates.services.decisions import decision_check, decision_create
from certificates.services.revocations import certificate_revoke_propose
from certificates.tests.factories import CertificateFactory, DecisionFactory, agency_conclusion, checker_for, result_for
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(cast):
    draft = decision_create(
        by=cast.province_officer,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_unit=cast.province,
        results=[result_for(cast.producer, name="Gạo ST25 Sóc Trăng")],
    )
    decision_check(decision=draft, by=checker_for(cast.province_officer))  # four eyes: not the drafter
    return draft


@pytest.fixture
def certificate(cast):
    return CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        decision=DecisionFactory(date=timezone.localdate() - timedelta(days=100)),
    )


def test_it_asks_before_issuing_a_decision_then_issues(login, cast, checked, django_capture_on_commit_callbacks):
    client = login(checker_for(cast.province_officer))  # four eyes: the drafter may not issue
    url = reverse("certificates:decision_issue", args=[checked.pk])
    today = timezone.localdate().strftime("%d/%m/%Y")
    page = client.post(url, {"number": "1427/QĐ-UBND", "date": today})
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="confirm-step"' in body
    assert f"Quyết định số 1427/QĐ-UBND ngày {today} công nhận 1 sản phẩm" in body
    checked.refresh_from_db()
    assert checked.status == DecisionStatus.CHECKED
    back = client.post(url, {"number": "1427/QĐ-UBND", "date": today, "back": "1"})
    assert back.status_code == 200 and 'value="1427/QĐ-UBND"' in back.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"number": "1427/QĐ-UBND", "date": today, "confirmed": "1"})
    assert done.status_code == 302
    checked.refresh_from_db()
    assert checked.status == DecisionStatus.ISSUED and checked.number == "1427/QĐ-UBND"


def test_it_asks_before_revoking_a_certificate_then_revokes(login, cast, certificate):
    # Four eyes: one officer proposed; another issues the decision, after the confirmation step.
    certificate_revoke_propose(
        certificate=certificate,
        ground="a",
        detail="Kết luận thanh tra",
        by=cast.province_officer,
        **agency_conclusion(certificate),
    )
    client = login(checker_for(cast.province_officer))
    url = reverse("certificates:certificate_revoke", args=[certificate.pk])
    today = timezone.localdate().strftime("%d/%m/%Y")
    data = {"decision_number": "1/QĐ-UBND", "decision_date": today}
    page = client.post(url, data)
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="confirm-step"' in body
    assert "Trang xác minh công khai" in body and "Kết luận thanh tra" in body and "1/QĐ-UBND" in body
    certificate.refresh_from_db()
    assert certificate.status != CertificateStatus.REVOKED
    back = client.post(url, {**data, "back": "1"})
    assert back.status_code == 200 and 'value="1/QĐ-UBND"' in back.content.decode()
    assert 'data-testid="confirm-step"' not in back.content.decode()
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED


@pytest.mark.parametrize("who,code", [("viewer", 403), ("outsider", 404), ("producer_owner", 403)])
def test_only_the_officer_reaches_the_confirmation(login, cast, certificate, who, code):
    certificate_revoke_propose(
        certificate=certificate, ground="a", by=cast.province_officer, **agency_conclusion(certificate)
    )
    today = timezone.localdate().strftime("%d/%m/%Y")
    url = reverse("certificates:certificate_revoke", args=[certificate.pk])
    response = login(getattr(cast, who)).post(
        url, {"ground": "a", "decision_number": "1/QĐ-UBND", "decision_date": today}
    )
    assert response.status_code == code
