"""One way to print points (issue 12 item 15: "60.00" in one place, "60,00" in another): the `points` filter and
`format_points` write two decimals with the active language's separator."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from ocop.numbers import format_points


@pytest.mark.parametrize(
    "value,vi,en",
    [
        (Decimal("60"), "60,00", "60.00"),
        (Decimal("85.505"), "85,51", "85.51"),
        (72.5, "72,50", "72.50"),
        (None, "", ""),
    ],
)
def test_it_writes_points_in_the_active_language(value, vi, en):
    with translation.override("vi"):
        assert format_points(value) == vi
        assert Template("{% load points %}{{ v|points }}").render(Context({"v": value})) == vi
    with translation.override("en"):
        assert format_points(value) == en


def test_the_written_notice_prints_the_mean_with_the_readers_separator():
    from evaluation.choices import RegistrationStatus as S
    from evaluation.services.notices import result_notice

    registration = SimpleNamespace(status=S.NOT_RECOGNISED, product=SimpleNamespace(name="Mật ong"))
    result = SimpleNamespace(
        mean_score=Decimal("60.00"), final_star=2, knockouts=[], failed_markers=[], upgrade_failed=False, held_star=None
    )
    with translation.override("en"):  # written during an English request…
        notice = result_notice(registration, result)
    with translation.override("vi"):  # …read by a Vietnamese producer
        text = str(notice)
    assert "60,00 điểm" in text and "60.00" not in text
    with translation.override("en"):
        assert "60.00 points" in str(notice)
