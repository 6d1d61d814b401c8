"""D26 Điều 7.3g: the provincial office tells the result "bằng văn bản … cho UBND cấp xã và các chủ thể OCOP". The
written notice of a result no decision announces went to the producer only; the commune that received the dossier
(and forwarded it with its Mẫu 03) was never told what became of it."""

import pytest
from django.core import mail

from evaluation.choices import RegistrationStatus as S
from evaluation.services.notices import registration_notify_result
from evaluation.tests.factories import notice_paper
from evaluation.tests.test_registration_result_notice import scored
from ocop.models import Notification

pytestmark = pytest.mark.django_db


def test_the_commune_of_the_dossier_is_told_the_written_notice_too(cast, django_capture_on_commit_callbacks):
    for user, address in [(cast.producer_owner, "chuthe@example.vn"), (cast.commune_officer, "xa@example.vn")]:
        user.email = address
        user.save(update_fields=["email"])
    cast.other_commune_officer.email = "xakhac@example.vn"
    cast.other_commune_officer.save(update_fields=["email"])
    registration = scored(cast, S.NOT_RECOGNISED, name="Mật ong A")
    with django_capture_on_commit_callbacks(execute=True):
        registration_notify_result(registration=registration, by=cast.province_officer, **notice_paper())
    commune = Notification.objects.get(user=cast.commune_officer)
    assert "Mật ong A" in commune.text and "48,50" in commune.message and "Tiêu chí 1.6" in commune.message
    assert Notification.objects.filter(user=cast.producer_owner).count() == 1
    assert not Notification.objects.filter(user=cast.other_commune_officer).exists()  # another commune's officer
    mailed = sorted(address for message in mail.outbox for address in message.to)
    assert mailed == ["chuthe@example.vn", "xa@example.vn"]
    assert all("Mật ong A" in message.subject for message in mail.outbox)
