"""An administrative unit's name inside a sentence (Nghị định 30/2020/NĐ-CP, Phụ lục II, mục II): the common noun of
its kind in lower case, the proper name as it is ("xã Côn Minh, tỉnh Thái Nguyên", "thành phố Hà Nội"); a capital
only where the name opens a sentence, a heading or a cell of its own. One function, ocop.text.unit_name_in_text,
which the model, producers' addresses, issuers and the templates' `in_text` filter use."""

import unicodedata
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from ocop.models import AdministrativeUnit
from ocop.selectors import issuer_in_text
from ocop.text import UNIT_KINDS, fold, unit_name_in_text


@pytest.mark.parametrize(
    "name,written",
    [
        ("Xã Côn Minh, Tỉnh Thái Nguyên", "xã Côn Minh, tỉnh Thái Nguyên"),
        ("Thành phố Hà Nội", "thành phố Hà Nội"),
        ("Phường Hoàn Kiếm, Thành phố Hà Nội", "phường Hoàn Kiếm, thành phố Hà Nội"),
        ("Đặc khu Côn Đảo, Thành phố Hồ Chí Minh", "đặc khu Côn Đảo, thành phố Hồ Chí Minh"),
        ("Xã Kim Lư, Huyện Na Rì, Tỉnh Bắc Kạn", "xã Kim Lư, huyện Na Rì, tỉnh Bắc Kạn"),
        ("Thị trấn Yến Lạc, Huyện Na Rì", "thị trấn Yến Lạc, huyện Na Rì"),
        ("Phường 3, Quận 1, Thị xã Sơn Tây", "phường 3, quận 1, thị xã Sơn Tây"),
        ("Thành Phố Hà Nội", "thành phố Hà Nội"),  # each word capitalised by hand
        ("Thôn Nà Đon, Xã Côn Minh, Tỉnh Thái Nguyên", "Thôn Nà Đon, xã Côn Minh, tỉnh Thái Nguyên"),
        ("Tổ 3, Phường Bá Xuyên", "Tổ 3, phường Bá Xuyên"),
        ("UBND Huyện Na Rì", "UBND huyện Na Rì"),
        ("Ủy ban nhân dân Tỉnh Thái Nguyên", "Ủy ban nhân dân tỉnh Thái Nguyên"),
        ("xã Côn Minh, tỉnh Thái Nguyên", "xã Côn Minh, tỉnh Thái Nguyên"),
        # Left alone: no kind, a heading's capitals, a road, a kind inside the line, nothing.
        ("Côn Minh", "Côn Minh"),
        ("TỈNH THÁI NGUYÊN", "TỈNH THÁI NGUYÊN"),
        ("Tỉnh lộ 256, Xã Côn Minh", "Tỉnh lộ 256, xã Côn Minh"),
        ("Hợp tác xã Tài Hoan", "Hợp tác xã Tài Hoan"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_writes_the_kind_in_lower_case_inside_a_sentence(name, written):
    assert unit_name_in_text(name) == written


def test_opening_a_line_the_first_letter_is_a_capital_and_the_units_after_it_are_not():
    assert unit_name_in_text("Xã Côn Minh, Tỉnh Thái Nguyên", opening=True) == "Xã Côn Minh, tỉnh Thái Nguyên"
    assert unit_name_in_text("xã Côn Minh", opening=True) == "Xã Côn Minh"


def test_it_reads_the_decomposed_form_a_copy_paste_gives():
    assert unit_name_in_text(unicodedata.normalize("NFD", "Xã Côn Minh, Tỉnh Thái Nguyên")) == (
        "xã Côn Minh, tỉnh Thái Nguyên"
    )


# Proper names as the lists write them: words starting with a capital (or a number), Vietnamese letters.
_WORD = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(list("ABCDĐGHKLMNPQSTVXYÂĂÊÔƠƯÁÀẢÃẠẮẰẤẦẾỀỐỒỚỜỨỪÍÌÝÚÙÓÒ")),
    st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằấầếềốồớờứừíìýúùóò", min_size=0, max_size=6),
)
_PROPER = st.one_of(
    st.lists(_WORD, min_size=1, max_size=3).map(" ".join), st.integers(min_value=1, max_value=30).map(str)
)
_UNIT = st.builds(lambda kind, proper: (kind, proper), st.sampled_from(UNIT_KINDS), _PROPER)


@given(st.lists(_UNIT, min_size=1, max_size=3))
def test_any_unit_list_reads_its_kinds_in_lower_case_and_keeps_the_proper_names(units):
    stored = ", ".join(f"{kind[:1].upper()}{kind[1:]} {proper}" for kind, proper in units)
    written = unit_name_in_text(stored)
    assert written == ", ".join(f"{kind} {proper}" for kind, proper in units)
    assert unit_name_in_text(written) == written  # once is enough
    assert fold(written) == fold(stored) and len(written) == len(stored)  # only the letters' case changes
    assert unit_name_in_text(stored, opening=True) == written[:1].upper() + written[1:]


@given(st.text(max_size=40))
def test_any_text_changes_at_most_in_letter_case(text):
    written = unit_name_in_text(text)
    assert unit_name_in_text(written) == written
    assert written.lower() == unicodedata.normalize("NFC", text).lower()


def test_a_unit_named_without_its_kind_keeps_its_capital_in_a_sentence():
    """The model's own name_in_text lowered the first letter whatever it was: "côn Minh"."""
    assert AdministrativeUnit(name="Côn Minh", kind="xã").name_in_text == "Côn Minh"
    assert AdministrativeUnit(name="Xã Côn Minh", kind="xã").name_in_text == "xã Côn Minh"
    assert AdministrativeUnit(name="Thành phố Huế", kind="thành phố").name_in_text == "thành phố Huế"


def test_the_template_filter_writes_a_unit_or_an_address_as_a_sentence_does():
    template = Template(
        "{% load documents %}{{ unit|in_text }} | {{ address|in_text }} | {{ unit|in_text|capfirst }} | {{ none|in_text }}"
    )
    unit = AdministrativeUnit(name="Xã Côn Minh", full_name="Xã Côn Minh, Tỉnh Thái Nguyên")
    text = template.render(Context({"unit": unit, "address": "Thôn Nà Đon, Xã Côn Minh, Tỉnh Thái Nguyên"}))
    assert text == (
        "xã Côn Minh, tỉnh Thái Nguyên | Thôn Nà Đon, xã Côn Minh, tỉnh Thái Nguyên | Xã Côn Minh, tỉnh Thái Nguyên | "
    )


def test_an_issuer_typed_with_its_kind_capitalised_reads_in_lower_case_in_a_sentence():
    decision = SimpleNamespace(issuer_name="UBND Huyện Na Rì", issuer_level="district", issuer_unit_id=None)
    assert issuer_in_text(decision) == "UBND huyện Na Rì"
    decision = SimpleNamespace(
        issuer_name="ỦY BAN NHÂN DÂN THỊ XÃ SƠN TÂY", issuer_level="district", issuer_unit_id=None
    )
    assert issuer_in_text(decision) == "Ủy ban nhân dân thị xã Sơn Tây"


def test_a_unit_standing_alone_opens_with_a_capital_and_names_the_units_after_it_in_lower_case():
    """Choices, list cells and exports print str(unit): the stored full name gave "Xã Côn Minh, Tỉnh Thái Nguyên"."""
    unit = AdministrativeUnit(name="Xã Côn Minh", full_name="Xã Côn Minh, Tỉnh Thái Nguyên")
    assert str(unit) == "Xã Côn Minh, tỉnh Thái Nguyên"
    assert str(AdministrativeUnit(name="Tỉnh Thái Nguyên", full_name="Tỉnh Thái Nguyên")) == "Tỉnh Thái Nguyên"
