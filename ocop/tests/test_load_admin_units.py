"""`load_admin_units`: the 2025 map (34 provinces, 3,321 communes), the historic map and the old → new links.

The full load (about 14,000 units and 10,000 links) runs once for the module inside a transaction that is rolled
back at the end, so the other modules keep an empty unit table; each test runs in its own rolled-back savepoint.
"""

import importlib.util
import unicodedata
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from ocop.admin_units import (
    admin_units_load,
    communes_of,
    current_province_of,
    current_rows,
    current_successor,
    historic_data,
)
from ocop.choices import UnitEra, UnitLevel
from ocop.models import AdministrativeUnit, AdministrativeUnitSuccession, AuditEvent
from ocop.text import search_q

CURRENT, HISTORIC = UnitEra.CURRENT, UnitEra.HISTORIC
PROVINCE, DISTRICT, COMMUNE = UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE


def _unit(era, level, **lookup):
    return AdministrativeUnit.objects.get(era=era, level=level, **lookup)


def _wipe_units():
    """Every unit and link, deleted in SQL inside the test's transaction: the ORM's delete collected the 24,000
    rows and their relations one batch after another (8 s); nothing refers to them here."""
    AdministrativeUnitSuccession.objects.all()._raw_delete(using="default")
    for level in (COMMUNE, DISTRICT, PROVINCE):  # children first: `parent` is PROTECT
        AdministrativeUnit.objects.filter(level=level)._raw_delete(using="default")


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The result of the first full load into the (normally empty) test database, inside a transaction that is
    rolled back once the module's tests are done: deleting the rows again took longer than loading them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield admin_units_load()
        transaction.set_rollback(True)


# --- the current map -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_loads_the_34_provinces_and_3321_communes_of_the_current_map(loaded):
    current = AdministrativeUnit.objects.filter(era=CURRENT)
    assert current.filter(level=PROVINCE).count() == 34
    assert current.filter(level=COMMUNE).count() == 3321
    assert not current.filter(level=DISTRICT).exists()
    assert (loaded.current_provinces, loaded.current_communes) == (34, 3321)
    # Communes hang directly under a current province; everything is valid from 1 July 2025.
    assert not current.filter(level=COMMUNE).exclude(parent__level=PROVINCE, parent__era=CURRENT).exists()
    assert not current.exclude(valid_from=date(2025, 7, 1)).exists()
    assert not current.filter(valid_to__isnull=False).exists()


@pytest.mark.django_db
def test_it_stores_the_official_codes_and_names(loaded):
    hanoi = _unit(CURRENT, PROVINCE, code="01")
    assert (hanoi.name, hanoi.kind) == ("Thành phố Hà Nội", "thành phố")
    thai_nguyen = _unit(CURRENT, PROVINCE, code="19")
    assert (thai_nguyen.name, thai_nguyen.kind) == ("Tỉnh Thái Nguyên", "tỉnh")

    hoan_kiem = _unit(CURRENT, COMMUNE, code="00070")
    assert (hoan_kiem.name, hoan_kiem.kind, hoan_kiem.parent) == ("Phường Hoàn Kiếm", "phường", hanoi)
    assert hoan_kiem.full_name == "Phường Hoàn Kiếm, Thành phố Hà Nội"
    na_ri = _unit(CURRENT, COMMUNE, code="02155")
    assert (na_ri.name, na_ri.parent) == ("Xã Na Rì", thai_nguyen)
    con_dao = _unit(CURRENT, COMMUNE, name="Đặc khu Côn Đảo")
    assert (con_dao.kind, con_dao.parent.code) == ("đặc khu", "79")
    kinds = set(AdministrativeUnit.objects.filter(era=CURRENT, level=COMMUNE).values_list("kind", flat=True))
    assert kinds == {"xã", "phường", "đặc khu"}


@pytest.mark.django_db
def test_it_stores_names_in_nfc_with_a_folded_search_key(loaded):
    names = AdministrativeUnit.objects.values_list("name", "full_name")
    assert all(unicodedata.is_normalized("NFC", n) and unicodedata.is_normalized("NFC", f) for n, f in names)
    found = AdministrativeUnit.objects.filter(search_q("xa na ri thai nguyen"), era=CURRENT)
    assert list(found.values_list("code", flat=True)) == ["02155"]


# --- the historic map ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_keeps_the_historic_provinces_districts_and_communes(loaded):
    historic = AdministrativeUnit.objects.filter(era=HISTORIC)
    assert historic.filter(level=PROVINCE).count() == 63
    assert historic.filter(level=DISTRICT).count() == loaded.historic_districts == 696
    assert historic.filter(level=COMMUNE).count() == loaded.historic_communes == 10051
    assert not historic.exclude(valid_to=date(2025, 6, 30)).exists()
    assert not historic.filter(level=DISTRICT).exclude(parent__level=PROVINCE, parent__era=HISTORIC).exists()
    assert not historic.filter(level=COMMUNE).exclude(parent__level=DISTRICT, parent__era=HISTORIC).exists()

    na_ri = _unit(HISTORIC, DISTRICT, name="Huyện Na Rì")
    assert (na_ri.code, na_ri.kind, na_ri.parent.name) == ("066", "huyện", "Tỉnh Bắc Kạn")
    kim_lu = _unit(HISTORIC, COMMUNE, code="02158")
    assert (kim_lu.name, kim_lu.parent, kim_lu.province.name) == ("Xã Kim Lư", na_ri, "Tỉnh Bắc Kạn")
    assert kim_lu.full_name == "Xã Kim Lư, Huyện Na Rì, Tỉnh Bắc Kạn"


@pytest.mark.django_db
def test_it_maps_the_communes_of_na_ri_to_communes_of_thai_nguyen(loaded):
    na_ri = _unit(HISTORIC, DISTRICT, name="Huyện Na Rì")
    communes = list(na_ri.children.all())
    assert len(communes) == 17
    successors = [current_successor(c) for c in communes]
    assert all(s is not None and s.era == CURRENT and s.level == COMMUNE for s in successors)
    assert {s.parent.name for s in successors} == {"Tỉnh Thái Nguyên"}
    # Yến Lạc town, Kim Lư and Sơn Thành became Xã Na Rì.
    assert current_successor(_unit(HISTORIC, COMMUNE, name="Thị trấn Yến Lạc", parent=na_ri)).code == "02155"
    # A historic district has no successor of its own: it gives its province's.
    assert current_successor(na_ri).name == "Tỉnh Thái Nguyên"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Tỉnh Quảng Bình", "Tỉnh Quảng Trị"),
        ("Tỉnh Bắc Kạn", "Tỉnh Thái Nguyên"),
        ("Tỉnh Nam Định", "Tỉnh Ninh Bình"),
        ("Tỉnh Hà Giang", "Tỉnh Tuyên Quang"),
        ("Tỉnh Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"),
        ("Thành phố Hà Nội", "Thành phố Hà Nội"),
    ],
)
@pytest.mark.django_db
def test_it_maps_each_old_province_to_its_new_province(loaded, old, new):
    assert current_successor(_unit(HISTORIC, PROVINCE, name=old)).name == new


@pytest.mark.django_db
def test_it_maps_every_old_province_and_gives_each_old_unit_one_primary_successor(loaded):
    assert loaded.unmapped_provinces == 0
    assert AdministrativeUnitSuccession.objects.filter(old__level=PROVINCE).count() == 63
    new_provinces = AdministrativeUnitSuccession.objects.filter(old__level=PROVINCE).values("new").distinct()
    assert new_provinces.count() == 34
    links = AdministrativeUnitSuccession.objects.all()
    assert links.count() == loaded.links
    assert links.filter(is_primary=True).count() == links.values("old").distinct().count()
    # A split commune: Phường Đội Cấn (Ba Đình) went to Phường Ba Đình and Phường Ngọc Hà.
    doi_can = _unit(HISTORIC, COMMUNE, name="Phường Đội Cấn", parent__name="Quận Ba Đình")
    assert set(doi_can.successors.values_list("name", flat=True)) == {"Phường Ba Đình", "Phường Ngọc Hà"}
    assert current_successor(doi_can).name == "Phường Ba Đình"


@pytest.mark.django_db
def test_it_links_island_districts_to_their_special_zone_and_counts_unmapped_communes(loaded):
    con_dao = _unit(HISTORIC, DISTRICT, name="Huyện Côn Đảo")
    assert current_successor(con_dao).name == "Đặc khu Côn Đảo"
    unmapped = AdministrativeUnit.objects.filter(era=HISTORIC, level=COMMUNE, succession_out__isnull=True)
    assert unmapped.count() == loaded.unmapped_communes
    assert 0 < loaded.unmapped_communes < 100  # a handful renamed in early 2025 that the sources disagree on
    orphan = unmapped.first()
    assert current_successor(orphan) is None
    assert current_province_of(orphan) == current_successor(orphan.province)


# --- helpers -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_communes_of_lists_a_provinces_communes_on_either_map(loaded):
    thai_nguyen = _unit(CURRENT, PROVINCE, code="19")
    communes = list(communes_of(thai_nguyen))
    assert len(communes) == AdministrativeUnit.objects.filter(parent=thai_nguyen).count() > 50
    assert {c.level for c in communes} == {COMMUNE}
    bac_kan = _unit(HISTORIC, PROVINCE, name="Tỉnh Bắc Kạn")
    old_communes = communes_of(bac_kan)
    assert old_communes.filter(name="Xã Kim Lư").exists()
    assert not old_communes.exclude(parent__parent=bac_kan).exists()
    assert current_successor(thai_nguyen) == thai_nguyen
    assert current_province_of(_unit(HISTORIC, COMMUNE, code="02158")) == thai_nguyen


# --- idempotence and the command ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_changes_nothing_on_a_second_run(loaded):
    assert loaded.created == 34 + 3321 + 63 + 696 + 10051
    units, links = AdministrativeUnit.objects.count(), AdministrativeUnitSuccession.objects.count()
    audits = AuditEvent.objects.filter(action="admin_units.load").count()

    again = admin_units_load()

    assert (again.created, again.updated) == (0, 0)
    assert (again.links_created, again.links_updated, again.links_deleted) == (0, 0, 0)
    assert AdministrativeUnit.objects.count() == units
    assert AdministrativeUnitSuccession.objects.count() == links
    assert AuditEvent.objects.filter(action="admin_units.load").count() == audits


@pytest.mark.django_db
def test_it_repairs_edited_rows_and_leaves_other_units_alone(loaded):
    hanoi = _unit(CURRENT, PROVINCE, code="01")
    AdministrativeUnit.objects.filter(pk=hanoi.pk).update(name="Hà Nội (sửa tay)")
    doi_can = _unit(HISTORIC, COMMUNE, name="Phường Đội Cấn", parent__name="Quận Ba Đình")
    AdministrativeUnitSuccession.objects.filter(old=doi_can).update(is_primary=False)
    extra = AdministrativeUnit.objects.create(era=CURRENT, level=PROVINCE, code="99", name="Tỉnh Thử Nghiệm")

    again = admin_units_load()

    assert (again.created, again.updated, again.links_updated) == (0, 1, 1)
    hanoi.refresh_from_db()
    assert hanoi.name == "Thành phố Hà Nội"
    assert current_successor(doi_can).name == "Phường Ba Đình"
    assert AdministrativeUnit.objects.filter(pk=extra.pk).exists()
    assert AuditEvent.objects.filter(action="admin_units.load", changes__updated=1).exists()


@pytest.mark.django_db
def test_the_command_prints_the_counts(loaded):
    out = StringIO()
    call_command("load_admin_units", stdout=out)
    text = out.getvalue()
    assert (f"34 tỉnh, 3321 xã hiện hành; 63 tỉnh, 696 huyện, 10051 xã cũ; {loaded.links} liên kết cũ → mới") in text
    assert "Tạo mới 0, cập nhật 0 đơn vị" in text
    assert f"{loaded.unmapped_communes} xã cũ" in text


@pytest.mark.django_db
def test_the_command_with_current_only_leaves_the_historic_map_out(loaded, tmp_path):
    out = StringIO()
    call_command("load_admin_units", "--current-only", stdout=out)
    assert "34 tỉnh, 3321 xã hiện hành" in out.getvalue()
    assert "xã cũ" not in out.getvalue()
    result = admin_units_load(current_only=True, historic_path=tmp_path / "missing.json.gz")
    assert (result.historic_communes, result.links, result.created) == (0, 0, 0)


@pytest.mark.django_db
def test_current_only_fills_an_empty_table_with_the_current_map_alone(loaded):
    _wipe_units()  # inside this test's transaction: rolled back afterwards

    result = admin_units_load(current_only=True)

    assert (result.created, result.links_created) == (34 + 3321, 0)
    assert AdministrativeUnit.objects.filter(era=CURRENT, level=COMMUNE).count() == 3321
    assert not AdministrativeUnit.objects.filter(era=HISTORIC).exists()
    assert not AdministrativeUnitSuccession.objects.exists()


# --- the committed data file and its generator (no database) -------------------------------------------------


def test_every_successor_in_the_data_file_is_a_current_code():
    provinces, communes = current_rows()
    data = historic_data()
    province_codes, commune_codes = {p.code for p in provinces}, {c.code for c in communes}
    assert {p[3] for p in data["provinces"]} <= province_codes
    successors = {code for row in data["districts"] + data["communes"] for code in row[4]}
    assert successors <= commune_codes
    assert len(data["provinces"]) == 63


def _generator():
    path = Path(__file__).resolve().parents[2] / "devtools" / "build_admin_units.py"
    spec = importlib.util.spec_from_file_location("build_admin_units", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Phường IV", "Phường 4"),
        ("Xã Tam Xuân I", "Xã Tam Xuân 1"),
        ("Huyện Ia H' Drai", "Huyện Ia H’Drai"),
        ("Xã Chân Mây – Lăng Cô", "Xã Chân Mây-Lăng Cô"),
        ("Thị trấn NT Lệ Ninh", "Thị Trấn Nông Trường Lệ Ninh"),
        ("Huyện Phú Quí", "Huyện Phú Quý"),
        ("Xã EaBar", "Xã Ea Bar"),
        ("Tỉnh Hoà Bình", "Tỉnh Hòa Bình"),
    ],
)
def test_the_generator_matches_spelling_variants(a, b):
    index = _generator().Index()
    index.add(a, "found")
    assert index.find(b) == "found"


def test_the_generator_keeps_different_names_apart():
    index = _generator().Index()
    index.add("Phường Sa Pa", "sa pa")
    index.add("Phường Sa Pả", "sa pả")
    index.add("Thị xã Kỳ Anh", "thị xã")
    index.add("Huyện Kỳ Anh", "huyện")
    assert (index.find("Phường Sa Pả"), index.find("Phường Sa Pa")) == ("sa pả", "sa pa")
    assert (index.find("Huyện Kỳ Anh"), index.find("Thị Xã Kỳ Anh")) == ("huyện", "thị xã")
    assert index.find("Xã Kỳ Anh") is None  # ambiguous without the type
