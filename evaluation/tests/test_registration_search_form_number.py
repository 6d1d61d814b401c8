"""Searching the dossiers by their registration number (Phiếu số), as printed on Mẫu 01's receipt block and shown
in the list: "004/PĐK-19-02185-2026". The search folds what is typed ("Đ" → "d"); the stored number keeps its
"Đ", so the fold must be applied on both sides."""

import pytest
from django.urls import reverse

from dashboard.selectors.search import registry_search
from evaluation.choices import RegistrationStatus as S
from evaluation.selectors.registrations import registration_list
from evaluation.tests.factories import registration_in

pytestmark = pytest.mark.django_db

NUMBER = "004/PĐK-19-90001-2026"


@pytest.fixture
def dossiers(cast):
    wanted = registration_in(cast, status=S.SUBMITTED, name="Mật ong bạc hà", form_number=NUMBER)
    registration_in(cast, status=S.SUBMITTED, name="Miến dong", form_number="005/PĐK-19-90001-2026")
    return wanted


@pytest.mark.parametrize("typed", [NUMBER, "004/PĐK", "004/pđk-19-90001", "004/PDK-19-90001-2026", "pđk-19-90001-2026"])
def test_the_list_finds_a_dossier_by_its_number_as_printed(cast, dossiers, typed):
    found = registration_list(user=cast.commune_officer, data={"q": typed}).qs
    if typed.startswith("004"):
        assert list(found) == [dossiers]
    else:
        assert dossiers in found and found.count() == 2


def test_the_list_page_and_the_home_search_show_it(cast, login, dossiers):
    client = login(cast.commune_officer)
    page = client.get(reverse("evaluation:registration_list"), {"q": NUMBER}).content.decode()
    assert "1 hồ sơ" in page and "Mật ong bạc hà" in page and "Miến dong" not in page
    sections = {s["key"]: s for s in registry_search(user=cast.commune_officer, text=NUMBER)}
    assert sections["registrations"]["count"] == 1
    assert sections["registrations"]["rows"][0]["label"] == "Mật ong bạc hà"


def test_another_communes_number_stays_out_of_reach(cast, dossiers):
    assert not registration_list(user=cast.other_commune_officer, data={"q": NUMBER}).qs.exists()
