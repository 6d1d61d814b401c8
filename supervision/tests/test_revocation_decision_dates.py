"""The revoking decision issued on the certificate's page is dated no earlier than the finding its proposal rests on,
as supervision records it: the inspection's conclusion (ground b, d) or the commune's confirmation that production
stopped (đ), whose day opens the 15 days of Điều 8.4. The walk of the demo issued it the day before either; the
page now refuses it beside "Ngày quyết định thu hồi", keeping what was typed and writing nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus, RevocationStatus
from certificates.models import Revocation
from certificates.services.revocations import certificate_revoke, certificate_revoke_withdraw
from certificates.tests.factories import checker_for
from ocop.confirm import CONFIRM_FIELD
from supervision import services
from supervision.choices import Outcome, Severity
from tests.markup.checker import assert_valid

from .factories import certificate_for, recorded, with_finding

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def concluded_on_revoke(cast, *, on: dt.date):
    """An inspection on site `on` - 1 day, concluded `on` with ground b by the province's office, which proposes at
    once (its inspector); the cast's province officer is the other pair of eyes who issues."""
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL, area="criteria"))
    services.inspection_record(
        inspection=inspection,
        by=inspection.inspectors.first(),
        inspected_on=on - dt.timedelta(days=1),
        representative_name="Nguyễn Thị Hoan",
        items=with_finding(Severity.CRITICAL, area="criteria"),
    )
    services.inspection_conclude(
        inspection=inspection, by=inspection.inspectors.first(), outcome=Outcome.REVOKE, ground="b", concluded_on=on
    )
    return inspection.certificate


def stop_confirmed_and_proposed(cast, *, on: dt.date):
    certificate = certificate_for(cast)
    case = services.production_stop_confirm(
        certificate=certificate, by=cast.commune_officer, confirmed_on=on, document_number="9/XN-UBND"
    )
    services.revocation_case_propose(case=case, by=cast.province_officer)
    return certificate


def assert_nothing_written(certificate):
    certificate.refresh_from_db()
    revocation = Revocation.objects.get(certificate=certificate)
    assert certificate.status == CertificateStatus.VALID
    assert revocation.status == RevocationStatus.PROPOSED and revocation.decision_date is None


def test_the_service_refuses_a_decision_before_the_inspections_conclusion(cast):
    certificate = concluded_on_revoke(cast, on=days_ago(5))
    assert Revocation.objects.get().grounded_on == days_ago(5)
    with pytest.raises(ValidationError) as info:
        certificate_revoke(
            certificate=certificate, decision_number="88/QĐ-UBND", decision_date=days_ago(6), by=cast.province_officer
        )
    assert info.value.message_dict == {
        "decision_date": [
            "Ngày thu hồi không thể trước ngày kết luận kiểm tra (27/11/2026) mà đề xuất thu hồi dựa vào."
        ]
    }
    assert_nothing_written(certificate)


@pytest.mark.parametrize(
    "make,message",
    [
        (
            concluded_on_revoke,
            "Ngày thu hồi không thể trước ngày kết luận kiểm tra (27/11/2026) mà đề xuất thu hồi dựa vào.",
        ),
        (
            stop_confirmed_and_proposed,
            "Ngày thu hồi không thể trước ngày UBND xã xác nhận chủ thể không còn sản xuất (27/11/2026), căn cứ của "
            "đề xuất thu hồi.",
        ),
    ],
)
def test_the_page_refuses_it_beside_the_date_keeping_what_was_typed(cast, login, make, message):
    certificate = make(cast, on=days_ago(5))
    day = days_ago(6).strftime("%d/%m/%Y")
    issuer = cast.province_officer if make is concluded_on_revoke else checker_for(cast.province_officer)
    response = login(issuer).post(
        reverse("certificates:certificate_revoke", args=[certificate.pk]),
        {"decision_number": "88/QĐ-UBND", "decision_date": day},
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'data-testid="confirm-step"' not in body
    assert response.context["form"].errors == {"decision_date": [message]}
    assert 'value="88/QĐ-UBND"' in body and f'value="{day}"' in body
    assert "27/11/2026</dd>" in body.split('data-testid="revoke-grounded-on">')[1]  # the day it rests on, shown
    assert_valid({f"refused decision ({make.__name__})": body})
    assert_nothing_written(certificate)


def test_the_page_refuses_it_after_the_confirmation_step_too(cast, login):
    """The confirmed POST goes to certificate_revoke, which asks the same rule."""
    certificate = concluded_on_revoke(cast, on=days_ago(5))
    response = login(cast.province_officer).post(
        reverse("certificates:certificate_revoke", args=[certificate.pk]),
        {"decision_number": "88/QĐ-UBND", "decision_date": days_ago(6).strftime("%d/%m/%Y"), CONFIRM_FIELD: "1"},
    )
    assert response.status_code == 200 and response.context["form"].errors["decision_date"]
    assert_nothing_written(certificate)


@pytest.mark.parametrize("ground", ["b", "dd"])
def test_a_proposal_made_on_the_certificate_page_keeps_the_day_of_the_open_case_it_names(cast, login, ground):
    """b and đ proposed on the certificate page rest on the open case (hooks): the proposal keeps its finding's day."""
    if ground == "b":
        certificate = concluded_on_revoke(cast, on=days_ago(5))
        certificate_revoke_withdraw(certificate=certificate, by=cast.province_officer)
    else:
        certificate = certificate_for(cast)
        services.production_stop_confirm(
            certificate=certificate, by=cast.commune_officer, confirmed_on=days_ago(5), document_number="9/XN-UBND"
        )
    response = login(cast.province_officer).post(
        reverse("certificates:certificate_revoke", args=[certificate.pk]), {"ground": ground, "detail": "Phát hiện."}
    )
    assert response.status_code == 302
    assert Revocation.objects.get(certificate=certificate).grounded_on == days_ago(5)
