"""Issue 11.18: dossiers, decisions, certificates and council sessions show their history to the officers who
handle them (not to producers, council members or viewers)."""

import datetime

import pytest
from django.urls import reverse

from certificates.tests.factories import issued_decision, result_for
from ocop.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(cast):
    from evaluation.services.councils import session_create
    from evaluation.tests.factories import make_council

    result = result_for(cast.producer, name="Miến dong Tài Hoan")
    registration = result.registration
    registration.commune = cast.commune
    registration.save(update_fields=["commune"])
    audit_record(actor=cast.commune_officer, action="registration.forward", target=registration, summary="Chuyển hồ sơ")
    decision = issued_decision(province=cast.province, by=cast.province_officer, results=[result])
    certificate = decision.certificates.get()
    audit_record(actor=cast.province_officer, action="certificate.note", target=certificate, summary="Ghi chú GCN")
    council = make_council(cast)
    session = session_create(council=council, date=datetime.date(2026, 9, 1), by=cast.province_officer)
    return {
        "registration": reverse("evaluation:registration_detail", args=[registration.pk]),
        "decision": reverse("certificates:decision_detail", args=[decision.pk]),
        "certificate": reverse("certificates:certificate_detail", args=[certificate.pk]),
        "session": reverse("evaluation:session_detail", args=[session.pk]),
    }


@pytest.mark.parametrize("kind", ["registration", "decision", "certificate", "session"])
def test_the_province_officer_sees_the_history(cast, login, records, kind):
    response = login(cast.province_officer).get(records[kind])
    assert response.status_code == 200
    section = response.content.decode().split('data-testid="audit-history"')[1]
    assert 'data-testid="history"' in section and "Chưa có thay đổi." not in section
    assert cast.province_officer.get_full_name() in section or cast.commune_officer.get_full_name() in section


def test_the_commune_officer_sees_the_history_of_its_dossier_and_certificate(cast, login, records):
    c = login(cast.commune_officer)
    assert "Chuyển hồ sơ" in c.get(records["registration"]).content.decode()
    assert "Ghi chú GCN" in c.get(records["certificate"]).content.decode()


@pytest.mark.parametrize("kind", ["registration", "certificate"])
def test_the_producer_does_not_see_the_officers_history(cast, login, records, kind):
    response = login(cast.producer_owner).get(records[kind])
    assert response.status_code == 200
    assert 'data-testid="audit-history"' not in response.content.decode()


def test_the_chair_sees_the_session_without_its_history(cast, login, records):
    response = login(cast.council_chair).get(records["session"])
    assert response.status_code == 200
    assert 'data-testid="audit-history"' not in response.content.decode()


@pytest.mark.parametrize("kind", ["registration", "decision", "certificate", "session"])
def test_outsiders_still_get_404(cast, login, records, kind):
    assert login(cast.outsider).get(records[kind]).status_code == 404
