"""The scorecards show the law's text, not the editors' notes on how the data was made from it. Set 7 prints criterion
1.2's first option "Không được cấp giấy chứng nhận chất lượng" without points (so do sets 4, 10 and 11); the data
gives it 0 with the note "… — sửa tay thành 0", which council members read inside the option on their sheet and
everyone read on the scorecard page (/bo-tieu-chi/<id>/) and its PDF, beside a second 0-point choice ("Không đạt
phương án nào") the sheet added though the law prints one. The hand-fix notes (criteria_parser's OPTION_POINT_FIXES,
MAX_FIXES, PART_TITLE_FIXES, the yes/no criteria's modelling) stay in the data, the export and the admin for
maintainers; the probable misprints kept as printed keep their note for the members (test_criteria_misprints.py)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.models import CouncilSession, Criterion, Option, Part, Scorecard
from evaluation.selectors.criteria import scorecard_sheet_rows, scorecard_with_tree
from evaluation.services.councils import session_add_registration, session_set_attendance
from evaluation.services.scoresheets import SheetInput, scoresheet_save
from evaluation.tests.factories import (
    criterion_by_number,
    declare_and_open,
    load_real_criteria,
    make_council,
    make_registration,
)

pytestmark = pytest.mark.django_db

# The law's options of set 7, criterion 1.2 (shared/reference/qd-26-2026-qd-ttg.txt, lines 3499–3506).
SET7_12 = [
    ("Không được cấp giấy chứng nhận chất lượng", 0),  # printed without points
    ("Được cấp giấy chứng nhận chất lượng theo tiêu chuẩn quốc gia (VietGAP, hữu cơ,...)", 1),
    ("Được cấp giấy chứng nhận chất lượng theo tiêu chuẩn quốc tế (GlobalGAP, hữu cơ - Organic,...)", 2),
]


def _maintainers_notes(version) -> set[str]:
    notes = set(
        Option.objects.filter(criterion__group__part__scorecard__version=version).values_list(
            "correction_note", flat=True
        )
    )
    notes |= set(
        Criterion.objects.filter(group__part__scorecard__version=version).values_list("correction_note", flat=True)
    )
    notes |= set(Part.objects.filter(scorecard__version=version).values_list("correction_note", flat=True))
    return notes - {""}


def _sheet_page(cast, login, card):
    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=timezone.localdate())
    item = session_add_registration(
        session=session, registration=make_registration(cast, card), by=cast.province_officer
    )
    member = council.members.get(user=cast.council_member)
    session_set_attendance(
        session=session, present_member_ids={m.pk for m in council.members.all()}, by=cast.province_officer
    )
    sheet = declare_and_open(item, member)
    client = login(cast.council_member)
    return sheet, lambda: client.get(reverse("evaluation:sheet_edit", args=[item.pk])).content.decode()


def _radios(page: str, criterion: Criterion) -> int:
    return page.count(f'name="c{criterion.pk}"')


def test_the_scorecard_page_prints_set_7_criterion_1_2_as_the_law_does(cast, login):
    version = load_real_criteria()
    card = Scorecard.objects.get(version=version, number=7)
    assert _maintainers_notes(version)  # the notes are kept, for maintainers
    html = login(cast.viewer).get(reverse("evaluation:scorecard_detail", args=[card.pk])).content.decode()

    assert "sửa tay" not in html and "hiệu chỉnh dữ liệu" not in html
    assert html.count("Không được cấp giấy chứng nhận chất lượng") == 1
    rows = scorecard_sheet_rows(card)
    start = next(i for i, row in enumerate(rows) if row["text"].startswith("1.2. "))
    options = [(row["text"], row["points"]) for row in rows[start + 1 : start + 4]]
    assert options == SET7_12 and rows[start + 4]["kind"] != "option"


def test_no_scorecard_sheet_or_pdf_prints_a_maintainers_note():
    """Every set's sheet rows (the page and the PDF print the same rows) hold only the law's text."""
    version = load_real_criteria()
    notes = _maintainers_notes(version)
    for card in scorecard_with_tree(queryset=Scorecard.objects.filter(version=version)):
        for row in scorecard_sheet_rows(card):
            assert row["kind"] != "correction" and not row.get("correction"), (card.number, row)
            assert not any(note in row["text"] for note in notes), (card.number, row)


def test_the_members_sheet_offers_the_laws_options_once_without_the_editors_note(cast, login):
    version = load_real_criteria()
    card = Scorecard.objects.get(version=version, number=7)
    _sheet, page = _sheet_page(cast, login, card)
    html = page()

    assert "sửa tay" not in html and "mô hình hoá" not in html
    assert not any(note in html for note in _maintainers_notes(version) if "lỗi in" not in note)
    # 1.2 prints a 0-point option: its three options are the choices, no second "nothing met" worth 0
    assert _radios(html, criterion_by_number(card, "1.2")) == 3
    assert html.count("Không được cấp giấy chứng nhận chất lượng") == 1
    # 1.1 starts at 1 point: "no option met" (0) is still offered
    assert _radios(html, criterion_by_number(card, "1.1")) == 3 + 1
    # the probable misprint kept as printed still tells the member so
    assert "Nguồn in 1/1/3 điểm" in html


def test_a_nothing_met_saved_before_stays_shown_as_chosen(cast, login):
    """A sheet saved with "nothing met" on a criterion that prints a 0-point option (before the sheet stopped
    offering both) still shows that choice, checked, so the member sees what is saved."""
    version = load_real_criteria()
    card = Scorecard.objects.get(version=version, number=7)
    sheet, page = _sheet_page(cast, login, card)
    c12 = criterion_by_number(card, "1.2")
    scoresheet_save(
        sheet=sheet,
        version=sheet.version,
        data=SheetInput(choices={c12.pk: "none"}, comments={}),
        by=cast.council_member,
    )

    html = page()
    assert f'id="c{c12.pk}-none" value="none" data-points="0" checked' in html


def test_nothing_met_reads_the_same_and_stands_first_on_mau_02_and_on_the_members_sheet(cast, login):
    """The producer's Mẫu 02 offered "Không đáp ứng phương án nào (0 điểm)" before a criterion's options and the
    member's sheet "Không đạt phương án nào" after them: one choice, worth 0, now with one name and first, as the
    law lists each criterion's options from the lowest up (set 7, 1.1 starts at 1 point)."""
    version = load_real_criteria()
    card = Scorecard.objects.get(version=version, number=7)
    sheet, page = _sheet_page(cast, login, card)
    c11 = criterion_by_number(card, "1.1")
    html = page()
    first_option = min(html.index(f'name="c{c11.pk}" id="o{o.pk}"') for o in c11.options.all())
    assert html.index(f'id="c{c11.pk}-none"') < first_option
    assert f'for="c{c11.pk}-none">Không đạt phương án nào <span' in html

    form = login(cast.producer_owner).get(
        reverse("evaluation:registration_selfassessment", args=[sheet.item.registration_id])
    )
    choices = list(form.context["form"].fields[f"c_{c11.pk}"].choices)
    assert choices[0] == ("none", "Không đạt phương án nào (0)")
    assert [value for value, _label in choices[1:]] == [str(o.pk) for o in c11.options.order_by("order", "pk")]
