"""The score sheet is not a form, but its comments refuse control, zero-width and bidi-override characters the same
way (they are printed in the minutes, the signed sheet and the export)."""

from evaluation.models import ScoreSheet

from .factories import declare_and_open, setup_scoring
from .test_view_sheet_autosave import data, url


def test_it_refuses_a_comment_with_a_right_to_left_override_and_saves_nothing(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    response = login(cast.council_member).post(
        url(sheet), {**data(sheet, s.card, c2=1), f"note{s.card.c['7'].pk}": "Ít \u202echỉ tiêu"}
    )
    assert response.status_code == 400
    assert "U+202E" in response.json()["errors"][0]
    assert ScoreSheet.objects.get(pk=sheet.pk).version == sheet.version


def test_it_refuses_a_zero_width_space_in_the_general_comment(cast, login):
    s = setup_scoring(cast)
    sheet = declare_and_open(s.item, s.member)
    response = login(cast.council_member).post(url(sheet), {**data(sheet, s.card), "comment": "Tốt\u200b"})
    assert response.status_code == 400 and "U+200B" in response.json()["errors"][0]
