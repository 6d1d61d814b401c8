"""Choosing a producer's commune: short lists for national officers (province first), and the commune
before 1 July 2025 chosen among those merged into the current commune, kept on the record."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ocop.models import AdministrativeUnit, AdministrativeUnitSuccession
from ocop.testing import make_unit
from products.models import Producer
from products.services import producer_create, producer_update

pytestmark = pytest.mark.django_db

CREATE = reverse("products:producer_create")


@pytest.fixture
def old(cast):
    """Two old communes merged into Xã Hoà An, one into Xã Bình Minh."""
    province = make_unit(level="province", code="80", name="Tỉnh Bắc Kạn", era="historic")
    district = make_unit(level="district", code="800", name="Huyện Na Rì", parent=province, era="historic")
    units = {}
    for code, name, new in (
        ("80001", "Xã Côn Minh", cast.commune),
        ("80002", "Xã Quang Phong", cast.commune),
        ("80003", "Xã Dương Sơn", cast.other_commune),
    ):
        units[name] = make_unit(level="commune", code=code, name=name, parent=district, era="historic")
        AdministrativeUnitSuccession.objects.create(old=units[name], new=new)
    return units


def _data(cast, **extra):
    return {"kind": "coop", "name": "HTX Trần Phú", "commune": cast.commune.pk, "legal_rep_gender": "male", **extra}


def test_a_commune_officer_gets_their_commune_preselected_and_its_old_communes(cast, login, old):
    form = login(cast.commune_officer).get(CREATE).context["form"]
    assert form["commune"].value() == cast.commune.pk
    assert "province" not in form.fields
    assert set(form.fields["historic_commune"].queryset) == {old["Xã Côn Minh"], old["Xã Quang Phong"]}


def test_a_province_officer_chooses_the_old_commune_among_those_of_the_chosen_commune(cast, login, old):
    client = login(cast.province_officer)
    page = client.get(CREATE).content.decode()
    assert 'data-cascade-from="id_commune"' in page and 'data-cascade-param="successor"' in page
    response = client.post(CREATE, _data(cast, commune=cast.other_commune.pk, historic_commune=old["Xã Côn Minh"].pk))
    assert response.status_code == 200
    assert "không nhập vào xã, phường hiện nay" in str(response.context["form"].errors["historic_commune"])
    assert 'value="HTX Trần Phú"' in response.content.decode()
    assert list(response.context["form"].fields["historic_commune"].queryset) == [old["Xã Dương Sơn"]]
    assert not Producer.objects.filter(name="HTX Trần Phú").exists()

    response = client.post(CREATE, _data(cast, historic_commune=old["Xã Quang Phong"].pk))
    assert response.status_code == 302
    producer = Producer.objects.get(name="HTX Trần Phú")
    assert (producer.commune, producer.historic_commune) == (cast.commune, old["Xã Quang Phong"])
    # The edit page keeps it and lists only the old communes of the producer's commune.
    form = client.get(reverse("products:producer_update", args=[producer.pk])).context["form"]
    assert form["historic_commune"].value() == old["Xã Quang Phong"].pk
    assert set(form.fields["historic_commune"].queryset) == {old["Xã Côn Minh"], old["Xã Quang Phong"]}


def test_a_national_officer_chooses_the_province_first(cast, login, old):
    client = login(cast.central_officer)
    form = client.get(CREATE).context["form"]
    assert set(form.fields["province"].queryset) == {cast.province, cast.other_province}
    assert form.fields["commune"].widget.attrs["data-cascade-from"] == "id_province"
    assert list(form.fields["historic_commune"].queryset) == []  # 10,051 old communes: commune first
    # Editing a producer: the lists are already those of its province and commune.
    form = client.get(reverse("products:producer_update", args=[cast.producer.pk])).context["form"]
    assert form["province"].value() == cast.province.pk
    assert set(form.fields["commune"].queryset) == {cast.commune, cast.other_commune}
    # A commune of another province than the one chosen is refused next to the field.
    response = client.post(CREATE, _data(cast, province=cast.other_province.pk))
    assert response.status_code == 200 and "không thuộc tỉnh" in str(response.context["form"].errors["commune"])
    response = client.post(CREATE, _data(cast, province=cast.province.pk, historic_commune=old["Xã Côn Minh"].pk))
    assert response.status_code == 302
    assert Producer.objects.get(name="HTX Trần Phú").historic_commune == old["Xã Côn Minh"]


def test_the_service_refuses_an_old_commune_that_did_not_merge_into_the_commune(cast, old):
    with pytest.raises(ValidationError) as error:
        producer_create(
            by=cast.province_officer,
            data={
                "kind": "coop",
                "name": "HTX A",
                "commune": cast.other_commune,
                "historic_commune": old["Xã Côn Minh"],
            },
        )
    assert "historic_commune" in error.value.error_dict
    with pytest.raises(ValidationError):  # a current commune is not an old one
        producer_update(producer=cast.producer, by=cast.province_officer, data={"historic_commune": cast.commune})
    producer_update(producer=cast.producer, by=cast.province_officer, data={"historic_commune": old["Xã Côn Minh"]})
    with pytest.raises(ValidationError):  # moving the producer must not leave a stray old commune
        producer_update(producer=cast.producer, by=cast.province_officer, data={"commune": cast.other_commune})
    cast.producer.refresh_from_db()
    assert cast.producer.commune == cast.commune


def test_the_commune_filter_lists_only_the_chosen_province(cast, login):
    client = login(cast.central_officer)
    # Before a province is chosen no commune is even read (issue 15; a commune chosen from a link is still accepted,
    # test_filter_national_communes.py).
    everywhere = client.get(reverse("products:product_list")).context["filter"].form.fields["commune"].queryset
    assert not everywhere.exists()
    chosen = client.get(reverse("products:product_list"), {"commune": cast.far_commune.pk}).context["filter"]
    assert list(chosen.form.fields["commune"].queryset) == [cast.far_commune]
    page = client.get(reverse("products:product_list"), {"province": cast.other_province.pk})
    assert list(page.context["filter"].form.fields["commune"].queryset) == [cast.far_commune]
    assert 'data-cascade-from="id_province"' in page.content.decode()
    page = client.get(reverse("products:producer_list"), {"province": cast.province.pk})
    assert set(page.context["filter"].form.fields["commune"].queryset) == {cast.commune, cast.other_commune}


def test_the_unit_lists_follow_vietnamese_order(cast, login):
    """ "Mật" before "Miến", as for products: ă, â, đ, ơ… sort as Vietnamese letters, not as bytes (on PostgreSQL and
    on SQLite alike)."""
    for code, name in (
        ("90011", "Xã Mỹ Lộc"),
        ("90012", "Xã Mai Sơn"),
        ("90013", "Xã Đồng Hỷ"),
        ("90014", "Xã Dương Sơn"),
    ):
        make_unit(level="commune", code=code, name=name, parent=cast.province)
    client = login(cast.central_officer)
    form = client.get(reverse("products:producer_update", args=[cast.producer.pk])).context["form"]
    names = [unit.name for unit in form.fields["commune"].queryset]
    assert names.index("Xã Dương Sơn") < names.index("Xã Đồng Hỷ")
    assert names.index("Xã Đồng Hỷ") < names.index("Xã Hoà An") and names.index("Xã Mai Sơn") < names.index("Xã Mỹ Lộc")
    listed = client.get(reverse("products:product_list"), {"province": cast.province.pk}).context["filter"]
    assert [u.name for u in listed.form.fields["commune"].queryset] == names
    provinces = [u.name for u in listed.form.fields["province"].queryset]
    assert provinces == ["Tỉnh Khác", "Tỉnh Thử Nghiệm"]


def test_without_a_province_the_communes_come_grouped_by_province(cast, login):
    """The lists a browser without JavaScript shows: 3,321 communes under their 34 provinces."""
    client = login(cast.central_officer)
    page = client.get(CREATE).content.decode()
    assert '<optgroup label="Tỉnh Khác">' in page and '<optgroup label="Tỉnh Thử Nghiệm">' in page
    other = page.split('<optgroup label="Tỉnh Khác">')[1].split("</optgroup>")[0]
    assert "Xã Xa Xôi" in other and "Xã Hoà An" not in other
    # The list's filter sends no commune until a province is chosen (3,321 options made the national page
    # 160–290 KiB, issue 15): the cascade script fetches them; the commune of a shared address stays selectable.
    listed = client.get(reverse("products:product_list")).content.decode()
    assert "<optgroup" not in listed and "Xã Xa Xôi" not in listed and "Xã Hoà An" not in listed
    assert "— Chọn tỉnh, thành phố trước —" in listed
    commune = AdministrativeUnit.objects.get(name="Xã Xa Xôi")
    shared = client.get(reverse("products:product_list"), {"commune": commune.pk}).content.decode()
    assert f'<option value="{commune.pk}" selected>Xã Xa Xôi</option>' in shared and "Xã Hoà An" not in shared
    chosen = client.get(reverse("products:product_list"), {"province": cast.province.pk}).content.decode()
    assert "<optgroup" not in chosen and "Xã Hoà An" in chosen and "Xã Xa Xôi" not in chosen
    # A province officer's single province needs no groups.
    assert "<optgroup" not in login(cast.province_officer).get(CREATE).content.decode()
