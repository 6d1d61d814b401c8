"""The re-evaluation window of D26 (Điều 7.6a: 180 to 120 days before expiry) follows the law in force: D26 took effect
on 22/05/2026 (Điều 11.1). A certificate that expired before that day expired under the earlier rules and has no D26
window (the demo's "Sản phẩm số 01 – Na Rì", expired 10/12/2022, showed 13/06–12/08/2022); a window that would open
before it opens on it (Cam Đường Canh's 01/05–30/06/2026 showed open before D26 existed); one that would have closed
before it is none, and a re-evaluation filed before the expiry is late (Điều 12.3). One rule
(evaluation.selectors.reevaluation.reevaluation_window) for the list, its phases and counts, the export, the
certificate's page and the producer's home."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.choices import CertificateStatus as S
from certificates.selectors.expiry import expiry_counts
from evaluation.selectors import reevaluation
from evaluation.selectors.reevaluation import reevaluation_window, window_state

from .factories import make_certificate, make_registration

pytestmark = pytest.mark.django_db

D = datetime.date
D26 = D(2026, 5, 22)
LIST = reverse("certificates:expiry_list")
CAM_DUONG = D(2026, 10, 28)  # the window D26 would give, unclamped: 01/05/2026–30/06/2026


def at(day: D):
    """Time travel to 9:00 in Việt Nam on `day`."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(2), tzinfo=datetime.UTC), tick=False)


# ---------------------------------------------------------------- the rule


def test_a_certificate_expired_before_d26_has_no_d26_window():
    assert reevaluation_window(D(2022, 12, 10)) is None
    note = reevaluation.reevaluation_window_note(D(2022, 12, 10))
    assert "10/12/2022" in note and "trước khi Quyết định 26/2026/QĐ-TTg có hiệu lực" in note


def test_expired_the_day_before_d26_versus_on_the_day_d26_took_effect():
    """Expired 21/05/2026: under the earlier rules, nothing to file. Valid until 22/05/2026: alive under D26, its
    window long past (it closed in January), so a dossier filed on its last day is late (Điều 12.3), not refused."""
    assert reevaluation_window(D(2026, 5, 21)) is None
    assert reevaluation_window(D(2026, 5, 22)) is None
    assert "hết hạn theo quy định trước đó" in reevaluation.reevaluation_window_note(D(2026, 5, 21))
    assert "Điều 12 khoản 3" in reevaluation.reevaluation_window_note(D(2026, 5, 22))
    assert window_state(D(2026, 5, 21), D26)["state"] == "expired"
    assert window_state(D(2026, 5, 22), D26)["state"] == "late"


@pytest.mark.parametrize(
    "valid_until,window",
    [
        (D(2026, 9, 18), None),  # would have closed 21/05/2026: no D26 window
        (D(2026, 9, 19), (D26, D26)),  # closes on the day D26 took effect: one day
        (CAM_DUONG, (D26, D(2026, 6, 30))),  # would have opened 01/05/2026
        (D(2026, 11, 17), (D26, D(2026, 7, 20))),  # would have opened 21/05/2026
        (D(2026, 11, 18), (D26, D(2026, 7, 21))),  # opens on 22/05/2026 by itself
        (D(2026, 11, 19), (D(2026, 5, 23), D(2026, 7, 22))),  # after: unchanged
        (D(2029, 8, 5), (D(2029, 2, 6), D(2029, 4, 7))),  # the domain reference's example
    ],
)
def test_a_window_opens_at_the_earliest_when_d26_took_effect(valid_until, window):
    assert reevaluation_window(valid_until) == window


def test_a_re_evaluation_filed_before_d26_is_early_from_the_22nd_open():
    assert window_state(CAM_DUONG, D(2026, 5, 21))["state"] == "early"
    assert window_state(CAM_DUONG, D26)["state"] == "open"


# ---------------------------------------------------------------- the expiry watch: list, phases, counts, export


def numbers(response) -> set[str]:
    return {c.number for c in response.context["page"].object_list}


def test_before_d26_the_window_is_not_open_in_the_list_its_filter_or_the_counts(login, cast):
    cam_duong = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=CAM_DUONG)
    client = login(cast.commune_officer)
    with at(D(2026, 5, 21)):
        rows = {c.number: c for c in client.get(LIST).context["page"].object_list}
        assert str(rows[cam_duong.number].phase["label"]) == "Chuẩn bị hồ sơ: nộp từ 22/05/2026"
        assert numbers(client.get(LIST, {"phase": "window"})) == set()
        assert numbers(client.get(LIST, {"phase": "upcoming"})) == {cam_duong.number}
        assert expiry_counts(user=cast.commune_officer)["window"] == 0
        body = client.get(LIST).content.decode()
        assert "22/05/2026 – 30/06/2026" in body and "01/05/2026" not in body
        sheet = load_workbook(io.BytesIO(client.get(reverse("certificates:expiry_export")).content)).active
        header, *exported = sheet.values
        start = header.index("Nộp hồ sơ đánh giá lại từ")
        assert [(r[start].date(), r[start + 1].date()) for r in exported] == [(D26, D(2026, 6, 30))]
    with at(D26):
        assert numbers(client.get(LIST, {"phase": "window"})) == {cam_duong.number}
        assert expiry_counts(user=cast.commune_officer)["window"] == 1


def filed(certificate, on: D):
    registration = make_registration(certificate.product, kind="reevaluation", status="submitted")
    moment = datetime.datetime.combine(on, datetime.time(10), tzinfo=timezone.get_current_timezone())
    type(registration).objects.filter(pk=registration.pk).update(submitted_at=moment, first_submitted_at=moment)
    return registration


def test_a_dossier_filed_before_d26_was_not_filed_within_the_window(login, cast):
    """Once the window has closed, in time is filed from 22/05/2026 on, not from the unclamped 01/05/2026: the day
    before, it was filed before the window opened (its row says so, states.filed_early_label), neither in time nor
    late, under its own phase (`early`)."""
    before = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=CAM_DUONG)
    on_the_day = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=CAM_DUONG)
    filed(before, D(2026, 5, 21))
    filed(on_the_day, D26)
    client = login(cast.commune_officer)
    with at(D(2026, 7, 15)):
        assert numbers(client.get(LIST, {"phase": "in_time"})) == {on_the_day.number}
        assert numbers(client.get(LIST, {"phase": "early"})) == {before.number}
        assert numbers(client.get(LIST, {"phase": "late"})) == set()
        assert expiry_counts(user=cast.commune_officer)["late"] == 0
        rows = client.get(LIST).context["page"].object_list
        assert {str(c.phase["label"]) for c in rows if c.number == before.number} == {
            "Đã nộp hồ sơ đánh giá lại trước thời hạn nộp (Điều 7.6a), chờ kết quả"
        }


def test_a_certificate_expired_before_d26_shows_no_window_on_the_list_or_its_page(login, cast):
    na_ri = make_certificate(cast.producer, status=S.EXPIRED, valid_until=D(2022, 12, 10))
    client = login(cast.commune_officer)
    body = client.get(LIST).content.decode()
    assert na_ri.number in body and "13/06/2022" not in body and "12/08/2022" not in body
    page = client.get(reverse("certificates:certificate_detail", args=[na_ri.pk])).content.decode()
    assert "13/06/2022" not in page and 'data-testid="reevaluation-window-note"' in page
    assert "hết hạn theo quy định trước đó" in page


def test_the_producers_home_shows_the_window_from_d26_and_not_open_before_it(login, cast):
    make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=CAM_DUONG)
    client = login(cast.producer_owner)
    with at(D(2026, 5, 21)):
        body = client.get(reverse("home")).content.decode()
    assert "từ 22/05/2026 đến 30/06/2026" in body and 'data-testid="window-open"' not in body
    with at(D26):
        assert 'data-testid="window-open"' in client.get(reverse("home")).content.decode()
