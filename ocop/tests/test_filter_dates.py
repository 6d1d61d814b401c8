"""A list's date filters (ocop.filters.DateFilter, FilterSet): a date that cannot be read says, beside its field, what
is wrong with it and how to write one (dd/mm/yyyy); a range whose end comes before its start says so beside the
end; every list's FilterSet uses the one date filter, so that each filter bar says the same."""

import datetime

import django_filters
import pytest
from django.utils import translation

from certificates.filters import CertificateFilter, ExpiryFilter
from certificates.models import Certificate
from ocop import filters as ocop_filters

HINT = "Nhập theo dạng dd/mm/yyyy (ngày/tháng/năm), ví dụ 15/03/2026."


def expiry_form(cast, **data):
    filterset = ExpiryFilter(data, queryset=Certificate.objects.none(), user=cast.province_officer)
    filterset.form.is_valid()
    return filterset.form


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2026", f"Hết hạn từ ngày: không có ngày “31/02/2026”, tháng 2/2026 chỉ có ngày 1 đến ngày 28. {HINT}"),
        ("00/03/2026", f"Hết hạn từ ngày: không có ngày “00/03/2026”, tháng 3/2026 chỉ có ngày 1 đến ngày 31. {HINT}"),
        ("2026-13-01", f"Hết hạn từ ngày: “2026-13-01” có tháng 13, nhưng tháng chỉ từ 1 đến 12. {HINT}"),
        ("15/13/2026", f"Hết hạn từ ngày: “15/13/2026” có tháng 13, nhưng tháng chỉ từ 1 đến 12. {HINT}"),
        ("abc", f"Hết hạn từ ngày: “abc” không phải là một ngày. {HINT}"),
        ("2026/03/15", f"Hết hạn từ ngày: “2026/03/15” không phải là một ngày. {HINT}"),
        ("15/03/0202", f"Hết hạn từ ngày: năm 202 nằm ngoài khoảng 1990–2100. {HINT}"),
        # The month is judged before the year, the year before the day (ocop.forms.impossible_date).
        ("15/13/0000", f"Hết hạn từ ngày: “15/13/0000” có tháng 13, nhưng tháng chỉ từ 1 đến 12. {HINT}"),
        ("31/02/2101", f"Hết hạn từ ngày: năm 2101 nằm ngoài khoảng 1990–2100. {HINT}"),
    ],
)
def test_a_date_that_cannot_be_read_says_what_is_wrong_and_how_to_write_one(db, cast, typed, message):
    form = expiry_form(cast, valid_from=typed)
    assert form.errors["valid_from"] == [message]
    assert "valid_from" not in form.cleaned_data  # not applied


def test_both_written_forms_still_read(db, cast):
    for typed in ("05/08/2026", "5/8/2026", "05-08-2026", "2026-08-05"):
        form = expiry_form(cast, valid_from=typed)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["valid_from"] == datetime.date(2026, 8, 5)


def test_an_end_before_its_start_is_refused_beside_the_end(db, cast):
    form = expiry_form(cast, valid_from="15/03/2026", valid_to="01/03/2026")
    assert "valid_from" not in form.errors
    assert form.errors["valid_to"] == [
        "Hết hạn đến ngày: ngày 01/03/2026 ở trước ngày của ô “Hết hạn từ ngày” (15/03/2026), nên không có ngày nào "
        "trong khoảng. Nhập ngày từ 15/03/2026 trở đi, theo dạng dd/mm/yyyy."
    ]
    assert form.cleaned_data["valid_from"] == datetime.date(2026, 3, 15) and "valid_to" not in form.cleaned_data
    assert expiry_form(cast, valid_from="15/03/2026", valid_to="15/03/2026").is_valid()  # one day is a range


def test_the_certificate_lists_period_is_checked_the_same_way(db):
    filterset = CertificateFilter({"issued_from": "2026-04-01", "issued_to": "2026-03-31"}, queryset=None)
    assert list(filterset.form.errors) == ["issued_to"]
    assert filterset.form.errors["issued_to"][0].startswith("Cấp đến ngày: ngày 31/03/2026 ở trước ngày của ô")
    bad = CertificateFilter({"issued_from": "31/02/2026"}, queryset=None)
    assert bad.form.errors["issued_from"][0].startswith("Cấp từ ngày: không có ngày “31/02/2026”")
    assert ocop_filters.ignored_filters(bad.form) == ["Cấp từ ngày"]


def test_the_messages_follow_the_language(db, cast):
    with translation.override("en"):
        assert expiry_form(cast, valid_from="31/02/2026").errors["valid_from"] == [
            "Expiry date from: there is no “31/02/2026”, month 2/2026 only has days 1 to 28. "
            "Enter it as dd/mm/yyyy (day/month/year), e.g. 15/03/2026."
        ]


def _filtersets():
    seen, todo = set(), [ocop_filters.FilterSet]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [fs for fs in seen if fs.__module__.split(".")[0] != "ocop" and "tests" not in fs.__module__]


def test_every_lists_date_filter_is_the_shared_one_and_each_range_is_checked():
    import api.views  # noqa: F401  every FilterSet of the project is imported by the urls
    import ocop.urls  # noqa: F401

    DateFilter = ocop_filters.DateFilter  # noqa: N806  the shared date filter
    filtersets = _filtersets()
    assert len(filtersets) >= 8  # the walk found the lists' FilterSets
    for filterset in filtersets:
        filters = filterset.base_filters
        for name, filter_ in filters.items():
            if isinstance(filter_, django_filters.DateFilter):
                assert isinstance(filter_, DateFilter), f"{filterset.__name__}.{name}"
            if isinstance(filter_, DateFilter) and filter_.lookup_expr == "lte":
                starts = [
                    other
                    for other, f in filters.items()
                    if isinstance(f, DateFilter) and f.field_name == filter_.field_name and f.lookup_expr == "gte"
                ]
                assert filter_.not_before in starts, f"{filterset.__name__}.{name} is a range's end"
