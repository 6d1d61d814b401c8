"""The three probable misprints of Phụ lục II are kept as printed (the points are the law's until it is corrected) and
carry a note shown to council members on the sheet (`misprint_note`). Unlike the hand corrections' notes
(`correction_note`, the maintainers'), it says nothing was changed: the sheet is the law's."""

import pytest
from django.urls import reverse

from evaluation.models import Scorecard
from evaluation.tests.factories import criterion_by_number, load_real_criteria

from .factories import declare_and_open, make_council, make_registration

MISPRINTS = [(7, "3.1", [1, 1, 3], "1/1/3"), (23, "6.2", [1, 1, 3, 5], "1/1/3/5"), (19, "2.3", [1, 2, 3], "3.5")]


@pytest.mark.django_db
@pytest.mark.parametrize(("number", "criterion", "points", "quoted"), MISPRINTS)
def test_each_probable_misprint_is_kept_as_printed_with_a_note(number, criterion, points, quoted):
    card = Scorecard.objects.get(version=load_real_criteria(), number=number)
    crit = criterion_by_number(card, criterion)
    assert [o.points for o in crit.options.order_by("order")] == points  # unchanged
    assert quoted in crit.misprint_note and "lỗi in" in crit.misprint_note
    assert crit.correction_note == ""


def test_the_member_reads_the_note_on_the_sheet(cast, login):
    from django.utils import timezone

    from evaluation.models import CouncilSession
    from evaluation.services.councils import session_add_registration, session_set_attendance

    card = Scorecard.objects.get(version=load_real_criteria(), number=7)
    council = make_council(cast)
    session = CouncilSession.objects.create(council=council, date=timezone.localdate())
    item = session_add_registration(
        session=session, registration=make_registration(cast, card), by=cast.province_officer
    )
    member = council.members.get(user=cast.council_member)
    session_set_attendance(
        session=session, present_member_ids={m.pk for m in council.members.all()}, by=cast.province_officer
    )
    declare_and_open(item, member)
    page = login(cast.council_member).get(reverse("evaluation:sheet_edit", args=[item.pk])).content.decode()
    assert 'data-testid="misprint-note"' in page and "Nguồn in 1/1/3 điểm" in page
