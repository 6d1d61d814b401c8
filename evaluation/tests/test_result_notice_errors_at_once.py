"""The result notice's form ("Gửi thông báo kết quả", and the upgrade kept's "Kết luận không đạt nâng hạng") says every
wrong field in its first answer: a field the form refuses (the signer left empty) does not hide, until the next
submit, what the service's check of the paper (notice_paper_check) says of the number and the date. What was typed
stays, and nothing is issued."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration, ResultNotice
from evaluation.tests.factories import notice_form

from .test_registration_result_notice import scored

pytestmark = pytest.mark.django_db


def test_an_empty_signer_a_malformed_number_and_a_date_to_come_are_refused_at_once(cast, login):
    registration = scored(cast, S.NOT_RECOGNISED)
    url = reverse("evaluation:registration_notify_result", args=[registration.pk])
    response = login(cast.province_officer).post(
        url, notice_form(number="125/SNNMT", date="10/03/2099", signer_name="")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["signer_name"] == ["Trường này là bắt buộc."]
    assert form.errors["number"] == ["Số thông báo phải có dạng số/TB-ký hiệu, ví dụ 125/TB-SNNMT."]
    assert form.errors["date"] == ["Ngày thông báo không thể sau hôm nay (02/12/2026)."]
    page = response.content.decode()
    assert 'value="125/SNNMT"' in page and 'value="10/03/2099"' in page
    assert not ResultNotice.objects.exists()
    assert Registration.objects.get(pk=registration.pk).result_notified_at is None
