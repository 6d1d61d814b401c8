"""The stored PDF: exact Vietnamese text (NFC), embedded Be Vietnam Pro, a QR that decodes to the
verification URL, rendered once and served from storage afterwards."""

import hashlib
import subprocess
import unicodedata
from unittest import mock

import pytest
from django.utils.text import capfirst

from certificates import pdf as certificate_pdf
from certificates.models import CertificatePdf
from certificates.services.certificates import certificate_correct, certificate_render_pdf, certificate_verify_url
from certificates.tests.factories import issued_decision, result_for

pytestmark = pytest.mark.django_db

PRODUCT = "Chè Shan tuyết cổ thụ Hà Giang – Đặc sản Tủa Chùa"
PRODUCER = "Hợp tác xã Nông nghiệp Sáng Ðức Thượng"  # mixed capitals, ư/ơ, nặng/ngã marks


@pytest.fixture
def certificate(cast, django_capture_on_commit_callbacks):
    cast.producer.name = unicodedata.normalize("NFD", PRODUCER.replace("Ð", "Đ"))  # stored NFD on purpose
    cast.producer.save()
    result = result_for(cast.producer, name=PRODUCT)
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    c = decision.certificates.get()
    c.refresh_from_db()
    return c


def _pdf_path(certificate, tmp_path):
    path = tmp_path / "cert.pdf"
    with certificate.pdf.open("rb") as handle:
        path.write_bytes(handle.read())
    return path


def test_the_text_comes_back_with_the_exact_names_in_nfc(certificate, tmp_path):
    text = subprocess.run(
        ["pdftotext", "-layout", str(_pdf_path(certificate, tmp_path)), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert PRODUCT in text
    assert PRODUCER.replace("Ð", "Đ") in text
    assert unicodedata.normalize("NFC", text) == text
    assert certificate.number in text and "4 sao" in text
    assert certificate.valid_until.strftime("%d/%m/%Y") in text


def test_every_font_is_be_vietnam_pro_embedded_and_subset(certificate, tmp_path):
    out = subprocess.run(
        ["pdffonts", str(_pdf_path(certificate, tmp_path))], capture_output=True, check=True, text=True
    ).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        assert "Be-Vietnam-Pro" in row[0]
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row


def test_the_qr_code_decodes_to_the_verification_url(certificate, tmp_path):
    pdf = _pdf_path(certificate, tmp_path)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    out = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == certificate_verify_url(certificate)
    assert out == f"https://ocop.example.vn/v/{certificate.verify_token}/"


def test_it_is_a4_landscape_and_stored_under_its_token_with_its_hash(certificate, tmp_path):
    pdf = _pdf_path(certificate, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276" in info or "842 x 595" in info
    assert certificate.pdf.name == f"certificates/{certificate.issued_on.year}/{certificate.verify_token}.pdf"
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == certificate.pdf_sha256
    assert CertificatePdf.objects.get(certificate=certificate).sha256 == certificate.pdf_sha256


def test_rendering_again_does_nothing(certificate):
    with mock.patch.object(certificate_pdf, "render_certificate_pdf") as render:
        certificate_render_pdf(certificate_id=certificate.pk)
    render.assert_not_called()
    assert CertificatePdf.objects.filter(certificate=certificate).count() == 1


def test_a_correction_renders_a_new_version_and_keeps_the_old(
    certificate, cast, django_capture_on_commit_callbacks, tmp_path
):
    first_name, first_sha = certificate.pdf.name, certificate.pdf_sha256
    with django_capture_on_commit_callbacks(execute=True):
        certificate_correct(
            certificate=certificate,
            reason="Sai địa chỉ",
            by=cast.province_officer,
            producer_address="Thôn Đông, Xã Hoà An, Tỉnh Thử Nghiệm",
        )
    certificate.refresh_from_db()
    versions = list(CertificatePdf.objects.filter(certificate=certificate).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].file.name == first_name and versions[0].sha256 == first_sha
    assert versions[0].file.storage.exists(first_name)
    assert certificate.pdf.name == versions[1].file.name != first_name
    assert certificate.pdf_sha256 == versions[1].sha256 != first_sha
    text = subprocess.run(
        ["pdftotext", str(_pdf_path(certificate, tmp_path)), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Thôn Đông" in text


def test_the_decision_pdf_lists_the_annex(cast, certificate, tmp_path):
    from certificates.selectors.decisions import decision_entries

    content = certificate_pdf.render_decision_pdf(
        decision=certificate.decision, entries=list(decision_entries(decision=certificate.decision))
    )
    path = tmp_path / "decision.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "QUYẾT ĐỊNH" in text and "PHỤ LỤC" in text and "1427/QĐ-UBND" in text
    assert PRODUCT in " ".join(text.split())


def test_the_snapshot_is_stored_in_nfc(certificate):
    assert certificate.producer_name == unicodedata.normalize("NFC", certificate.producer_name)
    assert certificate.producer_name == PRODUCER.replace("Ð", "Đ")


def test_the_correct_view_renders_a_new_version(login, cast, certificate, django_capture_on_commit_callbacks):
    from django.urls import reverse

    url = reverse("certificates:certificate_correct", args=[certificate.pk])
    assert login(cast.producer_owner).get(url).status_code == 403
    assert login(cast.outsider).get(url).status_code == 404
    client = login(cast.province_officer)
    assert client.get(url).status_code == 200
    data = {
        "product_name": certificate.product_name,
        "product_code": "",
        "producer_name": certificate.producer_name,
        "producer_address": "Thôn Nà Khương",
        "reason": "",
    }
    assert client.post(url, data).context["form"].errors["reason"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "reason": "Sai địa chỉ"})
    assert response.status_code == 302
    assert CertificatePdf.objects.filter(certificate=certificate).count() == 2


def _decision_text(decision, tmp_path) -> str:
    from certificates.selectors.decisions import decision_entries

    content = certificate_pdf.render_decision_pdf(decision=decision, entries=list(decision_entries(decision=decision)))
    path = tmp_path / "decision.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def test_an_issued_decision_prints_what_it_issued_not_todays_producer(cast, certificate, tmp_path):
    cast.producer.name = "Công ty Cổ phần Đổi Tên Sau Này"
    cast.producer.address = "Số 9 đường Mới"
    cast.producer.save()
    text = _decision_text(certificate.decision, tmp_path)
    assert PRODUCER.replace("Ð", "Đ") in text and capfirst(certificate.producer_address) in text
    assert "Đổi Tên Sau Này" not in text and "đường Mới" not in text
    assert certificate.number in text  # the annex gives each product its certificate number
    assert "Quyết định số 26/2026/QĐ-TTg ngày 22 tháng 5 năm 2026" in text


def test_a_historic_decision_prints_as_an_extract_of_its_certificates_under_its_own_rules(cast, tmp_path):
    from datetime import date

    from certificates.choices import IssuerLevel
    from certificates.services.certificates import certificate_record_historic
    from evaluation.choices import LegalBasis
    from products.tests.factories import ProductFactory

    product = ProductFactory(producer=cast.producer, name="Miến dong Na Rì")
    certificate = certificate_record_historic(
        by=cast.province_officer,
        product=product,
        number="15/GCN-UBND",
        star=3,
        issuer_level=IssuerLevel.DISTRICT,
        issuer_name="ỦY BAN NHÂN DÂN HUYỆN NA RÌ",
        decision_number="1212/QĐ-UBND",
        decision_date=date(2023, 12, 28),
        legal_basis=LegalBasis.D148,
    )
    text = _decision_text(certificate.decision, tmp_path)
    assert "BẢN TRÍCH LỤC" in text and "ỦY BAN NHÂN DÂN HUYỆN NA RÌ" in text and "1212/QĐ-UBND" in text
    assert "cho 1 sản phẩm" in text and "Miến dong Na Rì" in text and "15/GCN-UBND" in text
    assert "Quyết định số 148/QĐ-TTg ngày 24 tháng 02 năm 2023" in text and "26/2026/QĐ-TTg" not in text


def test_the_signer_title_is_printed_on_its_own_lines(certificate, tmp_path):
    decision = certificate.decision
    decision.signer_title = "KT. CHỦ TỊCH — PHÓ CHỦ TỊCH"
    from certificates.selectors.decisions import decision_entries

    content = certificate_pdf.render_decision_pdf(decision=decision, entries=list(decision_entries(decision=decision)))
    path = tmp_path / "decision.pdf"
    path.write_bytes(content)
    lines = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "KT. CHỦ TỊCH\n" in lines and "—" not in lines


def test_the_certificate_prints_the_signer_title_on_its_own_lines(certificate, tmp_path):
    certificate.decision.signer_title = "KT. CHỦ TỊCH — PHÓ CHỦ TỊCH"
    content = certificate_pdf.render_certificate_pdf(
        certificate=certificate, verify_url=certificate_verify_url(certificate)
    )
    path = tmp_path / "c.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "KT. CHỦ TỊCH\n" in text and "PHÓ CHỦ TỊCH" in text and "—" not in text


@pytest.mark.parametrize(
    "typed,lines",
    [
        ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        ("KT. BỘ TRƯỞNG THỨ TRƯỞNG", ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"]),
        ("TM. ỦY BAN NHÂN DÂN CHỦ TỊCH", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        ("TL. BỘ TRƯỞNG VỤ TRƯỞNG VỤ KẾ HOẠCH", ["TL. BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ KẾ HOẠCH"]),
        ("TUQ. CHỦ TỊCH CHÁNH VĂN PHÒNG", ["TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
        ("KT. Chủ tịch — Phó Chủ tịch UBND tỉnh", ["KT. Chủ tịch", "Phó Chủ tịch UBND tỉnh"]),
        ("KT. CHỦ TỊCH – PHÓ CHỦ TỊCH", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        ("CHỦ TỊCH", ["CHỦ TỊCH"]),
        ("PHÓ CHỦ TỊCH", ["PHÓ CHỦ TỊCH"]),
        ("KT. CHỦ TỊCH", ["KT. CHỦ TỊCH"]),
    ],
)
def test_a_title_typed_on_one_line_breaks_after_the_authority(typed, lines):
    assert certificate_pdf.signer_lines(typed) == lines


def test_a_title_typed_on_one_line_prints_on_two_on_both_documents(certificate, tmp_path):
    """The form's one-line field gave "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" on one printed line (Nghị định 30/2020: two)."""
    from certificates.selectors.decisions import decision_entries

    decision = certificate.decision
    decision.signer_title = "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
    documents = {
        "decision.pdf": certificate_pdf.render_decision_pdf(
            decision=decision, entries=list(decision_entries(decision=decision))
        ),
        "certificate.pdf": certificate_pdf.render_certificate_pdf(
            certificate=certificate, verify_url=certificate_verify_url(certificate)
        ),
    }
    for name, content in documents.items():
        path = tmp_path / name
        path.write_bytes(content)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        lines = [line.strip() for line in text.splitlines()]
        assert "KT. CHỦ TỊCH" in lines and "PHÓ CHỦ TỊCH" in lines, name
        assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" not in text, name


def test_the_date_line_names_the_place_as_on_an_administrative_document(cast, certificate, tmp_path):
    place = cast.province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(_pdf_path(certificate, tmp_path)), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert f"{place}, ngày {certificate.decision.date:%d} tháng {certificate.decision.date:%m}" in text
    assert f"{place}, ngày" in _decision_text(certificate.decision, tmp_path)


def test_a_ministry_decision_is_dated_from_ha_noi_and_a_historic_one_without_a_place(cast):
    from types import SimpleNamespace

    assert certificate_pdf.place_name(SimpleNamespace(issuer_level="ministry", issuer_unit_id=None)) == "Hà Nội"
    assert certificate_pdf.place_name(SimpleNamespace(issuer_level="district", issuer_unit_id=None)) == ""


def test_a_correction_whose_new_version_was_not_rendered_is_never_handed_out_uncorrected(
    certificate, cast, login, django_capture_on_commit_callbacks, tmp_path
):
    """The new version is rendered by a task after the correction commits. When that task failed for good (the
    database or the storage away longer than its retries, a fault it does not retry), the certificate kept its
    first PDF: every download handed out the misspelt address the officer had corrected, and nothing said so.
    The corrected certificate has no document until its new version exists, so a download (or the decision's
    ZIP) renders it, once; the task that runs afterwards adds no third version."""
    from django.urls import reverse

    first_sha = certificate.pdf_sha256
    with django_capture_on_commit_callbacks() as callbacks:  # the render task never gets through
        certificate_correct(
            certificate=certificate,
            reason="Sai địa chỉ",
            by=cast.province_officer,
            producer_address="Thôn Đông, Xã Hoà An, Tỉnh Thử Nghiệm",
        )
    assert callbacks
    response = login(cast.producer_owner).get(reverse("certificates:certificate_download", args=[certificate.pk]))
    assert response.status_code == 200
    path = tmp_path / "downloaded.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Thôn Đông" in text
    certificate.refresh_from_db()
    assert certificate.pdf_sha256 != first_sha
    for callback in callbacks:  # the task gets through at last
        callback()
    versions = CertificatePdf.objects.filter(certificate=certificate).order_by("version")
    assert [v.version for v in versions] == [1, 2] and versions[0].sha256 == first_sha


def test_a_product_name_without_spaces_keeps_the_annex_columns_on_the_page(
    cast, django_capture_on_commit_callbacks, tmp_path
):
    """A name with a long run of letters and no space widened the annex's first column until the producer, score,
    star and certificate number columns ran off the landscape page: the decision listed a product without them."""
    name = ("MiếndongTàiHoan" * 10)[:150]
    result = result_for(cast.producer, name=name)
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    certificate = decision.certificates.get()
    text = _decision_text(decision, tmp_path)
    assert certificate.number in text and certificate.producer_name in text
    assert name in text.replace(" ", "")


def test_the_certificate_and_the_decision_print_the_code_with_the_year_of_the_evaluation(
    cast, django_capture_on_commit_callbacks, tmp_path
):
    """D26 Phụ lục II: the code's last part is "Năm đánh giá". A product entered in 2025 and evaluated in 2026
    printed "…-2025" on its certificate and in the decision's annex."""
    result = result_for(cast.producer, name="Miến dong Bình Liêu")
    product = result.registration.product
    product.code_province, product.code_commune, product.code_serial, product.code_year = "90", "90001", 3, 2025
    product.save(update_fields=["code_province", "code_commune", "code_serial", "code_year"])
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    year = result.registration.year
    assert year != 2025
    assert decision.certificates.get().product_code == f"90-90001-3-{year}"
    assert f"90-90001-3-{year}" in _decision_text(decision, tmp_path)
