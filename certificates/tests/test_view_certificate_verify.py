from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus, RevocationGround
from certificates.models import VerificationDay
from certificates.tests.factories import CertificateFactory, DecisionFactory, result_for, revoke_with_four_eyes

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(cast):
    return result_for(cast.producer, name="Bưởi Đoan Hùng").registration.product


def url(c):
    return reverse("certificates:certificate_verify", args=[c.verify_token])


def test_a_valid_certificate_shows_valid_without_login(client, product):
    c = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate() - timedelta(days=10)))
    response = client.get(url(c))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-status="valid"' in body and "Còn hiệu lực" in body
    assert "Bưởi Đoan Hùng" in body and "HTX Tài Hoan" in body and c.number in body
    assert c.valid_until.strftime("%d/%m/%Y") in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_it_shows_only_what_is_printed(client, cast, product):
    cast.producer.tax_code = "4700100107"
    cast.producer.phone = "0912345678"
    cast.producer.save()
    c = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate()))
    body = client.get(url(c)).content.decode()
    assert "0912345678" not in body and "4700100107" not in body and "Nguyễn Thị Hoan" not in body


def test_an_expired_certificate_shows_expired(client, product):
    c = CertificateFactory(
        product=product, decision=DecisionFactory(date=date(2020, 1, 15)), status=CertificateStatus.EXPIRED
    )
    response = client.get(url(c))
    assert response.status_code == 200
    assert 'data-status="expired"' in response.content.decode()


def test_a_live_certificate_past_its_date_reads_expired_before_the_sweep(client, product):
    c = CertificateFactory(product=product, decision=DecisionFactory(date=date(2020, 1, 15)))
    assert c.status == CertificateStatus.VALID
    assert 'data-status="expired"' in client.get(url(c)).content.decode()


def test_a_revoked_certificate_answers_410_with_its_ground_at_once(client, cast, product):
    c = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate() - timedelta(days=30)))
    assert client.get(url(c)).status_code == 200
    revoke_with_four_eyes(
        certificate=c,
        ground=RevocationGround.MARK_MISUSE,
        decision_number="99/QĐ-UBND",
        decision_date=timezone.localdate(),
        by=cast.province_officer,
    )
    response = client.get(url(c))
    assert response.status_code == 410
    body = response.content.decode()
    assert 'data-status="revoked"' in body and "99/QĐ-UBND" in body and "nhãn hiệu OCOP không đúng quy định" in body


def test_an_unknown_token_is_404(client):
    assert client.get(reverse("certificates:certificate_verify", args=["not-a-token"])).status_code == 404


@pytest.mark.parametrize("token", ["\x00", "a\x00b", "x" * 5000, "mã-sai", "‮abc"])
def test_a_token_no_certificate_could_have_is_404_not_500(client, token):
    # A NUL byte reached PostgreSQL, which refuses it in a text literal: the public page answered 500.
    assert client.get(reverse("certificates:certificate_verify", args=[token])).status_code == 404


def test_visits_are_counted_per_certificate_and_day_without_a_row_per_visit(client, product):
    c = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate()))
    for _ in range(5):
        client.get(url(c))
    assert list(VerificationDay.objects.filter(certificate=c).values_list("day", "count")) == [
        (timezone.localdate(), 5)
    ]
    assert {f.name for f in VerificationDay._meta.get_fields()} == {"id", "certificate", "day", "count"}


def test_a_visit_costs_no_insert_once_the_day_row_exists(client, product, django_assert_num_queries):
    from certificates.services.certificates import verification_visit_log

    c = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate()))
    verification_visit_log(certificate_id=c.pk)
    with django_assert_num_queries(1):  # one UPDATE … SET count = count + 1
        verification_visit_log(certificate_id=c.pk)
    assert VerificationDay.objects.get(certificate=c).count == 2


def test_the_page_is_rate_limited_per_address(client, product, settings, time_machine):
    from django.core.cache import cache

    # The counter lives in a time window: the clock stands still so that the four looks never fall into two
    # windows (they did on a loaded machine, where four requests can take seconds).
    time_machine.move_to(timezone.now(), tick=False)
    cache.clear()
    settings.VERIFY_RATE = "3/m"
    c = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate()))
    assert [client.get(url(c), REMOTE_ADDR="10.2.0.1").status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(url(c), REMOTE_ADDR="10.2.0.1")
    assert limited.status_code == 429 and 'data-testid="rate-limited"' in limited.content.decode()
    assert client.get(url(c), REMOTE_ADDR="10.2.0.2").status_code == 200  # another address is not affected
    assert VerificationDay.objects.get(certificate=c).count == 4  # refused looks are not counted


def test_post_is_405(client, product):
    c = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate()))
    assert client.post(url(c)).status_code == 405


def test_the_token_is_unguessable(product):
    import re

    tokens = {CertificateFactory(product=product).verify_token for _ in range(5)}
    assert len(tokens) == 5  # random per certificate, not derived from the id or the number
    assert all(len(t) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", t) for t in tokens)


def _expired_days_ago(days: int) -> date:
    """The decision date of a certificate whose last valid day was `days` days ago (36 months, Điều 4.3)."""
    from dateutil.relativedelta import relativedelta

    return timezone.localdate() - timedelta(days=days) - relativedelta(months=36)


def _verdict(response) -> str:
    import re

    match = re.search(r'data-testid="verify-status"><span data-status="(\w+)">([^<]+)<', response.content.decode())
    assert match, "the verdict heading is missing"
    return match.group(2).strip()


@pytest.mark.parametrize("status", [CertificateStatus.RENEWAL_WINDOW, CertificateStatus.EXPIRING])
def test_a_buyer_reads_an_officer_phase_as_simply_valid(client, product, status):
    c = CertificateFactory(
        product=product, decision=DecisionFactory(date=timezone.localdate() - timedelta(days=1000)), status=status
    )
    response = client.get(url(c))
    assert _verdict(response) == "Còn hiệu lực"
    body = response.content.decode()
    assert "Sắp hết hạn" not in body and "Trong thời hạn nộp đánh giá lại" not in body
    assert c.valid_until.strftime("%d/%m/%Y") in body


def test_an_extended_certificate_is_valid_and_says_until_when(client, product, settings):
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    from certificates.tests.factories import make_registration

    c = CertificateFactory(
        product=product, decision=DecisionFactory(date=_expired_days_ago(21)), status=CertificateStatus.EXTENDED
    )
    make_registration(product, kind="reevaluation", status="advisory_review")  # the late dossier, pending
    response = client.get(url(c))
    assert _verdict(response) == "Còn hiệu lực"
    body = response.content.decode()
    assert 'data-testid="verify-extended"' in body
    assert (c.valid_until + timedelta(days=180)).strftime("%d/%m/%Y") in body and "Điều 12 khoản 3" in body


def test_a_superseded_certificate_points_to_the_live_successor(client, product):
    new = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate()))
    old = CertificateFactory(
        product=product,
        decision=DecisionFactory(date=date(2023, 11, 1)),
        status=CertificateStatus.SUPERSEDED,
        superseded_by=new,
    )
    response = client.get(url(old))
    assert _verdict(response) == "Đã được thay thế"
    assert url(new) in response.content.decode()


def test_a_superseded_certificate_does_not_point_to_a_revoked_successor(client, product):
    new = CertificateFactory(
        product=product, decision=DecisionFactory(date=timezone.localdate()), status=CertificateStatus.REVOKED
    )
    old = CertificateFactory(
        product=product,
        decision=DecisionFactory(date=date(2023, 11, 1)),
        status=CertificateStatus.SUPERSEDED,
        superseded_by=new,
    )
    assert url(new) not in client.get(url(old)).content.decode()


def test_expired_and_revoked_read_as_such(client, cast, product):
    expired = CertificateFactory(product=product, decision=DecisionFactory(date=date(2020, 1, 15)))
    assert _verdict(client.get(url(expired))) == "Hết hiệu lực"
    revoked = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate()))
    revoke_with_four_eyes(
        certificate=revoked,
        ground=RevocationGround.UNTRUTHFUL,
        decision_number="12/QĐ-UBND",
        decision_date=timezone.localdate(),
        by=cast.province_officer,
    )
    assert _verdict(client.get(url(revoked))) == "Đã bị thu hồi"


def test_before_the_nights_sweep_a_pending_reevaluation_already_reads_as_extended(client, cast, product):
    from certificates.tests.factories import make_registration

    yesterday = timezone.localdate() - timedelta(days=1)
    c = CertificateFactory(product=product, status=CertificateStatus.EXPIRING)
    Certificate = type(c)
    Certificate.objects.filter(pk=c.pk).update(valid_until=yesterday)
    assert _verdict(client.get(url(c))) == "Hết hiệu lực"
    make_registration(product, kind="reevaluation", status="submitted")
    response = client.get(url(c))
    assert _verdict(response) == "Còn hiệu lực" and 'data-testid="verify-extended"' in response.content.decode()


def test_an_extension_past_its_180_days_reads_expired_before_the_sweep(client, product, settings):
    settings.OCOP_EXPIRY_EXTENSION_DAYS = 180
    from certificates.tests.factories import make_registration

    c = CertificateFactory(
        product=product, decision=DecisionFactory(date=_expired_days_ago(200)), status=CertificateStatus.EXTENDED
    )
    make_registration(product, kind="reevaluation", status="submitted")
    assert (timezone.localdate() - c.valid_until).days > 180
    assert _verdict(client.get(url(c))) == "Hết hiệu lực"


def test_an_extension_whose_dossier_was_closed_reads_expired_before_the_sweep(client, product):
    c = CertificateFactory(
        product=product, decision=DecisionFactory(date=_expired_days_ago(21)), status=CertificateStatus.EXTENDED
    )
    assert _verdict(client.get(url(c))) == "Hết hiệu lực"


@pytest.mark.parametrize(
    "ground,cited",
    [
        (RevocationGround.MARK_MISUSE, "điểm d khoản 1 Điều 8 Quyết định số 26/2026/QĐ-TTg — Sử dụng nhãn hiệu OCOP"),
        (RevocationGround.STOPPED_PRODUCTION, "điểm đ khoản 1 Điều 8 Quyết định số 26/2026/QĐ-TTg — Chủ thể không còn"),
    ],
)
def test_the_revoked_page_cites_the_article_of_the_ground(client, cast, product, ground, cited):
    """Issue 12 item 15: the page named the ground's letter ("d)") but not the article it is a point of."""
    c = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate() - timedelta(days=30)))
    revoke_with_four_eyes(
        certificate=c,
        ground=ground,
        decision_number="99/QĐ-UBND",
        decision_date=timezone.localdate(),
        by=cast.province_officer,
    )
    page = client.get(url(c)).content.decode()
    line = page.split('data-testid="revocation-ground">')[1].split("</div>")[0]
    assert cited in line


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (CertificateStatus.VALID, "valid"),
        (CertificateStatus.RENEWAL_WINDOW, "valid"),
        (CertificateStatus.EXPIRING, "valid"),
        (CertificateStatus.EXTENDED, "extended"),
        (CertificateStatus.EXPIRED, "expired"),
        (CertificateStatus.REVOKED, "revoked"),
        (CertificateStatus.SUPERSEDED, "superseded"),
    ],
)
def test_every_status_has_one_public_verdict_with_its_label(status, verdict):
    """The verification page, the portal and the API tell a buyer the same thing: one rule
    (`public_verdict`) and one set of labels, where the portal had its own copy of both."""
    from certificates.choices import PublicVerdict
    from certificates.selectors.verification import public_verdict
    from certificates.templatetags.certificate_ui import verdict_label

    assert public_verdict(status) == verdict and isinstance(public_verdict(status), PublicVerdict)
    assert verdict_label(verdict) == PublicVerdict(verdict).label


def test_the_issuer_reads_in_normal_case_the_capitals_stay_on_the_paper(client, product):
    """The decision's heading name ("ỦY BAN NHÂN DÂN TỈNH …") is written in capitals on the paper only; the page
    reads it as running text does."""
    c = CertificateFactory(product=product, decision=DecisionFactory(date=timezone.localdate() - timedelta(days=10)))
    assert c.decision.issuer_name == "ỦY BAN NHÂN DÂN TỈNH THỬ NGHIỆM"
    body = client.get(url(c)).content.decode()
    assert "Ủy ban nhân dân tỉnh Thử Nghiệm" in body
    assert "ỦY BAN NHÂN DÂN" not in body
