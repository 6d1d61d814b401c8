"""The morning after a certificate's last valid day, before the night's sweep (00:30) has stored its new status, every
page reads the status of the day (Certificate.effective_status for one certificate, models.status_today for a list,
live_today_q for a count), not the one the sweep last stored: the certificate's page (its badge, its extension line,
its actions), the officers' expiry watch (its rows, its phase filter, its counts and the home's tiles), the web list
and its "live" filter (which the producer's home count opens) say what the producer's home and the public
verification say, before the sweep as after it.

And the re-evaluation that keeps an expired certificate extended (Điều 12.3) while it is back with the producer to
complete stays reachable from the certificate's page, for the producer and the officer.

The suite's pinned day (02/12/2026, 10:00) is the day after the certificates' last day (01/12/2026)."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.choices import CertificateStatus as S
from certificates.services.expiry import certificates_flag_expiring
from dashboard.selectors import home_panels

from .factories import make_certificate, make_registration

pytestmark = pytest.mark.django_db

LAST_DAY = datetime.date(2026, 12, 1)
EXTENDED_LABEL = "Gia hạn chờ kết quả (Điều 12.3)"
EXPIRED_LABEL = "Hết hạn"
EXPIRY_LIST = reverse("certificates:expiry_list")
CERTIFICATE_LIST = reverse("certificates:certificate_list")


def stored_expiring(cast, **extra):
    """A certificate whose last day was yesterday, stored "expiring" as the sweep left it the night before."""
    return make_certificate(cast.producer, status=S.EXPIRING, valid_until=LAST_DAY, **extra)


@pytest.fixture(params=["before the sweep", "after the sweep"])
def world(request, cast, django_capture_on_commit_callbacks):
    """`extended`: its re-evaluation, filed on its last day, was returned to the producer to complete (pending: Điều
    12.3); `lapsed`: nothing filed."""
    assert timezone.localdate() == LAST_DAY + datetime.timedelta(days=1)
    extended, lapsed = stored_expiring(cast), stored_expiring(cast)
    returned = make_registration(extended.product, kind="reevaluation", status="returned")
    if request.param == "after the sweep":
        with django_capture_on_commit_callbacks(execute=True):
            certificates_flag_expiring()
    return {"extended": extended, "lapsed": lapsed, "returned": returned}


def detail(client, certificate) -> str:
    return client.get(reverse("certificates:certificate_detail", args=[certificate.pk])).content.decode()


def test_the_certificate_page_says_extended_and_links_the_returned_dossier(cast, login, world):
    dossier = reverse("evaluation:registration_detail", args=[world["returned"].pk])
    for user in (cast.producer_owner, cast.commune_officer, cast.province_officer):
        page = detail(login(user), world["extended"])
        assert 'data-status="extended"' in page and 'data-status="expiring"' not in page, user
        assert 'data-testid="extended-until"' in page and "30/05/2027" in page  # Điều 12.3: 180 days at most
        assert 'data-testid="reevaluation-window"' not in page
        link = page.split('data-testid="open-dossier"')[0].rsplit("<a ", 1)[1]
        assert dossier in link, user
        assert "Hồ sơ chờ hoàn thiện" in page.split('data-testid="open-dossier"')[1].split("</a>")[0]


def test_the_certificate_page_of_a_lapsed_certificate_says_expired_and_offers_no_revocation(cast, login, world):
    page = detail(login(cast.province_officer), world["lapsed"])
    assert 'data-status="expired"' in page and 'data-status="expiring"' not in page
    assert 'data-testid="extended-until"' not in page and 'data-testid="reevaluation-window"' not in page
    assert reverse("certificates:certificate_revoke", args=[world["lapsed"].pk]) not in page
    for action in ("ad-hoc-inspection", "agency-conclusion", "stop-confirm"):  # supervision's (certificate_actions)
        assert f'data-testid="{action}"' not in page, action
    assert 'data-testid="ad-hoc-inspection"' in detail(login(cast.province_officer), world["extended"])  # live
    assert 'data-testid="open-dossier"' not in page and 'data-testid="start-reevaluation"' not in page


def test_the_page_agrees_with_the_verification_page_and_the_producers_home(cast, client, login, world):
    for key, status in (("extended", "extended"), ("lapsed", "expired")):
        certificate = world[key]
        public = client.get(reverse("certificates:certificate_verify", args=[certificate.verify_token]))
        assert f'data-status="{status}"' in public.content.decode()
        assert f'data-status="{status}"' in detail(login(cast.producer_owner), certificate)
    home = login(cast.producer_owner).get(reverse("home"))
    assert [c.pk for c in home.context["worklist"]["certificates"]] == [world["extended"].pk]


def test_the_expiry_list_rows_filter_and_counts_read_the_status_of_the_day(cast, login, world):
    client = login(cast.commune_officer)
    response = client.get(EXPIRY_LIST)
    labels = {c.number: str(c.phase["label"]) for c in response.context["page"].object_list}
    assert labels == {world["extended"].number: EXTENDED_LABEL, world["lapsed"].number: EXPIRED_LABEL}

    def numbers(phase):
        return {c.number for c in client.get(EXPIRY_LIST, {"phase": phase}).context["page"].object_list}

    assert numbers("extended") == {world["extended"].number}
    assert numbers("expired") == {world["lapsed"].number}
    assert numbers("expiring") == set()
    counts = response.context["counts"]
    assert (counts["expiring"], counts["expired"]) == (0, 1)

    # The row links the returned dossier as the certificate's page names it: filed, back with the producer to complete
    # (late, so not "filed in time"), not "not filed"; the export says so too.
    row = response.content.decode().split(world["extended"].number)[1].split("</tr>")[0]
    assert "Hồ sơ chờ hoàn thiện" in row and "Hồ sơ chưa nộp" not in row
    sheet = load_workbook(io.BytesIO(client.get(reverse("certificates:expiry_export")).content)).active
    header, *rows = sheet.values
    cells = {r[0]: r[header.index("Đã nộp hồ sơ")] for r in rows}
    assert cells == {world["extended"].number: "Đã nộp, bị trả lại để hoàn thiện", world["lapsed"].number: "Chưa"}

    # The officers' home tiles, which open those phases.
    panels = home_panels(user=cast.commune_officer)
    assert panels["certificates_expiring"]["count"] == 0 and panels["certificates_expired"]["count"] == 1


def test_the_lists_live_filter_finds_what_the_producers_home_counts(cast, login, world):
    client = login(cast.producer_owner)
    panel = home_panels(user=cast.producer_owner)["certificates_live"]
    assert panel["count"] == 1
    page = client.get(panel["url"])
    assert [(c.pk, c.status_today) for c in page.context["page"]] == [(world["extended"].pk, S.EXTENDED)]
    html = page.content.decode()
    assert 'data-status="extended"' in html and 'data-testid="certificate-extended"' in html
    expired = client.get(CERTIFICATE_LIST, {"status": "expired"}).context["page"]
    assert [c.pk for c in expired] == [world["lapsed"].pk]


def _queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured.captured_queries)


def _past_their_last_day(cast, n):
    """`n` certificates past their last day, the sweep not run: half extended by a returned re-evaluation."""
    for i in range(n):
        certificate = stored_expiring(cast)
        if i % 2 == 0:
            make_registration(certificate.product, kind="reevaluation", status="returned")


@pytest.mark.parametrize(
    ("url", "query"),
    [(EXPIRY_LIST, {}), (EXPIRY_LIST, {"phase": "extended"}), (CERTIFICATE_LIST, {"status": "live"})],
)
def test_the_lists_read_the_status_of_the_day_in_a_constant_number_of_queries(cast, login, url, query, settings):
    from django.core.cache import cache

    client = login(cast.province_officer)
    _past_their_last_day(cast, 2)
    client.get(url, query)  # warm the session and the content types
    cache.clear()  # counts are cached: count the database work each time
    one = _queries(client, url, query)
    _past_their_last_day(cast, 18)
    cache.clear()
    assert _queries(client, url, query) == one
