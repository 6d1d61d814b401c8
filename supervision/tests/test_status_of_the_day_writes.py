"""The morning after a certificate's last valid day, before the night's sweep (00:30) has stored it expired, the
certificate's page no longer offers supervision's actions on it (certificate_actions); the services refuse them too, by
its status of the day (Certificate.is_live_on, live_today_q): an ad hoc inspection, an agency's conclusion, the
commune's confirmation that production stopped, a complaint about the product, closing a case (and the case's page
offers no proposal). A certificate extended while its re-evaluation is pending (Điều 12.3) stays live.

The suite's pinned day (02/12/2026, 10:00) is the day after the last day (01/12/2026) these certificates are given."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus, RevocationGround
from certificates.models import Certificate
from certificates.tests.factories import make_registration
from supervision import services
from supervision.models import Complaint, Inspection, RevocationCase

from .factories import certificate_for, inspector

pytestmark = pytest.mark.django_db

LAST_DAY = dt.date(2026, 12, 1)
TEXT = "Sản phẩm bày bán ở chợ dùng nhãn 5 sao, giấy chứng nhận ghi 4 sao."


def past_its_last_day(certificate: Certificate) -> Certificate:
    """Its last day was yesterday; the sweep has not run yet, so it is still stored "expiring"."""
    assert timezone.localdate() == LAST_DAY + dt.timedelta(days=1)
    Certificate.objects.filter(pk=certificate.pk).update(valid_until=LAST_DAY, status=CertificateStatus.EXPIRING)
    certificate.refresh_from_db()
    return certificate


@pytest.fixture
def lapsed(cast):
    """Nothing filed: expired today."""
    return past_its_last_day(certificate_for(cast))


@pytest.fixture
def extended(cast):
    """Its re-evaluation filed in time is pending: extended today (Điều 12.3)."""
    certificate = past_its_last_day(certificate_for(cast))
    make_registration(certificate.product, kind="reevaluation", status="returned")
    return certificate


def ad_hoc(cast, certificate):
    return services.inspection_open_ad_hoc(
        certificate=certificate,
        reason="agency",
        detail="Tin báo của Chi cục QLTT.",
        inspectors=[inspector(cast)],
        scheduled_on=timezone.localdate(),
        by=cast.province_officer,
    )


def conclusion(cast, certificate):
    return services.agency_conclusion_propose(
        certificate=certificate,
        by=cast.province_officer,
        ground=RevocationGround.LAW_BREACH,
        agency="Chi cục An toàn vệ sinh thực phẩm",
        document_number="12/KL-ATTP",
        concluded_on=timezone.localdate() - dt.timedelta(days=2),
    )


def stop(cast, certificate):
    return services.production_stop_confirm(
        certificate=certificate,
        by=cast.commune_officer,
        confirmed_on=timezone.localdate() - dt.timedelta(days=2),
        document_number="5/XN-UBND",
    )


def complain(cast, certificate):
    return services.complaint_submit(product=certificate.product, text=TEXT, name="Lê Văn An")


ACTIONS = {
    "ad hoc inspection": ad_hoc,
    "agency conclusion": conclusion,
    "stop confirmation": stop,
    "complaint": complain,
}


@pytest.mark.parametrize("action", ACTIONS)
def test_an_action_on_a_certificate_expired_overnight_is_refused(
    cast, lapsed, action, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False), pytest.raises(ValidationError, match="hiệu lực"):
        ACTIONS[action](cast, lapsed)
    assert not Inspection.objects.exists() and not RevocationCase.objects.exists() and not Complaint.objects.exists()


@pytest.mark.parametrize("action", ACTIONS)
def test_an_action_on_an_extended_certificate_goes_through(cast, extended, action, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        ACTIONS[action](cast, extended)
    assert Inspection.objects.exists() or RevocationCase.objects.exists() or Complaint.objects.exists()


def test_a_case_of_a_certificate_expired_overnight_is_neither_proposed_from_nor_closed(cast, login):
    certificate = certificate_for(cast)
    case = stop(cast, certificate)  # confirmed while the certificate was live
    past_its_last_day(certificate)
    page = login(cast.province_officer).get(reverse("supervision:case_detail", args=[case.pk])).content.decode()
    assert "Đề xuất thu hồi" not in page
    with pytest.raises(ValidationError, match="không còn hiệu lực"):
        services.revocation_case_close(
            case=RevocationCase.objects.get(pk=case.pk), by=cast.province_officer, reason="Hết hạn."
        )
    assert not RevocationCase.objects.get(pk=case.pk).is_closed
