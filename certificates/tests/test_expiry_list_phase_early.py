"""The expiry list's "Tình trạng" filter had no choice for a re-evaluation filed before the certificate's window
opened (Điều 7.6a: "không sớm hơn 180 ngày"), though the row reads so (states.filed_early_label): after the window,
such a certificate fell under "Quá thời hạn nộp (chỉ nộp muộn)" while its row said "filed before the window". It has
its own phase now (`early`, beside `in_time`), the missed window no longer counts it, and the tiles, which count
those still to file (renewal_filed_q), open exactly the rows they count; the page reads it in the same queries."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus as S
from certificates.selectors.expiry import expiry_counts
from certificates.services.expiry import renewal_window

from .factories import make_certificate
from .test_expiry_list_in_time import filed

pytestmark = pytest.mark.django_db

LIST = reverse("certificates:expiry_list")
EARLY_ROW = "Đã nộp hồ sơ đánh giá lại trước thời hạn nộp (Điều 7.6a), chờ kết quả"


def numbers(response) -> set[str]:
    return {c.number for c in response.context["page"].object_list}


@pytest.fixture
def closed(cast):
    """Certificates 90 days from expiry (the window closed 30 days ago): filed before the window, in it, late, and
    nothing filed."""
    valid_until = timezone.localdate() + datetime.timedelta(days=90)
    start, end = renewal_window(valid_until)
    made = {
        key: make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
        for key in ("early", "in_time", "late", "nothing")
    }
    filed(made["early"], start - datetime.timedelta(days=5))
    filed(made["in_time"], start)
    filed(made["late"], end + datetime.timedelta(days=1))
    return made


def test_the_filter_offers_the_dossiers_filed_before_the_window(login, cast, closed):
    client = login(cast.commune_officer)
    response = client.get(LIST, {"phase": "early"})
    assert not response.context["filter"].form.errors
    assert "early" in dict(response.context["filter"].form.fields["phase"].choices)
    assert numbers(response) == {closed["early"].number}
    assert {str(c.phase["label"]) for c in response.context["page"].object_list} == {EARLY_ROW}
    # …and the missed window is what it says: neither filed in it nor before it.
    assert numbers(client.get(LIST, {"phase": "late"})) == {closed["late"].number, closed["nothing"].number}
    assert numbers(client.get(LIST, {"phase": "in_time"})) == {closed["in_time"].number}


def test_the_tiles_count_what_they_open(login, cast, closed):
    counts = expiry_counts(user=cast.commune_officer)
    assert (counts["late"], counts["late_unfiled"]) == (2, 1)
    client = login(cast.commune_officer)
    assert numbers(client.get(LIST, {"phase": "late", "dossier": "false"})) == {closed["nothing"].number}
    assert numbers(client.get(LIST, {"phase": "early", "dossier": "true"})) == {closed["early"].number}


def test_the_phase_is_read_in_the_same_queries_for_1_and_5_rows(login, cast):
    valid_until = timezone.localdate() + datetime.timedelta(days=90)
    start, _end = renewal_window(valid_until)

    def early():
        filed(
            make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until),
            start - datetime.timedelta(days=1),
        )

    client = login(cast.province_officer)
    early()
    client.get(LIST, {"phase": "early"})  # warm the session and the content types
    cache.clear()  # the counts are cached: count the database work each time
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(LIST, {"phase": "early"}).context["page"].object_list) == 1
    for _ in range(4):
        early()
    cache.clear()
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(LIST, {"phase": "early"}).context["page"].object_list) == 5
    assert len(five.captured_queries) == len(one.captured_queries) <= 12
