"""Set 26's "Trường hợp 1/2" (ocop-domain.md §3.4): the registration's case selects which options the sheet shows
and accepts; without a case, a sheet must not mix the two."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.models import Option
from evaluation.services.scoresheets import SheetInput
from evaluation.services.sheet_submission import scoresheet_submit

from .factories import choices_for, declare_and_open, setup_scoring


def _with_cases(s, case_variant):
    """Criteria 4.1 and 6.1 get one option per case (the tourism pattern of criteria 8, 9 and 15)."""
    c = s.card.c
    s.card.has_case_variants = True
    s.card.save(update_fields=["has_case_variants"])
    c[
        "4.1"
    ].notes = "Lựa chọn một trong hai trường hợp sau:\na. Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp\nb. Trường hợp 2: Điểm dịch vụ du lịch"
    c["4.1"].save(update_fields=["notes"])
    for criterion in (c["4.1"], c["6.1"]):
        for case in (1, 2):
            Option.objects.create(
                criterion=criterion, order=10 + case, text=f"Trường hợp {case} đạt", points=10, case_variant=case
            )
    s.registration.case_variant = case_variant
    s.registration.save(update_fields=["case_variant"])
    return {(n, case): Option.objects.get(criterion=c[n], case_variant=case) for n in ("4.1", "6.1") for case in (1, 2)}


def test_it_shows_only_the_registrations_case_and_refuses_the_other(cast, login):
    s = setup_scoring(cast)
    options = _with_cases(s, 1)
    sheet = declare_and_open(s.item, s.member)
    client = login(cast.council_member)
    page = client.get(reverse("evaluation:sheet_edit", args=[s.item.pk])).content.decode()
    assert f'id="o{options["4.1", 1].pk}"' in page and f'id="o{options["4.1", 2].pk}"' not in page
    assert "Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp" in page
    choices = choices_for(s.card)
    choices[s.card.c["4.1"].pk] = options["4.1", 2].pk
    data = {f"c{k}": v for k, v in choices.items()} | {"version": sheet.version}
    response = client.post(reverse("evaluation:sheet_autosave", args=[sheet.pk]), data)
    assert response.status_code == 400 and "Phương án không hợp lệ" in response.json()["errors"][0]


def test_it_refuses_to_submit_a_sheet_mixing_both_cases_when_the_case_is_not_set(cast):
    """The refusal names the criteria in the scorecard's order: set 26's case criteria are 8, 9 and 15, and named as
    text they read "15, 8, 9"."""
    s = setup_scoring(cast)
    options = _with_cases(s, 0)
    for key, number in (("4.1", "8"), ("6.1", "15")):
        s.card.c[key].number = number
        s.card.c[key].save(update_fields=["number"])
    sheet = declare_and_open(s.item, s.member)
    choices = choices_for(s.card)
    choices[s.card.c["4.1"].pk] = options["4.1", 1].pk
    choices[s.card.c["6.1"].pk] = options["6.1", 2].pk
    with pytest.raises(ValidationError, match="Các tiêu chí 8, 15 phải chọn phương án của cùng một trường hợp"):
        scoresheet_submit(
            sheet=sheet, version=sheet.version, data=SheetInput(choices=choices, comments={}), by=s.member.user
        )
    choices[s.card.c["6.1"].pk] = options["6.1", 1].pk
    sheet.refresh_from_db()
    scoresheet_submit(
        sheet=sheet, version=sheet.version, data=SheetInput(choices=choices, comments={}), by=s.member.user
    )
    sheet.refresh_from_db()
    assert sheet.status == "submitted" and sheet.total == 20 + 20 + 10 + 10 + 5


def test_criterion_numbers_sort_as_the_scorecards_list_them():
    """The same key breaks ties between the criteria the chair sees the members differ on most."""
    from evaluation.selectors.criteria import criterion_number_order

    assert sorted(["15", "1.10", "8", "1.2", "9"], key=criterion_number_order) == ["1.2", "1.10", "8", "9", "15"]
