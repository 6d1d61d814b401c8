"""The certificate's layout holds for every length the snapshot allows: no two printed words overlap, on one page.
A product name of 300 characters ran its lines under the date and the signer's title."""

import datetime as dt
import re
import subprocess

import pytest

from certificates.models import Certificate, RecognitionDecision
from certificates.pdf import PRODUCT_NAME_WEIGHT, TEXT_FIT_LIMITS, render_certificate_pdf


def _field_max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _text(sample: str, length: int) -> str:
    return (sample * (length // len(sample) + 1))[:length].strip()


def _certificate(product: int, producer: int, address: int, issuer: int) -> Certificate:
    decision = RecognitionDecision(
        issuer_level="province",
        issuer_name=_text("ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN ", issuer),
        number="1427/QĐ-UBND",
        date=dt.date(2026, 12, 2),
        signer_title="KT. CHỦ TỊCH — PHÓ CHỦ TỊCH",
        signer_name="Nguyễn Văn Kỳ",
    )
    return Certificate(
        decision=decision,
        number="90-2026-0001/GCN-OCOP",
        product_name=_text("Miến dong Tài Hoan đặc sản xã Côn Minh ", product),
        product_code="19-06097-12-2026",
        producer_name=_text("Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Tài Hoan ", producer),
        producer_address=_text("Thôn Nà Đon, xã Côn Minh, tỉnh Thái Nguyên ", address),
        star=5,
        issued_on=dt.date(2026, 12, 2),
        valid_until=dt.date(2029, 12, 2),
    )


def _words(pdf: bytes, tmp_path) -> tuple[int, list[tuple[float, float, float, float, str]]]:
    path = tmp_path / "c.pdf"
    path.write_bytes(pdf)
    pages = int(
        re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout)[1]
    )
    bbox = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True, text=True, check=True).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return pages, [(*map(float, found[:4]), found[4]) for found in re.findall(pattern, bbox)]


def _overlapping(words) -> list[tuple[str, str]]:
    slack = 0.5  # points: neighbouring words on a line may touch
    return [
        (a[4], b[4])
        for i, a in enumerate(words)
        for b in words[i + 1 :]
        if a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack
    ]


LONGEST = {
    "product": _field_max(Certificate, "product_name"),
    "producer": _field_max(Certificate, "producer_name"),
    "address": _field_max(Certificate, "producer_address"),
    "issuer": _field_max(RecognitionDecision, "issuer_name"),
}
TYPICAL = {"product": 40, "producer": 30, "address": 45, "issuer": 32}


def _at_limit(limit: float, field: str) -> dict:
    """The typical certificate with `field` as long as the size `limit` allows (text_fit's weighting)."""
    weight = {"product": PRODUCT_NAME_WEIGHT}
    others = sum(TYPICAL[k] * weight.get(k, 1) for k in TYPICAL if k != field)
    room = (limit - others) / weight.get(field, 1)
    return {**TYPICAL, field: min(int(room), LONGEST[field])}


CASES = {
    "typical": TYPICAL,
    "longest-name": {**TYPICAL, "product": LONGEST["product"]},
    "longest-producer-and-address": {**TYPICAL, "producer": LONGEST["producer"], "address": LONGEST["address"]},
    "every-field-longest": LONGEST,
    **{
        f"size-{size}-{field}-at-its-limit": _at_limit(limit, field)
        for size, limit in enumerate(TEXT_FIT_LIMITS, start=1)
        for field in ("product", "producer", "address")
    },
}


@pytest.mark.parametrize("historic", [False, True], ids=["issued", "historic-extract"])
@pytest.mark.parametrize("lengths", CASES.values(), ids=CASES.keys())
def test_no_two_printed_words_overlap_and_nothing_leaves_the_page(lengths, historic, tmp_path):
    certificate = _certificate(**lengths)
    certificate.is_historic = historic  # one more heading line: "BẢN TRÍCH LỤC TỪ HỆ THỐNG OCOP …"
    pdf = render_certificate_pdf(certificate=certificate, verify_url="https://ocop.example.vn/v/x/")
    pages, words = _words(pdf, tmp_path)
    assert pages == 1
    assert _overlapping(words) == []
    printed = " ".join(word[4] for word in words)
    # What comes last on the page is there: the validity, the QR's caption, the number and the signer.
    for text in ("02/12/2029", "Quét mã để xác minh", certificate.number, "Nguyễn Văn Kỳ"):
        assert text in printed


def test_the_overlap_check_finds_words_printed_over_each_other():
    assert _overlapping([(0, 0, 10, 10, "a"), (5, 5, 15, 15, "b"), (20, 0, 30, 10, "c")]) == [("a", "b")]


@pytest.mark.parametrize("lengths", [TYPICAL, LONGEST], ids=["typical", "every-field-longest"])
def test_a_revoked_copy_keeps_the_issuer_and_the_motto_in_view(lengths, tmp_path):
    """The revocation note runs above the heading: it covered the issuer and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
    Only the big slanted mark lies over the text, on purpose."""
    from certificates.models import Revocation

    certificate = _certificate(**lengths)
    revocation = Revocation(ground="b", decision_number="3105/QĐ-UBND", decision_date=dt.date(2026, 12, 6))
    pdf = render_certificate_pdf(
        certificate=certificate, verify_url="https://ocop.example.vn/v/x/", revocation=revocation
    )
    pages, words = _words(pdf, tmp_path)
    assert pages == 1
    text_words = [word for word in words if word[3] - word[1] < 30]  # the mark's letters are 54 pt high
    assert _overlapping(text_words) == []
    printed = " ".join(word[4] for word in text_words)
    for text in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "3105/QĐ-UBND", "Nguyễn Văn Kỳ", certificate.number):
        assert text in printed


@pytest.mark.parametrize("token", [60, 120, 300], ids=lambda n: f"unbroken-{n}")
def test_a_name_without_spaces_wraps_inside_the_page(token, tmp_path):
    """A product name, producer name or address with a long run of letters and no space (a code, a name typed
    without spaces) ran straight off the right edge: the certificate printed only the part inside the page."""
    certificate = _certificate(**TYPICAL)
    certificate.product_name = ("MiếndongTàiHoan" * 30)[:token]
    certificate.producer_name = ("HTXTàiHoanCônMinh" * 20)[: min(token, 150)]
    pdf = render_certificate_pdf(certificate=certificate, verify_url="https://ocop.example.vn/v/x/")
    pages, words = _words(pdf, tmp_path)
    assert pages == 1
    assert _overlapping(words) == []
    page_width = 842  # A4 landscape, points
    assert [word[4] for word in words if word[2] > page_width - 20] == []
    printed = "".join(word[4] for word in words)
    assert certificate.product_name in printed and certificate.producer_name in printed
