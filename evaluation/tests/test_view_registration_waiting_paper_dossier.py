"""A paper dossier of a producer without an account waits for the commune, which types it in for the producer: the
page said "Đang chờ: Chủ thể hoàn thiện và nộp hồ sơ", naming someone who cannot act."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.tests.factories import paper_registration_in, registration_in

pytestmark = pytest.mark.django_db

PAPER = "UBND xã hoàn thiện và nộp hồ sơ thay chủ thể (chủ thể chưa có tài khoản)"


def _waiting(client, registration) -> str:
    page = client.get(reverse("evaluation:registration_detail", args=[registration.pk])).content.decode()
    return " ".join(page.split('data-testid="waiting-for"')[1].split("</div>")[0].split())


def test_a_paper_dossier_waits_for_the_commune(cast, login):
    registration = paper_registration_in(cast, status=S.DRAFT)
    waiting = _waiting(login(cast.commune_officer), registration)
    assert PAPER in waiting and "Chủ thể hoàn thiện" not in waiting


def test_a_returned_paper_dossier_too(cast, login):
    registration = paper_registration_in(cast, status=S.RETURNED)
    assert "UBND xã hoàn thiện và nộp lại thay chủ thể" in _waiting(login(cast.commune_officer), registration)


def test_a_producer_with_an_account_is_still_the_one_waited_for(cast, login):
    registration = registration_in(cast, status=S.DRAFT)
    waiting = _waiting(login(cast.commune_officer), registration)
    assert "Chủ thể hoàn thiện và nộp hồ sơ" in waiting and PAPER not in waiting


def test_the_list_says_which_rows_wait_for_the_commune(cast, login):
    paper_registration_in(cast, status=S.DRAFT)
    registration_in(cast, status=S.DRAFT)
    client = login(cast.commune_officer)
    page = client.get(reverse("evaluation:registration_list")).content.decode()
    assert page.count(PAPER) == 1 and page.count("Chủ thể hoàn thiện và nộp hồ sơ") == 1
