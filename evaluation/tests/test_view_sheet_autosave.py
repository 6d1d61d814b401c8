"""The JSON autosave of a draft sheet with optimistic locking."""

from django.urls import reverse

from evaluation.models import ScoreSheet

from .factories import choices_for, declare_and_open, setup_scoring, submit


def url(sheet):
    return reverse("evaluation:sheet_autosave", args=[sheet.pk])


def data(sheet, card, **points):
    return {**{f"c{k}": v for k, v in choices_for(card, **points).items()}, "version": sheet.version}


def test_it_saves_the_draft_and_returns_the_new_version_and_total(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    response = login(cast.council_member).post(
        url(sheet), {**data(sheet, s.card, c2=1), f"note{s.card.c['7'].pk}": "Ít chỉ tiêu"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body == {"ok": True, "version": sheet.version + 1, "total": 96.0}
    assert set(body) == {"ok", "version", "total"}  # nothing about other members
    assert ScoreSheet.objects.get(pk=sheet.pk).scores.get(criterion=s.card.c["7"]).comment == "Ít chỉ tiêu"


def test_it_answers_409_when_another_tab_saved_first(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    stale = data(sheet, s.card, c2=0)
    assert client.post(url(sheet), data(sheet, s.card, c2=5)).status_code == 200
    response = client.post(url(sheet), stale)
    assert response.status_code == 409
    assert "Phiếu đã được thay đổi ở thẻ/thiết bị khác" in response.json()["errors"][0]
    assert ScoreSheet.objects.get(pk=sheet.pk).total == 100


def test_it_answers_409_on_a_submitted_sheet(cast, login):
    s = setup_scoring(cast)
    sheet = submit(s.item, s.member, s.card)
    response = login(cast.council_member).post(url(sheet), data(sheet, s.card, c2=0))
    assert response.status_code == 409
    assert ScoreSheet.objects.get(pk=sheet.pk).total == 100


def test_it_answers_400_on_an_option_of_another_criterion(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    payload = data(sheet, s.card)
    payload[f"c{s.card.c['7'].pk}"] = s.card.c["1.1"].options.first().pk
    response = login(cast.council_member).post(url(sheet), payload)
    assert response.status_code == 400
    assert ScoreSheet.objects.get(pk=sheet.pk).version == sheet.version


def test_it_returns_404_for_another_members_sheet_even_to_the_chair(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    assert login(cast.council_chair).post(url(sheet), data(sheet, s.card)).status_code == 404
    assert login(cast.outsider).post(url(sheet), data(sheet, s.card)).status_code == 404


def test_it_returns_404_for_a_missing_sheet(cast, login):
    assert login(cast.council_member).post(reverse("evaluation:sheet_autosave", args=[999999]), {}).status_code == 404


def test_it_rejects_get(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    assert login(cast.council_member).get(url(sheet)).status_code == 405


def test_it_answers_400_once_the_council_has_a_result_and_writes_nothing(cast, login):
    # The "no result yet" guard is part of the autosave's compare-and-swap UPDATE (issue 15): still refused, with
    # the result's own message rather than "changed in another tab".
    from decimal import Decimal

    from evaluation.models import CouncilResult

    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    CouncilResult.objects.create(
        registration=s.registration, item=s.item, level="province", mean_score=Decimal("80"), band_star=4, final_star=4
    )
    response = login(cast.council_member).post(url(sheet), data(sheet, s.card, c2=1))
    assert response.status_code == 400
    assert "Hồ sơ đã có kết quả của Hội đồng." in response.json()["errors"][0]
    assert ScoreSheet.objects.get(pk=sheet.pk).version == sheet.version


def test_it_returns_404_to_a_member_no_longer_assigned_to_the_dossier(cast, login):
    # The own-sheet check reads the membership from the sheet itself (issue 15) and still asks for the assignment.
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    s.item.assignments.filter(member=s.member).delete()
    assert login(cast.council_member).post(url(sheet), data(sheet, s.card)).status_code == 404
    assert ScoreSheet.objects.get(pk=sheet.pk).version == sheet.version


def _other_tab_saves(sheet, member_user, **choices):
    from evaluation.services.scoresheets import SheetInput, scoresheet_save

    sheet.refresh_from_db()
    data = SheetInput(choices=choices, comments={})
    return scoresheet_save(sheet=sheet, version=sheet.version, data=data, by=member_user)


def test_with_its_base_a_click_on_a_criterion_the_other_tab_left_is_merged_and_saved(cast, login):
    """The autosave was written only at its exact version: a click made after another tab saved was refused (409,
    "hãy tải lại trang") and lost on reload. Sent with what the page last saved (initial-…), it is merged as the
    form's own save is: the click is saved and the other tab's answer stays, returned for the page to show."""
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    loaded = sheet.version
    label, nutrition = s.card.c["1.1"], s.card.c["7"]
    five = nutrition.options.get(points=5).pk
    _other_tab_saves(sheet, cast.council_member, **{str(nutrition.pk): five})
    chosen = label.option_pks[20]
    payload = {f"c{label.pk}": chosen, "version": loaded, f"initial-c{label.pk}": "", f"initial-c{nutrition.pk}": ""}
    response = login(cast.council_member).post(url(sheet), payload)
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["version"] == loaded + 2
    assert body["taken"] == {f"c{nutrition.pk}": str(five)}
    scores = {score.criterion_id: score.points for score in ScoreSheet.objects.get(pk=sheet.pk).scores.all()}
    assert scores == {label.pk: 20, nutrition.pk: 5}


def test_with_its_base_only_a_criterion_both_changed_differently_is_refused_and_named(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    loaded = sheet.version
    label, nutrition = s.card.c["1.1"], s.card.c["7"]
    _other_tab_saves(sheet, cast.council_member, **{str(nutrition.pk): nutrition.options.get(points=5).pk})
    payload = {
        f"c{label.pk}": label.option_pks[20],
        f"c{nutrition.pk}": nutrition.options.get(points=1).pk,
        "version": loaded,
        f"initial-c{label.pk}": "",
        f"initial-c{nutrition.pk}": "",
    }
    response = login(cast.council_member).post(url(sheet), payload)
    assert response.status_code == 409
    body = response.json()
    assert set(body["conflicts"]) == {f"c{nutrition.pk}"}  # 1.1, changed here only, is no conflict
    assert "(5 điểm)" in body["conflicts"][f"c{nutrition.pk}"] and "(1 điểm)" in body["conflicts"][f"c{nutrition.pk}"]
    assert body["version"] == loaded + 1  # the page goes on from the sheet as saved now
    assert body["saved"][f"c{nutrition.pk}"] == str(nutrition.options.get(points=5).pk)
    assert body["saved"][f"c{label.pk}"] == ""
    saved = ScoreSheet.objects.get(pk=sheet.pk)
    assert saved.version == loaded + 1  # nothing written
    assert {score.criterion_id: score.points for score in saved.scores.all()} == {nutrition.pk: 5}
