"""Accounts name their unit as Nghị định 30/2020/NĐ-CP writes it inside a sentence (Phụ lục II, mục II): the
invitation's "Cán bộ xã, xã Hoà An", the list's "… thuộc tỉnh Thử Nghiệm"; a capital only where the unit opens its
cell ("Xã Hoà An, tỉnh Thử Nghiệm")."""

import re

import pytest
from django.urls import reverse

from accounts.services import account_create

pytestmark = pytest.mark.django_db


def test_the_invitation_names_the_unit_in_lower_case_after_the_role(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        account_create(
            by=cast.province_officer,
            full_name="Lò Thị Mai",
            email="mai.lo@example.test",
            role="commune_officer",
            commune=cast.commune,
        )
    [mail] = mailoutbox
    assert "Cán bộ xã, xã Hoà An." in " ".join(mail.body.split()), mail.body


def test_the_list_names_the_province_in_its_sentence_and_the_commune_in_its_cell(cast, login):
    cast.commune.full_name = f"{cast.commune.name}, {cast.province.name}"
    cast.commune.save(update_fields=["full_name"])
    body = login(cast.province_officer).get(reverse("accounts:account_list")).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    assert "tổ tư vấn, hội đồng và người xem thuộc tỉnh Thử Nghiệm." in text, text
    assert "Xã Hoà An, tỉnh Thử Nghiệm" in text and "Xã Hoà An, Tỉnh Thử Nghiệm" not in text
