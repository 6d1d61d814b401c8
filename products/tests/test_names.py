"""The keys the name guards compare (products.names): what two spellings of one producer's or product's name share,
and what keeps two names apart (the guards refuse outright: test_name_guards)."""

import unicodedata

import pytest

from products.names import producer_name_key, product_name_key

SAME_PRODUCER = [
    ("HTX Nông nghiệp Hòa An", "Hợp tác xã Nông nghiệp Hoà An"),
    ("HTX Nông nghiệp Hòa An", "  htx   nông nghiệp\u00a0hòa an. "),
    ("Công ty TNHH MTV Mật ong Bắc Kạn", "Cty trách nhiệm hữu hạn một thành viên Mật ong Bắc Kạn"),
    ("Công ty TNHH Mật ong Bắc Kạn", "C.ty TNHH Mật ong, Bắc Kạn"),
    ("Công ty cổ phần Chè Tân Cương", "CTCP Chè Tân Cương"),
    ("Công ty cổ phần Chè Tân Cương", "Công ty CP Chè Tân Cương"),
    ("DNTN Thủy Tiên", "Doanh nghiệp tư nhân Thuỷ Tiên"),
    ("Hộ kinh doanh Lý Thị Mai", "HKD Lý Thị Mai"),
    ("Tổ hợp tác Miến dong", "THT Miến dong"),
    ("Cơ sở Mật ong Hoa Ban", unicodedata.normalize("NFD", "Cơ sở Mật ong Hoa Ban")),
    ("Cơ sở “Bánh chưng Tranh Khúc”", 'Cơ sở "Bánh chưng Tranh Khúc"'),
]
OTHER_PRODUCERS = [
    ("HTX Mật ong", "HTX Mát ong"),  # diacritics tell names apart
    ("HTX Miến dong", "HTX Miền dong"),
    ("Hộ kinh doanh Lý Thị Mai", "Lý Thị Mai"),  # the legal form is part of the name
    ("Công ty TNHH Mật ong", "Công ty cổ phần Mật ong"),
    ("HTX Mật ong", "Tổ hợp tác Mật ong"),
    ("HTX Nông nghiệp số 1", "HTX Nông nghiệp số 11"),
    ("Cơ sở 1.5", "Cơ sở 15"),
    ("HTX Đồng Tâm", "HTX Dong Tam"),
]


@pytest.mark.parametrize(("first", "second"), SAME_PRODUCER)
def test_the_producer_key_folds_two_spellings_of_one_name(first, second):
    assert producer_name_key(first) == producer_name_key(second)


@pytest.mark.parametrize(("first", "second"), OTHER_PRODUCERS)
def test_the_producer_key_keeps_two_names_apart(first, second):
    assert producer_name_key(first) != producer_name_key(second)


def test_the_product_key_folds_spacing_case_punctuation_and_the_tone_place_but_not_the_rest():
    assert product_name_key("Trà  xanh (loại 1).") == product_name_key("trà xanh loại 1")
    assert product_name_key("Chè Thái Nguyên – búp") == product_name_key("Chè Thái Nguyên búp")
    assert product_name_key("Rượu ngô Hòa Bình") == product_name_key("Rượu ngô Hoà Bình")
    for first, second in (("Mật ong", "Mát ong"), ("Trà 100g", "Trà 200g"), ("Rượu 29,5 độ", "Rượu 295 độ")):
        assert product_name_key(first) != product_name_key(second)
    # "HTX" in a product's name is a word of it: the legal forms are a producer's.
    assert product_name_key("Gạo HTX") != product_name_key("Gạo Hợp tác xã")
