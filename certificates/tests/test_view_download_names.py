"""A decision's PDF and its certificates' ZIP are named after the decision's number; a draft, which has none yet, after
its issuer and the day it was drafted, in ASCII: never the decision's database id ("quyet-dinh-du-thao-17.pdf")."""

import pytest
from django.urls import reverse

from certificates.models import RecognitionDecision
from certificates.services.batches import zip_job_run
from certificates.services.decisions import decision_create
from certificates.tests.factories import issued_decision, result_for
from ocop.choices import JobKind
from ocop.models import BackgroundJob

pytestmark = pytest.mark.django_db


def test_a_draft_decision_s_pdf_is_named_after_its_issuer_and_day(cast, login):
    decision = decision_create(
        by=cast.province_officer,
        issuer_level="province",
        issuer_unit=cast.province,
        results=[result_for(cast.producer)],
    )
    RecognitionDecision.objects.filter(pk=decision.pk).update(issuer_name="Ủy ban nhân dân tỉnh Thử Nghiệm")
    response = login(cast.province_officer).get(reverse("certificates:decision_pdf", args=[decision.pk]))
    assert response["Content-Disposition"] == (
        'inline; filename="quyet-dinh-du-thao-uy-ban-nhan-dan-tinh-thu-nghiem-20261202.pdf"'
    )


def test_the_certificates_zip_is_named_after_the_decision_s_number(cast, login):
    decision = issued_decision(
        province=cast.province, by=cast.province_officer, results=[result_for(cast.producer)], number="21/QĐ-UBND"
    )
    job = BackgroundJob.objects.create(
        kind=JobKind.CERTIFICATES_ZIP, task="x", created_by=cast.province_officer, params={"decision_id": decision.pk}
    )
    job = zip_job_run(job_id=job.pk)
    response = login(cast.province_officer).get(
        reverse("certificates:decision_zip_download", args=[decision.pk, job.pk])
    )
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''giay-chung-nhan-21-Q%C4%90-UBND.zip"
