"""Issue 11.3: every check-then-insert that a unique constraint guards answers a double submission with one
record and a clear message, never a 500. SQLite serialises writers, so the race is reproduced by letting the
competing row (the other tab's) appear right after the service's own checks, just before its insert — the window
two parallel requests hit on PostgreSQL (proved with real connections in test_double_submission_postgres.py).
Here the other tab's row shares the test's connection, so it rolls back with the refused call: each test asserts
the message and that the refused call left nothing behind (no row, no audit entry)."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from certificates.choices import IssuerLevel
from certificates.models import Certificate, DecisionEntry, RecognitionDecision
from certificates.services.certificates import certificate_record_historic
from certificates.services.decisions import decision_create
from certificates.tests.factories import result_for
from evaluation.choices import LegalBasis
from evaluation.models import AgendaItem, CouncilMember, EvaluationRound
from evaluation.models.scoresheets import ConflictDeclaration
from evaluation.services.councils import council_member_add, session_add_registration
from evaluation.services.rounds import round_create
from evaluation.tests.factories import criteria_version, make_registration, setup_scoring
from ocop.models import AuditEvent
from ocop.services import DUPLICATE_MESSAGE, duplicates_refused
from products.models import Producer
from products.services import producer_create
from products.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

TAX_CODE = "0100109106"


@pytest.fixture
def race(monkeypatch):
    """race(Model, competitor): the first time Model.full_clean() passes, `competitor()` writes the other tab's row."""

    def arm(model, competitor):
        original = model.full_clean
        fired = []

        def full_clean(self, *args, **kwargs):
            original(self, *args, **kwargs)
            if not fired:
                fired.append(True)
                competitor()

        monkeypatch.setattr(model, "full_clean", full_clean)

    return arm


def test_a_double_click_on_the_conflict_declaration_shows_a_message_not_a_500(cast, login, race):
    s = setup_scoring(cast)
    race(
        ConflictDeclaration,
        lambda: ConflictDeclaration.objects.create(item=s.item, member=s.member, has_conflict=False),
    )
    response = login(cast.council_member).post(
        reverse("evaluation:conflict_declare", args=[s.item.pk]), {"has_conflict": "no"}
    )
    assert response.status_code == 400
    assert "Thành viên đã kê khai xung đột lợi ích cho hồ sơ này." in response.content.decode()
    assert not ConflictDeclaration.objects.filter(item=s.item, member=s.member).exists()
    assert not AuditEvent.objects.filter(action="conflict.declare").exists()


def test_a_member_added_twice_at_once_is_added_once(cast, race):
    s = setup_scoring(cast, extra_members=())
    user = cast.viewer
    race(CouncilMember, lambda: CouncilMember.objects.create(council=s.council, user=user, role="member"))
    with pytest.raises(ValidationError, match="Người này đã là thành viên của hội đồng."):
        council_member_add(council=s.council, user=user, role="member", by=cast.province_officer)
    assert not CouncilMember.objects.filter(council=s.council, user=user).exists()
    assert not AuditEvent.objects.filter(action="council.member_add", changes__user=user.username).exists()


def test_a_dossier_put_on_the_agenda_twice_at_once_is_there_once(cast, race):
    s = setup_scoring(cast)
    registration = make_registration(cast, s.card, name="Sản phẩm đua")
    race(AgendaItem, lambda: AgendaItem.objects.create(session=s.session, registration=registration, order=9))
    with pytest.raises(ValidationError, match="Hồ sơ đã có trong chương trình phiên họp."):
        session_add_registration(session=s.session, registration=registration, by=cast.province_officer)
    assert not AgendaItem.objects.filter(registration=registration).exists()


def test_a_producer_created_twice_with_one_tax_code_exists_once(cast, race):
    data = {"kind": "coop", "name": "HTX Đua", "commune": cast.commune, "tax_code": TAX_CODE}
    race(Producer, lambda: Producer.objects.create(**data))
    with pytest.raises(ValidationError) as caught:
        producer_create(by=cast.commune_officer, data=dict(data))
    assert "đã được dùng" in " ".join(caught.value.messages)
    assert not Producer.objects.filter(tax_code=TAX_CODE).exists()
    assert not AuditEvent.objects.filter(action="producer.create").exists()


def test_a_round_planned_twice_at_once_exists_once(cast, race):
    version = criteria_version()
    same = {"level": "province", "unit": cast.province, "year": 2026, "number": 7}
    race(
        EvaluationRound,
        lambda: EvaluationRound.objects.create(
            **same, proposals_due=date(2026, 6, 1), done_by=date(2026, 9, 1), criteria_version=version
        ),
    )
    with pytest.raises(ValidationError, match=re.escape(str(DUPLICATE_MESSAGE))):
        round_create(
            by=cast.province_officer,
            level="province",
            year=2026,
            number=7,  # an extra round (D26 Điều 5): on the basis of the council's Quy chế and a plan
            basis="Quyết định 12/QĐ-UBND ban hành Quy chế; Kế hoạch 34/KH-UBND",
            criteria_version=version,
        )
    assert not EvaluationRound.objects.filter(unit=cast.province, year=2026, number=7).exists()


def _record_old_certificate_against_another_tab(cast, race, scan=None):
    """Record the old certificate 15/GCN-UBND while the other tab records it too, right after the service's checks."""
    product = ProductFactory(producer=cast.producer)
    kwargs = {
        "by": cast.province_officer,
        "product": product,
        "number": "15/GCN-UBND",
        "star": 3,
        "issuer_level": IssuerLevel.DISTRICT,
        "issuer_name": "ỦY BAN NHÂN DÂN HUYỆN ĐOAN HÙNG",
        "decision_number": "1427/QĐ-UBND",
        "decision_date": date(2024, 4, 24),
        "legal_basis": LegalBasis.D148,
        "scan": scan,
    }

    def competitor():
        decision = RecognitionDecision.objects.get(number="1427/QĐ-UBND")
        Certificate.objects.create(
            number="15/GCN-UBND",
            decision=decision,
            product=ProductFactory(producer=cast.producer),
            star=3,
            product_name="x",
            producer_name="y",
            issued_on=date(2024, 4, 24),
            valid_until=date(2027, 4, 24),
            is_historic=True,
        )

    race(Certificate, competitor)
    with pytest.raises(ValidationError, match="Quyết định này đã có giấy chứng nhận mang số này."):
        certificate_record_historic(**kwargs)


def test_an_old_certificate_recorded_twice_at_once_exists_once(cast, race):
    _record_old_certificate_against_another_tab(cast, race)
    assert not Certificate.objects.filter(number="15/GCN-UBND").exists()


def test_an_old_certificate_refused_as_a_duplicate_leaves_its_scan_nowhere(cast, race, settings, tmp_path):
    """The scan is stored when the certificate's row is saved: the database refusing the row as a duplicate left
    the file in storage, with no certificate naming it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    scan = SimpleUploadedFile("gcn-15.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    _record_old_certificate_against_another_tab(cast, race, scan=scan)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_two_drafts_racing_for_one_result_leave_one_draft(cast, race):
    result = result_for(cast.producer)

    def competitor():
        other = RecognitionDecision.objects.create(
            issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, issuer_name="X", created_by=cast.admin
        )
        DecisionEntry.objects.create(
            decision=other, result=result, registration=result.registration, product=result.registration.product,
            star=4, order=1,
        )  # fmt: skip

    race(RecognitionDecision, competitor)
    with pytest.raises(ValidationError, match="Kết quả này đã có trong một quyết định khác."):
        decision_create(
            by=cast.province_officer, issuer_level=IssuerLevel.PROVINCE, issuer_unit=cast.province, results=[result]
        )
    assert not DecisionEntry.objects.filter(result=result).exists()
    assert not RecognitionDecision.objects.exists()


def test_the_guard_turns_only_duplicates_into_messages(cast):
    with pytest.raises(ValidationError) as caught, duplicates_refused(Producer):
        Producer.objects.create(kind="coop", name="A", commune=cast.commune, tax_code="0109999999")
        Producer.objects.create(kind="coop", name="B", commune=cast.commune, tax_code="0109999999")
    assert "đã được dùng" in caught.value.messages[0]
    with pytest.raises(ValidationError, match=str(DUPLICATE_MESSAGE)[:20]), duplicates_refused():
        Producer.objects.create(kind="coop", name="A", commune=cast.commune, tax_code="0108888888")
        Producer.objects.create(kind="coop", name="B", commune=cast.commune, tax_code="0108888888")
    with pytest.raises(IntegrityError), duplicates_refused(Producer):  # not a duplicate: a missing value
        Producer.objects.create(kind="coop", name=None, commune=cast.commune)
