"""The place-and-date line above the signature stays on one line, even for the longest place name
(issue 12 item 15: "Hồ Chí Minh, ngày 05 tháng 08 năm" / "2026" wrapped; the month without its zero since, Nghị định
30/2020)."""

import subprocess
from datetime import date

import pytest

from certificates.tests.factories import issued_decision, result_for

pytestmark = pytest.mark.django_db


def test_the_date_line_does_not_wrap(cast, django_capture_on_commit_callbacks, tmp_path):
    cast.province.name = "Thành phố Hồ Chí Minh"
    cast.province.save()
    with django_capture_on_commit_callbacks(execute=True):
        decision = issued_decision(
            province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)], on=date(2026, 8, 25)
        )
    certificate = decision.certificates.get()
    certificate.refresh_from_db()
    path = tmp_path / "c.pdf"
    with certificate.pdf.open("rb") as handle:
        path.write_bytes(handle.read())
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert any("Hồ Chí Minh, ngày 25 tháng 8 năm 2026" in line for line in text.splitlines()), text
