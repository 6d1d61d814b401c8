"""The locked sheet's banner says what is true: the chair can still reopen it while the item is open, and once the
item's result is taken or the session is over it says why no one can (services.sheet_submission
.scoresheet_reopen_refusal, the check the reopen itself runs). It told the member "only the chair can reopen" after
the result, when the chair's reopen was refused."""

from django.urls import reverse

from evaluation.choices import SessionStatus
from evaluation.models import CouncilSession
from evaluation.models.results import CouncilResult

from .factories import setup_scoring, submit

CHAIR_CAN = "Chỉ Chủ tịch Hội đồng có thể mở lại"


def _banner(client, item) -> str:
    page = client.get(reverse("evaluation:sheet_edit", args=[item.pk])).content.decode()
    start = page.index('data-testid="sheet-locked"')
    return page[start : page.index("</div>", start)]


def test_the_banner_names_the_chair_while_the_sheet_can_still_be_reopened(cast, login):
    s = setup_scoring(cast)
    submit(s.item, s.member, s.card)
    assert not CouncilResult.objects.filter(item=s.item).exists()
    banner = _banner(login(cast.council_member), s.item)
    assert CHAIR_CAN in banner and "reopen-refused" not in banner


def test_the_banner_says_no_reopen_once_the_result_is_taken(cast, login):
    s = setup_scoring(cast)
    for member in s.members:
        submit(s.item, member, s.card)
    assert CouncilResult.objects.filter(item=s.item).exists()
    banner = _banner(login(cast.council_member), s.item)
    assert CHAIR_CAN not in banner
    assert "không còn mở lại được" in banner and "Hồ sơ đã có kết quả của Hội đồng." in banner


def test_the_banner_says_no_reopen_once_the_session_is_closed(cast, login):
    s = setup_scoring(cast)
    submit(s.item, s.member, s.card)
    CouncilSession.objects.filter(pk=s.session.pk).update(status=SessionStatus.CLOSED)
    banner = _banner(login(cast.council_member), s.item)
    assert CHAIR_CAN not in banner
    assert "không còn mở lại được" in banner and "Phiên họp đã kết thúc." in banner
