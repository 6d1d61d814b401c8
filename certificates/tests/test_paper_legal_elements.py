"""What Nghị định 30/2020/NĐ-CP asks of the decision and the certificate as the officer signs them: the date of the
place-and-date line with a zero only before a day below 10 and the months 1 and 2 ("ngày 05 tháng 8 năm 2026"), the
decision's Nơi nhận and the article naming who carries it out, and the issuer named in a sentence without the
heading's capitals."""

import subprocess
from datetime import date

import pytest

from certificates import pdf as certificate_pdf
from certificates.selectors.decisions import decision_entries
from certificates.tests.factories import issued_decision, result_for
from ocop.templatetags.documents import document_date

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


@pytest.mark.parametrize(
    "day,written",
    [
        (date(2026, 8, 5), "ngày 05 tháng 8 năm 2026"),
        (date(2026, 12, 25), "ngày 25 tháng 12 năm 2026"),
        (date(2027, 1, 9), "ngày 09 tháng 01 năm 2027"),
        (date(2027, 2, 14), "ngày 14 tháng 02 năm 2027"),
        (date(2027, 3, 1), "ngày 01 tháng 3 năm 2027"),
    ],
)
def test_a_document_date_has_a_zero_before_the_day_below_ten_and_the_months_one_and_two(day, written):
    assert document_date(day) == written


@pytest.fixture
def decision(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return issued_decision(
            province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)], on=date(2026, 8, 5)
        )


def test_the_decision_and_its_certificate_date_the_month_without_a_leading_zero(decision):
    text = _text(
        certificate_pdf.render_decision_pdf(decision=decision, entries=list(decision_entries(decision=decision)))
    )
    assert "ngày 05 tháng 8 năm 2026" in text and "tháng 08" not in text
    certificate = decision.certificates.get()
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        text = _text(handle.read())
    assert "ngày 05 tháng 8 năm 2026" in text and "tháng 08" not in text


def test_the_decision_names_who_carries_it_out_and_who_receives_it(decision):
    text = _text(
        certificate_pdf.render_decision_pdf(decision=decision, entries=list(decision_entries(decision=decision)))
    )
    assert "Điều 3. Quyết định này có hiệu lực kể từ ngày ký." in text
    assert "các chủ thể có tên tại Phụ lục kèm theo chịu trách nhiệm thi hành Quyết định này" in text
    # The signer's title stands beside "Nơi nhận:": pdftotext may read it between them, as the page's lines fall.
    assert "Nơi nhận:" in text and "- Như Điều 3; - Bộ Nông nghiệp và Môi trường (để báo cáo);" in text
    assert "- Lưu: VT." in text


def test_the_certificate_names_its_issuer_in_the_sentence_without_the_headings_capitals(cast, decision):
    certificate = decision.certificates.get()
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        text = _text(handle.read())
    province = cast.province.name
    assert decision.issuer_name == f"ỦY BAN NHÂN DÂN {province.upper()}"
    sentence = (
        f"Theo Quyết định số {decision.number} ngày 05/08/2026 của Ủy ban nhân dân {province[:1].lower()}{province[1:]}"
    )
    assert sentence in text, text
    assert text.count(decision.issuer_name) == 1  # the heading only


@pytest.mark.parametrize(
    "level,name,written",
    [
        ("ministry", "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Bộ Nông nghiệp và Môi trường"),
        ("district", "ỦY BAN NHÂN DÂN HUYỆN NA RÌ", "Ủy ban nhân dân huyện Na Rì"),
        ("province", "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
        ("district", "UBND huyện Na Rì", "UBND huyện Na Rì"),  # typed so on a historic decision: as typed
    ],
)
def test_an_issuer_in_a_sentence(level, name, written):
    from types import SimpleNamespace

    decision = SimpleNamespace(issuer_name=name, issuer_level=level, issuer_unit_id=None)
    assert certificate_pdf.issuer_in_text(decision) == written


def test_the_issued_mail_names_the_issuer_as_the_certificate_does(cast, decision, mailoutbox):
    from certificates.tasks import certificate_notify_issued_task

    cast.producer.email = "htx@example.test"
    cast.producer.save(update_fields=["email"])
    certificate = decision.certificates.get()
    mailoutbox.clear()
    certificate_notify_issued_task(certificate.pk)
    (mail,) = [m for m in mailoutbox if "htx@example.test" in m.to]
    province = cast.province.name
    body = " ".join(mail.body.split())
    assert f"ngày 05/08/2026 của Ủy ban nhân dân {province[:1].lower()}{province[1:]}." in body, body
    assert decision.issuer_name not in body and decision.issuer_name not in mail.alternatives[0][0]


def test_the_decision_is_the_deciding_authoritys_on_the_offices_proposal_with_the_laws_filing_window(decision):
    # Printed for signature, the decision named no one deciding it under its title (the revoking decision names its
    # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", Nghị định 30/2020 Phụ lục I) nor whose proposal it follows, and told the
    # producer to file the re-evaluation "before the certificate expires": D26 Điều 7.6a closes the filing 120 days
    # before, and a producer filing later has no re-evaluation under Điều 7.6.
    text = _text(
        certificate_pdf.render_decision_pdf(decision=decision, entries=list(decision_entries(decision=decision)))
    )
    assert f"Về việc công nhận và cấp Giấy chứng nhận sản phẩm OCOP CHỦ TỊCH {decision.issuer_name} Căn cứ" in text
    assert "Theo đề nghị của cơ quan tham mưu quản lý OCOP. QUYẾT ĐỊNH:" in text
    assert (
        "nộp hồ sơ đánh giá, phân hạng lại không sớm hơn 180 ngày và không muộn hơn 120 ngày tính đến ngày hết thời "
        "hạn của Giấy chứng nhận (điểm a khoản 6 Điều 7 Quyết định số 26/2026/QĐ-TTg)" in text
    ), text
    assert "trước khi Giấy chứng nhận hết hạn" not in text
