"""The province's papers to the ministry (the potential 5★'s approval and letter, Điều 7.3e; a 5★ re-evaluation's
report and letter, Điều 7.6e) are judged in the first answer: a field the form refuses (a number left empty, a date it
cannot read) does not hide, until the next submit, what the service's rules of the papers say of the others. What was
typed stays, and the dossier does not move."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import CentralReferral
from evaluation.tests.factories import potential_five

from .test_view_registration_forward_central import VALID as REEVALUATION
from .test_view_registration_forward_central import _five_star_reevaluation
from .test_view_registration_refer_central import VALID as REFERRAL

pytestmark = pytest.mark.django_db


def test_the_referral_says_a_missing_letter_number_a_malformed_approval_and_a_date_to_come_at_once(cast, login):
    s = potential_five(cast)
    data = {**REFERRAL, "letter_number": "", "approval_number": "1520 QĐ-UBND", "approval_date": "03/12/2099"}
    response = login(cast.province_officer).post(
        reverse("evaluation:registration_refer_central", args=[s.registration.pk]), data
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["letter_number"] == ["Trường này là bắt buộc."]
    assert form.errors["approval_number"] == ["Số quyết định phải có dạng số/ký hiệu, ví dụ 1427/QĐ-UBND."]
    assert form.errors["approval_date"] == ["Ngày quyết định không thể sau hôm nay (02/12/2026)."]
    page = response.content.decode()
    assert 'value="1520 QĐ-UBND"' in page and 'value="03/12/2099"' in page
    s.registration.refresh_from_db()
    assert s.registration.status == S.PROVINCE_APPROVAL and not CentralReferral.objects.exists()


def test_the_reevaluation_says_an_unreadable_report_date_and_a_malformed_letter_number_at_once(cast, login):
    registration = _five_star_reevaluation(cast)
    data = {**REEVALUATION, "report_date": "31/02/2026", "letter_number": "2150 UBND-KT"}
    response = login(cast.province_officer).post(
        reverse("evaluation:registration_forward_central", args=[registration.pk]), data
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["report_date"] == [
        "Ngày báo cáo: không có ngày “31/02/2026”, tháng 2/2026 chỉ có ngày 1 đến ngày 28. Nhập theo dạng dd/mm/yyyy (ngày/tháng/năm), ví dụ 15/03/2026."
    ]
    assert form.errors["letter_number"] == ["Số văn bản phải có dạng số/ký hiệu, ví dụ 2150/UBND-KT."]
    assert 'value="2150 UBND-KT"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == S.ADVISORY_REVIEW and not CentralReferral.objects.exists()
