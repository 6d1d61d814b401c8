"""After the re-evaluation window (Điều 7.6a: 180 to 120 days before expiry) has closed, the expiry watch tells a
producer who filed the re-evaluation within the window (in time) from one who did not (late, Điều 12.3): by the
dossier's filing day against the certificate's window, not by the date alone. The row's label, the phase filter,
the counts and the Excel export agree."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.choices import CertificateStatus as S
from certificates.selectors.expiry import expiry_counts
from certificates.services.expiry import renewal_window

from .factories import make_certificate, make_registration

pytestmark = pytest.mark.django_db

LIST = reverse("certificates:expiry_list")
LATE_LABEL = "Quá thời hạn nộp hồ sơ (chỉ nộp muộn, Điều 12.3)"
IN_TIME_LABEL = "Đã nộp hồ sơ đánh giá lại trong thời hạn, chờ kết quả"


def filed(certificate, on: datetime.date, status: str = "submitted", time=datetime.time(10)):
    """A re-evaluation of the certificate's product filed on `on` (at `time`, local time)."""
    registration = make_registration(certificate.product, kind="reevaluation", status=status)
    at = datetime.datetime.combine(on, time, tzinfo=timezone.get_current_timezone())
    type(registration).objects.filter(pk=registration.pk).update(submitted_at=at, first_submitted_at=at)
    return registration


@pytest.fixture
def closed(cast):
    """Certificates 90 days from expiry (the window closed 30 days ago) whose producers filed at various times."""
    valid_until = timezone.localdate() + datetime.timedelta(days=90)
    start, end = renewal_window(valid_until)

    def certificate():
        return make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)

    made = {key: certificate() for key in ("first_day", "last_day", "late", "nothing", "withdrawn", "in_window")}
    filed(made["first_day"], start)
    filed(made["last_day"], end, status="ready_for_council")
    # Half past midnight in Vietnam the day after the window: still the last day in UTC, late all the same.
    filed(made["late"], end + datetime.timedelta(days=1), time=datetime.time(0, 30))
    filed(made["withdrawn"], start, status="withdrawn")  # filed in time, then withdrawn: nothing filed any more
    made["in_window"].valid_until = timezone.localdate() + datetime.timedelta(days=150)  # the window is open
    made["in_window"].save(update_fields=["valid_until"])
    return made


def numbers(response) -> set[str]:
    return {c.number for c in response.context["page"].object_list}


def test_a_producer_who_filed_within_the_window_is_in_time_not_late(login, cast, closed):
    client = login(cast.commune_officer)
    labels = {c.number: str(c.phase["label"]) for c in client.get(LIST).context["page"].object_list}
    in_time = {closed["first_day"].number, closed["last_day"].number}
    late = {closed[k].number for k in ("late", "nothing", "withdrawn")}  # the phase: the window missed
    filed_late = {closed["late"].number}  # …but filed since, by its last day (Điều 12.3)
    assert {n for n, label in labels.items() if label == IN_TIME_LABEL} == in_time
    assert {n for n, label in labels.items() if label == LATE_LABEL} == late - filed_late

    assert numbers(client.get(LIST, {"phase": "late"})) == late
    assert numbers(client.get(LIST, {"phase": "in_time"})) == in_time
    assert numbers(client.get(LIST, {"phase": "window"})) == {closed["in_window"].number}
    counts = expiry_counts(user=cast.commune_officer)
    assert counts["late"] == 3 and counts["window"] == 1

    sheet = load_workbook(io.BytesIO(client.get(reverse("certificates:expiry_export")).content)).active
    header, *rows = sheet.values
    column = header.index("Tình trạng")
    exported = {row[0]: row[column] for row in rows}
    assert {n for n, label in exported.items() if label == IN_TIME_LABEL} == in_time
    assert {n for n, label in exported.items() if label == LATE_LABEL} == late - filed_late


RETURNED_IN_TIME_LABEL = "Đã nộp trong thời hạn, bị trả lại để hoàn thiện"


def test_a_dossier_filed_in_the_window_returned_and_resubmitted_after_it_is_in_time(login, cast):
    """Lateness is judged on the dossier's first submission (evaluation.selectors.reevaluation.filed_on), not on a
    resubmission after the commune or the province returned it to complete: that dossier was filed in time."""
    valid_until = timezone.localdate() + datetime.timedelta(days=90)
    start, end = renewal_window(valid_until)
    resubmitted = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    registration = filed(resubmitted, end + datetime.timedelta(days=20))  # the latest submission: after the window
    first = datetime.datetime.combine(start + datetime.timedelta(days=3), datetime.time(10))
    type(registration).objects.filter(pk=registration.pk).update(
        first_submitted_at=timezone.make_aware(first)  # the first: inside it
    )
    # Filed in time and back with the producer to complete: not late either, but its turn.
    back = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    filed(back, start + datetime.timedelta(days=5), status="returned")

    client = login(cast.commune_officer)
    labels = {c.number: str(c.phase["label"]) for c in client.get(LIST).context["page"].object_list}
    assert labels == {resubmitted.number: IN_TIME_LABEL, back.number: RETURNED_IN_TIME_LABEL}
    assert numbers(client.get(LIST, {"phase": "late"})) == set()
    assert numbers(client.get(LIST, {"phase": "in_time"})) == {resubmitted.number, back.number}
    assert expiry_counts(user=cast.commune_officer)["late"] == 0
    # Its link to the dossier says it is to complete, not "not filed".
    html = client.get(LIST).content.decode()
    assert html.count("Hồ sơ chờ hoàn thiện") == 1
