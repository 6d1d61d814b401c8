"""The home page of each role: counts, quick links, and for producers what each dossier waits for and the
certificates in force."""

import pytest
from django.urls import reverse

from certificates.tests.factories import CertificateFactory
from evaluation.choices import RegistrationStatus as S
from evaluation.tests.factories import registration_in
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def test_a_producer_sees_what_each_dossier_waits_for_its_own_turn_first(cast, login):
    registration_in(cast, status=S.SUBMITTED, name="Trà Giảo cổ lam")
    registration_in(cast, status=S.RETURNED, name="Miến dong Tài Hoan", status_reason="Thiếu nhãn sản phẩm")
    registration_in(cast, status=S.DECIDED, name="Sản phẩm đã xong")
    response = login(cast.producer_owner).get(HOME)
    dossiers = response.context["worklist"]["dossiers"]
    assert [d["registration"].product.name for d in dossiers] == ["Miến dong Tài Hoan", "Trà Giảo cổ lam"]
    assert [d["yours"] for d in dossiers] == [True, False]
    body = response.content.decode()
    assert "Việc của bạn" in body and "Thiếu nhãn sản phẩm" in body
    assert "Chờ UBND xã kiểm tra" in body and "Sản phẩm đã xong" not in body


def test_a_producer_sees_the_45_day_deadline_of_a_re_evaluation_under_way(cast, login):
    """As the dossier's page says (D26 Điều 7.6g); an announced outcome is not due any more."""
    import datetime

    from django.utils import timezone

    due = timezone.localdate() + datetime.timedelta(days=30)
    registration_in(cast, status=S.ADVISORY_REVIEW, kind="reevaluation", name="Mật ong", reevaluation_due_on=due)
    response = login(cast.producer_owner).get(HOME)
    assert [d["due_on"] for d in response.context["worklist"]["dossiers"]] == [due]
    assert f"hạn {due:%d/%m/%Y}" in response.content.decode()


def test_a_re_evaluation_without_a_round_names_no_round(cast, login):
    """A re-evaluation is bound by its certificate's window, not a round (Điều 7.6a): its line read "Đánh giá lại ·
    None"."""
    registration_in(cast, status=S.RETURNED, kind="reevaluation", name="Mật ong", round=None)
    body = login(cast.producer_owner).get(HOME).content.decode()
    assert "Đánh giá lại" in body and "None" not in body


def test_a_producer_sees_its_certificates_in_force_and_no_one_elses(cast, login):
    CertificateFactory(product=ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan"), number="GCN-1")
    CertificateFactory(product=ProductFactory(producer=cast.producer, name="Cũ"), number="GCN-2", status="revoked")
    CertificateFactory(product=ProductFactory(producer=cast.other_producer_org, name="Mật ong"), number="GCN-3")
    response = login(cast.producer_owner).get(HOME)
    assert [c.number for c in response.context["worklist"]["certificates"]] == ["GCN-1"]
    section = response.content.decode().split('data-testid="my-certificates"')[1]
    assert "Miến dong Tài Hoan" in section and "Mật ong" not in section


def test_a_producer_sees_when_each_certificates_re_evaluation_is_filed_and_whether_that_is_now(cast, login):
    """Điều 7.6a: the dossier goes in 180 to 120 days before expiry; the home page says when, for each certificate."""
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    due = CertificateFactory(
        product=ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan"),
        number="GCN-1",
        status="renewal_window",
        valid_until=today + datetime.timedelta(days=150),
    )
    later = CertificateFactory(
        product=ProductFactory(producer=cast.producer, name="Trà Giảo cổ lam"),
        number="GCN-2",
        valid_until=today + datetime.timedelta(days=700),
    )
    section = login(cast.producer_owner).get(HOME).content.decode().split('data-testid="my-certificates"')[1]
    rows = section.split('data-testid="my-certificate"')[1:]
    assert len(rows) == 2
    for certificate, row in zip((due, later), rows, strict=True):
        start = certificate.valid_until - datetime.timedelta(days=180)
        end = certificate.valid_until - datetime.timedelta(days=120)
        assert f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}" in row
    assert 'data-testid="window-open"' in rows[0] and 'data-testid="window-open"' not in rows[1]


@pytest.mark.parametrize(
    "role,present,absent",
    [
        ("producer_owner", "evaluation:registration_create", "products:producer_create"),
        ("commune_officer", "products:producer_create", "evaluation:round_list"),
        ("province_officer", "evaluation:round_list", "evaluation:registration_create"),
        ("council_member", "evaluation:session_list", "products:producer_create"),
        ("viewer", "certificates:expiry_list", "products:producer_create"),
    ],
)
def test_each_role_gets_its_quick_links(cast, login, role, present, absent):
    response = login(getattr(cast, role)).get(HOME)
    urls = [link["url"] for link in response.context["quick_links"]]
    assert reverse(present) in urls and reverse(absent) not in urls
    assert "worklist" not in response.context or role == "producer_owner"


def test_the_producer_home_keeps_a_constant_number_of_queries(cast, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast.producer_owner)
    registration_in(cast, status=S.SUBMITTED)
    CertificateFactory(product=ProductFactory(producer=cast.producer))
    client.get(HOME)
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    for _ in range(9):
        registration_in(cast, status=S.FORWARDED)
        CertificateFactory(product=ProductFactory(producer=cast.producer))
    mine = registration_in(cast, status=S.SUPPLEMENT_REQUESTED)  # the newest, yet the producer's turn
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(HOME)
    dossiers = response.context["worklist"]["dossiers"]
    assert len(dossiers) == 8 and dossiers[0]["registration"] == mine  # the list page has the rest
