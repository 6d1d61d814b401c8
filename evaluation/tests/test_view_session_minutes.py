"""The minutes of a council session as Nghị định 30/2020 writes a biên bản: the number line under the body's name
and when the meeting started and ended ("Thời gian: … giờ … phút, ngày …"; "Cuộc họp kết thúc vào … giờ … phút cùng
ngày"). The minutes printed neither. Whoever runs the session records them once it has been held (the clock is
pinned to 02/12/2026 10:00)."""

import datetime as dt
import subprocess

import pytest
from django.urls import reverse

from evaluation.models import CouncilSession
from ocop.models import AuditEvent

from .factories import make_council, setup_scoring

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def _url(session) -> str:
    return reverse("evaluation:session_minutes", args=[session.pk])


def test_the_minutes_print_their_number_and_the_meeting_s_start_and_end(cast, login):
    s = setup_scoring(cast)
    client = login(cast.council_chair)
    response = client.post(_url(s.session), {"minutes_number": "05/BB-HĐ", "start_time": "8h00", "end_time": "09:45"})
    assert response.status_code == 302
    s.session.refresh_from_db()
    assert (s.session.minutes_number, s.session.start_time, s.session.end_time) == (
        "05/BB-HĐ",
        dt.time(8, 0),
        dt.time(9, 45),
    )
    assert AuditEvent.objects.get(action="council_session.minutes").changes["start_time"] == [None, "08:00:00"]
    pdf = client.get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk]))
    text = " ".join(_text(pdf.content).split())
    assert "Số: 05/BB-HĐ" in text
    assert "Thời gian: 08 giờ 00 phút, ngày 02 tháng 12 năm 2026" in text
    assert "Cuộc họp kết thúc vào 09 giờ 45 phút cùng ngày" in text
    assert pdf["Content-Disposition"] == "inline; filename*=utf-8''bien-ban-05-BB-H%C4%90.pdf"


def test_minutes_not_yet_recorded_leave_the_blanks_to_fill_by_hand(cast, login):
    s = setup_scoring(cast)
    pdf = login(cast.council_chair).get(reverse("evaluation:session_minutes_pdf", args=[s.session.pk]))
    text = " ".join(_text(pdf.content).split())
    assert "Số: ……/BB-HĐ" in text and "Thời gian: … giờ … phút, ngày 02 tháng 12 năm 2026" in text
    assert "Cuộc họp kết thúc vào … giờ … phút cùng ngày" in text
    # No number yet: named after the council and the day, in ASCII, never the session's id.
    assert pdf["Content-Disposition"] == (
        'inline; filename="bien-ban-hoi-dong-danh-gia-phan-hang-san-pham-ocop-tinh-20261202.pdf"'
    )


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"start_time": "09:00", "end_time": "08:30"}, "end_time", "Giờ kết thúc phải sau giờ bắt đầu (09:00)"),
        ({"start_time": "09:00", "end_time": "09:00"}, "end_time", "Giờ kết thúc phải sau giờ bắt đầu"),
        ({"end_time": "09:00"}, "start_time", "Ghi giờ bắt đầu cuộc họp."),
        ({"start_time": "25:00"}, "start_time", "Nhập giờ dạng giờ:phút"),
        ({"start_time": "08:00", "end_time": "11:30"}, "end_time", "Giờ này chưa đến"),  # 10:00 on the meeting day
        ({"minutes_number": "BB 05"}, "minutes_number", "Số biên bản phải có dạng số/BB-ký hiệu"),
    ],
)
def test_a_bad_entry_is_refused_beside_its_field_and_kept(cast, login, data, field, message):
    s = setup_scoring(cast)
    response = login(cast.province_officer).post(_url(s.session), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    page = response.content.decode()
    for value in data.values():
        assert f'value="{value}"' in page  # what was typed is kept
    s.session.refresh_from_db()
    assert s.session.start_time is None and s.session.end_time is None and s.session.minutes_number == ""


def test_a_number_the_council_gave_another_minutes_that_year_is_refused(cast, login):
    s = setup_scoring(cast)
    CouncilSession.objects.create(council=s.council, date=dt.date(2026, 11, 5), minutes_number="05/BB-HĐ")
    response = login(cast.council_chair).post(_url(s.session), {"minutes_number": "5/bb-hd"})
    assert "Hội đồng đã có biên bản mang số này trong năm 2026." in response.context["form"].errors["minutes_number"]


def test_a_session_not_yet_held_has_no_minutes_to_record(cast, login):
    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=dt.date(2026, 12, 10))
    client = login(cast.province_officer)
    response = client.get(_url(session))
    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluation:session_detail", args=[session.pk]
    )
    client.post(_url(session), {"start_time": "08:00"})
    session.refresh_from_db()
    assert session.start_time is None


def test_the_database_keeps_an_end_after_the_start():
    from django.core.exceptions import ValidationError

    session = CouncilSession(date=dt.date(2026, 12, 2), start_time=dt.time(9), end_time=dt.time(8))
    with pytest.raises(ValidationError):
        session.validate_constraints()


@pytest.mark.parametrize(
    "role,status",
    [
        ("province_officer", 200),
        ("council_chair", 200),
        ("council_member", 403),
        ("viewer", 403),  # read-only
        ("outsider", 404),
        ("producer_owner", 404),
    ],
)
def test_it_is_for_whoever_runs_the_session(cast, login, role, status):
    s = setup_scoring(cast)
    assert login(getattr(cast, role)).get(_url(s.session)).status_code == status


def test_the_session_page_offers_it_to_whoever_runs_it(cast, login):
    s = setup_scoring(cast)
    page = login(cast.council_chair).get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    assert 'data-testid="session-minutes"' in page and _url(s.session) in page
    page = login(cast.council_member).get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    assert 'data-testid="session-minutes"' not in page
