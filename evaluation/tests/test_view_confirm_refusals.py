"""Submitting and forwarding a dossier ask first (ocop/confirm.py), but a dossier the service refuses is refused at
the first click, on the dossier's page with the reason: the confirmation ("Hồ sơ được gửi cho UBND xã…") was shown
for a dossier with documents missing, or without the commune's Mẫu 03, and the refusal came only after confirming."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.models import Registration
from evaluation.tests.factories import registration_in, round_taking_proposals

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_a_dossier_with_documents_missing_is_refused_before_the_confirmation(cast, login):
    registration = registration_in(cast, status=S.DRAFT)  # no document, no self-assessment
    url = reverse("evaluation:registration_submit", args=[registration.pk])
    response = login(cast.producer_owner).post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("evaluation:registration_detail", args=[registration.pk])
    assert 'data-testid="confirm-step"' not in response.content.decode()
    assert "Còn thiếu tài liệu" in _messages(response)
    assert Registration.objects.get(pk=registration.pk).status == S.DRAFT


def test_a_dossier_without_the_communes_report_is_refused_before_the_confirmation(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED, round=round_taking_proposals(cast))
    url = reverse("evaluation:registration_forward", args=[registration.pk])
    response = login(cast.commune_officer).post(url, follow=True)
    assert 'data-testid="confirm-step"' not in response.content.decode()
    assert "Cần lập báo cáo đánh giá của UBND xã (Mẫu 03) trước khi chuyển cấp tỉnh." in _messages(response)
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED


def test_a_dossier_already_forwarded_is_told_so_before_any_confirmation(cast, login):
    registration = registration_in(cast, status=S.FORWARDED)
    url = reverse("evaluation:registration_forward", args=[registration.pk])
    response = login(cast.commune_officer).post(url, follow=True)
    assert 'data-testid="confirm-step"' not in response.content.decode() and _messages(response)
    assert Registration.objects.get(pk=registration.pk).status == S.FORWARDED
