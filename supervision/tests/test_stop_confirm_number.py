"""The commune's confirmation that production stopped is a signed paper the revocation decision cites: its number is
checked for the "số/ký hiệu" form as every other paper's ("xx" and a pasted sentence were accepted), its day not
after today nor before the certificate's issue, every refusal beside its field at once, the text kept."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models import RevocationCase

from .factories import certificate_for

pytestmark = pytest.mark.django_db

MALFORMED = "Số văn bản xác nhận phải có dạng số/ký hiệu, ví dụ 15/UBND-KT."


@pytest.mark.parametrize("number", ["xx", "UBND xã xác nhận hộ đã nghỉ sản xuất", "15 UBND-KT"])
def test_the_service_refuses_a_number_that_is_no_document_number(cast, number):
    certificate = certificate_for(cast)
    with pytest.raises(ValidationError) as info:
        services.production_stop_confirm(
            certificate=certificate, by=cast.commune_officer, confirmed_on=timezone.localdate(), document_number=number
        )
    assert info.value.message_dict == {"document_number": [MALFORMED]}
    assert not RevocationCase.objects.exists()


def test_the_page_refuses_the_number_and_the_day_together_and_keeps_them(cast, login):
    certificate = certificate_for(cast)
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    response = login(cast.commune_officer).post(
        reverse("supervision:stop_confirm", args=[certificate.pk]),
        {"confirmed_on": f"{tomorrow:%d/%m/%Y}", "document_number": "xx"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["document_number"] == [MALFORMED]
    assert errors["confirmed_on"] == [f"Ngày xác nhận không thể sau hôm nay ({today:%d/%m/%Y})."]
    assert 'value="xx"' in response.content.decode()
    assert not RevocationCase.objects.exists()


def test_a_number_in_form_is_recorded(cast):
    certificate = certificate_for(cast)
    case = services.production_stop_confirm(
        certificate=certificate,
        by=cast.commune_officer,
        confirmed_on=timezone.localdate(),
        document_number=" 15/UBND-KT ",
    )
    assert case.document_number == "15/UBND-KT"
