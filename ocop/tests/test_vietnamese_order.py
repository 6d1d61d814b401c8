"""Lists of provinces and products read in Vietnamese alphabetical order wherever a person picks one, on PostgreSQL
(ICU's collation) and on the embedded SQLite database (ocop.text.vietnamese_sort_key, the same order)."""

import random
import re
import unicodedata

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler
from django.urls import reverse

from ocop.models import AdministrativeUnit
from ocop.testing import make_unit
from ocop.text import vietnamese_sort_key

pytestmark = pytest.mark.django_db

NAMES = ["Tỉnh Cà Mau", "Tỉnh Điện Biên", "Tỉnh Đồng Nai", "Tỉnh Gia Lai", "Tỉnh Vĩnh Long"]


@pytest.fixture
def provinces(cast):
    for code, name in zip(("96", "11", "75", "64", "86"), reversed(NAMES), strict=True):
        make_unit(level="province", code=code, name=name)


def test_units_by_name_put_the_d_with_stroke_after_d(provinces):
    names = [u.name for u in AdministrativeUnit.objects.filter(name__in=NAMES).by_name()]
    assert names == NAMES


@pytest.mark.parametrize(
    "url",
    [
        reverse("dashboard_report"),  # the report's province
        reverse("evaluation:registration_create"),  # the province first, then its products
        reverse("evaluation:round_create"),
        reverse("supervision:plan_create"),
        reverse("dashboard_statistics"),  # the ministry picks a province to look into
    ],
)
def test_a_national_officer_picks_a_province_from_a_list_in_vietnamese_order(cast, login, provinces, url):
    page = login(cast.central_officer).get(url).content.decode()
    listed = [name for name in re.findall(r"<option[^>]*>([^<]+)</option>", page) if name in NAMES]
    assert listed == NAMES, url


PRODUCTS = ["Cà phê Đắk Hà", "Đậu phộng rang", "Gạo nếp cái hoa vàng", "Yến sào"]


@pytest.mark.parametrize(
    "url",
    [
        reverse("evaluation:registration_create"),
        reverse("certificates:historic_certificate_create"),
        reverse("dashboard_historic_evaluation_create"),
    ],
)
def test_an_officer_picks_a_product_from_a_list_in_vietnamese_order(cast, login, url):
    from products.tests.factories import ProductFactory

    cast.producer.members.clear()  # without an account: an officer files its dossiers (acts_for_producer)
    for name in reversed(PRODUCTS):
        ProductFactory(producer=cast.producer, name=name)
    page = login(cast.province_officer).get(url).content.decode()
    listed = [name.split(" — ")[0] for name in re.findall(r"<option[^>]*>([^<]+)</option>", page)]
    assert [name for name in listed if name in PRODUCTS] == PRODUCTS, url


def test_a_national_officer_gets_a_provinces_products_in_vietnamese_order(cast, login):
    from products.tests.factories import ProductFactory

    for name in reversed(PRODUCTS):
        ProductFactory(producer=cast.producer, name=name)
    response = login(cast.central_officer).get(reverse("products:product_options"), {"province": cast.province.pk})
    listed = [row["name"].split(" — ")[0] for row in response.json()["results"]]
    assert [name for name in listed if name in PRODUCTS] == PRODUCTS


# --- The collation itself (ocop.text.vietnamese_sort_key), which the embedded SQLite database sorts with ---------
def test_the_key_puts_letters_before_tones_and_tones_before_case():
    expected = [
        " ",
        "-",
        "(1)",
        "10",  # digit by digit, as ICU's collation
        "2",
        "a",
        "A",
        "à",
        "ả",
        "ã",
        "á",
        "ạ",
        "ab",
        "ăn",
        "âm",
        "Da",
        "dạ",
        "Ðá",  # an eth (typed for Đ) is a d with an accent, as in ICU
        "Dz",
        "Đa",
        "đà",
        "e",
        "ê",
        "Gia Lai",
        "Mật ong",
        "Miến dong",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
        "Zürich",
    ]
    assert sorted(reversed(expected), key=vietnamese_sort_key) == expected


def test_nfd_text_sorts_as_its_nfc_form():
    assert vietnamese_sort_key(unicodedata.normalize("NFD", "Đồng Nai")) == vietnamese_sort_key("Đồng Nai")


@pytest.mark.postgres
def test_the_key_orders_as_postgresqls_icu_collation():
    """The embedded database's collation against the one production sorts with: 4,000 strings of Vietnamese letters
    in every tone and case, digits, spaces and punctuation (checked also against the 23,758 names of units,
    products, producers and people of the demo data while it was written)."""
    rng = random.Random(26)
    letters = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
    alphabet = letters + letters.upper() + "fjwz0123456789 -_.,()/&'"
    texts = sorted({"".join(rng.choices(alphabet, k=rng.randint(1, 6))) for _ in range(4000)})
    with connection.cursor() as cursor:
        cursor.execute('SELECT t FROM unnest(%s::text[]) AS t ORDER BY t COLLATE "vi-x-icu", t COLLATE "C"', [texts])
        by_postgresql = [row[0] for row in cursor.fetchall()]
    assert sorted(texts, key=lambda t: (vietnamese_sort_key(t), t)) == by_postgresql


def test_an_sqlite_connection_sorts_with_the_vietnamese_collation():
    """The embedded default (SQLite) gets the collation on each connection it opens (ocop.db)."""
    databases = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
    embedded = databases["default"]
    try:
        with embedded.cursor() as cursor:
            cursor.execute("CREATE TABLE unit (name text)")
            cursor.executemany("INSERT INTO unit VALUES (%s)", [(name,) for name in reversed(NAMES)])
            cursor.execute('SELECT name FROM unit ORDER BY name COLLATE "vi-x-icu"')
            assert [row[0] for row in cursor.fetchall()] == NAMES
    finally:
        embedded.close()
