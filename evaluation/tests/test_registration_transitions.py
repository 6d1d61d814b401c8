"""Every workflow transition: allowed from its source status by its role, refused from every other status
and by every other role, with an audit row and a notice."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluation.choices import CommuneProposal
from evaluation.choices import RegistrationStatus as S
from evaluation.models import CommuneReport, Registration, SupplementRequest
from evaluation.services import advisory
from evaluation.services.advisory import (
    registration_request_supplement,
    registration_supply_supplement,
    sitevisit_record,
)
from evaluation.services.documents import document_upload
from evaluation.services.dossier import commune_report_save
from evaluation.services.transitions import (
    registration_forward,
    registration_mark_ready,
    registration_reject,
    registration_return,
    registration_start_review,
    registration_submit,
    registration_withdraw,
)
from evaluation.tests.factories import (
    complete_dossier,
    criterion_by_number,
    paper_registration_in,
    pdf_upload,
    registration_in,
    round_taking_proposals,
)
from evaluation.workflow import EDITABLE
from ocop.models import AuditEvent, Notification

pytestmark = pytest.mark.django_db

ALL = list(S.values)


def _report(registration, by, complete=True):
    return CommuneReport.objects.create(
        registration=registration,
        dossier_complete=complete,
        local_raw_material="100% mật ong trong xã",
        local_labour="12 lao động địa phương",
        idea_origin="Ý tưởng của HTX",
        local_identity="Nghề nuôi ong truyền thống",
        proposal=CommuneProposal.FORWARD if complete else CommuneProposal.RETURN,
        name_consistent=True,
        samples_received=5,
        letter_number="125/UBND-NN",
        letter_date="2026-12-02",
        officer=by,
    )


def _reason(fn):
    return lambda **kw: fn(reason="Lý do cụ thể", **kw)


# (service, status it moves from, status it moves to, actor attribute on the cast, setup)
TRANSITIONS = {
    "submit": (registration_submit, [S.DRAFT, S.RETURNED], S.SUBMITTED, "producer_owner"),
    "forward": (registration_forward, [S.SUBMITTED], S.FORWARDED, "commune_officer"),
    "commune_return": (_reason(registration_return), [S.SUBMITTED], S.RETURNED, "commune_officer"),
    "province_return": (_reason(registration_return), [S.FORWARDED], S.RETURNED, "province_officer"),
    "start_review": (registration_start_review, [S.FORWARDED], S.ADVISORY_REVIEW, "province_officer"),
    "mark_ready": (registration_mark_ready, [S.ADVISORY_REVIEW], S.READY_FOR_COUNCIL, "advisory_member"),
    "reject_province": (
        _reason(registration_reject),
        [S.FORWARDED, S.ADVISORY_REVIEW],
        S.REJECTED,
        "province_officer",
    ),
    "commune_reject": (_reason(registration_reject), [S.SUBMITTED], S.REJECTED, "commune_officer"),
    "request_supplement": (
        lambda **kw: registration_request_supplement(reason="Nhãn thiếu hạn dùng", document_kinds=["label"], **kw),
        [S.ADVISORY_REVIEW],
        S.SUPPLEMENT_REQUESTED,
        "advisory_member",
    ),
    "withdraw": (
        _reason(registration_withdraw),
        [S.DRAFT, S.SUBMITTED, S.RETURNED, S.FORWARDED, S.ADVISORY_REVIEW, S.SUPPLEMENT_REQUESTED],
        S.WITHDRAWN,
        "producer_owner",
    ),
    "supply": (registration_supply_supplement, [S.SUPPLEMENT_REQUESTED], S.ADVISORY_REVIEW, "producer_owner"),
}


def _prepare(cast, registration, name):
    if name == "submit":
        complete_dossier(registration, cast.producer_owner) if registration.status in EDITABLE else None
    if name == "forward" and registration.status == S.SUBMITTED:
        _report(registration, cast.commune_officer)


def _make(cast, status, **fields):
    if status == S.SUBMITTED or status in EDITABLE:
        # In a round still taking proposals: the producer submits it, the commune forwards it, by its proposals
        # deadline (services.checks.round_submission_refusal, round_calendar.round_proposal_refusal).
        fields.setdefault("round", round_taking_proposals(cast))
    return registration_in(cast, status=status, **fields)


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_it_allows_each_transition_from_its_source_statuses(
    cast, private_media, name, django_capture_on_commit_callbacks
):
    service, sources, target, actor = TRANSITIONS[name]
    for source in sources:
        registration = _make(cast, source)
        _prepare(cast, registration, name)
        before = AuditEvent.objects.count()
        notices = Notification.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            moved = service(registration=registration, by=getattr(cast, actor))
        moved = Registration.objects.get(pk=registration.pk)
        assert moved.status == target, (name, source)
        assert AuditEvent.objects.filter(target_id=str(registration.pk), action__startswith="registration.").count() > 0
        assert AuditEvent.objects.count() > before
        if not (name == "withdraw" and source == S.DRAFT):  # a draft nobody else has seen is withdrawn quietly
            assert Notification.objects.count() > notices, (name, source)


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_it_refuses_each_transition_from_every_other_status(cast, private_media, name):
    service, sources, _target, actor = TRANSITIONS[name]
    for source in [s for s in ALL if s not in sources]:
        if name == "province_return" and source == S.SUBMITTED:
            continue  # from SUBMITTED the same service is the commune's return (its own row above)
        registration = _make(cast, source)
        with pytest.raises((ValidationError, PermissionDenied)):
            service(registration=registration, by=getattr(cast, actor))
        assert Registration.objects.get(pk=registration.pk).status == source, (name, source)


@pytest.mark.parametrize("name", list(TRANSITIONS))
@pytest.mark.parametrize("who", ["viewer", "council_member"])
def test_it_refuses_read_only_and_council_roles(cast, private_media, name, who):
    service, sources, _target, _actor = TRANSITIONS[name]
    registration = _make(cast, sources[0])
    _prepare(cast, registration, name)
    with pytest.raises(PermissionDenied):
        service(registration=registration, by=getattr(cast, who))
    assert Registration.objects.get(pk=registration.pk).status == sources[0]


def test_it_refuses_the_commune_steps_to_the_producer_and_the_province_steps_to_the_commune(cast, private_media):
    registration = _make(cast, S.SUBMITTED)
    _report(registration, cast.commune_officer)
    with pytest.raises(PermissionDenied):
        registration_forward(registration=registration, by=cast.producer_owner)
    forwarded = _make(cast, S.FORWARDED)
    with pytest.raises(PermissionDenied):
        registration_start_review(registration=forwarded, by=cast.commune_officer)
    with pytest.raises(PermissionDenied):
        registration_reject(registration=forwarded, by=cast.commune_officer, reason="x")
    review = _make(cast, S.ADVISORY_REVIEW)
    with pytest.raises(PermissionDenied):
        registration_mark_ready(registration=review, by=cast.producer_owner)


def test_it_submits_with_a_form_number_and_a_working_day_deadline(
    cast, private_media, django_capture_on_commit_callbacks, mailoutbox
):
    registration = _make(cast, S.DRAFT)
    complete_dossier(registration, cast.producer_owner)
    with django_capture_on_commit_callbacks(execute=True):
        registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.form_number == "001/PĐK-90-90001-2026"
    from django.utils import timezone

    from ocop.workdays import add_working_days

    assert registration.commune_due_on == add_working_days(timezone.localdate(), 15)
    notice = Notification.objects.get(user=cast.commune_officer, url__endswith=f"/{registration.pk}/")
    # The deadline's own day is still in time (overdue only after it): "trước 23/12" told the commune a day early.
    due = f"{registration.commune_due_on:%d/%m/%Y}"
    assert str(notice.message).endswith(f"chờ UBND xã kiểm tra, hạn đến hết ngày {due}.")
    assert not Notification.objects.filter(user=cast.other_commune_officer).exists()
    assert [m.to for m in mailoutbox] == [[cast.commune_officer.email]]
    second = _make(cast, S.DRAFT)
    complete_dossier(second, cast.producer_owner)
    registration_submit(registration=second, by=cast.producer_owner)
    second.refresh_from_db()
    assert second.form_number == "002/PĐK-90-90001-2026"


def test_it_keeps_the_form_number_when_a_returned_dossier_is_submitted_again(cast, private_media):
    registration = _make(cast, S.RETURNED, form_number="007/PĐK-90-90001-2026")
    complete_dossier(registration, cast.producer_owner)
    registration_submit(registration=registration, by=cast.producer_owner)
    registration.refresh_from_db()
    assert registration.form_number == "007/PĐK-90-90001-2026"


def test_it_refuses_to_submit_an_incomplete_dossier_and_says_what_is_missing(cast, private_media):
    registration = _make(cast, S.DRAFT)
    with pytest.raises(ValidationError) as exc:
        registration_submit(registration=registration, by=cast.producer_owner)
    text = " ".join(exc.value.messages)
    assert "Còn thiếu tài liệu" in text and "Nhãn sản phẩm" in text
    assert "Chưa tự đánh giá" in text
    assert Registration.objects.get(pk=registration.pk).status == S.DRAFT


def test_it_refuses_to_forward_without_a_positive_commune_report(cast):
    registration = _make(cast, S.SUBMITTED)
    with pytest.raises(ValidationError, match="Mẫu 03"):
        registration_forward(registration=registration, by=cast.commune_officer)
    _report(registration, cast.commune_officer, complete=False)
    with pytest.raises(ValidationError):
        registration_forward(registration=registration, by=cast.commune_officer)
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED


def test_a_refused_forward_says_which_part_of_mau_03_stops_it(cast):
    """A Mẫu 03 that proposes forwarding but has not ticked "Hồ sơ đầy đủ, hợp lệ" is not a report that
    "does not propose forwarding": the officer is told which box to tick, or to return the dossier."""
    registration = _make(cast, S.SUBMITTED)
    report = _report(registration, cast.commune_officer)
    CommuneReport.objects.filter(pk=report.pk).update(dossier_complete=False)
    with pytest.raises(ValidationError, match="chưa xác nhận “Hồ sơ đầy đủ, hợp lệ”"):
        registration_forward(registration=registration, by=cast.commune_officer)
    CommuneReport.objects.filter(pk=report.pk).update(dossier_complete=True, proposal=CommuneProposal.RETURN)
    with pytest.raises(ValidationError, match="đề xuất trả lại hồ sơ"):
        registration_forward(registration=registration, by=cast.commune_officer)
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED


def test_it_saves_the_commune_report_only_while_the_commune_checks(cast):
    registration = _make(cast, S.SUBMITTED)
    data = {
        "dossier_complete": True,
        "local_raw_material": "a",
        "local_labour": "b",
        "idea_origin": "c",
        "local_identity": "d",
    }
    commune_report_save(registration=registration, by=cast.commune_officer, **data)
    assert registration.commune_report.local_identity == "d"
    with pytest.raises(PermissionDenied):
        commune_report_save(registration=registration, by=cast.province_officer, **data)
    forwarded = _make(cast, S.FORWARDED)
    with pytest.raises(ValidationError):
        commune_report_save(registration=forwarded, by=cast.commune_officer, **data)


@pytest.mark.parametrize("fn", [registration_return, registration_reject, registration_withdraw])
def test_it_demands_a_reason(cast, fn):
    registration = _make(cast, S.SUBMITTED)
    actor = cast.producer_owner if fn is registration_withdraw else cast.commune_officer
    with pytest.raises(ValidationError):
        fn(registration=registration, by=actor, reason="   ")
    assert Registration.objects.get(pk=registration.pk).status == S.SUBMITTED


def test_it_stores_the_reason_and_tells_the_producer(cast):
    registration = _make(cast, S.SUBMITTED)
    registration_return(registration=registration, by=cast.commune_officer, reason="Thiếu phiếu kiểm nghiệm")
    registration.refresh_from_db()
    assert registration.status == S.RETURNED and registration.status_reason == "Thiếu phiếu kiểm nghiệm"
    assert Notification.objects.filter(user=cast.producer_owner, message__contains="Thiếu phiếu kiểm nghiệm").exists()


def test_it_requests_a_supplement_with_a_reason_and_items(cast, private_media):
    registration = _make(cast, S.ADVISORY_REVIEW)
    c11 = criterion_by_number(registration.scorecard, "1.1")
    with pytest.raises(ValidationError):
        registration_request_supplement(
            registration=registration, by=cast.advisory_member, reason="", document_kinds=["label"]
        )
    with pytest.raises(ValidationError):
        registration_request_supplement(registration=registration, by=cast.advisory_member, reason="Thiếu")
    request = registration_request_supplement(
        registration=registration,
        by=cast.advisory_member,
        reason="Nhãn chưa đúng",
        document_kinds=["label"],
        criteria=[c11],
    )
    registration.refresh_from_db()
    assert registration.status == S.SUPPLEMENT_REQUESTED
    assert request.is_open and list(request.criteria.all()) == [c11]
    assert Notification.objects.filter(user=cast.producer_owner, message__contains="Nhãn chưa đúng").exists()


def test_it_refuses_the_supplement_until_the_asked_document_is_uploaded(cast, private_media):
    registration = _make(cast, S.ADVISORY_REVIEW)
    registration_request_supplement(
        registration=registration, by=cast.advisory_member, reason="Nhãn chưa đúng", document_kinds=["label"]
    )
    registration.refresh_from_db()
    with pytest.raises(ValidationError, match="Nhãn sản phẩm"):
        registration_supply_supplement(registration=registration, by=cast.producer_owner)
    document_upload(
        registration=registration, kind="label", uploaded_file=pdf_upload("nhan-moi.pdf"), by=cast.producer_owner
    )
    registration_supply_supplement(registration=registration, by=cast.producer_owner, note="Đã sửa nhãn")
    registration.refresh_from_db()
    assert registration.status == S.ADVISORY_REVIEW
    request = SupplementRequest.objects.get(registration=registration)
    assert request.resolved_at is not None and request.response_note == "Đã sửa nhãn"


def test_it_holds_the_dossier_back_from_the_council_while_a_test_is_pending(cast):
    registration = _make(cast, S.ADVISORY_REVIEW)
    test_request = advisory.testrequest_create(
        registration=registration, by=cast.advisory_member, indicators="Hàm lượng đường khử", laboratory="Quatest 1"
    )
    with pytest.raises(ValidationError, match="kiểm nghiệm"):
        registration_mark_ready(registration=registration, by=cast.advisory_member)
    advisory.testrequest_complete(test_request=test_request, by=cast.advisory_member, result_note="Đạt")
    with pytest.raises(ValidationError):
        advisory.testrequest_complete(test_request=test_request, by=cast.advisory_member, result_note="Đạt lần 2")
    registration_mark_ready(registration=registration, by=cast.advisory_member)
    registration.refresh_from_db()
    assert registration.status == S.READY_FOR_COUNCIL and registration.ready_at is not None


def test_it_records_a_site_visit_during_review_only(cast):
    # submitted a month before the visit (a visit before the submission is refused: test_registration_dates.py)
    registration = _make(cast, S.ADVISORY_REVIEW, submitted_at=timezone.now() - dt.timedelta(days=45))
    visit = sitevisit_record(
        registration=registration,
        by=cast.advisory_member,
        visited_on=dt.date(2026, 11, 2),
        participants="Tổ tư vấn",
        findings="Cơ sở đạt yêu cầu",
    )
    assert visit.pk and AuditEvent.objects.filter(action="registration.site_visit").exists()
    ready = _make(cast, S.READY_FOR_COUNCIL)
    with pytest.raises(ValidationError):
        sitevisit_record(
            registration=ready, by=cast.advisory_member, visited_on=dt.date(2026, 11, 2), participants="x", findings="y"
        )


def test_a_stale_copy_cannot_move_a_dossier_twice(cast, private_media):
    registration = _make(cast, S.FORWARDED)
    stale = Registration.objects.get(pk=registration.pk)
    registration_start_review(registration=registration, by=cast.province_officer)
    with pytest.raises(ValidationError):
        registration_start_review(registration=stale, by=cast.province_officer)
    assert AuditEvent.objects.filter(action="registration.start_review").count() == 1


def test_an_officer_withdraws_only_a_paper_dossier_it_entered(cast):
    online = _make(cast, S.ADVISORY_REVIEW)
    with pytest.raises(PermissionDenied):
        registration_withdraw(registration=online, by=cast.province_officer, reason="Chủ thể xin rút")
    assert Registration.objects.get(pk=online.pk).status == S.ADVISORY_REVIEW
    paper = paper_registration_in(cast, status=S.SUBMITTED)  # of a producer without an account
    registration_withdraw(registration=paper, by=cast.commune_officer, reason="Chủ thể có đơn xin rút")
    assert Registration.objects.get(pk=paper.pk).status == S.WITHDRAWN
