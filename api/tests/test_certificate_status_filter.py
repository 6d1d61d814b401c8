"""The certificate list's status filter selects by the status each item shows, today's (effective_status), not by the
status the nightly sweep last stored: between midnight and the 00:30 sweep (or after a missed night) a certificate
whose last day was yesterday is stored "valid" but shows "expired", and must be found by `?status=expired`, not by
`?status=valid`."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus
from certificates.filters import CERTIFICATE_STATUS_CHOICES
from certificates.models import Certificate, VerificationDay
from certificates.tests.factories import CertificateFactory, make_registration
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def certificates(cast):
    """Stored "valid" (the sweep has not run): last day yesterday, today, and yesterday with a re-evaluation filed;
    and one stored "expired" long ago."""

    def make(name, status, valid_until, reevaluation=False):
        product = ProductFactory(producer=cast.producer, name=name)
        certificate = CertificateFactory(
            product=product,
            status=status,
            issued_on=valid_until - datetime.timedelta(days=3 * 365),
            valid_until=valid_until,
        )
        if reevaluation:  # filed by the certificate's last day (the factory's filing day)
            make_registration(product, kind="reevaluation", status="submitted")
        return certificate

    yesterday = TODAY - datetime.timedelta(days=1)
    return {
        "lapsed overnight": make("Hết hạn đêm qua", CertificateStatus.VALID, yesterday),
        "last day today": make("Hết hạn hôm nay", CertificateStatus.VALID, TODAY),
        "extended overnight": make("Chờ đánh giá lại", CertificateStatus.EXPIRING, yesterday, reevaluation=True),
        "expired long ago": make("Hết hạn từ lâu", CertificateStatus.EXPIRED, TODAY - datetime.timedelta(days=400)),
    }


def listed(caller, **query) -> dict[int, str]:
    response = caller.get(reverse("api:certificate_list"), query)
    assert response.status_code == 200, response.content
    return {row["id"]: row["status"] for row in response.json()["results"]}


def test_the_filter_finds_what_each_item_shows(api, cast, certificates):
    assert timezone.localdate() == TODAY
    caller = api.as_("province_read")
    c = {name: certificate.pk for name, certificate in certificates.items()}
    assert listed(caller, status="expired") == {c["lapsed overnight"]: "expired", c["expired long ago"]: "expired"}
    assert listed(caller, status="valid") == {c["last day today"]: "valid"}
    assert listed(caller, status="extended") == {c["extended overnight"]: "extended"}
    assert listed(caller, status="expiring") == {}
    assert listed(caller, status="live") == {c["last day today"]: "valid", c["extended overnight"]: "extended"}


def test_every_status_choice_lists_only_items_showing_it_and_together_all(api, cast, certificates):
    caller = api.as_("province_read")
    everything = listed(caller)
    seen = {}
    for value, _label in CERTIFICATE_STATUS_CHOICES:
        rows = listed(caller, status=value)
        if value == "live":
            assert set(rows.values()) <= {"valid", "renewal_window", "expiring", "extended"}
            continue
        assert set(rows.values()) <= {value}, value
        seen |= rows
    assert seen == everything


def test_scanned_while_invalid_reads_todays_status_too(api, cast, certificates):
    for certificate in certificates.values():
        VerificationDay.objects.create(certificate=certificate, day=TODAY, count=3)
    rows = listed(api.as_("province_read"), scanned_while_invalid="true")
    assert rows == {
        certificates["lapsed overnight"].pk: "expired",
        certificates["expired long ago"].pk: "expired",
    }


def test_the_web_list_filters_and_shows_the_same_status_of_the_day(login, cast, certificates):
    """The web list is the API's: the producer's home counts the live certificates of today (live_today_q) and links
    the list's "live" filter, which must find those and show each with the status it has today."""
    c = {name: certificate.pk for name, certificate in certificates.items()}
    client = login(cast.province_officer)
    url = reverse("certificates:certificate_list")

    def shown(**query):
        return {row.pk: row.status_today for row in client.get(url, query).context["page"]}

    assert shown(status="valid") == {c["last day today"]: "valid"}
    assert shown(status="expired") == {c["lapsed overnight"]: "expired", c["expired long ago"]: "expired"}
    assert shown(status="live") == {c["last day today"]: "valid", c["extended overnight"]: "extended"}
    html = client.get(url, {"status": "live"}).content.decode()
    assert 'data-status="extended"' in html and 'data-testid="certificate-extended"' in html
    assert 'data-status="expiring"' not in html
    assert Certificate.objects.filter(status="valid").count() == 2  # as stored: the sweep has not run


def test_a_date_the_filter_cannot_read_is_refused_saying_why(api, cast):
    """The certificate list's period (its dashboards' drill-down) uses the lists' date filter: a 13th month is
    refused naming the filter and what is wrong, a period that ends before it starts naming its end."""
    caller = api.as_("province_read")
    response = caller.get(reverse("api:certificate_list"), {"issued_from": "2026-13-01"})
    assert response.status_code == 400
    assert response.json()["errors"]["issued_from"] == [
        "Cấp từ ngày: “2026-13-01” có tháng 13, nhưng tháng chỉ từ 1 đến 12. Nhập theo dạng dd/mm/yyyy "
        "(ngày/tháng/năm), ví dụ 15/03/2026."
    ]
    reversed_period = caller.get(
        reverse("api:certificate_list"), {"issued_from": "2026-04-01", "issued_to": "2026-03-31"}
    )
    assert reversed_period.status_code == 400 and list(reversed_period.json()["errors"]) == ["issued_to"]
