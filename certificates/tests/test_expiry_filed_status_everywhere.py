"""A re-evaluation filed within the window (Điều 7.6a) is said to be filed wherever the expiry watch speaks of the
certificate, by the one rule of the expiry list (certificates.selectors.expiry.filed_in_window_q, read by
states.phase): the officers' daily digest did not list it as "window missed" once the window closed, and the list, its
phone card and its Excel export no longer say "in the window to file" while the window is still open."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from certificates.choices import CertificateStatus as S
from certificates.services.expiry import certificates_flag_expiring, renewal_window

from .factories import make_certificate, make_registration

pytestmark = pytest.mark.django_db

LIST = reverse("certificates:expiry_list")
FILED = "Đã nộp hồ sơ đánh giá lại trong thời hạn, chờ kết quả"
MISSED = "Đã hết thời hạn nộp hồ sơ đánh giá lại"
IN_WINDOW = "Trong thời hạn nộp hồ sơ đánh giá lại"


def filed(certificate, on: datetime.date, status: str = "submitted"):
    registration = make_registration(certificate.product, kind="reevaluation", status=status)
    at = datetime.datetime.combine(on, datetime.time(10), tzinfo=timezone.get_current_timezone())
    type(registration).objects.filter(pk=registration.pk).update(submitted_at=at, first_submitted_at=at)
    return registration


def test_the_digest_says_filed_in_time_not_window_missed(cast, mailoutbox, django_capture_on_commit_callbacks):
    valid_until = datetime.date(2029, 8, 5)
    start, end = renewal_window(valid_until)
    in_time = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    filed(in_time, start + datetime.timedelta(days=3), status="forwarded")
    missed = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    with django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=end + datetime.timedelta(days=1))  # the window closed yesterday
    digest = next(m for m in mailoutbox if m.subject.startswith("OCOP:") and cast.commune_officer.email in m.to)
    lines = {line for line in digest.body.splitlines() if line.startswith("- ")}
    line_of = {c.number: next(line for line in lines if c.number in line) for c in (in_time, missed)}
    assert line_of[in_time.number].startswith(f"- {FILED}:")
    assert line_of[missed.number].startswith(f"- {MISSED}:")
    html = digest.alternatives[0][0]
    assert f"<td>{FILED}</td>" in html and f"<td>{MISSED}</td>" in html


def test_a_dossier_filed_in_the_open_window_is_shown_filed_on_the_list_card_and_export(cast, login):
    valid_until = timezone.localdate() + datetime.timedelta(days=150)  # the window is open
    start, _end = renewal_window(valid_until)
    filed_one = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    filed(filed_one, start + datetime.timedelta(days=10))
    returned = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    filed(returned, start + datetime.timedelta(days=12), status="returned")
    draft = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    make_registration(draft.product, kind="reevaluation", status="draft")  # not filed: still to file

    client = login(cast.commune_officer)
    response = client.get(LIST)
    labels = {c.number: str(c.phase["label"]) for c in response.context["page"].object_list}
    assert labels == {
        filed_one.number: FILED,
        returned.number: "Đã nộp trong thời hạn, bị trả lại để hoàn thiện",
        draft.number: IN_WINDOW,
    }
    # The phone card's status cell (.table-stack) carries the same label.
    body = response.content.decode()
    rows = re.findall(r'<tr data-testid="expiry-row">.*?</tr>', body, re.S)
    row = next(r for r in rows if filed_one.number in r)
    assert re.search(rf'<td data-label="Tình trạng"><span class="badge[^"]*">{FILED}</span></td>', row)

    sheet = load_workbook(io.BytesIO(client.get(reverse("certificates:expiry_export")).content)).active
    header, *values = sheet.values
    exported = {row[0]: row[header.index("Tình trạng")] for row in values}
    assert exported[filed_one.number] == FILED and exported[draft.number] == IN_WINDOW


def test_the_digest_writes_the_step_in_its_readers_language(cast, mailoutbox, django_capture_on_commit_callbacks):
    from django.utils import translation

    cast.commune_officer.language = "en"
    cast.commune_officer.save(update_fields=["language"])
    valid_until = datetime.date(2029, 8, 5)
    start, end = renewal_window(valid_until)
    in_time = make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    filed(in_time, start + datetime.timedelta(days=3))
    make_certificate(cast.producer, status=S.RENEWAL_WINDOW, valid_until=valid_until)
    with translation.override("vi"), django_capture_on_commit_callbacks(execute=True):
        certificates_flag_expiring(today=end + datetime.timedelta(days=1))
    digests = {tuple(m.to): m.body for m in mailoutbox if m.subject.startswith("OCOP:")}
    english, vietnamese = digests[(cast.commune_officer.email,)], digests[(cast.province_officer.email,)]
    assert "Re-evaluation filed within the period, awaiting the result" in english and FILED not in english
    assert MISSED not in english and FILED in vietnamese and MISSED in vietnamese
