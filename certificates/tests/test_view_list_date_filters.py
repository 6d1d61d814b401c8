"""The certificate lists' date filters on the page: a date that cannot be read, or a period that ends before it
starts, is said beside its field (in the expiry list's filter bar) or its drill-down condition (the certificate
list), what was typed is kept, and the page says that the list is not narrowed by it: it showed every row with only
Django's "Nhập ngày hợp lệ.", or an empty list for a reversed period, as if the filter had applied."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S

from .factories import make_certificate

LIST = reverse("certificates:expiry_list")
EXPORT = reverse("certificates:expiry_export")
CERTIFICATES = reverse("certificates:certificate_list")


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def expiring(cast):
    return {
        "soon": make_certificate(cast.producer, status=S.EXPIRING, valid_until=in_days(10), star=5),
        "later": make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=in_days(150), star=3),
    }


def rows(response) -> list[str]:
    return sorted(c.number for c in response.context["page"].object_list)


def field_html(html: str, name: str) -> str:
    """The filter bar's column of field `name`: from its label to the next column."""
    start = html.index(f'for="id_{name}"')
    return html[start : html.index('<div class="col-', start)]


def notice(html: str) -> str:
    found = re.search(r'data-testid="filter-notice">(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31/02/2026", "không có ngày “31/02/2026”, tháng 2/2026 chỉ có ngày 1 đến ngày 28"),
        ("2026-13-01", "“2026-13-01” có tháng 13, nhưng tháng chỉ từ 1 đến 12"),
        ("abc", "“abc” không phải là một ngày"),
    ],
)
def test_a_date_that_cannot_be_read_is_explained_beside_its_field_and_not_applied(cast, login, expiring, typed, said):
    response = login(cast.province_officer).get(LIST, {"valid_from": typed, "star": "5"})
    assert response.status_code == 200
    html = response.content.decode()
    field = field_html(html, "valid_from")
    assert f'value="{typed}"' in field  # what was typed stays
    assert 'aria-invalid="true" aria-describedby="id_valid_from-error"' in field
    error = re.search(r'<div class="invalid-feedback d-block" id="id_valid_from-error">(.*?)</div>', field).group(1)
    assert f"Hết hạn từ ngày: {said}" in error and "Nhập theo dạng dd/mm/yyyy" in error
    # Above the fields: the list is not narrowed by it (the star still is).
    assert "Chưa lọc theo “Hết hạn từ ngày”" in notice(html) and "Danh sách dưới đây không tính" in notice(html)
    assert rows(response) == [expiring["soon"].number]


def test_a_period_that_ends_before_it_starts_is_said_beside_its_end(cast, login, expiring):
    start, end = in_days(100).strftime("%d/%m/%Y"), in_days(5).strftime("%d/%m/%Y")
    response = login(cast.province_officer).get(LIST, {"valid_from": start, "valid_to": end})
    html = response.content.decode()
    assert 'aria-invalid="true"' not in field_html(html, "valid_from")
    field = field_html(html, "valid_to")
    assert f'value="{end}"' in field and 'aria-invalid="true"' in field
    assert f"Hết hạn đến ngày: ngày {end} ở trước ngày của ô “Hết hạn từ ngày” ({start})" in field
    assert "Chưa lọc theo “Hết hạn đến ngày”" in notice(html)
    # Narrowed by its start only, not emptied by a range without a day.
    assert rows(response) == [expiring["later"].number]


def test_a_list_whose_filters_all_read_has_no_notice(cast, login, expiring):
    response = login(cast.province_officer).get(LIST, {"valid_from": in_days(0).strftime("%d/%m/%Y")})
    assert 'data-testid="filter-notice"' not in response.content.decode()
    assert rows(response) == sorted(c.number for c in expiring.values())


def test_the_export_of_a_refused_filter_goes_back_to_the_list_that_explains_it(cast, login, expiring):
    response = login(cast.province_officer).get(EXPORT, {"valid_from": "31/02/2026", "star": "5"})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?valid_from=31%2F02%2F2026&star=5"


def test_the_certificate_lists_period_says_what_is_wrong_beside_its_condition(cast, login):
    make_certificate(cast.producer, status=S.VALID, valid_until=in_days(400))
    response = login(cast.province_officer).get(CERTIFICATES, {"issued_from": "31/02/2026"})
    html = response.content.decode()
    drilldown = html[html.index('data-testid="drilldown"') :]
    assert "Cấp từ ngày: 31/02/2026</span>" in drilldown
    error = re.search(r'data-testid="drilldown-error">(.*?)</span>', drilldown).group(1)
    assert "Cấp từ ngày: không có ngày “31/02/2026”" in error and "dd/mm/yyyy" in error
    assert "Danh sách chưa lọc theo điều kiện này." in error
    assert '<input type="hidden" name="issued_from" value="31/02/2026">' in html  # a search keeps what was typed
    assert response.context["page"].paginator.count == 1

    reversed_period = login(cast.province_officer).get(
        CERTIFICATES, {"issued_from": "2026-04-01", "issued_to": "2026-03-31"}
    )
    error = re.search(r'data-testid="drilldown-error">(.*?)</span>', reversed_period.content.decode()).group(1)
    assert error.startswith("Cấp đến ngày: ngày 31/03/2026 ở trước ngày của ô “Cấp từ ngày” (01/04/2026)")
