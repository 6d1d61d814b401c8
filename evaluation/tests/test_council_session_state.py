"""A session's life: attendance opens it; once closed nothing is scored, assigned, attended or finalised in it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.models import CouncilResult
from evaluation.services.councils import session_close
from evaluation.services.results import item_finalise

from .factories import setup_scoring, submit


def test_it_opens_the_session_when_attendance_is_taken(cast):
    s = setup_scoring(cast)
    s.session.refresh_from_db()
    assert s.session.status == "open"


def test_it_refuses_a_result_in_a_closed_session_and_offers_no_actions_there(cast, login):
    s = setup_scoring(cast, present=[])
    for member in s.members:
        submit(s.item, member, s.card)
    session_close(session=s.session, by=cast.province_officer)
    with pytest.raises(ValidationError, match="Phiên họp đã kết thúc"):
        item_finalise(item=s.item, by=cast.province_officer)
    assert not CouncilResult.objects.exists()
    page = login(cast.council_chair).get(reverse("evaluation:session_detail", args=[s.session.pk])).content.decode()
    assert "Lưu điểm danh" not in page and "Tổng hợp kết quả" not in page and "Lưu phân công" not in page
