"""A double click, two tabs or a network retry: an ad hoc inspection and a complaint are recorded once, the second
sending told why (the race itself, with real parallel connections: test_double_submission_postgres.py)."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models import Complaint, Inspection

from .factories import certificate_for, inspector, recorded, scheduled

pytestmark = pytest.mark.django_db

TEXT = "Sản phẩm bày bán ở chợ dùng nhãn 5 sao, giấy chứng nhận ghi 4 sao."
FINDING = "Chi cục Quản lý thị trường phát hiện nhãn ghi sai hạng sao (biên bản số 12/BB-QLTT)."


def ad_hoc_post(certificate, cast):
    return {
        "certificate_number": certificate.number,
        "detail": FINDING,
        "inspectors": [inspector(cast).pk],
        "scheduled_on": timezone.localdate().strftime("%d/%m/%Y"),
    }


def test_an_ad_hoc_inspection_sent_twice_is_opened_once_with_a_message(cast, login):
    certificate = certificate_for(cast)
    client = login(cast.province_officer)
    url = reverse("supervision:inspection_create")
    assert client.post(url, ad_hoc_post(certificate, cast)).status_code == 302
    again = client.post(url, ad_hoc_post(certificate, cast))
    assert again.status_code == 200
    assert "đã có một cuộc kiểm tra đột xuất chưa kết luận" in again.context["form"].non_field_errors()[0]
    assert Inspection.objects.filter(certificate=certificate).count() == 1


def test_a_new_ad_hoc_inspection_opens_once_the_open_one_is_concluded(cast):
    certificate = certificate_for(cast)
    kwargs = {
        "certificate": certificate,
        "reason": "agency",
        "detail": FINDING,
        "inspectors": [inspector(cast)],
        "scheduled_on": timezone.localdate(),
        "by": cast.province_officer,
    }
    planned = scheduled(cast, certificate)  # a periodic inspection of the plan does not stand in the way
    first = services.inspection_open_ad_hoc(**kwargs)
    recorded(cast, first)
    services.inspection_conclude(inspection=first, by=first.inspectors.first(), outcome="compliant")
    second = services.inspection_open_ad_hoc(**kwargs)
    assert {planned.pk, first.pk, second.pk} == set(Inspection.objects.values_list("pk", flat=True))


def form_token(response) -> str:
    """The one-time token the complaint form carries, as the browser sends it back."""
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', response.content.decode())[1]


@pytest.mark.parametrize("who", ["public", "officer"])
def test_a_complaint_sent_twice_is_recorded_once_with_a_message(cast, client, login, who):
    """A double click sends one form twice: one complaint, and the second sending is told it was recorded."""
    certificate = certificate_for(cast)
    if who == "public":
        url = reverse("supervision:complaint_public", args=[certificate.product_id])
        data = {"text": TEXT, "name": "Lê Văn An", "contact": "0912 345 678"}
    else:
        client = login(cast.province_officer)
        url = reverse("supervision:complaint_create")
        data = {"certificate_number": certificate.number, "text": TEXT}
    data["submission"] = form_token(client.get(url))
    first = client.post(url, data)
    assert first.status_code == 302
    again = client.post(url, data, follow=True)  # led to the first one's receipt (or page) with a message
    assert again.redirect_chain[0][0] == first["Location"]
    assert "đã được gửi lúc" in again.content.decode()
    assert Complaint.objects.filter(product=certificate.product).count() == 1


def test_two_visitors_who_write_the_same_words_make_two_complaints(cast, client):
    """Two people at one market stall send the same short text with the same office hotline as the contact, each
    with their name, minutes apart: each is heard (it used to tell the second "probably a double click"). The same
    text, name and contact again is the same complaint sent again (test_complaint_sent_again.py)."""
    url = reverse("supervision:complaint_public", args=[certificate_for(cast).product_id])
    first_form, second_form = form_token(client.get(url)), form_token(client.get(url))
    assert first_form != second_form
    data = {"text": TEXT, "contact": "1900 1234"}
    for token, name in ((first_form, "Lê Văn An"), (second_form, "Trần Thị Bình")):
        response = client.post(url, {**data, "name": name, "submission": token}, follow=True)
        assert response.redirect_chain and "đã được gửi lúc" not in response.content.decode()
    assert Complaint.objects.filter(text=TEXT).count() == 2


def test_one_sending_is_one_complaint_whatever_the_text(cast):
    product = certificate_for(cast).product
    token = uuid.uuid4()
    first = services.complaint_submit(product=product, text=TEXT, contact="0912 345 678", submission=token)
    services.complaint_submit(product=product, text=TEXT, contact="0987 654 321", submission=uuid.uuid4())
    with pytest.raises(ValidationError) as refused:
        services.complaint_submit(product=product, text=f"{TEXT} (sửa)", contact="0912 345 678", submission=token)
    assert refused.value.code == "duplicate" and refused.value.complaint == first
    assert Complaint.objects.filter(product=product).count() == 2


def test_an_altered_token_is_no_token_not_a_hidden_refusal():
    from supervision.forms import PublicComplaintForm

    form = PublicComplaintForm({"text": TEXT, "submission": "not-a-token"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["submission"] is None
