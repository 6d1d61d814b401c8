"""Submitting a sheet through its own endpoint: it locks, and only its member may submit it."""

from django.urls import reverse

from evaluation.choices import SheetStatus
from evaluation.models import ScoreSheet

from .factories import choices_for, declare_and_open, setup_scoring


def url(sheet):
    return reverse("evaluation:sheet_submit", args=[sheet.pk])


def payload(sheet, card, **points):
    return {**{f"c{k}": v for k, v in choices_for(card, **points).items()}, "version": sheet.version}


def test_it_submits_and_locks(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    response = login(cast.council_member).post(url(sheet), payload(sheet, s.card, c2=3))
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED and sheet.total == 98
    again = login(cast.council_member).post(url(sheet), payload(sheet, s.card, c2=0))
    assert again.status_code == 409
    assert ScoreSheet.objects.get(pk=sheet.pk).total == 98


def test_it_refuses_an_incomplete_sheet(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    data = payload(sheet, s.card)
    del data[f"c{s.card.c['6.1'].pk}"]
    response = login(cast.council_member).post(url(sheet), data)
    assert response.status_code == 400 and "6.1" in response.content.decode()
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.DRAFT


def test_it_returns_404_to_anyone_but_the_sheets_member(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    for user in (cast.council_chair, cast.province_officer, cast.outsider, cast.producer_owner):
        assert login(user).post(url(sheet), payload(sheet, s.card)).status_code == 404
    assert ScoreSheet.objects.get(pk=sheet.pk).status == SheetStatus.DRAFT


def test_it_returns_404_for_a_missing_sheet_and_405_for_get(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    assert client.post(reverse("evaluation:sheet_submit", args=[999999]), {}).status_code == 404
    assert client.get(url(sheet)).status_code == 405
