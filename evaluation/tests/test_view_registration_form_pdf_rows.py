"""Mẫu 02 as the producer signs it: a criterion's row is never cut across two pages. The demo's Mẫu 02 printed
criterion 1.3's number, title and score at the foot of page 1 and its chosen option at the head of page 2, under an
empty TT cell, so a reader of page 2 could not tell which criterion the text belonged to."""

import re
import subprocess

import pytest
from django.urls import reverse

from evaluation.models import SelfAssessmentAnswer
from evaluation.tests.test_view_registration_form_pdf import registration  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db

FILLER = "nguyên liệu địa phương được chứng nhận và truy xuất nguồn gốc đầy đủ " * 7


def test_no_criterion_row_of_mau_02_is_split_across_pages(cast, login, registration):  # noqa: F811
    answers = list(SelfAssessmentAnswer.objects.filter(registration=registration))
    assert len(answers) >= 4
    for index, answer in enumerate(answers):  # tall rows: several must reach a page's foot
        answer.note = f"Bắt đầu ghi chú {index:03d}. {FILLER}Hết ghi chú {index:03d}."
        answer.save(update_fields=["note"])
    response = login(cast.producer_owner).get(reverse("evaluation:registration_form_pdf", args=[registration.pk, "02"]))
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True)
    pages = [" ".join(page.split()) for page in text.stdout.decode().split("\f")]
    assert len(pages) > 2
    split = []
    for index in range(len(answers)):
        start = [n for n, page in enumerate(pages) if re.search(rf"Bắt đầu ghi chú {index:03d}\b", page)]
        end = [n for n, page in enumerate(pages) if re.search(rf"Hết ghi chú {index:03d}\b", page)]
        assert start and end, index
        if start != end:
            split.append(index)
    assert split == []
