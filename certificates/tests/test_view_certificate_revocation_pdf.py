"""The revoking decision's PDF offered on the certificate page (certificates:certificate_revocation_pdf): an issued
one to whoever reads the certificate (Điều 8.3c: it goes to the producer and the agencies concerned), a proposal's
draft to the officials who see the proposal, never to the producer; outsiders 404."""

import subprocess

import pytest
from django.urls import reverse

from certificates.choices import RevocationGround
from certificates.services.revocations import certificate_revoke_propose
from certificates.tests.factories import checker_for, issued_decision, result_for, revoke_with_four_eyes

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(
            province=cast.province,
            by=cast.province_officer,
            results=[result_for(cast.producer, name="Miến dong Bình Liêu")],
        )
    c = decision.certificates.get()
    c.refresh_from_db()
    return c


@pytest.fixture
def revoked(cast, certificate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        revoke_with_four_eyes(
            certificate=certificate,
            by=cast.province_officer,
            ground=RevocationGround.STOPPED_PRODUCTION,
            decision_number="88/QĐ-UBND",
        )
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def proposed(cast, certificate):
    certificate_revoke_propose(
        certificate=certificate,
        ground=RevocationGround.STOPPED_PRODUCTION,
        detail="Hợp tác xã đã giải thể.",
        by=cast.province_officer,
        commune_confirmed_on=certificate.issued_on,
    )
    return certificate


def url(c):
    return reverse("certificates:certificate_revocation_pdf", args=[c.pk])


def _text(response) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def _title(response) -> str:
    info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True, check=True).stdout.decode()
    return next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Title:"))


@pytest.mark.parametrize(
    "who", ["producer_owner", "commune_officer", "province_officer", "viewer", "central_officer", "admin"]
)
def test_it_gives_the_issued_decision_to_every_reader_of_the_certificate(login, cast, revoked, who):
    response = login(getattr(cast, who)).get(url(revoked))
    assert response.status_code == 200, who
    assert response["Content-Type"] == "application/pdf"
    # Named by its number, opened in the browser as the recognition decision is.
    assert response["Content-Disposition"].startswith("inline")
    assert "quyet-dinh-thu-hoi-88" in response["Content-Disposition"]
    text = _text(response)
    assert "Số: 88/QĐ-UBND" in text and "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP" in text
    assert f"Thu hồi Giấy chứng nhận sản phẩm OCOP số {revoked.number}" in text
    assert "dự thảo" not in _title(response)


@pytest.mark.parametrize("who", ["outsider", "other_producer", "other_commune_officer"])
def test_outsiders_get_404(login, cast, revoked, who):
    assert login(getattr(cast, who)).get(url(revoked)).status_code == 404


def test_a_certificate_without_revocation_has_no_decision(login, cast, certificate):
    assert login(cast.province_officer).get(url(certificate)).status_code == 404


@pytest.mark.parametrize("who", ["province_officer", "commune_officer", "viewer"])
def test_the_officials_who_see_a_proposal_print_its_draft(login, cast, proposed, who):
    response = login(getattr(cast, who)).get(url(proposed))
    assert response.status_code == 200, who
    assert "du-thao" in response["Content-Disposition"]
    text = _text(response)
    assert "Số: ……/QĐ-……" in text and "ngày … tháng … năm …" in text
    assert _title(response).startswith("Quyết định (dự thảo) thu hồi")
    assert "Lý do thu hồi: Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP" in text


def test_the_producer_is_not_told_of_a_pending_proposal(login, cast, proposed):
    assert login(cast.producer_owner).get(url(proposed)).status_code == 404


def test_it_is_read_only(login, cast, revoked):
    assert login(cast.province_officer).post(url(revoked)).status_code == 405
    assert (
        login(cast.province_officer).get(reverse("certificates:certificate_revocation_pdf", args=[99999])).status_code
        == 404
    )


def test_anonymous_is_sent_to_sign_in(client, revoked):
    response = client.get(url(revoked))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_certificate_page_offers_it(login, cast, revoked):
    page = login(cast.producer_owner).get(reverse("certificates:certificate_detail", args=[revoked.pk])).content
    assert 'data-testid="revocation-pdf"' in page.decode() and url(revoked) in page.decode()


def test_the_pages_offer_the_draft_to_officials_only(login, cast, proposed):
    detail = reverse("certificates:certificate_detail", args=[proposed.pk])
    assert url(proposed) in login(cast.viewer).get(detail).content.decode()
    assert url(proposed) not in login(cast.producer_owner).get(detail).content.decode()
    revoke_page = login(cast.province_officer).get(reverse("certificates:certificate_revoke", args=[proposed.pk]))
    assert url(proposed) in revoke_page.content.decode()


def test_it_reads_a_fixed_number_of_queries(login, cast, revoked, django_assert_num_queries):
    client = login(cast.producer_owner)
    client.get(url(revoked))
    with django_assert_num_queries(6):
        assert client.get(url(revoked)).status_code == 200


def test_the_issuing_officer_records_who_signed_and_the_paper_prints_it(login, cast, certificate):
    """Who signed the revoking decision is typed with its number and date (from the signed paper), confirmed, kept,
    and printed in the signature block as signed: "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH", then the name."""
    from certificates.models import Revocation

    certificate_revoke_propose(
        certificate=certificate,
        ground=RevocationGround.STOPPED_PRODUCTION,
        detail="Hợp tác xã đã giải thể.",
        by=cast.province_officer,
        commune_confirmed_on=certificate.issued_on,
    )
    client = login(checker_for(cast.province_officer))
    revoke = reverse("certificates:certificate_revoke", args=[certificate.pk])
    data = {
        "decision_number": "88/QĐ-UBND",
        "decision_date": certificate.issued_on.strftime("%d/%m/%Y"),
        "signer_title": "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Ký",
    }
    confirm = client.post(revoke, data).content.decode()
    assert 'data-testid="confirm-step"' in confirm and "Nguyễn Văn Ký" in confirm
    assert client.post(revoke, {**data, "confirmed": "1"}).status_code == 302
    revocation = Revocation.objects.get(certificate=certificate)
    assert (revocation.signer_title, revocation.signer_name) == ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Văn Ký")
    response = login(cast.producer_owner).get(url(certificate))
    raw = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    lines = [line.strip() for line in raw.decode().splitlines()]
    on_behalf, title, name = lines.index("KT. CHỦ TỊCH"), lines.index("PHÓ CHỦ TỊCH"), lines.index("Nguyễn Văn Ký")
    assert on_behalf < title < name
