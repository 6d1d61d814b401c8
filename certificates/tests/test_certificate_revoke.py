from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus, RevocationGround
from certificates.models import Revocation
from certificates.services.certificates import certificate_revoke
from certificates.tests.factories import CertificateFactory, DecisionFactory, ProductFactory
from ocop.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(cast):
    return CertificateFactory(
        product=ProductFactory(producer=cast.producer),
        decision=DecisionFactory(date=timezone.localdate() - timedelta(days=100)),
    )


def revoke(certificate, by, **kw):
    data = {
        "ground": RevocationGround.STOPPED_PRODUCTION,
        "decision_number": "88/QĐ-UBND",
        "decision_date": timezone.localdate(),
        **kw,
    }
    return certificate_revoke(certificate=certificate, by=by, **data)


def test_it_revokes_with_the_ground_and_notifies_the_producer(cast, certificate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        revocation = revoke(certificate, cast.province_officer, detail="Xã xác nhận đã ngừng sản xuất")
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    certificate.product.refresh_from_db()
    assert certificate.product.status == "revoked"
    assert revocation.ground == "dd" and revocation.decision_number == "88/QĐ-UBND"
    assert AuditEvent.objects.filter(action="certificate.revoke", target_id=str(certificate.pk)).exists()
    assert Notification.objects.filter(user=cast.producer_owner, message__contains="thu hồi").exists()
    assert len(mail.outbox) == 1 and "Thu hồi" in mail.outbox[0].subject
    assert "không còn sản xuất" in mail.outbox[0].body


def test_it_cannot_revoke_twice(cast, certificate):
    revoke(certificate, cast.province_officer)
    with pytest.raises(ValidationError):
        revoke(certificate, cast.province_officer, decision_number="89/QĐ-UBND")
    assert Revocation.objects.count() == 1


def test_five_stars_are_revoked_by_the_ministry_only(cast):
    c = CertificateFactory(product=ProductFactory(producer=cast.producer), star=5)
    with pytest.raises(PermissionDenied):
        revoke(c, cast.province_officer)
    revoke(c, cast.central_officer)


def test_another_province_cannot_revoke(cast, certificate):
    with pytest.raises(PermissionDenied):
        revoke(certificate, cast.outsider)


def test_the_view_revokes_and_shows_errors_in_the_form(login, cast, certificate):
    client = login(cast.province_officer)
    url = reverse("certificates:certificate_revoke", args=[certificate.pk])
    # The date before the certificate is the service's refusal: it comes after the confirmation step.
    bad = client.post(
        url, {"ground": "a", "decision_number": "1/QĐ-UBND", "decision_date": "01/01/2000", "confirmed": "1"}
    )
    assert bad.status_code == 200 and bad.context["form"].errors["decision_date"]
    today = timezone.localdate().strftime("%d/%m/%Y")
    ok = client.post(url, {"ground": "a", "decision_number": "1/QĐ-UBND", "decision_date": today, "confirmed": "1"})
    assert ok.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED


def test_the_view_preselects_no_ground_and_requires_one(login, cast, certificate):
    client = login(cast.province_officer)
    url = reverse("certificates:certificate_revoke", args=[certificate.pk])
    page = client.get(url).content.decode()
    assert '<option value="" selected>— Chọn căn cứ thu hồi —</option>' in page
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(url, {"decision_number": "1/QĐ-UBND", "decision_date": today, "detail": "Kết luận"})
    assert response.status_code == 200 and response.context["form"].errors["ground"] == ["Chọn căn cứ thu hồi."]
    assert "Kết luận" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status != CertificateStatus.REVOKED


@pytest.mark.parametrize(
    ("role", "status"),
    [("producer_owner", 403), ("viewer", 403), ("commune_officer", 403), ("outsider", 404), ("other_producer", 404)],
)
def test_the_view_refuses_others(login, cast, certificate, role, status):
    assert (
        login(getattr(cast, role)).get(reverse("certificates:certificate_revoke", args=[certificate.pk])).status_code
        == status
    )


def test_the_view_missing_id(login, cast):
    assert login(cast.province_officer).get(reverse("certificates:certificate_revoke", args=[9999])).status_code == 404
