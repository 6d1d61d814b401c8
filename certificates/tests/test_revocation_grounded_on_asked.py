"""A proposal on record without the day of the finding it rests on (recorded before that day was kept, with no case to
take it from: supervision's backfill left it empty) printed a revoking decision that cited no finding at all: the
"Căn cứ … ngày …;" line of its preamble was left out, and the 15 days of Điều 8.4 had nothing to run from. The officer
who issues such a one types that day (the document or conclusion that grounds the revocation), required on the issue
form and by certificate_revoke alike; the decision cites it, and is not dated before it. A proposal that keeps its day
is issued as before, without the field."""

import subprocess
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates import pdf as certificate_pdf
from certificates.choices import RevocationStatus
from certificates.forms import RevokeForm
from certificates.models import Revocation
from certificates.selectors.revocations import revocation_of
from certificates.services.revocations import certificate_revoke, certificate_revoke_propose
from certificates.tests.factories import CertificateFactory, DecisionFactory, checker_for
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

FINDING = "Căn cứ văn bản xác nhận của Ủy ban nhân dân cấp xã về việc chủ thể không còn sản xuất sản phẩm OCOP ngày"


@pytest.fixture
def certificate(cast):
    return CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        decision=DecisionFactory(date=timezone.localdate() - timedelta(days=100)),
    )


def days_ago(n: int):
    return timezone.localdate() - timedelta(days=n)


def _propose(certificate, cast):
    return certificate_revoke_propose(
        certificate=certificate,
        ground="dd",
        detail="Hợp tác xã đã giải thể.",
        by=cast.province_officer,
        commune_confirmed_on=days_ago(9),
    )


@pytest.fixture
def without_its_day(cast, certificate):
    """A proposal as recorded before its finding's day was kept, with no case to take it from."""
    _propose(certificate, cast)
    Revocation.objects.update(grounded_on=None)
    return Revocation.objects.get()


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


def test_the_decision_cites_the_day_its_issuer_types(cast, certificate, without_its_day):
    revocation = _revoke(certificate, cast, grounded_on=days_ago(12))
    assert revocation.status == RevocationStatus.ISSUED and revocation.grounded_on == days_ago(12)
    assert f"{FINDING} {days_ago(12):%d/%m/%Y};" in _paper(certificate)


def test_its_draft_leaves_the_day_blank_to_fill_in(cast, certificate, without_its_day):
    assert f"{FINDING} ……/……/………;" in _paper(certificate)


def test_it_is_not_issued_without_that_day(cast, certificate, without_its_day):
    with pytest.raises(ValidationError) as info:
        _revoke(certificate, cast)
    assert list(info.value.message_dict) == ["grounded_on"]
    assert "Ghi ngày của văn bản, kết luận làm căn cứ thu hồi" in info.value.message_dict["grounded_on"][0]
    assert Revocation.objects.get().status == RevocationStatus.PROPOSED


@pytest.mark.parametrize(
    "day,field,words",
    [
        (-1, "grounded_on", "Ngày làm căn cứ thu hồi không thể sau hôm nay"),
        (101, "grounded_on", "Ngày làm căn cứ thu hồi không thể trước ngày cấp giấy chứng nhận"),
    ],
)
def test_a_wrong_day_is_refused_beside_it(cast, certificate, without_its_day, day, field, words):
    with pytest.raises(ValidationError) as info:
        _revoke(certificate, cast, grounded_on=days_ago(day))
    assert list(info.value.message_dict) == [field] and words in info.value.message_dict[field][0]


def test_the_decision_is_not_dated_before_the_day_typed(cast, certificate, without_its_day):
    with pytest.raises(ValidationError) as info:
        certificate_revoke(
            certificate=certificate,
            decision_number="88/QĐ-UBND",
            decision_date=days_ago(2),
            by=checker_for(cast.province_officer),
            grounded_on=days_ago(1),
        )
    assert info.value.message_dict == {
        "decision_date": [
            f"Ngày thu hồi không thể trước ngày UBND xã xác nhận chủ thể không còn sản xuất ({days_ago(1):%d/%m/%Y}), "
            "căn cứ của đề xuất thu hồi."
        ]
    }


def test_the_form_asks_it_only_of_a_proposal_without_it(cast, certificate):
    proposal = _propose(certificate, cast)
    assert "grounded_on" not in RevokeForm(proposal=proposal).fields
    Revocation.objects.update(grounded_on=None)
    proposal.refresh_from_db()
    assert RevokeForm(proposal=proposal).fields["grounded_on"].required


def test_the_page_requires_it_and_keeps_what_was_typed(login, cast, certificate, without_its_day):
    client = login(checker_for(cast.province_officer))
    url = reverse("certificates:certificate_revoke", args=[certificate.pk])
    assert 'name="grounded_on"' in client.get(url).content.decode()
    data = {"decision_number": "88/QĐ-UBND", "decision_date": f"{timezone.localdate():%d/%m/%Y}"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Ghi ngày của văn bản, kết luận làm căn cứ thu hồi" in response.context["form"].errors["grounded_on"][0]
    assert 'value="88/QĐ-UBND"' in response.content.decode()
    data["grounded_on"] = f"{days_ago(12):%d/%m/%Y}"
    confirm = client.post(url, data).content.decode()
    assert 'data-testid="confirm-step"' in confirm and f"{days_ago(12):%d/%m/%Y}" in confirm
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    assert Revocation.objects.get().grounded_on == days_ago(12)


def test_a_proposal_that_keeps_its_day_is_issued_without_the_field(login, cast, certificate):
    _propose(certificate, cast)
    client = login(checker_for(cast.province_officer))
    url = reverse("certificates:certificate_revoke", args=[certificate.pk])
    assert 'name="grounded_on"' not in client.get(url).content.decode()
    data = {"decision_number": "88/QĐ-UBND", "decision_date": f"{timezone.localdate():%d/%m/%Y}", "confirmed": "1"}
    assert client.post(url, data).status_code == 302
    assert Revocation.objects.get().grounded_on == days_ago(9)
