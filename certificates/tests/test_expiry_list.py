"""The expiry list, its Excel export, the "check now" action and the home-page counts."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.choices import CertificateStatus as S
from certificates.choices import NoticeKind
from certificates.models import CertificateNotice
from dashboard.selectors import home_panels
from ocop.models import AuditEvent
from products.tests.factories import product_set

from .factories import make_certificate, make_product, make_registration

LIST = reverse("certificates:expiry_list")
EXPORT = reverse("certificates:expiry_export")
RUN = reverse("certificates:expiry_run")


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def listed(cast):
    """One certificate per phase in cast.commune, one in the other province, and some that are not listed. The
    extended one is so while its re-evaluation, filed by its last day, is pending (Điều 12.3)."""
    made = {
        "window": make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=in_days(150), star=3),
        "late": make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=in_days(90), star=4),
        "expiring": make_certificate(cast.producer, status=S.EXPIRING, valid_until=in_days(10), star=5),
        "extended": make_certificate(cast.producer, status=S.EXTENDED, valid_until=in_days(-10)),
        "expired": make_certificate(cast.producer, status=S.EXPIRED, valid_until=in_days(-40)),
        "valid": make_certificate(cast.producer, status=S.VALID, valid_until=in_days(400)),
        "revoked": make_certificate(cast.producer, status=S.REVOKED, valid_until=in_days(10)),
        "far": make_certificate(cast.other_producer_org, status=S.EXPIRING, valid_until=in_days(10)),
    }
    make_registration(made["extended"].product, kind="reevaluation", status="submitted")
    return made


def rows(response) -> list[str]:
    return [c.number for c in response.context["page"].object_list]


@pytest.mark.parametrize("who", ["commune_officer", "province_officer", "viewer", "producer_owner"])
def test_it_lists_the_certificates_in_the_expiry_phases_of_the_scope(cast, login, listed, who):
    response = login(getattr(cast, who)).get(LIST)
    assert response.status_code == 200
    expected = [listed[k].number for k in ("extended", "expired", "expiring", "late", "window")]
    assert sorted(rows(response)) == sorted(expected)
    html = response.content.decode()
    assert "Quá thời hạn nộp hồ sơ" in html and "Trong thời hạn nộp hồ sơ đánh giá lại" in html


def test_it_shows_every_province_to_a_central_officer(cast, login, listed):
    assert listed["far"].number in rows(login(cast.central_officer).get(LIST))


def test_it_hides_other_scopes(cast, login, listed):
    assert rows(login(cast.outsider).get(LIST)) == [listed["far"].number]
    assert rows(login(cast.other_commune_officer).get(LIST)) == []
    assert rows(login(cast.other_producer).get(LIST)) == [listed["far"].number]


@pytest.mark.parametrize("who", ["advisory_member", "council_member"])
def test_it_forbids_roles_without_the_list(cast, login, who):
    assert login(getattr(cast, who)).get(LIST).status_code == 403
    assert login(getattr(cast, who)).get(EXPORT).status_code == 403


def test_it_sends_anonymous_users_to_login(client):
    assert client.get(LIST).status_code == 302


def test_it_refuses_post_on_the_list(cast, login):
    assert login(cast.province_officer).post(LIST).status_code == 405


@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ({"phase": "window"}, ["window"]),
        ({"phase": "late"}, ["late"]),
        ({"phase": "expiring"}, ["expiring"]),
        ({"phase": "extended"}, ["extended"]),
        ({"phase": "expired"}, ["expired"]),
        ({"star": "5"}, ["expiring"]),
        ({"valid_from": "__-11", "valid_to": "__100"}, ["extended", "expiring", "late"]),
    ],
)
def test_it_filters(cast, login, listed, query, keys):
    query = {k: (in_days(int(v[2:])).strftime("%d/%m/%Y") if v.startswith("__") else v) for k, v in query.items()}
    response = login(cast.province_officer).get(LIST, query)
    assert sorted(rows(response)) == sorted(listed[k].number for k in keys)


def test_it_filters_by_commune_and_sector(cast, login, listed):
    from products.models import Producer, ProductGroup, Sector

    neighbour = Producer.objects.create(kind="coop", name="HTX Bình Minh", commune=cast.other_commune)
    sector, _ = Sector.objects.get_or_create(code="VI", defaults={"name": "Dịch vụ du lịch", "order": 6})
    group, _ = ProductGroup.objects.get_or_create(sector=sector, name="Du lịch cộng đồng")
    tourism_set = product_set(26)
    tourism_set.group = group
    tourism_set.save()
    other = make_certificate(
        neighbour, status=S.EXPIRING, valid_until=in_days(5), product=make_product(neighbour, number=26)
    )
    client = login(cast.province_officer)
    assert rows(client.get(LIST, {"commune": cast.other_commune.pk})) == [other.number]
    assert rows(client.get(LIST, {"sector": sector.pk})) == [other.number]


def test_it_keeps_a_bad_date_next_to_its_field(cast, login, listed):
    response = login(cast.province_officer).get(LIST, {"valid_from": "31/02/2029", "star": "4"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors.get("valid_from")
    # `{% filter_fields %}`: what was typed stays in its field, marked invalid, the message right under it.
    html = response.content.decode()
    field = html[html.index('name="valid_from"') :]
    assert field.index('value="31/02/2029"') < field.index('aria-invalid="true"') < field.index("invalid-feedback")
    assert field.index("invalid-feedback") < field.index("</div>") < field.index('name="star"')
    assert '<option value="4" selected>' in html


def test_it_shows_a_failed_notice(cast, login, listed):
    CertificateNotice.objects.create(
        certificate=listed["expiring"],
        kind=NoticeKind.EXPIRING,
        day=in_days(0),
        attempts=2,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    html = login(cast.commune_officer).get(LIST).content.decode()
    assert 'data-testid="notice-error"' in html and "SMTPServerDisconnected" in html


def test_it_offers_one_click_reevaluation_only_where_allowed(cast, login, listed):
    html = login(cast.producer_owner).get(LIST).content.decode()
    for key in ("window", "late", "expiring"):
        assert reverse("certificates:certificate_start_reevaluation", args=[listed[key].pk]) in html
    for key in ("extended", "expired"):
        assert reverse("certificates:certificate_start_reevaluation", args=[listed[key].pk]) not in html
    assert "certificate_start_reevaluation" not in login(cast.viewer).get(LIST).content.decode()
    assert 'data-testid="start-reevaluation"' not in login(cast.viewer).get(LIST).content.decode()


def test_each_row_says_what_is_left_in_the_users_language_and_its_form_posts(cast, login, listed):
    """The row (`{% expiry_row %}`): days left or overdue, the commune, the stars, the phase, the filing window, and
    a one-click form that passes the CSRF check with the token it carries."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.producer_owner)
    html = client.get(LIST).content.decode()
    row = html[html.index(listed["expiring"].number) :].split("</tr>")[0]
    assert "còn 10 ngày" in row and str(cast.producer.commune) in row and 'aria-label="5 sao"' in row
    assert "Sắp hết hạn" in row and f"{listed['expiring'].valid_until:%d/%m/%Y}" in row
    assert "đã hết hạn 40 ngày" in html.split(listed["expired"].number)[1].split("</tr>")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', row).group(1)
    start = reverse("certificates:certificate_start_reevaluation", args=[listed["expiring"].pk])
    assert client.post(start, {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
    assert client.post(start, {"csrfmiddlewaretoken": token}).status_code == 302  # past the CSRF check

    client.cookies["django_language"] = "en"
    english = client.get(LIST).content.decode()
    assert "10 days left" in english and "expired 40 days ago" in english and "Expiring soon" in english


def test_an_expired_certificate_reads_expired_so_many_days_ago_not_overdue(cast, login):
    """ "quá 1060 ngày" / "1060 days overdue" read as a late task; the certificate simply expired that long ago."""
    yesterday = make_certificate(cast.producer, status=S.EXPIRED, valid_until=in_days(-1))
    client = login(cast.commune_officer)
    row = client.get(LIST).content.decode().split(yesterday.number)[1].split("</tr>")[0]
    assert "đã hết hạn 1 ngày" in row and "quá 1 ngày" not in row
    client.cookies["django_language"] = "en"
    row = client.get(LIST).content.decode().split(yesterday.number)[1].split("</tr>")[0]
    assert "expired 1 day ago" in row and "1 day overdue" not in row


def _make_rows(cast, n):
    for i in range(n):
        make_certificate(cast.producer, status=S.EXPIRING, valid_until=in_days(1 + i))


def test_it_uses_the_same_number_of_queries_for_1_and_10_rows(cast, login, django_assert_num_queries):
    client = login(cast.province_officer)
    _make_rows(cast, 1)
    client.get(LIST)  # warm the session and the content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the count of the rows and the counts panel are cached: count the database work each time
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST).status_code == 200
    _make_rows(cast, 9)
    cache.clear()  # (factories write without the services that bump the cached count's version)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 10


def test_it_exports_the_filtered_list_to_excel(cast, login, listed, django_assert_num_queries):
    client = login(cast.province_officer)
    response = client.get(EXPORT, {"phase": "expiring"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    ).active
    values = list(sheet.values)
    assert values[0][0] == "Số giấy chứng nhận"
    assert [row[0] for row in values[1:]] == [listed["expiring"].number]
    assert values[1][8].date() == listed["expiring"].valid_until


def test_it_exports_with_a_constant_number_of_queries(cast, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(cast.province_officer)
    _make_rows(cast, 1)
    client.get(EXPORT)
    with CaptureQueriesContext(connection) as one:
        client.get(EXPORT)
    _make_rows(cast, 9)
    with CaptureQueriesContext(connection) as ten:
        client.get(EXPORT)
    assert len(one.captured_queries) == len(ten.captured_queries)


def test_it_lets_a_province_officer_run_the_check_now(cast, login, django_capture_on_commit_callbacks):
    certificate = make_certificate(cast.producer, status=S.VALID, valid_until=in_days(25))
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.province_officer).post(RUN)
    assert response.status_code == 302 and response["Location"] == LIST
    certificate.refresh_from_db()
    assert certificate.status == S.EXPIRING
    assert AuditEvent.objects.filter(action="certificate.expiry.run_requested", actor=cast.province_officer).exists()


@pytest.mark.parametrize("who", ["viewer", "commune_officer", "producer_owner"])
def test_it_forbids_others_to_run_the_check(cast, login, who):
    assert login(getattr(cast, who)).post(RUN).status_code == 403


def test_it_refuses_get_on_run(cast, login):
    assert login(cast.province_officer).get(RUN).status_code == 405


def test_it_counts_expiring_and_expired_on_the_home_page(cast, login, listed):
    make_certificate(cast.producer, status=S.EXPIRED, valid_until=in_days(-500))  # too old for the panel
    panels = home_panels(user=cast.commune_officer)
    assert panels["certificates_expiring"]["count"] == 1
    assert panels["certificates_expired"]["count"] == 1
    assert panels["certificates_expiring"]["url"].startswith(LIST)
    assert home_panels(user=cast.outsider)["certificates_expiring"]["count"] == 1  # the far one
    assert "certificates_expiring" not in home_panels(user=cast.council_member)
    html = login(cast.commune_officer).get(reverse("home")).content.decode()
    assert 'data-testid="panel-certificates_expiring"' in html


def test_the_home_page_counts_the_certificates_whose_re_evaluation_window_is_open_as_the_list_does(cast, login, listed):
    """Under D26 a re-evaluation dossier is filed 180 to 120 days before expiry (Điều 7.6a): the officer's home
    counts the certificates in that window today, and the count opens the list's own "window" phase."""
    panel = home_panels(user=cast.commune_officer)["certificates_in_window"]
    assert panel["count"] == 1
    client = login(cast.commune_officer)
    assert rows(client.get(panel["url"])) == [listed["window"].number]
    assert home_panels(user=cast.outsider)["certificates_in_window"]["count"] == 0


def test_the_lists_counts_are_its_phases_each_opening_its_rows(cast, login, listed):
    response = login(cast.commune_officer).get(LIST)
    html = response.content.decode()
    # The window's and the missed window's tiles open those still to file (test_expiry_list_window_tile,
    # test_expiry_filed_late_everywhere).
    for query, key in (
        ("phase=window&dossier=false", "window"),
        ("phase=late&dossier=false", "late"),
        ("phase=expiring", "expiring"),
    ):
        assert f'href="{LIST}?{query.replace("&", "&amp;")}"' in html
        assert rows(login(cast.commune_officer).get(f"{LIST}?{query}")) == [listed[key].number]
    assert response.context["counts"]["window"] == response.context["counts"]["late"] == 1


def test_it_puts_the_most_urgent_first_and_the_latest_expired_before_older_ones(cast, login, listed):
    older = make_certificate(cast.producer, status=S.EXPIRED, valid_until=in_days(-300))
    numbers = rows(login(cast.commune_officer).get(LIST))
    expected = [listed[k].number for k in ("extended", "expiring", "late", "window", "expired")] + [older.number]
    assert numbers == expected


def test_it_refuses_post_on_the_export(cast, login):
    assert login(cast.viewer).post(EXPORT).status_code == 405


def test_it_lets_a_producer_export_only_its_own_certificates(cast, login, listed):
    response = login(cast.producer_owner).get(EXPORT)
    numbers = [row[0] for row in list(load_workbook(io.BytesIO(response.content)).active.values)[1:]]
    assert listed["far"].number not in numbers and listed["expiring"].number in numbers


def test_it_lists_valid_certificates_whose_window_opens_within_a_month(cast, login, listed):
    soon = make_certificate(cast.producer, status=S.VALID, valid_until=in_days(205))
    later = make_certificate(cast.producer, status=S.VALID, valid_until=in_days(211))
    client = login(cast.commune_officer)
    response = client.get(LIST)
    assert soon.number in rows(response) and later.number not in rows(response)
    assert listed["valid"].number not in rows(response)
    opens = (soon.valid_until - datetime.timedelta(days=180)).strftime("%d/%m/%Y")
    assert f"Chuẩn bị hồ sơ: nộp từ {opens}" in response.content.decode()
    assert rows(client.get(LIST, {"phase": "upcoming"})) == [soon.number]
    assert soon.number not in rows(client.get(LIST, {"phase": "window"}))


def test_it_drops_an_expired_certificate_once_the_product_holds_a_newer_one(cast, login, listed):
    product = listed["expired"].product
    make_certificate(cast.producer, product=product, status=S.VALID, valid_until=in_days(1000))
    shown = rows(login(cast.commune_officer).get(LIST))
    assert listed["expired"].number not in shown and listed["expiring"].number in shown
    assert home_panels(user=cast.commune_officer)["certificates_expired"]["count"] == 0


def test_a_large_export_is_written_by_a_background_job_in_the_officers_scope(
    cast, login, listed, monkeypatch, django_capture_on_commit_callbacks
):
    from ocop.choices import JobKind, JobStatus
    from ocop.models import BackgroundJob

    monkeypatch.setattr("ocop.services.EXPORT_ASYNC_ROWS", 2)
    client = login(cast.province_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(EXPORT)
    job = BackgroundJob.objects.get(kind=JobKind.EXPORT)
    assert response.status_code == 302 and response["Location"] == reverse("job_detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.params["export"], job.total) == (JobStatus.DONE, "expiry", 5)
    download = client.get(reverse("job_download", args=[job.pk]))
    values = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    # The province's five listed certificates, not the other province's one.
    expected = {listed[k].number for k in ("window", "late", "expiring", "extended", "expired")}
    assert {row[0] for row in values[1:]} == expected
