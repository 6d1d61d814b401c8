"""Re-evaluations by written opinion (D26 Điều 7.6d): no meeting, no attendance; each assigned member answers in
writing and the result follows once every one of them has submitted."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import RegistrationKind, SessionMode
from evaluation.models import CouncilResult, CouncilSession
from evaluation.selectors.councils import item_state
from evaluation.services.councils import session_add_registration, session_set_attendance

from .factories import make_council, make_registration, make_scorecard, save_draft, submit


def _written(cast, kind=RegistrationKind.REEVALUATION):
    card = make_scorecard()
    council = make_council(cast, members=[("council_third", "member")])
    session = CouncilSession.objects.create(council=council, date=timezone.localdate(), mode=SessionMode.WRITTEN)
    registration = make_registration(cast, card)
    registration.kind = kind
    registration.save(update_fields=["kind"])
    item = session_add_registration(session=session, registration=registration, by=cast.province_officer)
    return card, council, session, item


def test_it_reaches_a_result_by_written_opinion_without_any_attendance(cast):
    card, council, session, item = _written(cast)
    members = list(council.members.all())
    save_draft(item, members[0], card)
    for member in members[1:]:
        submit(item, member, card, c1=15)
    state = item_state(user=None, item=item)
    assert state.quorum.met and not state.all_submitted  # a draft never counts
    assert not CouncilResult.objects.exists()
    submit(item, members[0], card, c1=15)
    assert CouncilResult.objects.get(item=item).mean_score == 85


def test_it_refuses_attendance_and_dossiers_other_than_re_evaluations(cast):
    card, council, session, item = _written(cast)
    with pytest.raises(ValidationError, match="không điểm danh"):
        session_set_attendance(session=session, present_member_ids=set(), by=cast.province_officer)
    first = make_registration(cast, card, name="Sản phẩm lần đầu")
    with pytest.raises(ValidationError, match="Điều 7.6d"):
        session_add_registration(session=session, registration=first, by=cast.province_officer)


def test_it_still_needs_quorum_when_members_recuse(cast):
    card, council, session, item = _written(cast)
    chair, member, third = council.members.order_by("id")
    submit(item, chair, card)
    from .factories import declare_and_open

    declare_and_open(item, member, conflict=True, reason="Người thân của chủ thể")
    declare_and_open(item, third, conflict=True, reason="Tư vấn cho chủ thể")
    state = item_state(user=None, item=item)
    assert state.all_submitted and not state.quorum.met  # 1 of 3 answering, 3/4 needed
    assert not CouncilResult.objects.exists()


def test_it_creates_a_written_session_from_the_form_and_hides_attendance(cast, login):
    council = make_council(cast)
    client = login(cast.province_officer)
    response = client.post(
        reverse("evaluation:session_create", args=[council.pk]),
        {"date": timezone.localdate().strftime("%d/%m/%Y"), "mode": "written"},
    )
    session = CouncilSession.objects.get(council=council)
    assert response.status_code == 302 and session.mode == SessionMode.WRITTEN
    page = client.get(reverse("evaluation:session_detail", args=[session.pk])).content.decode()
    assert 'data-testid="session-mode"' in page and "Lưu điểm danh" not in page


def test_it_says_attendance_is_not_taken_yet_instead_of_the_chair_being_absent(cast, login):
    card = make_scorecard()
    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=timezone.localdate())
    session_add_registration(session=session, registration=make_registration(cast, card), by=cast.province_officer)
    page = login(cast.province_officer).get(reverse("evaluation:session_detail", args=[session.pk])).content.decode()
    assert 'data-testid="no-attendance"' in page and "Chủ tịch vắng mặt" not in page


def test_it_calls_a_meeting_when_written_opinions_diverge(cast):
    from ocop.models import Notification

    card, council, session, item = _written(cast)
    chair, member, third = council.members.order_by("id")
    submit(item, chair, card)  # 100
    submit(item, member, card, c1=15)  # 85
    submit(item, third, card, c1=15)  # 85: spread 15
    item.refresh_from_db()
    # Điều 7.6d: the chair is told a meeting is needed; nothing is re-opened before the council has discussed.
    assert item.scoring_round == 1 and not CouncilResult.objects.exists()
    assert list(
        Notification.objects.filter(message__contains="Hội đồng họp để thảo luận").values_list("user", flat=True)
    ) == [cast.council_chair.pk]
    from evaluation.services.results import item_discuss

    item_discuss(item=item, note="Họp trực tuyến, thống nhất tiêu chí 6.1.", by=cast.council_chair)
    item.refresh_from_db()
    assert item.scoring_round == 2
    assert Notification.objects.filter(message__contains="Điều 7.6d", message__startswith="Ý kiến").count() == 4


def test_it_offers_only_re_evaluations_on_a_written_session_and_says_when_there_is_none(cast, login):
    card, council, session, item = _written(cast)
    first = make_registration(cast, card, name="Sản phẩm lần đầu")
    client = login(cast.province_officer)
    page = client.get(reverse("evaluation:session_detail", args=[session.pk])).content.decode()
    assert f'<option value="{first.pk}"' not in page and 'data-testid="nothing-to-add"' in page
    again = make_registration(cast, card, name="Sản phẩm đánh giá lại")
    again.kind = RegistrationKind.REEVALUATION
    again.save(update_fields=["kind"])
    page = client.get(reverse("evaluation:session_detail", args=[session.pk])).content.decode()
    assert f'<option value="{again.pk}"' in page and f'<option value="{first.pk}"' not in page
