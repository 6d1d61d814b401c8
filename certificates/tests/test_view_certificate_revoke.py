"""The revoke page in its three states (four eyes, issue 12.10): propose; issue another officer's proposal
(through the confirmation step); your own proposal (another officer must issue it; withdraw). Plus the
withdraw action and the certificate page's pending proposal and revocation roles."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus, RevocationStatus
from certificates.models import Revocation
from certificates.services.revocations import certificate_revoke_propose
from certificates.tests.factories import (
    CertificateFactory,
    DecisionFactory,
    agency_conclusion,
    checker_for,
    revoke_with_four_eyes,
)
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(cast):
    return CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        decision=DecisionFactory(date=timezone.localdate() - timedelta(days=100)),
    )


def url(certificate, name="certificate_revoke"):
    return reverse(f"certificates:{name}", args=[certificate.pk])


def today():
    return timezone.localdate().strftime("%d/%m/%Y")


def proposed(certificate, cast, **kw):
    return certificate_revoke_propose(
        certificate=certificate,
        ground="a",
        detail="Kết luận thanh tra",
        by=cast.province_officer,
        **agency_conclusion(certificate),
        **kw,
    )


def test_with_no_proposal_the_form_proposes(login, cast, certificate):
    client = login(cast.province_officer)
    page = client.get(url(certificate)).content.decode()
    assert "Bước 1/2 — Đề xuất thu hồi" in page and "Đề xuất thu hồi</button>" in page
    assert '<option value="" selected>— Chọn căn cứ thu hồi —</option>' in page
    assert 'name="decision_number"' not in page
    # Grounds a, c, e rest on a competent authority's conclusion: proposed with it on supervision's page; đ here, on
    # the commune's confirmation whose case is open.
    from supervision.services import production_stop_confirm

    production_stop_confirm(
        certificate=certificate, by=cast.commune_officer, confirmed_on=certificate.issued_on, document_number="9/XN"
    )
    response = client.post(url(certificate), {"ground": "dd", "detail": "Cơ sở đã đóng cửa."})
    assert response.status_code == 302
    revocation = Revocation.objects.get()
    assert revocation.status == RevocationStatus.PROPOSED and revocation.proposed_by == cast.province_officer
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_the_proposal_requires_a_ground_and_keeps_what_was_typed(login, cast, certificate):
    response = login(cast.province_officer).post(url(certificate), {"detail": "Kết luận"})
    assert response.status_code == 200 and response.context["form"].errors["ground"] == ["Chọn căn cứ thu hồi."]
    assert "Kết luận" in response.content.decode()
    assert not Revocation.objects.exists()


def test_a_second_proposal_from_another_tab_is_not_a_second_row(login, cast, certificate):
    proposed(certificate, cast)
    # The other tab still shows the proposal form; its POST lands on the issue form, which refuses it cleanly.
    response = login(checker_for(cast.province_officer)).post(url(certificate), {"ground": "b", "detail": "x"})
    assert response.status_code == 200
    assert Revocation.objects.count() == 1 and Revocation.objects.get().ground == "a"


def test_another_officer_sees_the_proposal_and_issues_it(login, cast, certificate):
    proposed(certificate, cast)
    client = login(checker_for(cast.province_officer))
    page = client.get(url(certificate)).content.decode()
    assert 'data-testid="revoke-proposal"' in page and "Bước 2/2" in page
    assert cast.province_officer.get_full_name() in page and "Kết luận thanh tra" in page
    assert "a) Thông tin không trung thực" in page and 'name="decision_number"' in page
    data = {"decision_number": "1/QĐ-UBND", "decision_date": today()}
    confirm = client.post(url(certificate), data)
    assert 'data-testid="confirm-step"' in confirm.content.decode()
    # The date before the certificate is the service's refusal: it comes after the confirmation step.
    bad = client.post(url(certificate), {**data, "decision_date": "01/01/2000", "confirmed": "1"})
    assert bad.status_code == 200 and bad.context["form"].errors["decision_date"]
    assert client.post(url(certificate), {**data, "confirmed": "1"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    revocation = Revocation.objects.get()
    assert revocation.revoked_by == checker_for(cast.province_officer) and revocation.decision_number == "1/QĐ-UBND"


def test_the_issue_sent_twice_lands_on_the_certificate_saying_it_is_revoked(login, cast, certificate):
    """The second copy of the confirmed issue (a double click, a browser retrying the POST) found no proposal any
    more and was shown the proposal form, with "Chọn căn cứ thu hồi" next to an empty field."""
    proposed(certificate, cast)
    client = login(checker_for(cast.province_officer))
    data = {"decision_number": "1/QĐ-UBND", "decision_date": today(), "confirmed": "1"}
    assert client.post(url(certificate), data).status_code == 302
    again = client.post(url(certificate), data, follow=True)
    assert again.redirect_chain == [(url(certificate, "certificate_detail"), 302)]
    page = again.content.decode()
    assert f"Giấy chứng nhận đã bị thu hồi theo Quyết định số 1/QĐ-UBND ngày {today()}." in page
    assert "Chọn căn cứ thu hồi" not in page
    assert Revocation.objects.count() == 1
    # The page itself, opened again, says the same instead of offering a new proposal.
    reopened = client.get(url(certificate), follow=True)
    assert reopened.redirect_chain == [(url(certificate, "certificate_detail"), 302)]


def test_the_proposer_is_told_another_officer_must_issue_it_and_cannot(login, cast, certificate):
    proposed(certificate, cast)
    client = login(cast.province_officer)
    page = client.get(url(certificate)).content.decode()
    assert 'data-testid="revoke-own-proposal"' in page and "một cán bộ khác phải kiểm tra và ban hành" in page
    assert 'name="decision_number"' not in page and "Rút đề xuất thu hồi" in page
    response = client.post(
        url(certificate), {"decision_number": "1/QĐ-UBND", "decision_date": today(), "confirmed": "1"}
    )
    assert response.status_code == 200 and "nguyên tắc bốn mắt" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    assert Revocation.objects.get().status == RevocationStatus.PROPOSED


@pytest.mark.parametrize("who", ["proposer", "other"])
def test_the_withdraw_action(login, cast, certificate, who):
    proposed(certificate, cast)
    by = cast.province_officer if who == "proposer" else checker_for(cast.province_officer)
    response = login(by).post(url(certificate, "certificate_revoke_withdraw"))
    assert response.status_code == 302 and response.url == reverse(
        "certificates:certificate_detail", args=[certificate.pk]
    )
    assert not Revocation.objects.exists()


def test_withdraw_with_nothing_to_withdraw_says_so(login, cast, certificate):
    response = login(cast.province_officer).post(url(certificate, "certificate_revoke_withdraw"), follow=True)
    assert "Không có đề xuất thu hồi nào đang chờ ban hành." in response.content.decode()


def test_withdraw_is_post_only(login, cast, certificate):
    assert login(cast.province_officer).get(url(certificate, "certificate_revoke_withdraw")).status_code == 405


@pytest.mark.parametrize(
    ("role", "status"),
    [("producer_owner", 403), ("viewer", 403), ("commune_officer", 403), ("outsider", 404), ("other_producer", 404)],
)
@pytest.mark.parametrize("name", ["certificate_revoke", "certificate_revoke_withdraw"])
def test_the_views_refuse_others(login, cast, certificate, role, status, name):
    proposed(certificate, cast)
    client = login(getattr(cast, role))
    assert (
        client.post(
            url(certificate, name), {"decision_number": "1/QĐ-UBND", "decision_date": today(), "confirmed": "1"}
        ).status_code
        == status
    )
    if name == "certificate_revoke":
        assert client.get(url(certificate, name)).status_code == status
    assert Revocation.objects.get().status == RevocationStatus.PROPOSED


@pytest.mark.parametrize("name", ["certificate_revoke", "certificate_revoke_withdraw"])
def test_anonymous_is_sent_to_login(client, certificate, name):
    response = client.post(url(certificate, name))
    assert response.status_code == 302 and reverse("login") in response.url


@pytest.mark.parametrize("name", ["certificate_revoke", "certificate_revoke_withdraw"])
def test_the_views_missing_id(login, cast, name):
    assert login(cast.province_officer).post(reverse(f"certificates:{name}", args=[9999])).status_code == 404


def test_the_certificate_page_shows_a_pending_proposal_to_officials_only(login, cast, certificate):
    proposed(certificate, cast)
    for user in (cast.province_officer, cast.viewer):
        page = login(user).get(url(certificate, "certificate_detail")).content.decode()
        assert 'data-testid="revocation-proposal"' in page and "Chờ ban hành" in page
        assert cast.province_officer.get_full_name() in page
    page = login(cast.producer_owner).get(url(certificate, "certificate_detail")).content.decode()
    assert 'data-testid="revocation-proposal"' not in page and "Kết luận thanh tra" not in page


def test_the_certificate_page_shows_the_proposer_and_the_issuer(login, cast, certificate):
    issuer = checker_for(cast.province_officer)
    revoke_with_four_eyes(certificate=certificate, by=cast.province_officer, issuer=issuer)
    for user in (cast.province_officer, cast.producer_owner):
        page = login(user).get(url(certificate, "certificate_detail")).content.decode()
        line = page.split('data-testid="revocation">')[1].split("</dd>")[0]
        assert "88/QĐ-UBND" in line
        assert f"Người đề xuất: {cast.province_officer.get_full_name()}" in line
        assert f"Người ban hành: {issuer.get_full_name()}" in line
        assert 'data-testid="revocation-proposal"' not in page
