"""No row of a scoring sheet is cut across two pages: the signed sheet printed criterion 3.2's number and points at
the foot of page 1 and its text on page 2. Checked on WeasyPrint's layout of the document's HTML: every body row of
every table lies on one page (the table's head row is repeated on each page by design)."""

import pytest
import weasyprint
from django.conf import settings
from django.utils import timezone
from weasyprint.formatting_structure import boxes

from evaluation.exports import scorecard_pdf_html, sheet_pdf_html
from evaluation.models import CouncilSession, Criterion, Scorecard
from evaluation.models.scoresheets import SheetRevision
from evaluation.selectors.criteria import scorecard_with_tree
from evaluation.services.councils import session_add_registration, session_set_attendance
from evaluation.services.scoresheets import SheetInput
from evaluation.services.sheet_submission import scoresheet_submit
from ocop.pdf import URL_FETCHER, font_config

from .factories import declare_and_open, load_real_criteria, make_council, make_registration, member_of

pytestmark = [pytest.mark.slow(10), pytest.mark.django_db]


def rows_across_pages(html: str) -> tuple[list[str], int]:
    """(the text of each body row laid out on more than one page, the number of pages)."""
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=URL_FETCHER).render(
        font_config=font_config()
    )
    pages_of: dict = {}
    for number, page in enumerate(document.pages, start=1):
        # The page's box tree: WeasyPrint's own tests read it the same way (no public API lists a page's boxes).
        for group in page._page_box.descendants():
            if isinstance(group, boxes.TableRowGroupBox) and not group.is_header:
                for row in group.children:
                    pages_of.setdefault(row.element, set()).add(number)
    cut = [" ".join("".join(row.itertext()).split())[:70] for row, pages in pages_of.items() if len(pages) > 1]
    return cut, len(document.pages)


def test_no_row_of_a_signed_sheet_is_cut_across_two_pages(cast):
    """Set 7 (the demo's Miến dong Tài Hoan), every criterion answered with a comment: a sheet of several pages whose
    rows are tall enough that a page's foot falls inside one of them unless rows are kept whole."""
    card = Scorecard.objects.get(version=load_real_criteria(), number=7)
    registration = make_registration(cast, card, name="Miến dong Tài Hoan")
    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=timezone.localdate(), location="UBND tỉnh")
    item = session_add_registration(session=session, registration=registration, by=cast.province_officer)
    session_set_attendance(
        session=session, present_member_ids={m.pk for m in council.members.all()}, by=cast.province_officer
    )
    member = member_of(council, cast.council_member)
    sheet = declare_and_open(item, member)
    criteria = list(Criterion.objects.filter(group__part__scorecard=card).prefetch_related("options"))
    choices = {
        c.pk: "yes" if c.is_yes_no else max(c.options.all(), key=lambda o: (o.points, -o.pk)).pk for c in criteria
    }
    comment = "Hồ sơ có đủ minh chứng; đoàn đã xem thực tế tại cơ sở và đối chiếu với sổ sách của hợp tác xã. " * 2
    sheet = scoresheet_submit(
        sheet=sheet,
        version=sheet.version,
        data=SheetInput(choices=choices, comments={c.pk: comment for c in criteria}),
        by=member.user,
    )
    revision = SheetRevision.objects.get(sheet=sheet, kind="submit")
    cut, pages = rows_across_pages(sheet_pdf_html(revision=revision, item=item))
    assert pages > 3 and cut == []


@pytest.mark.parametrize("number", [1, 7, 26])
def test_no_row_of_a_blank_scorecard_is_cut_across_two_pages(number):
    card = scorecard_with_tree(pk=Scorecard.objects.get(version=load_real_criteria(), number=number).pk)
    cut, pages = rows_across_pages(scorecard_pdf_html(card))
    assert pages > 3 and cut == []
