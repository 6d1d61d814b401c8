"""Mẫu 01's receipt block for the provincial OCOP agency printed the placeholder "Phiếu số: ……-…… /PĐK-(Mã tỉnh)…"
beside a filled "Ngày nhận". The system gives the Phiếu one number, on the commune's receipt
("NNN/PĐK-<tỉnh>-<xã>-<năm>", services.transitions): the province receives the same Phiếu, so its block prints that
number once it has received it, and the placeholder only before."""

import datetime as dt
import subprocess

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.tests.factories import registration_in

pytestmark = pytest.mark.django_db

NUMBER = "007/PĐK-90-90001-2026"
PLACEHOLDER = "Phiếu số: ……-……. /PĐK- (Mã tỉnh) - (Mã xã) - (Năm)"


def _province_block(client, registration, tmp_path) -> str:
    response = client.get(reverse("evaluation:registration_form_pdf", args=[registration.pk, "01"]))
    path = tmp_path / "form.pdf"
    path.write_bytes(response.getvalue())
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(out.split())
    return text[text.index("DÀNH CHO CƠ QUAN QUẢN LÝ OCOP CẤP TỈNH") :]


def test_the_province_block_prints_the_number_once_received(cast, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    registration = registration_in(cast, status=S.FORWARDED, name="Miến dong Tài Hoan")
    received = dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.UTC)
    Registration.objects.filter(pk=registration.pk).update(form_number=NUMBER, forwarded_at=received)
    block = _province_block(login(cast.province_officer), registration, tmp_path)
    assert f"Phiếu số: {NUMBER}" in block and "Ngày nhận: 25/11/2026" in block
    assert "(Mã tỉnh)" not in block


def test_before_the_province_receives_it_the_block_stays_blank(cast, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    registration = registration_in(cast, status=S.SUBMITTED, name="Miến dong Tài Hoan")
    Registration.objects.filter(pk=registration.pk).update(form_number=NUMBER, forwarded_at=None)
    block = _province_block(login(cast.commune_officer), registration, tmp_path)
    assert PLACEHOLDER in block and NUMBER not in block
