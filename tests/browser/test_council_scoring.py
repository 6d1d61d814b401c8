"""Online scoring in a real browser: three members of a demo council declare no conflict, score a product on the
sheet (one of them on a phone-sized screen), submit, and the chair takes the council's result with its star; when the
totals are too far apart the chair records the discussion, the members re-score and the minutes print every round."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _score(page, live_server, sign_in, member, card, item, points, phone=False):
    """Sign in as `member`, declare no conflict, choose options (running totals update), submit."""
    from evaluation.tests.factories import choices_for

    sign_in(page, member.user)
    page.goto(f"{live_server.url}/sessions/{item.session_id}/")
    page.get_by_test_id("open-sheet").click()
    page.get_by_label("Tôi không có xung đột lợi ích với sản phẩm này").check()
    page.get_by_test_id("declare").click()
    expect(page.get_by_role("heading", name="Phiếu đánh giá sản phẩm OCOP")).to_be_visible()
    expect(page.get_by_text("tối thiểu 4★")).to_be_visible()  # star-minimum markers are shown
    for criterion_id, value in choices_for(card, **points).items():
        target = f"c{criterion_id}-{value}" if value in ("yes", "no") else f"o{value}"
        page.locator(f"label[for='{target}']").click()
    total = sum([points.get("a1", 20), 20, points.get("b1", 25), points.get("c1", 30), points.get("c2", 5)])
    expect(page.get_by_test_id("sheet-total")).to_have_text(str(total))
    expect(page.get_by_test_id("save-status")).to_contain_text("Đã lưu nháp")
    if phone:  # the sheet fits a phone: no horizontal scrolling, the running total stays on screen
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        expect(page.get_by_test_id("sheet-total")).to_be_in_viewport()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit-sheet").click()
    page.wait_for_url(re.compile(rf".*/sessions/{item.session_id}/$"))
    expect(page.get_by_text("Đã nộp phiếu chấm.")).to_be_visible()
    return total


@pytest.mark.slow(15)
def test_it_lets_three_members_score_and_shows_the_chair_the_result(browser, live_server, cast, sign_in):
    from evaluation.tests.factories import setup_scoring

    s = setup_scoring(cast)
    plans = [
        (s.member, {"c1": 15, "c2": 5}, None),
        (s.others[0], {"c1": 15, "c2": 4}, PHONE),
        (s.chair, {"c1": 15, "c2": 3}, None),
    ]
    totals = []
    for member, points, viewport in plans:
        context = browser.new_context(
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            viewport=viewport or {"width": 1280, "height": 900},
            has_touch=bool(viewport),
        )
        page = context.new_page()
        totals.append(_score(page, live_server, sign_in, member, s.card, s.item, points, phone=bool(viewport)))
        if member is not s.chair:
            context.close()
    assert totals == [85, 84, 83]

    # Every sheet is in: the result is the chair's act ("Tổng hợp kết quả").
    page.reload()
    page.get_by_test_id("finalise").click()
    page.wait_for_url(re.compile(r".*/agenda/\d+/result/$"))
    page.goto(f"{live_server.url}/sessions/{s.item.session_id}/")
    page.get_by_test_id("result-link").click()
    expect(page.get_by_test_id("result-star")).to_contain_text("4 sao")
    expect(page.get_by_test_id("result-mean")).to_have_text("84,00")
    s.registration.refresh_from_db()
    assert s.registration.status == "scored"


def test_it_warns_in_the_second_tab_instead_of_overwriting(browser, live_server, cast, sign_in):
    from evaluation.models import ScoreSheet
    from evaluation.tests.factories import declare_and_open, setup_scoring

    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    context = browser.new_context(locale="vi-VN")
    first = sign_in(context.new_page(), cast.council_member)
    second = context.new_page()
    sheet_url = f"{live_server.url}/agenda/{s.item.pk}/sheet/"
    first.goto(sheet_url)
    second.goto(sheet_url)
    nutrition = s.card.c["7"]
    first.locator(f"label[for='o{nutrition.options.get(points=5).pk}']").click()
    expect(first.get_by_test_id("save-status")).to_contain_text("Đã lưu nháp")
    second.locator(f"label[for='o{nutrition.options.get(points=1).pk}']").click()
    expect(second.get_by_test_id("sheet-conflict")).to_contain_text("Phiếu đã được thay đổi ở thẻ/thiết bị khác")
    sheet = ScoreSheet.objects.get(item=s.item, member=s.member)
    assert sheet.scores.get(criterion=nutrition).points == 5
    context.close()


def test_with_javascript_a_click_after_another_tab_saved_is_merged_and_saved(browser, live_server, cast, sign_in):
    """Each click autosaved at the sheet's exact version: after another tab had saved, the next click here was refused
    and the page said to reload, which lost it. The autosave now sends what the page last saved and is merged as the
    form's own save is: a click on a criterion the other tab left is saved, and the page shows the other tab's."""
    from evaluation.models import ScoreSheet
    from evaluation.tests.factories import declare_and_open, setup_scoring

    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    context = browser.new_context(locale="vi-VN")
    first = sign_in(context.new_page(), cast.council_member)
    second = context.new_page()
    sheet_url = f"{live_server.url}/agenda/{s.item.pk}/sheet/"
    first.goto(sheet_url)
    second.goto(sheet_url)
    label, story = s.card.c["1.1"], s.card.c["6.1"]
    first.locator(f"label[for='o{story.option_pks[15]}']").click()
    expect(first.get_by_test_id("save-status")).to_contain_text("Đã lưu nháp")
    second.locator(f"label[for='o{label.option_pks[20]}']").click()
    expect(second.get_by_test_id("save-status")).to_contain_text("Đã lưu nháp")
    expect(second.get_by_test_id("sheet-conflict")).to_be_hidden()
    expect(second.locator(f"#o{story.option_pks[15]}")).to_be_checked()  # the first tab's answer, shown here
    expect(second.get_by_test_id("sheet-total")).to_have_text("35")
    scores = {score.criterion_id: score.points for score in ScoreSheet.objects.get(pk=sheet.pk).scores.all()}
    assert scores == {label.pk: 20, story.pk: 15}
    context.close()


def test_with_javascript_only_a_criterion_both_tabs_changed_is_asked_beside_it(browser, live_server, cast, sign_in):
    """Both tabs chose differently on criterion 7: only 7 is refused, shown beside it with both answers and the
    member's choice kept on the page, the saved one standing until the member chooses there again; the other clicks
    go on being saved."""
    from evaluation.models import ScoreSheet
    from evaluation.tests.factories import declare_and_open, setup_scoring

    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    context = browser.new_context(locale="vi-VN")
    first = sign_in(context.new_page(), cast.council_member)
    second = context.new_page()
    sheet_url = f"{live_server.url}/agenda/{s.item.pk}/sheet/"
    first.goto(sheet_url)
    second.goto(sheet_url)
    label, nutrition = s.card.c["1.1"], s.card.c["7"]

    def points():
        return {score.criterion_id: score.points for score in ScoreSheet.objects.get(pk=sheet.pk).scores.all()}

    first.locator(f"label[for='o{nutrition.option_pks[5]}']").click()
    expect(first.get_by_test_id("save-status")).to_contain_text("Đã lưu nháp")
    second.locator(f"label[for='o{nutrition.option_pks[1]}']").click()
    mark = second.locator(f"#criterion-{nutrition.pk}").get_by_test_id("criterion-conflict")
    expect(mark).to_contain_text("Bản đã lưu ở thẻ/thiết bị khác")
    expect(mark).to_contain_text("(5 điểm)")
    expect(mark).to_contain_text("(1 điểm)")
    expect(second.locator(f"#o{nutrition.option_pks[1]}")).to_be_checked()  # the member's choice stays
    expect(second.get_by_text("hãy tải lại trang")).to_have_count(0)
    assert points() == {nutrition.pk: 5}

    def saved(expected: dict) -> dict:
        """The sheet's points once this tab's last click is in: the status may already read "Đã lưu nháp" from the
        save before, so the sheet itself tells (up to 5 s)."""
        for _ in range(50):
            if points() == expected:
                break
            second.wait_for_timeout(100)
        return points()

    second.locator(f"label[for='o{label.option_pks[20]}']").click()  # another criterion: saved, 7 stays as saved
    expect(second.get_by_test_id("save-status")).to_contain_text("Đã lưu nháp")
    expect(mark).to_be_visible()
    assert saved({label.pk: 20, nutrition.pk: 5}) == {label.pk: 20, nutrition.pk: 5}

    second.locator(f"label[for='o{nutrition.option_pks[1]}']").click()  # the member keeps their answer on 7
    expect(mark).to_have_count(0)
    expect(second.get_by_test_id("sheet-conflict")).to_be_hidden()
    assert saved({label.pk: 20, nutrition.pk: 1}) == {label.pk: 20, nutrition.pk: 1}
    context.close()


def test_without_javascript_a_save_after_another_tab_shows_both_and_overwrites_only_when_asked_again(
    browser, live_server, cast, sign_in
):
    """Without JavaScript the sheet is a plain form. Saved after the member's phone had saved, it was refused with
    "hãy tải lại trang", yet a second click on "Lưu nháp" put this page's choices over the phone's, unseen. The page
    now shows, criterion by criterion, what the phone saved against what it holds, keeps its own choices, and only
    the second save, made having seen them, writes them.

    The site's scripts are not loaded (every .js request is refused), which is a browser without JavaScript as far
    as the site can tell; the browser's own engine stays on because the axe-core gate runs in it (with
    java_script_enabled=False its timers never fire and the check waits for ever)."""
    from evaluation.models import ScoreSheet
    from evaluation.services.scoresheets import SheetInput, scoresheet_save
    from evaluation.tests.factories import choices_for, declare_and_open, setup_scoring

    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    context = browser.new_context(locale="vi-VN", viewport=PHONE, has_touch=True)
    context.route("**/*.js", lambda route: route.abort())
    page = sign_in(context.new_page(), cast.council_member)
    page.goto(f"{live_server.url}/agenda/{s.item.pk}/sheet/")
    nutrition = s.card.c["7"]
    page.locator(f"label[for='o{nutrition.option_pks[1]}']").click()
    data = SheetInput(choices=choices_for(s.card, c2=5), comments={})
    scoresheet_save(sheet=sheet, version=sheet.version, data=data, by=cast.council_member)  # the phone saves
    page.get_by_role("button", name="Lưu nháp").click()
    assert page.evaluate("typeof bootstrap") == "undefined"  # none of the site's scripts ran
    conflict = page.get_by_test_id("sheet-changed-elsewhere")
    expect(conflict).to_contain_text("Phiếu đã được thay đổi ở thẻ/thiết bị khác")
    expect(page.get_by_text("hãy tải lại trang")).to_have_count(0)
    mark = page.locator(f"#criterion-{nutrition.pk}").get_by_test_id("criterion-conflict")
    expect(mark).to_contain_text("Bản đã lưu ở thẻ/thiết bị khác")
    expect(mark).to_contain_text("(5 điểm)")
    expect(mark).to_contain_text("(1 điểm)")
    expect(page.locator(f"#o{nutrition.option_pks[1]}")).to_be_checked()  # the page keeps its choice
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert ScoreSheet.objects.get(pk=sheet.pk).scores.get(criterion=nutrition).points == 5
    conflict.get_by_role("link", name=f"{nutrition.number} {nutrition.title}").click()
    expect(mark).to_be_in_viewport()
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu nháp.")).to_be_visible()
    assert ScoreSheet.objects.get(pk=sheet.pk).scores.get(criterion=nutrition).points == 1
    context.close()


def test_without_javascript_two_tabs_changing_different_criteria_both_save_and_only_a_shared_one_is_asked(
    browser, live_server, cast, sign_in
):
    """Two tabs of the sheet without JavaScript: each saved the whole page, so the second's save was refused and
    then, saved again, put back what the first tab had answered. A save now keeps what the other tab changed where
    this page changed nothing; only a criterion both changed differently is shown, and the second save writes the
    member's decision there and this page's own changes."""
    from evaluation.models import ScoreSheet
    from evaluation.tests.factories import declare_and_open, setup_scoring

    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    context = browser.new_context(locale="vi-VN", viewport=PHONE, has_touch=True)
    context.route("**/*.js", lambda route: route.abort())
    first = sign_in(context.new_page(), cast.council_member)
    second = context.new_page()
    sheet_url = f"{live_server.url}/agenda/{s.item.pk}/sheet/"
    first.goto(sheet_url)
    second.goto(sheet_url)
    label, story, nutrition = s.card.c["1.1"], s.card.c["6.1"], s.card.c["7"]

    def points(criterion):
        return ScoreSheet.objects.get(pk=sheet.pk).scores.get(criterion=criterion).points

    first.locator(f"label[for='o{story.option_pks[15]}']").click()
    first.locator(f"label[for='o{nutrition.option_pks[5]}']").click()
    first.get_by_role("button", name="Lưu nháp").click()
    expect(first.get_by_text("Đã lưu nháp.")).to_be_visible()
    second.locator(f"label[for='o{label.option_pks[20]}']").click()
    second.get_by_role("button", name="Lưu nháp").click()
    expect(second.get_by_text("các thay đổi đó được giữ nguyên")).to_be_visible()  # no conflict page
    expect(second.get_by_test_id("sheet-changed-elsewhere")).to_have_count(0)
    assert (points(label), points(story), points(nutrition)) == (20, 15, 5)

    # Both tabs now change criterion 7, differently: only 7 is asked about; 6.1, changed by the first, is kept.
    first.locator(f"label[for='o{nutrition.option_pks[3]}']").click()
    first.locator(f"label[for='o{story.option_pks[30]}']").click()
    first.get_by_role("button", name="Lưu nháp").click()
    expect(first.get_by_text("Đã lưu nháp.")).to_be_visible()
    second.locator(f"label[for='o{nutrition.option_pks[1]}']").click()
    second.get_by_role("button", name="Lưu nháp").click()
    conflict = second.get_by_test_id("sheet-changed-elsewhere")
    expect(conflict.get_by_test_id("differing").get_by_role("listitem")).to_have_count(1)
    expect(conflict.get_by_test_id("differing")).to_contain_text(f"{nutrition.number} {nutrition.title}")
    expect(second.locator(f"#criterion-{nutrition.pk}").get_by_test_id("criterion-conflict")).to_contain_text(
        "(3 điểm)"
    )
    expect(second.locator(f"#o{story.option_pks[30]}")).to_be_checked()  # shown as the first tab saved it
    assert second.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    second.get_by_role("button", name="Lưu nháp").click()
    expect(second.get_by_text("Đã lưu nháp.")).to_be_visible()
    assert (points(label), points(story), points(nutrition)) == (20, 30, 1)
    context.close()


def test_with_javascript_the_forms_own_save_merges_from_the_last_autosave(browser, live_server, cast, sign_in):
    """The page's form, posted by "Lưu nháp" after its autosaves, merges from what the last autosave wrote, not
    from what the page was loaded with: a criterion the page autosaved and the phone changed since is the phone's,
    with no conflict asked about."""
    from evaluation.models import ScoreSheet
    from evaluation.services.scoresheets import SheetInput, scoresheet_save
    from evaluation.tests.factories import declare_and_open, setup_scoring

    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    context = browser.new_context(locale="vi-VN")
    page = sign_in(context.new_page(), cast.council_member)
    page.goto(f"{live_server.url}/agenda/{s.item.pk}/sheet/")
    nutrition = s.card.c["7"]
    page.locator(f"label[for='o{nutrition.option_pks[5]}']").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Đã lưu nháp")
    sheet.refresh_from_db()
    assert sheet.version == 2
    phone = SheetInput(choices={nutrition.pk: nutrition.option_pks[3]}, comments={})
    scoresheet_save(sheet=sheet, version=sheet.version, data=phone, by=cast.council_member)  # the phone saves
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("các thay đổi đó được giữ nguyên")).to_be_visible()
    assert ScoreSheet.objects.get(pk=sheet.pk).scores.get(criterion=nutrition).points == 3
    expect(page.locator(f"#o{nutrition.option_pks[3]}")).to_be_checked()
    context.close()


def test_on_the_conflict_page_a_click_saves_nothing_until_the_member_saves(browser, live_server, cast, sign_in):
    """With JavaScript, "Nộp phiếu" posts the form itself: refused because the phone had saved meanwhile, the page
    showed both versions, and the next click on any choice autosaved the whole page over the phone's answers."""
    from evaluation.models import ScoreSheet
    from evaluation.services.scoresheets import SheetInput, scoresheet_save
    from evaluation.tests.factories import choices_for, declare_and_open, setup_scoring

    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    context = browser.new_context(locale="vi-VN")
    page = sign_in(context.new_page(), cast.council_member)
    page.goto(f"{live_server.url}/agenda/{s.item.pk}/sheet/")
    data = SheetInput(choices=choices_for(s.card, c2=5), comments={})
    scoresheet_save(sheet=sheet, version=sheet.version, data=data, by=cast.council_member)  # the phone saves
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/sheet/")) as answer:
        page.get_by_test_id("submit-sheet").click()
    assert answer.value.status == 409
    page.wait_for_load_state()
    autosaves = []
    page.on("request", lambda request: autosaves.append(request.url) if "/autosave/" in request.url else None)
    nutrition = s.card.c["7"]
    page.locator(f"label[for='o{nutrition.option_pks[1]}']").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Có thay đổi chưa lưu")
    page.wait_for_timeout(2000)  # the autosave would have gone after 0.8 s
    assert autosaves == []
    assert ScoreSheet.objects.get(pk=sheet.pk).scores.get(criterion=nutrition).points == 5
    expect(page.get_by_test_id("sheet-changed-elsewhere")).to_be_visible()
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu nháp.")).to_be_visible()
    assert ScoreSheet.objects.get(pk=sheet.pk).scores.get(criterion=nutrition).points == 1
    context.close()


def test_it_counts_a_conditional_criterion_zero_in_the_running_total_as_the_server_does(
    browser, live_server, cast, sign_in
):
    """ "Chỉ áp dụng khi có câu chuyện sản phẩm": 5.2 scores 0 while 5.1 is 0 — on screen and in the saved total."""
    from evaluation.models import ScoreSheet
    from evaluation.tests.factories import declare_and_open, setup_scoring

    s = setup_scoring(cast)
    story, structure = s.card.c["6.1"], s.card.c["7"]  # 7 depends on 6.1 in this test
    structure.applies_if = story
    structure.save(update_fields=["applies_if"])
    declare_and_open(s.item, s.member)
    page = sign_in(browser.new_context(locale="vi-VN").new_page(), cast.council_member)
    page.goto(f"{live_server.url}/agenda/{s.item.pk}/sheet/")
    expect(page.get_by_test_id("applies-if-zero")).to_be_hidden()
    page.locator(f"label[for='o{story.options.get(points=0).pk}']").click()
    # No story: the structure needs no choice, and the page says so before any is made.
    expect(page.get_by_test_id("applies-if-zero")).to_contain_text("không cần chọn phương án")
    page.locator(f"label[for='o{structure.options.get(points=5).pk}']").click()
    expect(page.get_by_test_id("sheet-total")).to_have_text("0")
    expect(page.get_by_test_id("applies-if-zero")).to_be_visible()
    page.locator(f"label[for='o{story.options.get(points=15).pk}']").click()
    expect(page.get_by_test_id("sheet-total")).to_have_text("20")
    expect(page.get_by_test_id("applies-if-zero")).to_be_hidden()
    expect(page.get_by_test_id("save-status")).to_contain_text("Đã lưu nháp")
    assert ScoreSheet.objects.get(item=s.item, member=s.member).total == 20


def test_the_autosave_speaks_the_members_language(browser, live_server, cast, sign_in):
    """The sheet's save status is written by its script: in English for a member working in English (it was
    Vietnamese in the script), offline included."""
    from evaluation.tests.factories import declare_and_open, setup_scoring

    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    context = browser.new_context()
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = sign_in(context.new_page(), cast.council_member)
    page.goto(f"{live_server.url}/agenda/{s.item.pk}/sheet/")
    options = list(s.card.c["7"].options.order_by("points"))
    page.locator(f"label[for='o{options[-1].pk}']").click()
    expect(page.get_by_test_id("save-status")).to_have_text(re.compile(r"^Draft saved at \d\d:\d\d$"))
    context.set_offline(True)
    page.locator(f"label[for='o{options[0].pk}']").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Connection lost: not saved yet; will try again.")
    context.close()


def test_a_choice_made_offline_is_saved_once_the_connection_is_back(browser, live_server, cast, sign_in):
    """The status said "Mất kết nối: chưa lưu được, sẽ thử lại" but nothing tried again: a member on a phone whose
    network dropped for a moment kept clicking, the choice never reached the server, and a reload lost it."""
    from evaluation.models import ScoreSheet
    from evaluation.tests.factories import declare_and_open, setup_scoring

    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    context = browser.new_context(locale="vi-VN", viewport=PHONE, has_touch=True)
    page = sign_in(context.new_page(), cast.council_member)
    page.goto(f"{live_server.url}/agenda/{s.item.pk}/sheet/")
    nutrition = s.card.c["7"]
    context.set_offline(True)
    page.locator(f"label[for='o{nutrition.options.get(points=5).pk}']").click()
    expect(page.get_by_test_id("save-status")).to_have_text("Mất kết nối: chưa lưu được, sẽ thử lại.")
    context.set_offline(False)
    expect(page.get_by_test_id("save-status")).to_contain_text("Đã lưu nháp", timeout=15_000)
    sheet = ScoreSheet.objects.get(item=s.item, member=s.member)
    assert sheet.scores.get(criterion=nutrition).points == 5
    context.close()


@pytest.mark.slow(15)
def test_a_choice_made_after_the_session_ended_is_saved_once_the_member_signs_in_again(
    browser, live_server, cast, sign_in, login_page
):
    """The session ended with the sheet open: the autosave got the sign-in page and said "Mất kết nối"; signed in
    again in another tab, every retry sent the page's old CSRF token, was refused, and the choice never arrived.
    The status now says the session ended, and the retry carries the new token."""
    from django.contrib.sessions.models import Session

    from evaluation.models import ScoreSheet
    from evaluation.tests.factories import declare_and_open, setup_scoring

    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    context = browser.new_context(locale="vi-VN", viewport=PHONE, has_touch=True)
    page = sign_in(context.new_page(), cast.council_member)
    page.goto(f"{live_server.url}/agenda/{s.item.pk}/sheet/")
    Session.objects.all().delete()  # the session ends (idle, signed out elsewhere) while the page stays open
    nutrition = s.card.c["7"]
    page.locator(f"label[for='o{nutrition.options.get(points=5).pk}']").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("Phiên đăng nhập đã hết")
    login_page(context.new_page(), cast.council_member)  # the real form: a new session and a new CSRF token
    expect(page.get_by_test_id("save-status")).to_contain_text("Đã lưu nháp", timeout=15_000)
    sheet = ScoreSheet.objects.get(item=s.item, member=s.member)
    assert sheet.scores.get(criterion=nutrition).points == 5
    context.close()


def test_two_quick_choices_on_a_slow_network_are_both_saved_without_a_false_conflict(
    browser, live_server, cast, sign_in
):
    """A second choice made while the first one's autosave was still on its way (a slow mobile network) was sent
    with the same version: the server refused it as a change "ở thẻ/thiết bị khác", the sheet stopped saving and the
    second choice was lost. The autosaves now go one after the other."""
    from evaluation.models import ScoreSheet
    from evaluation.tests.factories import declare_and_open, setup_scoring

    s = setup_scoring(cast)
    declare_and_open(s.item, s.member)
    context = browser.new_context(locale="vi-VN", viewport=PHONE, has_touch=True)
    # Every answer of the server reaches the page 2.5 s late, as on a slow mobile network.
    context.add_init_script(
        "(() => { const f = window.fetch; window.fetch = (...a) => f(...a).then("
        "r => new Promise(done => setTimeout(() => done(r), 2500))); })();"
    )
    page = sign_in(context.new_page(), cast.council_member)
    page.goto(f"{live_server.url}/agenda/{s.item.pk}/sheet/")
    nutrition, story = s.card.c["7"], s.card.c["6.1"]
    with page.expect_request(lambda r: r.url.endswith("/autosave/")):
        page.locator(f"label[for='o{nutrition.options.get(points=5).pk}']").click()
    page.locator(f"label[for='o{story.options.get(points=15).pk}']").click()
    sheet = ScoreSheet.objects.get(item=s.item, member=s.member)
    saved = {}
    for _ in range(60):  # both answers are in after about 6 s; a refused second one never comes
        page.wait_for_timeout(250)
        saved = dict(sheet.scores.filter(criterion__in=[nutrition, story]).values_list("criterion_id", "points"))
        if len(saved) == 2 or page.get_by_test_id("sheet-conflict").is_visible():
            break
    expect(page.get_by_test_id("sheet-conflict")).to_be_hidden()
    assert saved == {nutrition.pk: 5, story.pk: 15}
    expect(page.get_by_test_id("save-status")).to_contain_text("Đã lưu nháp", timeout=10_000)
    context.close()


def _rescore(page, live_server, item, targets):
    """A member re-scores in round 2: the draft holds the last answers; change `targets` (option ids), submit."""
    page.goto(f"{live_server.url}/sessions/{item.session_id}/")
    page.get_by_test_id("open-sheet").click()
    for option_id in targets:
        page.locator(f"label[for='o{option_id}']").click()
    if targets:
        expect(page.get_by_test_id("save-status")).to_contain_text("Đã lưu nháp")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit-sheet").click()
    page.wait_for_url(re.compile(rf".*/sessions/{item.session_id}/$"))
    expect(page.get_by_text("Đã nộp phiếu chấm.")).to_be_visible()


@pytest.mark.slow(18)
def test_it_runs_a_spread_through_discussion_and_re_scoring_into_the_minutes(browser, live_server, cast, sign_in):
    """100, 100 and 66 differ by 34 > 10 points (the Quy chế's spread): the chair and each member read that the spread
    is over the limit and the criteria that differ most, without a figure (nobody sees the totals before the result),
    the chair records the discussion, the members read it and re-score, the chair takes the result, and the minutes
    (pdftotext) keep both rounds, figures and all, with the discussion."""
    from evaluation.models import CouncilResult, Discussion
    from evaluation.tests.factories import setup_scoring

    s = setup_scoring(cast)
    pages = {}
    for member, points in [(s.member, {}), (s.others[0], {}), (s.chair, {"c1": 0, "c2": 1})]:
        page = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
        _score(page, live_server, sign_in, member, s.card, s.item, points)
        pages[member.pk] = page
    chair, member = pages[s.chair.pk], pages[s.member.pk]
    for page in (chair, member):
        page.reload()
        expect(page.get_by_test_id("needs-discussion")).to_contain_text("vượt mức cho phép (10 điểm)")
        expect(page.get_by_test_id("divergent")).to_contain_text("6.1 Cảm quan")
        for figure in ("34,00", "66,00", "100,00"):
            expect(page.locator("main")).not_to_contain_text(figure)
    expect(member.get_by_test_id("discuss")).to_have_count(0)
    expect(chair.get_by_test_id("finalise")).to_be_disabled()
    chair.get_by_label("Nội dung thảo luận").fill("Thống nhất: mẫu đạt cảm quan tốt, chấm lại tiêu chí 6.1.")
    chair.get_by_test_id("discuss").click()
    expect(chair.get_by_text("Đã ghi biên bản thảo luận; các thành viên chấm lại.")).to_be_visible()
    expect(chair.get_by_test_id("previous-round")).to_contain_text("Thống nhất: mẫu đạt cảm quan tốt")
    assert Discussion.objects.get(item=s.item).scoring_round == 1
    member.reload()
    expect(member.get_by_test_id("previous-round")).to_contain_text("Thống nhất: mẫu đạt cảm quan tốt")
    expect(member.get_by_test_id("previous-round")).not_to_contain_text("66,00")

    _rescore(
        chair, live_server, s.item, [s.card.c["6.1"].options.get(points=30).pk, s.card.c["7"].options.get(points=2).pk]
    )
    for member in (s.member, s.others[0]):
        _rescore(pages[member.pk], live_server, s.item, [])
    chair.goto(f"{live_server.url}/sessions/{s.item.session_id}/")
    chair.get_by_test_id("finalise").click()
    chair.wait_for_url(re.compile(r".*/agenda/\d+/result/$"))
    expect(chair.get_by_test_id("result-mean")).to_have_text("99,00")
    assert CouncilResult.objects.get(item=s.item).scoring_round == 2

    pdf = chair.request.get(f"{live_server.url}/sessions/{s.item.session_id}/minutes.pdf").body()
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode().split()
    )
    assert "Vòng chấm 1" in text and "66,00" in text and "(chênh lệch 34,00)" in text
    assert "Thống nhất: mẫu đạt cảm quan tốt, chấm lại tiêu chí 6.1." in text
    # A province's 99 points are a potential 5★ sent to the ministry, not 5 stars (Điều 7.3e, 4.1).
    assert "Vòng chấm 2" in text and "97,00" in text and "Kết quả: tiềm năng 5 sao (99,00 điểm)" in text


def test_each_members_signed_sheet_on_the_result_page_is_a_finger_sized_link_on_a_phone(
    browser, live_server, cast, sign_in
):
    """The result page's link to each member's signed sheet was a bare 14×18 px icon: on a phone the chair hit the
    name or the row beside it. Each link is now at least 24×24 px (WCAG 2.2, 2.5.8)."""
    from evaluation.models import CouncilResult
    from evaluation.tests.factories import setup_scoring, submit

    s = setup_scoring(cast)
    for member in (s.member, *s.others, s.chair):
        submit(s.item, member, s.card)
    assert CouncilResult.objects.filter(item=s.item).exists()
    context = browser.new_context(locale="vi-VN", viewport=PHONE, has_touch=True)
    page = sign_in(context.new_page(), s.chair.user)
    page.goto(f"{live_server.url}/agenda/{s.item.pk}/result/")
    links = page.get_by_test_id("member-sheet-pdf")
    expect(links).to_have_count(3)
    for link in links.all():
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
    context.close()
