"""The revoking decision answers the OCOP office's submission (tờ trình, Điều 8.3a: the office verifies, reports and
submits): its preamble ends "Theo đề nghị của cơ quan tham mưu quản lý OCOP tại Tờ trình số … ngày …", as Vietnamese
administrative decisions cite it. The officer who issues it records the submission's number and date from the signed
paper (optional: without it, the preamble names the office alone), checked with the decision's own fields, all at once:
a tờ trình's number (…/TTr-…), both or neither, dated not after today, not before the finding the revocation rests on,
not after the decision."""

import subprocess
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates import pdf as certificate_pdf
from certificates.choices import CertificateStatus, RevocationStatus
from certificates.models import Revocation
from certificates.selectors.revocations import revocation_of
from certificates.services.revocations import certificate_revoke, certificate_revoke_propose
from certificates.tests.factories import CertificateFactory, DecisionFactory, checker_for
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

PROPOSAL = "Theo đề nghị của cơ quan tham mưu quản lý OCOP"


@pytest.fixture
def certificate(cast):
    return CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        decision=DecisionFactory(date=timezone.localdate() - timedelta(days=100)),
    )


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def proposal(cast, certificate):
    """A proposal on the OCOP office's inspection concluded 10 days ago (its finding's day)."""
    return certificate_revoke_propose(
        certificate=certificate,
        ground="b",
        detail="Không còn đáp ứng tiêu chí 1.5.",
        by=cast.province_officer,
        inspection_concluded_on=days_ago(10),
    )


def _text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


def _paper(certificate) -> str:
    return _text(certificate_pdf.render_revocation_pdf(revocation=revocation_of(certificate)))


def _revoke(certificate, cast, **kw):
    return certificate_revoke(
        certificate=certificate,
        decision_number="88/QĐ-UBND",
        decision_date=timezone.localdate(),
        by=checker_for(cast.province_officer),
        **kw,
    )


def test_the_decision_cites_the_submission_it_answers(cast, certificate, proposal):
    revocation = _revoke(certificate, cast, submission_number=" 12/TTr-SNNMT ", submission_date=days_ago(3))
    assert (revocation.submission_number, revocation.submission_date) == ("12/TTr-SNNMT", days_ago(3))
    text = _paper(certificate)
    assert f"{PROPOSAL} tại Tờ trình số 12/TTr-SNNMT ngày {days_ago(3):%d/%m/%Y}. QUYẾT ĐỊNH:" in text


def test_without_a_submission_the_preamble_names_the_office_alone(cast, certificate, proposal):
    revocation = _revoke(certificate, cast)
    assert (revocation.submission_number, revocation.submission_date) == ("", None)
    text = _paper(certificate)
    assert f"{PROPOSAL}. QUYẾT ĐỊNH:" in text and "Tờ trình" not in text


@pytest.mark.parametrize(
    "typed,errors",
    [
        (
            {"submission_number": "12/KL-SNNMT", "submission_date": 3},
            {"submission_number": ["Số tờ trình phải có dạng số/TTr-ký hiệu, ví dụ 12/TTr-SNNMT."]},
        ),
        (
            {"submission_number": "Tờ trình 12", "submission_date": 3},
            {"submission_number": ["Số tờ trình phải có dạng số/TTr-ký hiệu, ví dụ 12/TTr-SNNMT."]},
        ),
        ({"submission_number": "12/TTr-SNNMT"}, {"submission_date": ["Ghi ngày tờ trình (đã ghi số tờ trình)."]}),
        ({"submission_date": 3}, {"submission_number": ["Ghi số tờ trình (đã ghi ngày tờ trình)."]}),
        (
            {"submission_number": "12/TTr-SNNMT", "submission_date": -1},
            {"submission_date": ["Ngày tờ trình không thể sau hôm nay ({today})."]},
        ),
        (
            {"submission_number": "12/TTr-SNNMT", "submission_date": 11},
            {
                "submission_date": [
                    "Ngày tờ trình không thể trước ngày kết luận hoặc xác nhận làm căn cứ thu hồi ({finding})."
                ]
            },
        ),
    ],
)
def test_a_wrong_submission_is_refused_beside_its_field_and_nothing_is_written(
    cast, certificate, proposal, typed, errors
):
    if "submission_date" in typed:
        typed = {**typed, "submission_date": days_ago(typed["submission_date"])}
    with pytest.raises(ValidationError) as info:
        _revoke(certificate, cast, **typed)
    days = {"today": f"{timezone.localdate():%d/%m/%Y}", "finding": f"{days_ago(10):%d/%m/%Y}"}
    assert info.value.message_dict == {field: [m.format(**days) for m in ms] for field, ms in errors.items()}
    assert Revocation.objects.get().status == RevocationStatus.PROPOSED
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_the_submission_comes_before_the_decision_that_answers_it(cast, certificate):
    with time_machine.travel(timezone.now() - timedelta(days=6)):  # proposed before the decision's day
        certificate_revoke_propose(
            certificate=certificate,
            ground="b",
            detail="Không còn đáp ứng tiêu chí 1.5.",
            by=cast.province_officer,
            inspection_concluded_on=days_ago(10),
        )
    with pytest.raises(ValidationError) as info:
        certificate_revoke(
            certificate=certificate,
            decision_number="88/QĐ-UBND",
            decision_date=days_ago(5),
            by=checker_for(cast.province_officer),
            submission_number="12/TTr-SNNMT",
            submission_date=days_ago(2),
        )
    assert info.value.message_dict == {
        "submission_date": [f"Ngày tờ trình không thể sau ngày quyết định thu hồi ({days_ago(5):%d/%m/%Y})."]
    }


def test_the_constraint_keeps_number_and_date_together(cast, certificate, proposal):
    revocation = Revocation.objects.get()
    revocation.submission_number = "12/TTr-SNNMT"
    with pytest.raises(ValidationError) as info:
        revocation.full_clean()
    assert "Tờ trình phải có cả số và ngày." in info.value.messages


def test_the_page_takes_the_submission_with_the_decision(login, cast, certificate, proposal):
    client = login(checker_for(cast.province_officer))
    url = reverse("certificates:certificate_revoke", args=[certificate.pk])
    page = client.get(url).content.decode()
    assert 'name="submission_number"' in page and 'name="submission_date"' in page
    data = {
        "decision_number": "88/QĐ-UBND",
        "decision_date": f"{timezone.localdate():%d/%m/%Y}",
        "submission_number": "12/TTr-SNNMT",
        "submission_date": f"{days_ago(2):%d/%m/%Y}",
    }
    confirm = client.post(url, data).content.decode()
    assert 'data-testid="confirm-step"' in confirm and "12/TTr-SNNMT" in confirm
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    revocation = Revocation.objects.get()
    assert revocation.status == RevocationStatus.ISSUED
    assert (revocation.submission_number, revocation.submission_date) == ("12/TTr-SNNMT", days_ago(2))


def test_the_page_refuses_a_wrong_submission_beside_its_field_with_the_decision_s_own(
    login, cast, certificate, proposal
):
    client = login(checker_for(cast.province_officer))
    url = reverse("certificates:certificate_revoke", args=[certificate.pk])
    response = client.post(
        url, {"decision_number": "88 QĐ", "decision_date": "01/01/2000", "submission_number": "12/TTr-SNNMT"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"decision_number", "decision_date", "submission_date"}  # all at once
    assert errors["submission_date"] == ["Ghi ngày tờ trình (đã ghi số tờ trình)."]
    assert 'value="12/TTr-SNNMT"' in response.content.decode()  # what was typed is kept
    assert Revocation.objects.get().status == RevocationStatus.PROPOSED
