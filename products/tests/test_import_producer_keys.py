"""Which producer a row of the producer file updates (products.excel_keys): the one its tax code, its business
registration number or (a household without either) its name as written in its commune identifies; a row that could
be several producers is refused naming its row and column, never matched by a guess. Two households may share an
address and differ by a name's accents: the import folded the accents away and wrote one's row over the other."""

import pytest

from ocop.models import AuditEvent
from products.models import Producer

from .factories import ProducerFactory
from .test_import_export import PRODUCER_HEADERS, post_import, producer_row, xlsx

pytestmark = pytest.mark.django_db

HOUSEHOLD = "Hộ sản xuất, hộ gia đình có đăng ký kinh doanh"
ADDRESS = "Thôn Nà Làng, số 5"


def household(cast, name, number="", **extra):
    return ProducerFactory(
        kind="household", name=name, commune=cast.commune, address=ADDRESS, business_registration_no=number, **extra
    )


def row(name, tax_code="", number="", **extra):
    return producer_row(name, tax_code, kind=HOUSEHOLD, address=ADDRESS, business_registration_no=number, **extra)


def imported(cast, login, rows):
    return post_import(login(cast.commune_officer), "products:producer_import", xlsx(PRODUCER_HEADERS, rows))


def errors(response) -> dict:
    return {(e["row"], e["column"]): e["message"] for e in response.context["result"]["errors"]}


def test_a_household_whose_name_differs_by_its_accents_is_not_written_over(cast, login):
    """“Lân” lives at the address where “Lan” opens a household: the row about Lan does not rename Lân."""
    lan = household(cast, "Hộ kinh doanh Nguyễn Văn Lân", phone="0912000001")
    before = Producer.objects.count()
    response = imported(cast, login, [row("Hộ kinh doanh Nguyễn Văn Lan", phone="0912000002")])
    assert response.status_code == 400
    message = errors(response)[(2, "Tên chủ thể")]
    assert "chỉ khác dấu với “Hộ kinh doanh Nguyễn Văn Lân”" in message and "mã số thuế" in message
    assert "đã có ở xã Hoà An (chưa có mã số thuế)" in message  # the unit inside a sentence (Nghị định 30/2020)
    lan.refresh_from_db()
    assert (lan.name, lan.phone) == ("Hộ kinh doanh Nguyễn Văn Lân", "0912000001")
    assert Producer.objects.count() == before


def test_a_household_is_updated_by_its_name_as_written_and_its_neighbour_untouched(cast, login):
    lan = household(cast, "Hộ kinh doanh Nguyễn Văn Lân")
    lan_b = household(cast, "Hộ kinh doanh Nguyễn Văn Lan")
    response = imported(cast, login, [row("hộ kinh doanh  Nguyễn Văn Lan", phone="0912000002")])
    assert response.status_code == 302
    lan.refresh_from_db(), lan_b.refresh_from_db()
    assert (lan_b.phone, lan.phone) == ("0912000002", "")


def test_two_households_at_one_address_are_told_apart_by_their_registration_numbers(cast, login):
    pao = household(cast, "Hộ Lò Văn Páo", "11A8000001")
    dung = household(cast, "Hộ Lò Thị Dung", "11A8000002")
    before = Producer.objects.count()
    response = imported(cast, login, [row("Hộ Lò Thị Dung (cơ sở chế biến)", number="11a-8000002")])
    assert response.status_code == 302
    dung.refresh_from_db(), pao.refresh_from_db()
    assert dung.name == "Hộ Lò Thị Dung (cơ sở chế biến)"  # renamed, not made again
    assert pao.name == "Hộ Lò Văn Páo" and Producer.objects.count() == before


def test_a_household_known_by_its_number_gains_the_tax_code_the_file_gives_it(cast, login):
    dung = household(cast, "Hộ Lò Thị Dung", "11A8000002")
    before = Producer.objects.count()
    response = imported(cast, login, [row("Hộ Lò Thị Dung", "0100109106", "11A8000002")])
    assert response.status_code == 302
    dung.refresh_from_db()
    assert dung.tax_code == "0100109106" and Producer.objects.count() == before


def test_a_number_of_a_producer_with_a_tax_code_asks_for_the_tax_code(cast, login):
    htx = ProducerFactory(name="HTX Nà Làng", commune=cast.commune, tax_code="0100109106", business_registration_no="5")
    response = imported(cast, login, [row("HTX Nà Làng mới", number="5")])
    assert response.status_code == 400
    assert "mã số thuế 0100109106" in errors(response)[(2, "Mã số thuế")]
    htx.refresh_from_db()
    assert htx.name == "HTX Nà Làng" and not Producer.objects.filter(name="HTX Nà Làng mới").exists()


def test_a_number_two_producers_share_is_refused_naming_both(cast, login):
    household(cast, "Hộ Lò Văn Páo", "11A8000001")
    household(cast, "Hộ Lò Thị Dung", "11A 8000001")
    response = imported(cast, login, [row("Hộ Lò Văn Páo", number="11A8000001", phone="0912000003")])
    assert response.status_code == 400
    message = errors(response)[(2, "Số đăng ký kinh doanh")]
    assert "có ở 2 chủ thể" in message and "“Hộ Lò Văn Páo”" in message and "“Hộ Lò Thị Dung”" in message
    assert not Producer.objects.filter(phone="0912000003").exists()


def test_two_households_of_one_name_in_a_commune_are_not_guessed_between(cast, login):
    household(cast, "Hộ Lò Văn Páo")
    household(cast, "Hộ Lò Văn Páo")  # two of one name, from before names were checked
    response = imported(cast, login, [row("Hộ Lò Văn Páo", phone="0912000004")])
    assert response.status_code == 400
    assert "có 2 chủ thể chưa có mã số thuế cùng tên “Hộ Lò Văn Páo”" in errors(response)[(2, "Tên chủ thể")]
    assert not Producer.objects.filter(phone="0912000004").exists()
    assert not AuditEvent.objects.filter(action__startswith="producer").exists()


def test_a_household_of_the_same_name_with_another_number_is_not_written_over(cast, login):
    pao = household(cast, "Hộ Lò Văn Páo", "11A8000001")
    response = imported(cast, login, [row("Hộ Lò Văn Páo", number="11A8000009", phone="0912000005")])
    assert response.status_code == 400
    assert "có số đăng ký kinh doanh 11A8000001, khác số ở dòng này" in errors(response)[(2, "Số đăng ký kinh doanh")]
    assert "“Hộ Lò Văn Páo” ở xã Hoà An có số" in errors(response)[(2, "Số đăng ký kinh doanh")]
    pao.refresh_from_db()
    assert pao.business_registration_no == "11A8000001" and pao.phone == ""


def test_one_number_twice_in_the_file_is_refused(cast, login):
    response = imported(cast, login, [row("Hộ A", number="11A8000001"), row("Hộ B", number="11a8000001")])
    assert response.status_code == 400
    assert "trùng với dòng 2" in errors(response)[(3, "Số đăng ký kinh doanh")]
