"""Outcomes: compliant; a remedy the producer answers with evidence and an inspector accepts or rejects; a proposal
to revoke on a ground of Điều 8.1 that opens the certificate's four-eyes revocation with its 15 days; the commune's
confirmation that production stopped opens the same path. Each step reaches the producer in the app and by mail."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from certificates.choices import CertificateStatus, RevocationGround, RevocationStatus
from certificates.models import Revocation
from certificates.services.revocations import certificate_revoke
from ocop.downloads import IMAGE_CONTENT_SECURITY_POLICY
from supervision import services
from supervision.choices import CaseSource, Outcome, RemedyStatus, Severity
from supervision.models import Remedy, RevocationCase

from .factories import advisory_inspector, certificate_for, pdf, png, recorded, scheduled, with_finding

pytestmark = pytest.mark.django_db

DUE = dt.timedelta(days=30)


def remedied(cast):
    inspection = recorded(cast, items=with_finding(Severity.MAJOR))
    services.inspection_conclude(
        inspection=inspection,
        by=inspection.inspectors.first(),
        outcome=Outcome.REMEDY,
        remedy_required="Thay nhãn ghi đúng 4 sao.",
        remedy_due_on=timezone.localdate() + DUE,
    )
    return inspection


def test_compliant_is_refused_with_a_heavy_finding_and_allowed_with_a_light_one(cast):
    heavy = recorded(cast, items=with_finding(Severity.MAJOR))
    with pytest.raises(ValidationError):
        services.inspection_conclude(inspection=heavy, by=heavy.inspectors.first(), outcome=Outcome.COMPLIANT)
    light = recorded(cast, scheduled(cast, plan=heavy.plan), items=with_finding(Severity.MINOR))
    services.inspection_conclude(inspection=light, by=light.inspectors.first(), outcome=Outcome.COMPLIANT)
    light.refresh_from_db()
    assert light.outcome == Outcome.COMPLIANT and light.concluded_on == timezone.localdate()


def test_a_conclusion_needs_the_record_first_and_happens_once(cast):
    inspection = scheduled(cast)
    by = inspection.inspectors.first()
    with pytest.raises(ValidationError):
        services.inspection_conclude(inspection=inspection, by=by, outcome=Outcome.COMPLIANT)
    recorded(cast, inspection)
    services.inspection_conclude(inspection=inspection, by=by, outcome=Outcome.COMPLIANT)
    with pytest.raises(ValidationError):
        services.inspection_conclude(inspection=inspection, by=by, outcome=Outcome.COMPLIANT)


def test_a_remedy_needs_findings_a_text_and_a_later_deadline(cast):
    inspection = recorded(cast)
    by = inspection.inspectors.first()
    with pytest.raises(ValidationError):  # nothing found
        services.inspection_conclude(
            inspection=inspection,
            by=by,
            outcome=Outcome.REMEDY,
            remedy_required="x",
            remedy_due_on=timezone.localdate() + DUE,
        )
    recorded(cast, inspection, items=with_finding())
    for required, due in (("", timezone.localdate() + DUE), ("Sửa nhãn", timezone.localdate())):
        with pytest.raises(ValidationError):
            services.inspection_conclude(
                inspection=inspection, by=by, outcome=Outcome.REMEDY, remedy_required=required, remedy_due_on=due
            )


def test_the_producer_answers_with_evidence_the_inspector_rejects_then_accepts(
    cast, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        inspection = remedied(cast)
    remedy = inspection.remedy
    assert any("Yêu cầu khắc phục" in m.body and "Thay nhãn ghi đúng 4 sao" in m.body for m in mailoutbox)
    assert cast.producer_owner.notifications.filter(message__contains="Kết luận kiểm tra").exists()
    with pytest.raises(PermissionDenied):  # another producer, an officer
        services.remedy_answer(remedy=remedy, by=cast.other_producer, answer="Đã sửa")
    with pytest.raises(PermissionDenied):
        services.remedy_answer(remedy=remedy, by=cast.province_officer, answer="Đã sửa")
    services.remedy_answer(remedy=remedy, by=cast.producer_owner, answer="Đã in lại nhãn.", uploads=[png(), pdf()])
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.ANSWERED and remedy.evidence.count() == 2
    by = inspection.inspectors.first()
    assert by.notifications.filter(message__contains="báo cáo khắc phục").exists()
    with pytest.raises(PermissionDenied):  # not an inspector of this one
        services.remedy_review(remedy=remedy, by=cast.province_officer, accept=True)
    with pytest.raises(ValidationError):  # a rejection says why
        services.remedy_review(remedy=remedy, by=by, accept=False)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.remedy_review(remedy=remedy, by=by, accept=False, note="Ảnh chưa rõ nhãn mới.")
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.OPEN and "chưa được chấp nhận" in mailoutbox[0].body
    services.remedy_answer(remedy=remedy, by=cast.producer_owner, answer="Ảnh rõ hơn.", uploads=[png("moi.png")])
    with django_capture_on_commit_callbacks(execute=True):
        services.remedy_review(remedy=remedy, by=by, accept=True)
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.ACCEPTED and remedy.evidence.count() == 3
    assert "đã được chấp nhận" in mailoutbox[-1].body


def test_evidence_must_be_a_photo_or_a_pdf(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    remedy = remedied(cast).remedy
    with pytest.raises(ValidationError):
        services.remedy_answer(
            remedy=remedy, by=cast.producer_owner, answer="x", uploads=[SimpleUploadedFile("a.exe", b"MZ\x90")]
        )
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.OPEN and not remedy.evidence.exists()


def test_remedy_pages_by_role(cast, login):
    inspection = remedied(cast)
    remedy = inspection.remedy
    detail = reverse("supervision:inspection_detail", args=[inspection.pk])
    answer = reverse("supervision:remedy_answer", args=[remedy.pk])
    for user, codes in {
        cast.producer_owner: (200, 200),
        cast.other_producer: (404, 404),
        cast.outsider: (404, 404),
        cast.province_officer: (200, 403),
        cast.commune_officer: (200, 403),
        inspection.inspectors.first(): (200, 403),
    }.items():
        client = login(user)
        assert (client.get(detail).status_code, client.get(answer).status_code) == codes, user
    client = login(cast.producer_owner)
    response = client.post(answer, {"answer": "Đã in lại nhãn.", "files": [png(), pdf()]})
    assert response.status_code == 302
    for evidence in remedy.evidence.all():  # a photo is shown as an image, a PDF is downloaded
        served = client.get(reverse("supervision:remedy_evidence", args=[evidence.pk]))
        assert served.status_code == 200
        is_photo = evidence.content_type == "image/png"
        assert served["Content-Disposition"].startswith("inline" if is_photo else "attachment")
        assert (served["Content-Security-Policy"] == IMAGE_CONTENT_SECURITY_POLICY) == is_photo
        b"".join(served.streaming_content)
    url = reverse("supervision:remedy_evidence", args=[evidence.pk])
    assert login(cast.other_producer).get(url).status_code == 404
    review = reverse("supervision:remedy_review", args=[remedy.pk])
    assert login(cast.province_officer).post(review, {"decision": "accept"}).status_code == 403
    assert login(inspection.inspectors.first()).post(review, {"decision": "accept"}).status_code == 302
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.ACCEPTED


def test_an_answer_too_long_and_files_that_are_no_evidence_are_refused_at_once(cast, login):
    """The service checked the files only once the answer was right: an answer too long was refused first, then each
    file that is neither a photo nor a PDF at the next submit, one at a time."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    remedy = remedied(cast).remedy
    answer = "Đã in lại nhãn. " + "x" * 5000
    files = [png(), SimpleUploadedFile("a.exe", b"MZ\x90"), SimpleUploadedFile("b.doc", b"\xd0\xcf\x11\xe0")]
    url = reverse("supervision:remedy_answer", args=[remedy.pk])
    response = login(cast.producer_owner).post(url, {"answer": answer, "files": files})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["answer"] == ["Đã khắc phục những gì: tối đa 5000 ký tự (hiện có 5016)."]
    assert [message.split(":")[0] for message in errors["files"]] == ["a.exe", "b.doc"]
    assert answer in response.content.decode()
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.OPEN and not remedy.evidence.exists()


def test_a_proposal_to_revoke_opens_the_four_eyes_path_and_the_15_days(
    cast, client, mailoutbox, django_capture_on_commit_callbacks
):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    by = inspection.inspectors.first()  # a province officer of the office
    with django_capture_on_commit_callbacks(execute=True):
        services.inspection_conclude(
            inspection=inspection, by=by, outcome=Outcome.REVOKE, ground=RevocationGround.MARK_MISUSE
        )
    certificate = inspection.certificate
    proposal = Revocation.objects.get(certificate=certificate)
    assert proposal.status == RevocationStatus.PROPOSED and proposal.proposed_by == by
    case = RevocationCase.objects.get(certificate=certificate)
    assert case.source == CaseSource.FINDING and case.opened_on == timezone.localdate()
    assert case.due_on == services.revocation_due_on(timezone.localdate())
    mail = next(m for m in mailoutbox if "căn cứ thu hồi" in m.body)
    assert "đề xuất" not in mail.body.lower()  # the pending proposal stays with the officials
    with pytest.raises(ValidationError):  # four eyes: the proposer does not issue
        certificate_revoke(
            certificate=certificate, decision_number="9/QĐ-UBND", decision_date=timezone.localdate(), by=by
        )
    certificate_revoke(
        certificate=certificate,
        decision_number="9/QĐ-UBND",
        decision_date=timezone.localdate(),
        by=cast.province_officer,
    )
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert client.get(reverse("certificates:certificate_verify", args=[certificate.verify_token])).status_code == 410
    from supervision.selectors import open_cases

    assert not open_cases(user=cast.province_officer).exists()


def test_an_advisory_inspector_cannot_propose_a_revocation(cast):
    inspection = recorded(
        cast, scheduled(cast, inspectors=[advisory_inspector(cast)]), items=with_finding(Severity.CRITICAL)
    )
    with pytest.raises(ValidationError) as info:
        services.inspection_conclude(
            inspection=inspection, by=cast.advisory_member, outcome=Outcome.REVOKE, ground=RevocationGround.MARK_MISUSE
        )
    assert "outcome" in info.value.message_dict
    assert not Revocation.objects.exists()


def test_the_communes_confirmation_opens_the_same_path(cast, login, mailoutbox, django_capture_on_commit_callbacks):
    certificate = certificate_for(cast)
    confirmed = timezone.localdate() - dt.timedelta(days=2)
    with pytest.raises(PermissionDenied):
        services.production_stop_confirm(
            certificate=certificate, by=cast.other_commune_officer, confirmed_on=confirmed, document_number="5/XN-UBND"
        )
    with django_capture_on_commit_callbacks(execute=True):
        case = services.production_stop_confirm(
            certificate=certificate, by=cast.commune_officer, confirmed_on=confirmed, document_number="5/XN-UBND"
        )
    assert case.ground == RevocationGround.STOPPED_PRODUCTION and case.due_on == services.revocation_due_on(confirmed)
    assert cast.province_officer.notifications.filter(message__contains="không còn sản xuất").exists()
    assert any("không còn sản xuất" in m.body for m in mailoutbox)
    with pytest.raises(ValidationError):  # one case per certificate
        services.production_stop_confirm(
            certificate=certificate, by=cast.commune_officer, confirmed_on=confirmed, document_number="6/XN-UBND"
        )
    page = reverse("supervision:case_detail", args=[case.pk])
    assert login(cast.commune_officer).post(page).status_code == 403
    assert login(cast.outsider).get(page).status_code == 404
    assert login(cast.producer_owner).get(page).status_code == 404  # officials only, like a pending proposal
    assert login(cast.province_officer).post(page).status_code == 302
    proposal = Revocation.objects.get(certificate=certificate)
    assert proposal.ground == RevocationGround.STOPPED_PRODUCTION and "5/XN-UBND" in proposal.detail


def test_stop_confirm_view_by_role(cast, login):
    certificate = certificate_for(cast)
    url = reverse("supervision:stop_confirm", args=[certificate.pk])
    for user, code in {
        cast.commune_officer: 200,
        cast.province_officer: 200,
        cast.other_commune_officer: 404,
        cast.outsider: 404,
        cast.viewer: 403,
        cast.producer_owner: 403,
    }.items():
        assert login(user).get(url).status_code == code, user
    response = login(cast.commune_officer).post(
        url, {"confirmed_on": timezone.localdate().strftime("%d/%m/%Y"), "document_number": "7/XN-UBND"}
    )
    assert response.status_code == 302 and RevocationCase.objects.filter(certificate=certificate).exists()


def test_conclude_view_asks_before_proposing_a_revocation(cast, login):
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    client = login(inspection.inspectors.first())
    url = reverse("supervision:inspection_conclude", args=[inspection.pk])
    data = {"outcome": "revoke", "concluded_on": timezone.localdate().strftime("%d/%m/%Y"), "ground": "d"}
    first = client.post(url, data)
    assert first.status_code == 200 and not Revocation.objects.exists()
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    assert Revocation.objects.filter(certificate=inspection.certificate).exists()


def _stop_case(cast, days_ago: int = 2):
    certificate = certificate_for(cast)
    return services.production_stop_confirm(
        certificate=certificate,
        by=cast.commune_officer,
        confirmed_on=timezone.localdate() - dt.timedelta(days=days_ago),
        document_number="5/XN-UBND",
    )


def test_the_office_may_close_a_case_without_revoking_and_it_leaves_the_follow_up(cast):
    from ocop.models import AuditEvent
    from supervision.selectors import open_cases

    case = _stop_case(cast)
    with pytest.raises(ValidationError) as info:
        services.revocation_case_close(case=case, by=cast.province_officer, reason="  ")
    assert "reason" in info.value.message_dict
    with pytest.raises(PermissionDenied):
        services.revocation_case_close(case=case, by=cast.commune_officer, reason="UBND xã rút văn bản.")
    services.revocation_case_close(case=case, by=cast.province_officer, reason="UBND xã rút văn bản 5/XN-UBND.")
    case.refresh_from_db()
    assert case.is_closed and case.closed_by == cast.province_officer and "rút" in case.close_reason
    assert not open_cases(user=cast.province_officer).exists()
    assert AuditEvent.objects.filter(action="supervision.case_close").count() == 1
    with pytest.raises(ValidationError):  # a double click closes once
        services.revocation_case_close(case=case, by=cast.province_officer, reason="Lần hai.")
    assert AuditEvent.objects.filter(action="supervision.case_close").count() == 1
    assert case.certificate.status in {CertificateStatus.VALID, CertificateStatus.RENEWAL_WINDOW}


def test_a_case_with_a_pending_proposal_cannot_be_closed_until_it_is_withdrawn(cast):
    from certificates.services.revocations import certificate_revoke_withdraw

    case = _stop_case(cast)
    services.revocation_case_propose(case=case, by=cast.province_officer)
    with pytest.raises(ValidationError):
        services.revocation_case_close(case=case, by=cast.province_officer, reason="Sản xuất trở lại.")
    certificate_revoke_withdraw(certificate=case.certificate, by=cast.province_officer)
    services.revocation_case_close(case=case, by=cast.province_officer, reason="Sản xuất trở lại.")
    assert RevocationCase.objects.get(pk=case.pk).is_closed


def test_a_new_confirmation_opens_a_closed_case_again_with_its_own_15_days(cast):
    case = _stop_case(cast, days_ago=20)
    services.revocation_case_close(case=case, by=cast.province_officer, reason="UBND xã rút văn bản.")
    confirmed = timezone.localdate()
    again = services.production_stop_confirm(
        certificate=case.certificate, by=cast.commune_officer, confirmed_on=confirmed, document_number="9/XN-UBND"
    )
    assert again.pk == case.pk and not again.is_closed and again.close_reason == ""
    assert again.due_on == services.revocation_due_on(confirmed) and again.document_number == "9/XN-UBND"


def test_case_close_view_by_role(cast, login):
    case = _stop_case(cast)
    url = reverse("supervision:case_close", args=[case.pk])
    page = reverse("supervision:case_detail", args=[case.pk])
    assert login(cast.outsider).post(url, {"reason": "x"}).status_code == 404
    assert login(cast.producer_owner).post(url, {"reason": "x"}).status_code == 404
    assert login(cast.viewer).post(url, {"reason": "x"}).status_code == 403
    assert login(cast.commune_officer).post(url, {"reason": "x"}).status_code == 403
    assert login(cast.province_officer).get(url).status_code == 405
    assert "Đóng hồ sơ, không thu hồi" in login(cast.province_officer).get(page).content.decode()
    response = login(cast.province_officer).post(url, {"reason": ""})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not RevocationCase.objects.get(pk=case.pk).is_closed
    response = login(cast.province_officer).post(url, {"reason": "Sản xuất trở lại từ 01/12."})
    assert response.status_code == 302 and RevocationCase.objects.get(pk=case.pk).is_closed
    body = login(cast.province_officer).get(page).content.decode()
    assert "Sản xuất trở lại từ 01/12." in body and "Đóng hồ sơ, không thu hồi" not in body


def test_an_answer_whose_second_file_fails_to_store_leaves_no_file_and_the_remedy_open(
    cast, settings, tmp_path, monkeypatch
):
    """The evidence files are stored one after the other: one that fails (the disk is full) rolls the answer back,
    and the files stored before it go too, instead of staying in storage with no row naming them."""
    from django.core.files.storage import FileSystemStorage

    from supervision.models import Remedy

    settings.MEDIA_ROOT = tmp_path
    remedy = remedied(cast).remedy
    stored = []
    save = FileSystemStorage._save

    def disk_full_on_the_second(self, name, content):
        if stored:
            raise OSError(28, "No space left on device")
        stored.append(name)
        return save(self, name, content)

    before = {p for p in tmp_path.rglob("*") if p.is_file()}
    monkeypatch.setattr(FileSystemStorage, "_save", disk_full_on_the_second)
    with pytest.raises(OSError):
        services.remedy_answer(remedy=remedy, by=cast.producer_owner, answer="Đã sửa.", uploads=[png(), pdf()])
    assert stored and {p for p in tmp_path.rglob("*") if p.is_file()} == before
    assert Remedy.objects.get(pk=remedy.pk).status == RemedyStatus.OPEN


@pytest.mark.parametrize("items", [None, with_finding(Severity.MAJOR)], ids=["all_met", "major_only"])
def test_revoke_is_refused_without_a_critical_finding(cast, items):
    """Điều 8.1b: the conclusion must show the product no longer meets the criteria; areas all "Đạt", or findings
    that a remedy can answer, are no ground to revoke."""
    inspection = recorded(cast, items=items)
    with pytest.raises(ValidationError) as info:
        services.inspection_conclude(
            inspection=inspection,
            by=inspection.inspectors.first(),
            outcome=Outcome.REVOKE,
            ground=RevocationGround.CRITERIA_NOT_MET,
        )
    assert "Rất nặng" in " ".join(info.value.message_dict["outcome"])
    assert not Revocation.objects.exists() and not RevocationCase.objects.exists()
    inspection.refresh_from_db()
    assert inspection.outcome == "" and inspection.concluded_on is None


def test_conclude_view_refuses_a_revocation_before_asking_to_confirm(cast, login):
    """Without a ground, or with nothing critical in the record, the page says why next to the field at once, not
    after a confirmation page that showed "Căn cứ —"."""
    today = timezone.localdate().strftime("%d/%m/%Y")
    critical = recorded(cast, items=with_finding(Severity.CRITICAL))
    client = login(critical.inspectors.first())
    response = client.post(
        reverse("supervision:inspection_conclude", args=[critical.pk]), {"outcome": "revoke", "concluded_on": today}
    )
    assert response.status_code == 200 and "confirmed" not in response.content.decode()
    assert response.context["form"].errors["ground"] == ["Chọn căn cứ thu hồi (Điều 8 khoản 1)."]
    met = recorded(cast, scheduled(cast, certificate_for(cast, name="Mật ong")))
    client = login(met.inspectors.first())
    data = {"outcome": "revoke", "concluded_on": today, "ground": "b"}
    for extra in ({}, {"confirmed": "1"}):
        response = client.post(reverse("supervision:inspection_conclude", args=[met.pk]), {**data, **extra})
        assert response.status_code == 200 and "Rất nặng" in response.context["form"].errors["outcome"][0]
    assert not Revocation.objects.exists()


def test_a_remedy_is_refused_when_a_finding_is_a_ground_to_revoke(cast):
    """Điều 8.1: the certificate "bị thu hồi" once a ground is established. A record with a finding at "Rất nặng: có
    căn cứ thu hồi" was concluded with a remedy, and the certificate stayed in force; it is refused next to the
    outcome, and the same record concludes on the ground to revoke."""
    inspection = recorded(cast, items=with_finding(Severity.CRITICAL))
    by = inspection.inspectors.first()
    with pytest.raises(ValidationError) as raised:
        services.inspection_conclude(
            inspection=inspection,
            by=by,
            outcome=Outcome.REMEDY,
            remedy_required="Thay nhãn ghi đúng 4 sao.",
            remedy_due_on=timezone.localdate() + DUE,
        )
    assert list(raised.value.message_dict) == ["outcome"]
    assert "Điều 8 khoản 1" in raised.value.message_dict["outcome"][0]
    inspection.refresh_from_db()
    assert inspection.outcome == "" and not Remedy.objects.filter(inspection=inspection).exists()
