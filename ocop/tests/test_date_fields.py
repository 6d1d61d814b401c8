"""Date fields offer the browser's date picker and still take dd/mm/yyyy (issue 12 item 17): every date field of a
base form is a dd/mm/yyyy text input marked for the companion calendar (static/js/datepicker.js), and the server
reads both what people type (25/08/2026) and what a picker sends (2026-08-25)."""

import datetime

import pytest
from django import forms

from certificates.filters import ExpiryFilter
from certificates.forms import DecisionIssueForm, RevokeForm
from ocop.forms import BaseForm


class _Form(BaseForm):
    day = forms.DateField(label="Ngày kết luận của cơ quan")
    note = forms.CharField(label="ghi chú", max_length=5, required=False)


@pytest.mark.parametrize("typed", ["25/08/2026", "2026-08-25", "25-08-2026"])
def test_it_reads_dd_mm_yyyy_and_iso_alike(typed):
    form = DecisionIssueForm({"number": "1427/QĐ-UBND", "date": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date"] == datetime.date(2026, 8, 25)


@pytest.mark.parametrize("typed", ["hôm nay", "31.06.2026", "2026/06/30"])
def test_a_text_that_is_no_date_says_which_field_and_how_to_write_one(typed):
    form = _Form({"day": typed})
    assert not form.is_valid()
    assert form.errors["day"] == ["Ngày kết luận của cơ quan: nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2025."]


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("31/06/2026", "không có ngày “31/06/2026”, tháng 6/2026 chỉ có ngày 1 đến ngày 30"),
        ("2026-02-31", "không có ngày “2026-02-31”, tháng 2/2026 chỉ có ngày 1 đến ngày 28"),
        ("29-02-2027", "không có ngày “29-02-2027”, tháng 2/2027 chỉ có ngày 1 đến ngày 28"),
        ("08/25/2026", "“08/25/2026” có tháng 25, nhưng tháng chỉ từ 1 đến 12"),
    ],
)
def test_a_date_written_as_one_that_names_no_day_says_what_is_wrong(typed, why):
    # Written day/month/year as asked, 31/06/2026 was refused with "write it as day/month/year": nothing to correct.
    form = _Form({"day": typed})
    assert not form.is_valid()
    assert form.errors["day"] == [
        f"Ngày kết luận của cơ quan: {why}. Nhập theo dạng dd/mm/yyyy (ngày/tháng/năm), ví dụ 15/03/2026."
    ]
    assert form["day"].value() == typed  # what was typed stays


@pytest.mark.parametrize("typed", ["15/13/0000", "30/02/0000", "0000-02-29"])
def test_the_year_0_is_left_to_the_plain_message(typed):
    # No calendar has a year 0: a form says how to write a date rather than what its months or days would be
    # (ocop.forms.impossible_date, shared with the lists' filters, which bound the year themselves).
    form = _Form({"day": typed})
    assert form.errors["day"] == ["Ngày kết luận của cơ quan: nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2025."]


def test_another_forms_date_names_its_field_by_its_label():
    form = RevokeForm({"decision_date": "31/02/2026"})
    label = str(form.fields["decision_date"].label)
    assert form.errors["decision_date"][0].startswith(f"{label}: không có ngày “31/02/2026”, tháng 2/2026 chỉ có")
    form = RevokeForm({"decision_date": "ngày mai"})
    assert f"{label}: nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2025." in form.errors["decision_date"]


def test_a_text_too_long_says_which_field_and_its_limit():
    form = _Form({"day": "25/08/2026", "note": "dài quá"})
    assert not form.is_valid()
    assert form.errors["note"] == ["Ghi chú: tối đa 5 ký tự (hiện có 7)."]


def test_the_messages_follow_the_language():
    from django.utils import translation

    with translation.override("en"):
        form = _Form({"day": "hôm nay", "note": "dài quá"})
        assert form.errors["day"] == ["Ngày kết luận của cơ quan: enter it as day/month/year, e.g. 15/03/2025."]
        assert form.errors["note"] == ["Ghi chú: at most 5 characters (it has 7)."]
        form = _Form({"day": "31/06/2026"})
        assert form.errors["day"][0].startswith("Ngày kết luận của cơ quan: there is no “31/06/2026”, month 6/2026")


def test_every_date_field_renders_as_dd_mm_yyyy_text_with_the_calendar_marker():
    html = str(_Form(initial={"day": datetime.date(2026, 8, 5)})["day"])
    assert 'type="text"' in html and 'value="05/08/2026"' in html
    assert 'data-datepicker="Chọn ngày trên lịch"' in html and 'placeholder="dd/mm/yyyy"' in html
    revoke = str(RevokeForm()["decision_date"])
    assert "data-datepicker" in revoke


def test_the_expiry_filter_takes_both_forms(db, cast):
    for typed in ("25/08/2026", "2026-08-25"):
        filterset = ExpiryFilter({"valid_from": typed}, queryset=None, user=cast.province_officer)
        assert filterset.form.is_valid(), filterset.form.errors
        assert filterset.form.cleaned_data["valid_from"] == datetime.date(2026, 8, 25)
    assert "data-datepicker" in str(ExpiryFilter({}, queryset=None, user=cast.province_officer).form["valid_from"])
