"""The page where the province's OCOP office records the Chủ tịch UBND tỉnh's approval of a potential 5★ result and the
province's letter to the ministry (D26 Điều 7.3e), and the record on the dossier's page."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import CentralReferral
from evaluation.tests.factories import PDF_BYTES, potential_five, refer_central

pytestmark = pytest.mark.django_db

VALID = {
    "approval_number": "1520/QĐ-UBND",
    "approval_date": "02/12/2026",
    "letter_number": "2150/UBND-KT",
    "letter_date": "02/12/2026",
}


def _url(registration, name="evaluation:registration_refer_central"):
    return reverse(name, args=[registration.pk])


def _field(page: str, name: str) -> str:
    """The form's markup from the field `name` to the next field (its error and help text sit there)."""
    return page.split(f'name="{name}"', 1)[1].split('name="', 1)[0]


def test_the_office_opens_it_from_the_dossier_and_sends_the_dossier_to_the_ministry(cast, login, private_media):
    s = potential_five(cast)
    client = login(cast.province_officer)
    detail = client.get(reverse("evaluation:registration_detail", args=[s.registration.pk])).content.decode()
    assert _url(s.registration) in detail and "Chờ UBND tỉnh phê duyệt, gửi Bộ" in detail
    page = client.get(_url(s.registration)).content.decode()
    assert 'name="approval_number"' in page and 'name="signed_file"' in page and 'enctype="multipart/form-data"' in page
    signed = SimpleUploadedFile("cong-van.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(_url(s.registration), {**VALID, "signed_file": signed})
    assert response.status_code == 302 and response.url == reverse(
        "evaluation:registration_detail", args=[s.registration.pk]
    )
    s.registration.refresh_from_db()
    assert s.registration.status == S.FORWARDED_TO_CENTRAL
    assert CentralReferral.objects.get().letter_number == "2150/UBND-KT"


def test_the_losing_copy_of_two_parallel_sendings_lands_on_the_dossier_told_it_is_sent(cast, login, monkeypatch):
    """Two copies of the form posted together (a double click, a second tab): both views read the dossier waiting
    for the approval; the first one's move commits while the second waits on the row, whose compare-and-swap then
    moves nothing. The second copy is told the dossier's status on its page, like a copy sent after the first: not
    the form again with "changed by someone else; reload", as if the sending had failed."""
    from evaluation.services import transitions as services
    from evaluation.views import transitions as views

    s = potential_five(cast)
    real = services.registration_refer_central

    def first_copy_wins_meanwhile(*, registration, by, **fields):
        other_tab = type(registration).objects.get(pk=registration.pk)
        real(registration=other_tab, by=by, **{**fields, "letter_number": "2150/UBND-KT"})
        return real(registration=registration, by=by, **fields)  # `registration` was read before the other's move

    monkeypatch.setattr(views.transitions_services, "registration_refer_central", first_copy_wins_meanwhile)
    response = login(cast.province_officer).post(_url(s.registration), {**VALID, "letter_number": "2151/UBND-KT"})
    assert response.status_code == 302
    assert response.url == reverse("evaluation:registration_detail", args=[s.registration.pk])
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Đã chuyển trung ương" in m for m in told)
    assert not any("người khác thay đổi" in m for m in told)
    assert CentralReferral.objects.get().letter_number == "2150/UBND-KT"


def test_bad_input_is_told_next_to_its_field_and_what_was_typed_stays(cast, login):
    s = potential_five(cast)
    data = {**VALID, "approval_number": "1520 QĐ-UBND", "letter_date": "01/12/2026"}
    response = login(cast.province_officer).post(_url(s.registration), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Số quyết định phải có dạng số/ký hiệu" in _field(page, "approval_number")
    assert 'value="1520 QĐ-UBND"' in page and 'value="01/12/2026"' in page
    assert "Văn bản gửi Bộ không thể trước ngày quyết định phê duyệt kết quả (02/12/2026)." in _field(
        page, "letter_date"
    )
    s.registration.refresh_from_db()
    assert s.registration.status == S.PROVINCE_APPROVAL and not CentralReferral.objects.exists()


def test_a_file_that_is_no_pdf_is_told_with_the_fields_and_the_papers_at_once(cast, login, private_media):
    """The service checked the signed file after the papers, and the view only once the form's fields were right: a
    letter number left empty, then a malformed decision number, then the file that is no PDF took three submits."""
    s = potential_five(cast)
    signed = SimpleUploadedFile("cong-van.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    data = {**VALID, "letter_number": "", "approval_number": "1520 QĐ-UBND", "signed_file": signed}
    response = login(cast.province_officer).post(_url(s.registration), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "invalid-feedback" in _field(page, "letter_number")
    assert "Số quyết định phải có dạng số/ký hiệu" in _field(page, "approval_number")
    assert "Tệp phải là PDF." in _field(page, "signed_file")
    s.registration.refresh_from_db()
    assert s.registration.status == S.PROVINCE_APPROVAL and not CentralReferral.objects.exists()


def test_a_missing_field_is_told_next_to_it(cast, login):
    s = potential_five(cast)
    response = login(cast.province_officer).post(_url(s.registration), {**VALID, "letter_number": ""})
    assert response.status_code == 200
    assert "invalid-feedback" in _field(response.content.decode(), "letter_number")


def test_a_double_submit_sends_it_once(cast, login):
    s = potential_five(cast)
    client = login(cast.province_officer)
    assert client.post(_url(s.registration), VALID).status_code == 302
    again = client.post(_url(s.registration), {**VALID, "letter_number": "2151/UBND-KT"})
    assert again.status_code == 302
    assert any("Đã chuyển trung ương" in str(m) for m in get_messages(again.wsgi_request))
    assert CentralReferral.objects.get().letter_number == "2150/UBND-KT"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("commune_officer", 403),
        ("council_chair", 403),
        ("producer_owner", 403),
        ("viewer", 403),
        ("central_officer", 403),  # the ministry receives the letter; it does not send it
        ("outsider", 404),  # another province's office
        ("other_producer", 404),
        ("advisory_member", 404),  # the advisory team's part ended at the council
    ],
)
def test_no_one_else_records_it(cast, login, role, status):
    s = potential_five(cast)
    client = login(getattr(cast, role))
    assert client.get(_url(s.registration)).status_code == status
    assert client.post(_url(s.registration), VALID).status_code == status
    s.registration.refresh_from_db()
    assert s.registration.status == S.PROVINCE_APPROVAL


def test_anonymous_is_sent_to_sign_in(cast, client):
    s = potential_five(cast)
    response = client.get(_url(s.registration))
    assert response.status_code == 302 and "/login" in response.url


def test_a_dossier_not_waiting_for_it_says_so(cast, login):
    s = potential_five(cast)
    refer_central(s.registration, cast.province_officer)
    response = login(cast.province_officer).get(_url(s.registration))
    assert response.status_code == 302
    assert any("Đã chuyển trung ương" in str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("province_officer", True),
        ("viewer", True),
        ("central_officer", True),
        ("commune_officer", False),
        ("council_chair", False),
        ("producer_owner", False),
    ],
)
def test_the_dossier_page_shows_the_record_to_the_officers_of_the_province_and_the_ministry(
    cast, login, private_media, role, shown
):
    s = potential_five(cast)
    signed = SimpleUploadedFile("cong-van.pdf", PDF_BYTES, content_type="application/pdf")
    refer_central(s.registration, cast.province_officer, signed_file=signed)
    referral = CentralReferral.objects.get()
    client = login(getattr(cast, role))
    page = client.get(reverse("evaluation:registration_detail", args=[s.registration.pk])).content.decode()
    assert ('data-testid="central-referral"' in page) is shown
    file_url = reverse("evaluation:referral_file", args=[referral.pk])
    assert (file_url in page) is shown
    response = client.get(file_url)
    if shown:
        assert "Số 1520/QĐ-UBND ngày 02/12/2026" in page and "Số 2150/UBND-KT ngày 02/12/2026" in page
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
    else:
        assert response.status_code == 404


def test_the_signed_file_is_hidden_from_another_province_and_is_read_only(cast, login, private_media):
    s = potential_five(cast)
    signed = SimpleUploadedFile("cong-van.pdf", PDF_BYTES, content_type="application/pdf")
    refer_central(s.registration, cast.province_officer, signed_file=signed)
    file_url = reverse("evaluation:referral_file", args=[CentralReferral.objects.get().pk])
    assert login(cast.outsider).get(file_url).status_code == 404
    assert login(cast.province_officer).post(file_url).status_code == 405
    assert login(cast.province_officer).get(reverse("evaluation:referral_file", args=[999999])).status_code == 404
