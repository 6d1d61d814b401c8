"""A certificate's history reads as its officers would write it: the PDF's print count (internal) is not shown
(it read "version: 1"), a revocation names its proposer (it read "Người đề nghị: 4") and labels its number and date
as the revoking decision's (the number read "Quyết định công nhận", the date was missing)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from certificates.choices import RevocationGround
from certificates.services.certificates import certificate_render_pdf
from certificates.services.revocations import certificate_revoke, certificate_revoke_propose
from certificates.tests.factories import CertificateFactory, DecisionFactory, checker_for
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _history(client, certificate) -> str:
    response = client.get(reverse("certificates:certificate_detail", args=[certificate.pk]))
    assert response.status_code == 200
    return response.content.decode().split('data-testid="audit-history"')[1]


@pytest.fixture
def certificate(cast):
    return CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        decision=DecisionFactory(date=timezone.localdate() - datetime.timedelta(days=100)),
    )


def test_the_pdf_row_keeps_its_print_count_to_itself(cast, login, certificate):
    certificate_render_pdf(certificate_id=certificate.pk, by=cast.province_officer)
    section = _history(login(cast.province_officer), certificate)
    assert "<strong>Tạo bản PDF</strong>" in section
    assert "version" not in section and "Lần in" not in section


def test_a_revocation_names_its_proposer_and_its_decision(cast, login, certificate):
    proposer = cast.province_officer
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3), tick=True):  # proposed on 29/11/2026
        certificate_revoke_propose(
            certificate=certificate,
            by=proposer,
            ground=RevocationGround.STOPPED_PRODUCTION,
            detail="Ngừng sản xuất",
            commune_confirmed_on=certificate.issued_on,  # đ rests on the commune's confirmation (Điều 8.4)
        )
    certificate_revoke(
        certificate=certificate,
        by=checker_for(proposer),
        decision_number="88/QĐ-UBND",
        decision_date=datetime.date(2026, 11, 30),
    )
    section = _history(login(proposer), certificate)
    revoked = section.split("<strong>Thu hồi giấy chứng nhận</strong>")[1].split("</li>\n")[0]
    assert f"<li>Người đề nghị: {proposer.get_full_name()}</li>" in revoked
    assert f"Người đề nghị: {proposer.pk}<" not in section
    assert "<li>Số quyết định thu hồi: 88/QĐ-UBND</li>" in revoked
    assert "<li>Ngày quyết định thu hồi: 30/11/2026</li>" in revoked
    assert "Quyết định công nhận" not in revoked


def test_a_revocation_recorded_before_the_date_was_kept_still_labels_its_number(cast, login, certificate):
    """Rows written before 12/2026 named the revoking decision's number "decision"."""
    from ocop.services import audit_record

    audit_record(
        actor=cast.province_officer,
        action="certificate.revoke",
        target=certificate,
        changes={"decision": "77/QĐ-UBND", "proposed_by": cast.province_officer.pk},
    )
    section = _history(login(cast.province_officer), certificate)
    assert "<li>Số quyết định thu hồi: 77/QĐ-UBND</li>" in section
    assert f"<li>Người đề nghị: {cast.province_officer.get_full_name()}</li>" in section
