"""Only the chair reopens a submitted sheet, with a reason; the submitted version is kept."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.choices import SheetStatus
from evaluation.models import ScoreSheet
from evaluation.models.scoresheets import SheetRevision
from evaluation.services.sheet_submission import scoresheet_reopen

from .factories import setup_scoring, submit


def url(sheet):
    return reverse("evaluation:sheet_reopen", args=[sheet.pk])


def test_it_lets_the_chair_reopen_with_a_reason_and_keeps_the_earlier_version(cast, login):
    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card, c2=4)
    response = login(cast.council_chair).post(url(sheet), {"reason": "Chọn nhầm tiêu chí 7"})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT and sheet.submitted_at is None
    reopen = SheetRevision.objects.get(sheet=sheet, kind="reopen")
    assert reopen.reason == "Chọn nhầm tiêu chí 7" and reopen.total == 99 and reopen.by == cast.council_chair
    assert reopen.snapshot["scores"][str(s.card.c["7"].pk)]["points"] == 4
    assert SheetRevision.objects.filter(sheet=sheet, kind="submit").count() == 1
    assert cast.council_member.notifications.filter(message__contains="mở lại").exists()


def test_it_refuses_a_reopen_without_a_reason(cast, login):
    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card)
    login(cast.council_chair).post(url(sheet), {"reason": "  "})
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.SUBMITTED
    with pytest.raises(ValidationError):
        scoresheet_reopen(sheet=sheet, reason="", by=cast.council_chair)


def test_it_refuses_anyone_but_the_chair(cast, login):
    s = setup_scoring(cast, extra_members=(("council_third", "secretary"),))
    sheet = submit(s.item, s.member, s.card)
    assert login(cast.council_member).post(url(sheet), {"reason": "x"}).status_code == 403
    assert login(s.others[0].user).post(url(sheet), {"reason": "x"}).status_code == 403  # the secretary
    assert login(cast.province_officer).post(url(sheet), {"reason": "x"}).status_code == 403
    assert login(cast.viewer).post(url(sheet), {"reason": "x"}).status_code == 403
    with pytest.raises(ValidationError):
        scoresheet_reopen(sheet=sheet, reason="x", by=cast.council_member)
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.SUBMITTED


def test_it_returns_404_to_outsiders_and_for_missing_sheets(cast, login):
    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card)
    assert login(cast.outsider).post(url(sheet), {"reason": "x"}).status_code == 404
    assert (
        login(cast.council_chair).post(reverse("evaluation:sheet_reopen", args=[999999]), {"reason": "x"}).status_code
        == 404
    )


def test_it_refuses_reopening_once_the_result_exists(cast):
    s = setup_scoring(cast)
    for member in s.members:
        sheet = submit(s.item, member, s.card)
    with pytest.raises(ValidationError):
        scoresheet_reopen(sheet=sheet, reason="Muộn", by=cast.council_chair)


def test_it_rejects_get(cast, login):
    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card)
    assert login(cast.council_chair).get(url(sheet)).status_code == 405
