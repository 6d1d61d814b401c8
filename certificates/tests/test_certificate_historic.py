from datetime import date
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates import pdf as certificate_pdf
from certificates.choices import CertificateStatus, IssuerLevel
from certificates.models import Certificate, RecognitionDecision
from certificates.services.certificates import certificate_record_historic
from evaluation.choices import LegalBasis
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def record(cast, product, **kw):
    data = {
        "by": cast.province_officer,
        "product": product,
        "number": "15/GCN-UBND",
        "star": 3,
        "issuer_level": IssuerLevel.DISTRICT,
        "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG",
        "decision_number": "1427/QĐ-UBND",
        "decision_date": date(2024, 4, 24),
        "legal_basis": LegalBasis.D148,
    }
    data.update(kw)
    return certificate_record_historic(**data)


def test_it_records_a_district_certificate_with_its_issuer_and_expiry(cast, django_capture_on_commit_callbacks):
    product = ProductFactory(producer=cast.producer)
    with django_capture_on_commit_callbacks(execute=True):
        c = record(cast, product)
    c.refresh_from_db()
    assert c.is_historic and c.valid_until == date(2027, 4, 24) and c.status == CertificateStatus.VALID
    assert c.decision.issuer_name == "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG" and c.decision.is_historic
    assert c.decision.issuer_level == IssuerLevel.DISTRICT and c.legal_basis == LegalBasis.D148
    assert c.pdf_sha256  # no scan: a PDF is generated


def test_an_old_one_is_recorded_expired(cast):
    c = record(
        cast,
        ProductFactory(producer=cast.producer),
        decision_date=date(2020, 4, 24),
        number="1/GCN",
        issuer_level=IssuerLevel.PROVINCE,
        legal_basis=LegalBasis.D1048,
    )
    assert c.status == CertificateStatus.EXPIRED


def test_certificates_of_one_old_decision_share_it(cast):
    a = record(cast, ProductFactory(producer=cast.producer), number="1/GCN")
    b = record(cast, ProductFactory(producer=cast.producer), number="2/GCN")
    assert a.decision_id == b.decision_id and RecognitionDecision.objects.count() == 1


def test_a_district_only_recognised_three_stars(cast):
    with pytest.raises(ValidationError):
        record(cast, ProductFactory(producer=cast.producer), star=4)


def test_a_scan_replaces_the_generated_pdf(cast, django_capture_on_commit_callbacks):
    scan = SimpleUploadedFile("gcn.pdf", b"%PDF-1.4 old scan", content_type="application/pdf")
    with (
        mock.patch.object(certificate_pdf, "render_certificate_pdf") as render,
        django_capture_on_commit_callbacks(execute=True),
    ):
        c = record(cast, ProductFactory(producer=cast.producer), scan=scan)
    render.assert_not_called()
    c.refresh_from_db()
    assert c.scan and not c.pdf_sha256


def test_only_officers_with_the_product_in_scope(cast):
    product = ProductFactory(producer=cast.producer)
    for user in (cast.outsider, cast.viewer, cast.producer_owner, cast.commune_officer):
        with pytest.raises(PermissionDenied):
            record(cast, product, by=user)
    assert not Certificate.objects.exists()


def test_the_form_records_it(login, cast):
    product = ProductFactory(producer=cast.producer)
    client = login(cast.province_officer)
    url = reverse("certificates:historic_certificate_create")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "product": product.pk,
            "number": "27/GCN-UBND",
            "star": 3,
            "issuer_level": "district",
            "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG",
            "decision_number": "1427/QĐ-UBND",
            "decision_date": "24/04/2024",
            "legal_basis": LegalBasis.D148,
            "scan": SimpleUploadedFile("gcn.pdf", b"%PDF-1.4 scan", content_type="application/pdf"),
        },
    )
    c = Certificate.objects.get()
    assert response.status_code == 302 and c.number == "27/GCN-UBND" and c.scan


def test_the_form_rejects_a_non_pdf_scan(login, cast):
    product = ProductFactory(producer=cast.producer)
    response = login(cast.province_officer).post(
        reverse("certificates:historic_certificate_create"),
        {
            "product": product.pk,
            "number": "27/GCN",
            "star": 3,
            "issuer_level": "district",
            "issuer_name": "UBND",
            "decision_number": "1/QĐ",
            "decision_date": "24/04/2024",
            "legal_basis": LegalBasis.D148,
            "scan": SimpleUploadedFile("x.pdf", b"MZ not a pdf"),
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["scan"]


@pytest.mark.parametrize("role", ["producer_owner", "viewer", "commune_officer"])
def test_the_form_refuses_other_roles(login, cast, role):
    assert login(getattr(cast, role)).get(reverse("certificates:historic_certificate_create")).status_code == 403


def test_a_generated_pdf_says_it_is_an_extract_not_the_original(cast, django_capture_on_commit_callbacks, tmp_path):
    import subprocess

    product = ProductFactory(producer=cast.producer)
    with django_capture_on_commit_callbacks(execute=True):
        c = record(cast, product)
    c.refresh_from_db()
    path = tmp_path / "c.pdf"
    path.write_bytes(c.pdf.read())
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "BẢN TRÍCH LỤC TỪ HỆ THỐNG OCOP" in text
    assert "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG" in text


def test_two_old_districts_may_have_issued_the_same_certificate_number(cast):
    a = record(cast, ProductFactory(producer=cast.producer), number="01/GCN-UBND")
    b = record(
        cast,
        ProductFactory(producer=cast.producer),
        number="01/GCN-UBND",
        issuer_name="ỦY BAN NHÂN DÂN HUYỆN THANH SƠN",
        decision_number="88/QĐ-UBND",
    )
    assert a.number == b.number and a.decision_id != b.decision_id


def test_one_decision_cannot_list_a_number_twice_and_the_form_says_so(login, cast):
    record(cast, ProductFactory(producer=cast.producer), number="01/GCN-UBND")
    with pytest.raises(ValidationError) as exc:
        record(cast, ProductFactory(producer=cast.producer), number="01/GCN-UBND")
    assert "number" in exc.value.message_dict
    response = login(cast.province_officer).post(
        reverse("certificates:historic_certificate_create"),
        {
            "product": ProductFactory(producer=cast.producer).pk,
            "number": "01/GCN-UBND",
            "star": 3,
            "issuer_level": "district",
            "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG",
            "decision_number": "1427/QĐ-UBND",
            "decision_date": "24/04/2024",
            "legal_basis": LegalBasis.D148,
        },
    )
    assert response.status_code == 200 and response.context["form"].errors["number"]
    assert response.context["form"]["issuer_name"].value() == "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG"


def test_a_new_certificate_number_stays_unique_across_the_system(cast):
    from django.db import IntegrityError, transaction

    from certificates.tests.factories import CertificateFactory

    first = CertificateFactory(product=ProductFactory(producer=cast.producer))
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificateFactory(product=ProductFactory(producer=cast.producer), number=first.number)


def test_it_keeps_the_names_as_printed_on_the_old_certificate(cast):
    product = ProductFactory(producer=cast.producer, name="Miến dong Tài Hoan")
    c = record(
        cast,
        product,
        product_name="Miến dong Côn Minh",
        producer_name="Tổ hợp tác Tài Hoan",
        producer_address="Xã Côn Minh, huyện Na Rì, tỉnh Bắc Kạn",
    )
    assert (c.product_name, c.producer_name) == ("Miến dong Côn Minh", "Tổ hợp tác Tài Hoan")
    assert c.producer_address == "Xã Côn Minh, huyện Na Rì, tỉnh Bắc Kạn"
    plain = record(cast, ProductFactory(producer=cast.producer, name="Trà Giảo"), number="2/GCN")
    assert plain.product_name == "Trà Giảo" and plain.producer_name == cast.producer.name


def test_without_the_code_as_printed_it_records_none_not_todays(cast):
    """Today's code carries this year's evaluation (…-2026): a certificate of 2024 never printed it. Given none, the
    demo's old certificates read "Mã số sản phẩm 19-02155-1-2026" on the buyer's verification page."""
    product = ProductFactory(
        producer=cast.producer, name="Cam Đường Canh", code_province="19", code_commune="02155", code_serial=1
    )
    product.code_year = 2026
    assert product.code == "19-02155-1-2026" and record(cast, product).product_code == ""


def test_the_form_proposes_148_and_asks_for_the_names_as_printed(login, cast):
    response = login(cast.province_officer).get(reverse("certificates:historic_certificate_create"))
    form = response.context["form"]
    assert form["legal_basis"].value() == LegalBasis.D148
    assert list(form.fields)[:5] == ["product", "product_name", "product_code", "producer_name", "producer_address"]


def test_the_form_keeps_the_old_code_as_printed_or_none(login, cast):
    product = ProductFactory(producer=cast.producer)
    data = {
        "product": product.pk,
        "star": 3,
        "issuer_level": "province",  # under 1048 the district council only pre-scored
        "issuer_name": "UBND tỉnh Bắc Kạn",
        "decision_number": "1212/QĐ-UBND",
        "decision_date": "28/12/2020",
        "legal_basis": LegalBasis.D1048,
    }
    client = login(cast.province_officer)
    url = reverse("certificates:historic_certificate_create")
    assert client.post(url, {**data, "number": "16/GCN", "product_code": "06-058-01-3-2020"}).status_code == 302
    other = ProductFactory(producer=cast.producer)
    assert client.post(url, {**data, "product": other.pk, "number": "17/GCN"}).status_code == 302
    codes = dict(Certificate.objects.values_list("number", "product_code"))
    assert codes == {"16/GCN": "06-058-01-3-2020", "17/GCN": ""}


def test_the_same_product_twice_on_one_old_decision_is_a_form_error_not_a_500(login, cast):
    product = ProductFactory(producer=cast.producer)
    record(cast, product, number="1/GCN")
    data = {
        "product": product.pk,
        "number": "2/GCN",
        "star": 3,
        "issuer_level": "district",
        "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG",
        "decision_number": "1427/QĐ-UBND",
        "decision_date": "24/04/2024",
        "legal_basis": LegalBasis.D148,
    }
    response = login(cast.province_officer).post(reverse("certificates:historic_certificate_create"), data)
    assert response.status_code == 200 and response.context["form"].errors["product"]
    assert Certificate.objects.count() == 1


def test_it_refuses_to_file_an_old_certificate_under_a_decision_issued_in_the_system(
    cast, django_capture_on_commit_callbacks
):
    from certificates.tests.factories import issued_decision, result_for

    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(
            province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)]
        )
    with pytest.raises(ValidationError) as exc:
        record(
            cast,
            ProductFactory(producer=cast.producer),
            issuer_level=IssuerLevel.PROVINCE,
            star=4,
            issuer_name=decision.issuer_name,
            decision_number=decision.number,
            decision_date=decision.date,
            legal_basis=LegalBasis.D26,
        )
    assert "decision_number" in exc.value.message_dict
    assert decision.certificates.count() == 1
