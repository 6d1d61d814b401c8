"""The page where the province's OCOP office records its report on a 5★ product's re-evaluation and the province's
letter to the ministry (D26 Điều 6.3b, 7.6e), and the record on the dossier's page."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from evaluation.choices import RegistrationKind as K
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CentralReferral
from evaluation.models import TestRequest as ExtraTest
from evaluation.tests.factories import PDF_BYTES, forward_central, registration_in
from products.models import Product

pytestmark = pytest.mark.django_db

VALID = {
    "report_number": "85/BC-SNNMT",
    "report_date": "02/12/2026",
    "letter_number": "2150/UBND-KT",
    "letter_date": "02/12/2026",
}


def _five_star_reevaluation(cast, star=5):
    registration = registration_in(
        cast, status=S.ADVISORY_REVIEW, kind=K.REEVALUATION, name="Miến dong 5 sao", forwarded_at=timezone.now()
    )
    Product.objects.filter(pk=registration.product_id).update(status="recognised", current_star=star)
    registration.product.refresh_from_db()
    return registration


def _url(registration):
    return reverse("evaluation:registration_forward_central", args=[registration.pk])


def _detail(registration):
    return reverse("evaluation:registration_detail", args=[registration.pk])


def _field(page: str, name: str) -> str:
    """The form's markup from the field `name` to the next field (its error and help text sit there)."""
    return page.split(f'name="{name}"', 1)[1].split('name="', 1)[0]


def test_the_office_opens_it_from_the_dossier_and_sends_the_dossier_to_the_ministry(cast, login, private_media):
    registration = _five_star_reevaluation(cast)
    client = login(cast.province_officer)
    assert _url(registration) in client.get(_detail(registration)).content.decode()
    page = client.get(_url(registration)).content.decode()
    assert 'name="report_number"' in page and 'name="letter_number"' in page and 'name="signed_file"' in page
    assert 'enctype="multipart/form-data"' in page and 'name="approval_number"' not in page
    assert page.index('name="report_number"') < page.index('name="letter_number"')
    signed = SimpleUploadedFile("cong-van.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(_url(registration), {**VALID, "signed_file": signed})
    assert response.status_code == 302 and response.url == _detail(registration)
    registration.refresh_from_db()
    assert registration.status == S.FORWARDED_TO_CENTRAL
    referral = CentralReferral.objects.get()
    assert (referral.report_number, referral.letter_number) == ("85/BC-SNNMT", "2150/UBND-KT")


def test_bad_input_is_told_next_to_its_field_and_what_was_typed_stays(cast, login):
    registration = _five_star_reevaluation(cast)
    data = {**VALID, "report_number": "85 BC-SNNMT", "report_date": "03/12/2026", "letter_date": "01/12/2026"}
    response = login(cast.province_officer).post(_url(registration), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Số báo cáo phải có dạng số/ký hiệu" in _field(page, "report_number")
    assert "Ngày báo cáo không thể sau hôm nay (02/12/2026)." in _field(page, "report_date")
    assert 'value="85 BC-SNNMT"' in page and 'value="03/12/2026"' in page and 'value="01/12/2026"' in page
    assert "Văn bản gửi Bộ không thể trước ngày báo cáo của cơ quan OCOP tỉnh (03/12/2026)." in _field(
        page, "letter_date"
    )
    registration.refresh_from_db()
    assert registration.status == S.ADVISORY_REVIEW and not CentralReferral.objects.exists()


def test_a_file_that_is_no_pdf_is_told_with_the_fields_at_once(cast, login, private_media):
    """The signed file was checked by the service only once the form's fields and the papers were right."""
    registration = _five_star_reevaluation(cast)
    signed = SimpleUploadedFile("bao-cao.pdf", b"PK\x03\x04 not a pdf", content_type="application/pdf")
    response = login(cast.province_officer).post(
        _url(registration), {**VALID, "report_number": "", "signed_file": signed}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "invalid-feedback" in _field(page, "report_number")
    assert "Tệp phải là PDF." in _field(page, "signed_file")
    registration.refresh_from_db()
    assert registration.status == S.ADVISORY_REVIEW and not CentralReferral.objects.exists()


def test_a_missing_field_is_told_next_to_it(cast, login):
    registration = _five_star_reevaluation(cast)
    response = login(cast.province_officer).post(_url(registration), {**VALID, "report_number": ""})
    assert response.status_code == 200
    assert "invalid-feedback" in _field(response.content.decode(), "report_number")


def test_a_double_submit_sends_it_once(cast, login):
    registration = _five_star_reevaluation(cast)
    client = login(cast.province_officer)
    assert client.post(_url(registration), VALID).status_code == 302
    again = client.post(_url(registration), {**VALID, "letter_number": "2151/UBND-KT"})
    assert again.status_code == 302 and again.url == _detail(registration)
    assert any("Đã chuyển trung ương" in str(m) for m in get_messages(again.wsgi_request))
    assert CentralReferral.objects.get().letter_number == "2150/UBND-KT"


def test_the_losing_copy_of_two_parallel_sendings_lands_on_the_dossier_told_it_is_sent(cast, login, monkeypatch):
    from evaluation.services import transitions as services
    from evaluation.views import transitions as views

    registration = _five_star_reevaluation(cast)
    real = services.registration_forward_central

    def first_copy_wins_meanwhile(*, registration, by, **fields):
        other_tab = type(registration).objects.get(pk=registration.pk)
        real(registration=other_tab, by=by, **{**fields, "letter_number": "2150/UBND-KT"})
        return real(registration=registration, by=by, **fields)  # `registration` was read before the other's move

    monkeypatch.setattr(views.transitions_services, "registration_forward_central", first_copy_wins_meanwhile)
    response = login(cast.province_officer).post(_url(registration), {**VALID, "letter_number": "2151/UBND-KT"})
    assert response.status_code == 302 and response.url == _detail(registration)
    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Đã chuyển trung ương" in m for m in told) and not any("người khác thay đổi" in m for m in told)
    assert CentralReferral.objects.get().letter_number == "2150/UBND-KT"


def test_a_dossier_the_ministry_does_not_re_evaluate_is_refused_before_anything_is_typed(cast, login):
    registration = _five_star_reevaluation(cast, star=4)
    client = login(cast.province_officer)
    for response in (client.get(_url(registration)), client.post(_url(registration), VALID)):
        assert response.status_code == 302 and response.url == _detail(registration)
        assert any("Hội đồng cấp tỉnh" in str(m) for m in get_messages(response.wsgi_request))
    registration.refresh_from_db()
    assert registration.status == S.ADVISORY_REVIEW and not CentralReferral.objects.exists()


def test_a_pending_test_is_told_before_anything_is_typed(cast, login):
    registration = _five_star_reevaluation(cast)
    ExtraTest.objects.create(registration=registration, indicators="Hàm lượng HMF", requested_by=cast.advisory_member)
    response = login(cast.province_officer).get(_url(registration))
    assert response.status_code == 302
    assert any("kiểm nghiệm" in str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("commune_officer", 403),
        ("advisory_member", 403),  # the advisory team reviews; the office sends
        ("producer_owner", 403),
        ("viewer", 403),
        ("central_officer", 403),  # the ministry receives the letter; it does not send it
        ("outsider", 404),  # another province's office
        ("other_producer", 404),
    ],
)
def test_no_one_else_records_it(cast, login, role, status):
    registration = _five_star_reevaluation(cast)
    client = login(getattr(cast, role))
    assert client.get(_url(registration)).status_code == status
    assert client.post(_url(registration), VALID).status_code == status
    registration.refresh_from_db()
    assert registration.status == S.ADVISORY_REVIEW


def test_anonymous_is_sent_to_sign_in(cast, client):
    registration = _five_star_reevaluation(cast)
    response = client.get(_url(registration))
    assert response.status_code == 302 and "/login" in response.url


def test_a_missing_dossier_is_not_found(cast, login):
    response = login(cast.province_officer).get(reverse("evaluation:registration_forward_central", args=[999999]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("province_officer", True),
        ("viewer", True),
        ("central_officer", True),
        ("commune_officer", False),
        ("producer_owner", False),
    ],
)
def test_the_dossier_page_shows_the_report_and_the_letter_to_the_officers_of_the_province_and_the_ministry(
    cast, login, private_media, role, shown
):
    registration = _five_star_reevaluation(cast)
    signed = SimpleUploadedFile("cong-van.pdf", PDF_BYTES, content_type="application/pdf")
    forward_central(registration, cast.province_officer, signed_file=signed)
    referral = CentralReferral.objects.get()
    page = login(getattr(cast, role)).get(_detail(registration)).content.decode()
    assert ('data-testid="central-referral"' in page) is shown
    assert (reverse("evaluation:referral_file", args=[referral.pk]) in page) is shown
    if shown:
        assert "Số 85/BC-SNNMT ngày 02/12/2026" in page and "Số 2150/UBND-KT ngày 02/12/2026" in page
        assert "Điều 6 khoản 3 điểm b" in page and 'data-testid="referral-approval"' not in page
