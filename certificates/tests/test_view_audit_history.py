"""Issue 11.18: dossiers, decisions, certificates and council sessions show their history to the officers who
handle them (not to producers, council members or viewers)."""

import datetime
import re

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


def _history(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().split('data-testid="audit-history"')[1]


@pytest.mark.parametrize(
    "kind,code,vietnamese,english",
    [
        ("registration", "registration.forward", "Chuyển hồ sơ lên cấp tỉnh", "Dossier forwarded to the province"),
        ("decision", "decision.issue", "Ban hành quyết định", "Decision issued"),
        ("session", "council_session.create", "Tạo phiên họp", "Session created"),
    ],
)
def test_the_history_names_each_act_in_the_readers_language(cast, login, records, kind, code, vietnamese, english):
    """The history showed the audit trail's codes ("registration.forward") in either language."""
    officer = cast.province_officer
    section = _history(login(officer), records[kind])
    assert f"<strong>{vietnamese}</strong>" in section and code not in section
    officer.language = "en"
    officer.save(update_fields=["language"])
    section = _history(login(officer), records[kind])
    assert f"<strong>{english}</strong>" in section and code not in section


def test_the_history_names_keys_that_are_no_field_and_writes_dates_as_the_interface_does(cast, login, records):
    """A decision's issuer and certificates are no fields of it; its date was shown as 2026-09-30."""
    section = _history(login(cast.province_officer), records["decision"])
    assert "<li>Cơ quan ban hành: " in section and "issuer" not in section
    assert "<li>Giấy chứng nhận: " in section and "certificates:" not in section
    assert "<li>Sản phẩm: Miến dong Tài Hoan<" in section  # the draft's products by name, not result ids
    assert re.search(r"Ngày quyết định: — → \d\d/\d\d/\d{4}<", section)  # set at issue: a change


def test_the_attendance_names_the_members_present(cast, login, records):
    from evaluation.models import CouncilSession
    from evaluation.services.councils import session_set_attendance

    session = CouncilSession.objects.get()
    members = list(session.council.members.filter(active=True).select_related("user"))
    session_set_attendance(session=session, present_member_ids={members[0].pk}, by=cast.province_officer)
    section = _history(login(cast.province_officer), records["session"])
    assert f"<li>Thành viên có mặt: {members[0].user}<" in section
