"""A visitor who sent a complaint, went back (the Back button, or the product page's link again) and sent the same
complaint once more from a form shown anew (a new one-time token) made a second, identical complaint for the office
to triage. The same complaint (the same product, text, name and contact, from the same officer for an officer's)
sent again within COMPLAINT_REPEAT_MINUTES by a sender who left a name or a contact is now the first one: the sender is
led to its receipt, told when it was sent and its code. Two people who write the same words but leave different
contacts or names stay two complaints, and so does the same text sent later. Two visitors who leave neither are told
apart by their forms' tokens only: the same words are not the same sender. The public form's answer is a redirect to the receipt (POST-redirect-GET): a
reload of the receipt sends nothing again."""

import datetime as dt
import re
import uuid

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from supervision import services
from supervision.models import Complaint

from .factories import certificate_for

pytestmark = pytest.mark.django_db

TEXT = "Sản phẩm bày bán ở chợ dùng nhãn 5 sao, giấy chứng nhận ghi 4 sao."
SENDER = {"name": "Lê Văn An", "contact": "0912 345 678"}


def form_token(response) -> str:
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', response.content.decode())[1]


def send(product, token=None, **changes):
    fields = {"text": TEXT, **SENDER, **changes}
    return services.complaint_submit(product=product, submission=token or uuid.uuid4(), **fields)


def test_the_same_complaint_from_a_new_form_is_the_first_one_with_its_date_and_code(cast):
    product = certificate_for(cast).product
    first = send(product)
    with pytest.raises(ValidationError) as again:
        send(product)  # a new token: the form shown again
    assert again.value.code == "duplicate" and again.value.complaint == first
    sent = f"{timezone.localtime(first.created_at):%H:%M %d/%m/%Y}"
    assert again.value.messages == [
        f"Phản ánh này đã được gửi lúc {sent} và đã được ghi nhận (mã {first.code}): không cần gửi lại."
    ]
    assert Complaint.objects.filter(product=product).count() == 1


def test_another_sender_or_another_text_is_another_complaint(cast):
    product = certificate_for(cast).product
    send(product)
    send(product, contact="0987 654 321")  # another person at the stall, the same words
    send(product, name="Trần Thị Bình")  # the stall's shared hotline, another name
    send(product, text=f"{TEXT} Tem dán đè lên nhãn cũ.")
    assert Complaint.objects.filter(product=product).count() == 4


def test_the_same_complaint_sent_after_the_window_is_another_complaint(cast):
    product = certificate_for(cast).product
    send(product)
    later = timezone.now() + dt.timedelta(minutes=services.COMPLAINT_REPEAT_MINUTES + 1)
    with time_machine.travel(later, tick=False):
        send(product)
    assert Complaint.objects.filter(product=product).count() == 2


def test_two_anonymous_visitors_writing_the_same_words_each_have_their_complaint(cast):
    """Two buyers who saw the same wrong label and leave no name nor contact: two complaints, each with its receipt.
    The same form sent again (its token: a double click, a network retry) is still the first one."""
    product = certificate_for(cast).product
    first = send(product, name="", contact="")
    second = send(product, name="", contact="")  # another visitor's form: another token
    assert first != second and first.submission != second.submission
    with pytest.raises(ValidationError) as again:
        send(product, token=second.submission, name="", contact="")
    assert again.value.code == "duplicate" and again.value.complaint == second
    assert Complaint.objects.filter(product=product).count() == 2


def test_two_anonymous_visitors_on_the_public_form_are_led_to_their_own_receipts(cast, client):
    product = certificate_for(cast).product
    url = reverse("supervision:complaint_public", args=[product.pk])
    tokens = [form_token(client.get(url)), form_token(client.get(url))]
    sent = [client.post(url, {"text": TEXT, "submission": token}) for token in tokens]
    assert [r.status_code for r in sent] == [302, 302]
    receipts = [reverse("supervision:complaint_receipt", args=[token]) for token in tokens]
    assert [r["Location"] for r in sent] == receipts
    double_click = client.post(url, {"text": TEXT, "submission": tokens[1]})
    assert double_click.status_code == 302 and double_click["Location"] == receipts[1]
    assert Complaint.objects.filter(product=product).count() == 2


def test_an_officer_recording_the_same_complaint_twice_records_it_once(cast):
    product = certificate_for(cast).product
    first = services.complaint_submit(product=product, text=TEXT, by=cast.province_officer, submission=uuid.uuid4())
    with pytest.raises(ValidationError) as again:
        services.complaint_submit(product=product, text=TEXT, by=cast.province_officer, submission=uuid.uuid4())
    assert again.value.complaint == first
    send(product, name="", contact="")  # a visitor who wrote the same words is not the officer
    assert Complaint.objects.filter(product=product).count() == 2


def test_every_complaint_has_a_token_for_its_receipt(cast):
    """A form's token missing or altered, the demo's and the access world's complaints (sent without a form): the
    service gives the complaint one, which its receipt's address carries."""
    complaint = services.complaint_submit(product=certificate_for(cast).product, text=TEXT)
    assert isinstance(complaint.submission, uuid.UUID)


def test_the_public_form_redirects_to_the_receipt_and_a_second_sending_leads_back_to_it(cast, client):
    product = certificate_for(cast).product
    url = reverse("supervision:complaint_public", args=[product.pk])
    data = {"text": TEXT, **SENDER}
    sent = client.post(url, {**data, "submission": form_token(client.get(url))})
    complaint = Complaint.objects.get()
    receipt = reverse("supervision:complaint_receipt", args=[complaint.submission])
    assert sent.status_code == 302 and sent["Location"] == receipt
    page = client.get(receipt)
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex"
    text = page.content.decode()
    assert complaint.code in text and f"{timezone.localtime(complaint.created_at):%d/%m/%Y}" in text
    assert "đã được gửi lúc" not in text
    column = '<div class="col-12 col-md-8 col-lg-6">'  # the form's column on a wide screen, not the page's width
    assert column in text and column in client.get(url).content.decode()
    # Back, the form shown anew (a new token), the same complaint sent again: its receipt, not a second row.
    again = client.post(url, {**data, "submission": form_token(client.get(url))})
    assert again.status_code == 302 and again["Location"] == receipt
    told = client.get(receipt).content.decode()
    assert "Phản ánh này đã được gửi lúc" in told and complaint.code in told
    assert Complaint.objects.count() == 1


def test_a_receipt_is_reached_by_its_token_only(cast, client):
    services.complaint_submit(product=certificate_for(cast).product, text=TEXT)
    assert client.get(reverse("supervision:complaint_receipt", args=[uuid.uuid4()])).status_code == 404
    assert (
        client.post(reverse("supervision:complaint_receipt", args=[Complaint.objects.get().submission])).status_code
        == 405
    )


def test_the_officers_form_leads_to_the_complaint_already_recorded(cast, login):
    certificate = certificate_for(cast)
    client = login(cast.province_officer)
    url = reverse("supervision:complaint_create")
    data = {"certificate_number": certificate.number, "text": TEXT}
    assert client.post(url, {**data, "submission": form_token(client.get(url))}).status_code == 302
    complaint = Complaint.objects.get()
    again = client.post(url, {**data, "submission": form_token(client.get(url))}, follow=True)
    assert again.redirect_chain[-1][0] == reverse("supervision:complaint_detail", args=[complaint.pk])
    assert "Phản ánh này đã được gửi lúc" in again.content.decode()
    assert Complaint.objects.count() == 1


def test_the_office_finds_a_complaint_by_the_code_on_its_receipt(cast, login):
    product = certificate_for(cast).product
    wanted, other = send(product), send(product, contact="0987 654 321")
    client = login(cast.province_officer)
    for typed in (wanted.code, f"pa{wanted.pk}"):
        page = client.get(reverse("supervision:complaint_list"), {"q": typed})
        assert [c.pk for c in page.context["page"]] == [wanted.pk], typed
    detail = client.get(reverse("supervision:complaint_detail", args=[other.pk])).content.decode()
    assert other.code in detail
