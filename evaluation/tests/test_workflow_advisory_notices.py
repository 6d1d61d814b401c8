"""The advisory team (Tổ tư vấn) is told when a dossier reaches it, not before: walking the demo, totuvan.thainguyen
was told "UBND xã đã chuyển hồ sơ “Miến dong Tân An” lên cấp tỉnh" while only the office could open it (the team
reads a dossier once the office has received it, Điều 7.3a, c: the notice's link said "Bạn không còn xem được trang
này"), and nothing when the office handed it over ("Tiếp nhận, chuyển Tổ tư vấn"), the moment its work starts."""

import pytest
from django.urls import reverse

from evaluation.choices import RegistrationStatus as S
from evaluation.services.workflow import registration_transition
from evaluation.tests.factories import registration_in
from ocop.models import Notification

pytestmark = pytest.mark.django_db


def test_the_advisory_team_is_told_when_the_office_hands_it_the_dossier(cast, login):
    registration = registration_in(cast, status=S.SUBMITTED)
    registration_transition(registration=registration, verb="forward", by=cast.commune_officer)
    assert Notification.objects.filter(user=cast.province_officer, message__contains="lên cấp tỉnh").exists()
    assert not Notification.objects.filter(user=cast.advisory_member).exists()
    registration_transition(registration=registration, verb="start_review", by=cast.province_officer)
    notice = Notification.objects.get(user=cast.advisory_member)
    assert registration.product.name in notice.message and "Tổ tư vấn" in notice.message
    page = reverse("evaluation:registration_detail", args=[registration.pk])
    assert notice.url == page
    assert login(cast.advisory_member).get(page).status_code == 200
