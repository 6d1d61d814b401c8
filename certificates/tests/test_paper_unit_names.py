"""The papers name administrative units as Nghị định 30/2020/NĐ-CP writes them inside a sentence (Phụ lục II, mục
II): "xã Hoà An, tỉnh Thử Nghiệm", never the lists' "Xã Hoà An, Tỉnh Thử Nghiệm" (ocop.text.unit_name_in_text). The
units here are named as admin_units_load names them: a commune "Xã …" whose full name carries its province "Tỉnh …".
Read back with pdftotext: the certificate, the decision with its annex, a correcting decision, Mẫu 01 and 03, the
periodic report."""

import subprocess
from datetime import date

import pytest
from django.urls import reverse

from certificates import pdf as certificate_pdf
from certificates.selectors.decisions import decision_entries
from certificates.services.decisions import decision_correct
from certificates.tests.factories import issued_decision, make_certificate, result_for

pytestmark = pytest.mark.django_db

IN_TEXT = "Thôn Nà Đon, xã Hoà An, tỉnh Thử Nghiệm"


def _text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


@pytest.fixture
def producer(cast):
    cast.commune.full_name = f"{cast.commune.name}, {cast.province.name}"  # "Xã Hoà An, Tỉnh Thử Nghiệm"
    cast.commune.save(update_fields=["full_name"])
    cast.producer.address = "Thôn Nà Đon"
    cast.producer.save(update_fields=["address"])
    return cast.producer


@pytest.fixture
def decision(cast, producer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return issued_decision(
            province=cast.province, by=cast.province_officer, results=[result_for(producer)], on=date(2026, 8, 5)
        )


def test_the_certificate_prints_the_address_with_its_units_in_lower_case(decision):
    certificate = decision.certificates.get()
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        text = _text(handle.read())
    assert f"Địa chỉ: {IN_TEXT}" in text, text
    assert "Xã Hoà An" not in text and "Tỉnh Thử Nghiệm" not in text


def test_a_certificate_printed_again_from_an_older_snapshot_writes_its_units_as_a_sentence_does(cast, producer):
    """A certificate issued before this rule keeps its stored address ("Xã …, Tỉnh …"); printed again, it reads right."""
    certificate = make_certificate(producer, valid_until=date(2028, 1, 1))
    certificate.producer_address = "Thôn Đông, Xã Hoà An, Tỉnh Thử Nghiệm"
    text = _text(certificate_pdf.render_certificate_pdf(certificate=certificate, verify_url="https://ocop.test/x"))
    assert "Địa chỉ: Thôn Đông, xã Hoà An, tỉnh Thử Nghiệm" in text, text


def test_the_decisions_annex_gives_the_address_a_capital_only_where_its_cell_opens(decision):
    text = _text(
        certificate_pdf.render_decision_pdf(decision=decision, entries=list(decision_entries(decision=decision)))
    )
    assert IN_TEXT in text, text
    assert "Xã Hoà An" not in text
    rows = certificate_pdf.decision_annex(decision=decision, entries=list(decision_entries(decision=decision)))
    rows[0]["producer_address"] = "Xã Hoà An, Tỉnh Thử Nghiệm"  # a snapshot of before, with no line of its own
    from ocop.pdf import render_pdf

    text = _text(render_pdf("certificates/pdf/decision.html", {"decision": decision, "rows": rows}))
    assert "Xã Hoà An, tỉnh Thử" in text, text  # the cell wraps before "Nghiệm"


def test_a_correcting_decision_names_the_corrected_decisions_issuer_as_a_sentence_does(cast, decision):
    correction = decision_correct(decision=decision, by=cast.province_officer)
    text = _text(
        certificate_pdf.render_decision_pdf(decision=correction, entries=list(decision_entries(decision=correction)))
    )
    assert "ngày 05/08/2026 của Ủy ban nhân dân tỉnh Thử Nghiệm: cấp Giấy chứng nhận" in text, text
    # The heading, and who decides under the title (a heading too, in capitals): never inside a sentence.
    assert text.count(decision.issuer_name) == 2 and f"CHỦ TỊCH {decision.issuer_name} Căn cứ" in text


def test_an_extract_of_a_recorded_decision_names_its_issuer_as_a_sentence_does(cast, producer):
    from certificates.choices import IssuerLevel
    from certificates.services.certificates import certificate_record_historic
    from evaluation.choices import LegalBasis
    from products.tests.factories import ProductFactory

    certificate = certificate_record_historic(
        by=cast.province_officer,
        product=ProductFactory(producer=producer),
        number="2020-NR-001",
        star=3,
        issuer_level=IssuerLevel.PROVINCE,
        issuer_name="UBND Tỉnh Bắc Kạn",
        decision_number="93/QĐ-UBND",
        decision_date=date(2020, 9, 30),
        legal_basis=LegalBasis.D1048,
    )
    decision = certificate.decision
    text = _text(certificate_pdf.render_decision_pdf(decision=decision, entries=[]))
    assert "không thay thế quyết định gốc do UBND tỉnh Bắc Kạn ban hành" in text, text


def test_the_dossier_forms_print_the_producers_address_as_a_sentence_does(cast, producer, login):
    from evaluation.tests.factories import registration_in

    registration = registration_in(cast, name="Miến dong Tài Hoan")
    for form in ("01", "02", "03"):
        url = reverse("evaluation:registration_form_pdf", args=[registration.pk, form])
        text = _text(login(cast.commune_officer).get(url).getvalue())
        assert IN_TEXT in text, (form, text)
        assert "Xã Hoà An" not in text and "Tỉnh Thử Nghiệm" not in text, (form, text)


def test_the_report_names_its_scope_as_a_sentence_does(cast, login):
    from dashboard.tests.test_report import URL, build

    build(cast)
    response = login(cast.province_officer).get(URL, {"period": "year", "year": 2026, "format": "pdf"})
    text = _text(response.content)
    assert "Phạm vi: tỉnh Thử Nghiệm." in text, text
