import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LegalBasis(models.TextChoices):
    """The rule set a record was made under (ocop-domain.md §1)."""

    PRE_1048 = "pre-1048", _("Trước QĐ 1048/2019")
    D1048 = "1048/2019", _("QĐ 1048/QĐ-TTg (2019)")
    D148 = "148/2023", _("QĐ 148/QĐ-TTg (2023)")
    D1489 = "1489/2025", _("QĐ 1489/QĐ-TTg (2025)")
    D26 = "26/2026", _("QĐ 26/2026/QĐ-TTg")


# Quyết định 490/QĐ-TTg of 07/05/2018 approved the OCOP programme (ocop-domain.md §1): no OCOP evaluation, decision
# or certificate is dated before it. The one date every record of the past is checked against.
OCOP_PROGRAMME_STARTS_ON = datetime.date(2018, 5, 7)
# Two-tier local government from 01/07/2025 (Luật Tổ chức chính quyền địa phương số 72/2025/QH15, in force that day;
# the provinces merged into 34 by Nghị quyết 202/2025/QH15): districts evaluated until then, and no district
# decision is dated after it.
DISTRICTS_ABOLISHED_ON = datetime.date(2025, 7, 1)
# QĐ 26/2026/QĐ-TTg takes effect (Điều 11.1): its scorecards, procedure and re-evaluation window (Điều 7.6a).
D26_IN_FORCE_ON = datetime.date(2026, 5, 22)


def legal_basis_on(day: datetime.date) -> str:
    """The rule set in force on `day` (ocop-domain.md §1): D26 from 22/05/2026 (Điều 11.1), 1489 from
    06/07/2025, 148 from 24/02/2023, 1048 from 21/08/2019."""
    if day >= D26_IN_FORCE_ON:
        return LegalBasis.D26
    if day >= datetime.date(2025, 7, 6):
        return LegalBasis.D1489
    if day >= datetime.date(2023, 2, 24):
        return LegalBasis.D148
    if day >= datetime.date(2019, 8, 21):
        return LegalBasis.D1048
    return LegalBasis.PRE_1048


class Star(models.IntegerChoices):
    ONE = 1, _("1 sao")
    TWO = 2, _("2 sao")
    THREE = 3, _("3 sao")
    FOUR = 4, _("4 sao")
    FIVE = 5, _("5 sao")


class Level(models.TextChoices):
    """Evaluation level. District is historic only (abolished 1 July 2025)."""

    DISTRICT = "district", _("Cấp huyện (cũ)")
    PROVINCE = "province", _("Cấp tỉnh")
    CENTRAL = "central", _("Cấp trung ương")


class RegistrationKind(models.TextChoices):
    FIRST = "first", _("Đánh giá lần đầu")
    UPGRADE = "upgrade", _("Nâng hạng")
    REEVALUATION = "reevaluation", _("Đánh giá lại")


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã nộp UBND xã")
    FORWARDED = "forwarded", _("Đã chuyển cấp tỉnh")
    ADVISORY_REVIEW = "advisory_review", _("Tổ tư vấn đang xem xét")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
    READY_FOR_COUNCIL = "ready_for_council", _("Sẵn sàng trình Hội đồng")
    SCORED = "scored", _("Đã chấm điểm")
    # D26 Điều 7.3e: a potential 5★ waits for the Chủ tịch UBND tỉnh's approval of the council's result and the
    # province's letter to the ministry before the ministry has it (workflow row `refer_central`).
    PROVINCE_APPROVAL = "province_approval", _("Chờ UBND tỉnh phê duyệt, gửi Bộ")
    # The ministry has it: a potential 5★ (refer_central) or a 5★ product's re-evaluation (forward_central), so the
    # label names neither.
    FORWARDED_TO_CENTRAL = "forwarded_to_central", _("Đã chuyển trung ương")
    DECIDED = "decided", _("Đã có quyết định")
    NOT_RECOGNISED = "not_recognised", _("Không đạt")
    RETURNED = "returned", _("Trả lại")
    WITHDRAWN = "withdrawn", _("Đã rút")
    REJECTED = "rejected", _("Bị từ chối")
    ELIMINATED = "eliminated", _("Bị loại")


# While a dossier is under evaluation, its content is frozen.
FROZEN_STATUSES = {
    RegistrationStatus.FORWARDED,
    RegistrationStatus.ADVISORY_REVIEW,
    RegistrationStatus.READY_FOR_COUNCIL,
    RegistrationStatus.SCORED,
    RegistrationStatus.PROVINCE_APPROVAL,
    RegistrationStatus.FORWARDED_TO_CENTRAL,
    RegistrationStatus.DECIDED,
    RegistrationStatus.NOT_RECOGNISED,
    RegistrationStatus.ELIMINATED,
}

# What the advisory team (Tổ tư vấn) reads: dossiers from the commune's forwarding until they go to the council.
ADVISORY_REVIEW_STATUSES = frozenset(
    {
        RegistrationStatus.FORWARDED,
        RegistrationStatus.ADVISORY_REVIEW,
        RegistrationStatus.SUPPLEMENT_REQUESTED,
        RegistrationStatus.READY_FOR_COUNCIL,
    }
)

# D26 Điều 7.6g: a re-evaluation is in progress (its 45 days run) from the complete dossier at the province until the
# competent authority's decision; these are the statuses in between.
REEVALUATION_RUNNING = {
    RegistrationStatus.FORWARDED,
    RegistrationStatus.ADVISORY_REVIEW,
    RegistrationStatus.SUPPLEMENT_REQUESTED,
    RegistrationStatus.READY_FOR_COUNCIL,
    RegistrationStatus.SCORED,
    RegistrationStatus.PROVINCE_APPROVAL,
    RegistrationStatus.FORWARDED_TO_CENTRAL,
}
# Filed ("nộp hồ sơ", Điều 7.1 and 7.6a) and not yet decided: with the commune, then with the province. A draft, or a
# dossier the commune returned to the producer to complete, has not been filed.
FILED_STATUSES = frozenset({RegistrationStatus.SUBMITTED, *REEVALUATION_RUNNING})
# A re-evaluation keeps its certificate in use past the expiry, for up to 180 days, "until the authority decides"
# (Điều 12.3): from its filing until a decision on it, that is while it is filed and, too, while the commune or the
# province has returned it to the producer to complete (a return is not a decision on the dossier; a supplement asked
# by the advisory team is filed already). A draft never filed does not count, nor a dossier withdrawn, rejected,
# eliminated, not recognised or decided. evaluation.selectors.reevaluation.pending_reevaluations_of reads it.
REEVALUATION_PENDING_STATUSES = frozenset({*FILED_STATUSES, RegistrationStatus.RETURNED})
REEVALUATION_DAYS = 45  # D26 Điều 7.6g: "không quá 45 ngày kể từ ngày nhận đủ hồ sơ" (calendar days)


class CaseVariant(models.IntegerChoices):
    """Bộ 26 (du lịch cộng đồng, điểm du lịch) is scored by one of two cases: chosen once on Mẫu 01."""

    NONE = 0, _("Không áp dụng")
    COMMUNITY = 1, _("Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp")
    PROVIDER = 2, _("Trường hợp 2: Điểm dịch vụ du lịch / dịch vụ do tổ chức, cá nhân cung cấp")


class DocumentKind(models.TextChoices):
    """Evidence types of a dossier (D26 Điều 6, Mẫu 02 guide)."""

    REGISTRATION_FORM = "registration_form", _("Phiếu đăng ký (Mẫu 01) có chữ ký, đóng dấu")
    SELF_ASSESSMENT = "self_assessment", _("Báo cáo tự đánh giá (Mẫu 02) có chữ ký")
    BUSINESS_REGISTRATION = "business_registration", _("Giấy đăng ký kinh doanh")
    QUALITY_DECLARATION = "quality_declaration", _("Bản công bố / tự công bố chất lượng")
    TEST_REPORT = "test_report", _("Phiếu kết quả kiểm nghiệm")
    FOOD_SAFETY = "food_safety", _("Giấy chứng nhận cơ sở đủ điều kiện ATTP")
    LABEL = "label", _("Nhãn sản phẩm")
    TRADEMARK = "trademark", _("Giấy chứng nhận nhãn hiệu / sở hữu trí tuệ")
    STORY = "story", _("Câu chuyện sản phẩm")
    BUSINESS_PLAN = "business_plan", _("Phương án / kế hoạch kinh doanh")
    FINANCIAL_REPORT = "financial_report", _("Báo cáo tài chính")
    RAW_MATERIAL = "raw_material", _("Hợp đồng, chứng từ nguồn gốc nguyên liệu")
    ENVIRONMENT = "environment", _("Hồ sơ môi trường")
    CHANGES_REPORT = "changes_report", _("Báo cáo thay đổi so với lần công nhận trước")
    PREVIOUS_CERTIFICATE = "previous_certificate", _("Giấy chứng nhận OCOP đã được cấp")
    SITE_VISIT = "site_visit", _("Biên bản khảo sát thực tế")
    TEST_RESULT = "test_result", _("Kết quả kiểm nghiệm bổ sung")
    OTHER = "other", _("Tài liệu minh chứng khác")


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Kế hoạch")
    OPEN = "open", _("Đang nhận hồ sơ")
    EVALUATING = "evaluating", _("Đang đánh giá")
    CLOSED = "closed", _("Đã kết thúc")


class RoundState(models.TextChoices):
    """A round's state of the day (EvaluationRound.state_today): the status its organiser last set, unless a deadline
    has passed since (models.registrations.ROUND_DEADLINES). What the round's pages show and its list filters by."""

    PLANNED = RoundStatus.PLANNED.value, RoundStatus.PLANNED.label
    OPEN = RoundStatus.OPEN.value, RoundStatus.OPEN.label
    PROPOSALS_CLOSED = "proposals_closed", _("Hết hạn nhận hồ sơ")
    EVALUATING = RoundStatus.EVALUATING.value, RoundStatus.EVALUATING.label
    OVERDUE = "overdue", _("Quá hạn hoàn thành")
    CLOSED = RoundStatus.CLOSED.value, RoundStatus.CLOSED.label


class CommuneProposal(models.TextChoices):
    FORWARD = "forward", _("Đề nghị cấp tỉnh đánh giá, phân hạng")
    RETURN = "return", _("Trả lại để hoàn thiện")


class CouncilKind(models.TextChoices):
    COUNCIL = "council", _("Hội đồng đánh giá, phân hạng")
    ADVISORY = "advisory", _("Tổ tư vấn")


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Trung bình cộng tổng điểm của các thành viên")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    SECRETARY = "secretary", _("Thư ký")
    MEMBER = "member", _("Thành viên")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    OPEN = "open", _("Đang chấm điểm")
    CLOSED = "closed", _("Đã kết thúc")
    # Called off before any sheet was submitted: its agenda's dossiers go on another session (services.session_schedule).
    CANCELLED = "cancelled", _("Đã hủy")


# A session that takes no more sheets, roll or results, and no longer holds its agenda's dossiers.
ENDED_SESSIONS = (SessionStatus.CLOSED, SessionStatus.CANCELLED)


class SessionMode(models.TextChoices):
    MEETING = "meeting", _("Họp Hội đồng (trực tiếp hoặc trực tuyến)")
    # D26 Điều 7.6d/7.6e: re-evaluations are decided by written opinion; a meeting only when opinions diverge.
    WRITTEN = "written", _("Lấy ý kiến bằng văn bản (đánh giá lại, Điều 7.6d)")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    # Set aside by services.conflicts (a late recusal, no written opinion recorded): kept, counted nowhere; no other
    # sheet replaces it.
    SUPERSEDED = "superseded", _("Đã để riêng (không tính)")


class RevisionKind(models.TextChoices):
    """Why a frozen copy of a score sheet was kept (`SheetRevision.kind`)."""

    SUBMIT = "submit", _("Nộp phiếu")
    REOPEN = "reopen", _("Mở lại phiếu")


class AuditAction(models.TextChoices):
    """The acts this app records in the audit trail (see ocop.choices.AuditAction). A dossier's acts are
    "registration.<verb>" of its workflow step (evaluation.workflow.Step.audit_action) or of its own service."""

    REGISTRATION_CREATE = "registration.create", pgettext_lazy("audit", "Tạo hồ sơ")
    REGISTRATION_UPDATE = "registration.update", pgettext_lazy("audit", "Sửa hồ sơ")
    REGISTRATION_EDIT = "registration.edit", pgettext_lazy("audit", "Sửa hồ sơ")
    REGISTRATION_EDIT_ROUND = "registration.edit_round", pgettext_lazy("audit", "Đổi đợt đánh giá")
    REGISTRATION_COPY_PREVIOUS = "registration.copy_previous", pgettext_lazy("audit", "Sao chép từ hồ sơ trước")
    REGISTRATION_REBIND = "registration.rebind", pgettext_lazy("audit", "Chuyển sang bộ tiêu chí hiện hành")
    REGISTRATION_SELFASSESSMENT = "registration.selfassessment", pgettext_lazy("audit", "Tự đánh giá (Mẫu 02)")
    REGISTRATION_DOCUMENT_UPLOAD = "registration.document_upload", pgettext_lazy("audit", "Tải lên tài liệu")
    REGISTRATION_DOCUMENT_DELETE = "registration.document_delete", pgettext_lazy("audit", "Xoá tài liệu")
    REGISTRATION_DOCUMENT_SET_ASIDE = (
        "registration.document_set_aside",
        pgettext_lazy("audit", "Để riêng tài liệu đã ký theo bộ tiêu chí cũ"),
    )
    REGISTRATION_SUBMIT = "registration.submit", pgettext_lazy("audit", "Nộp hồ sơ")
    REGISTRATION_WITHDRAW = "registration.withdraw", pgettext_lazy("audit", "Rút hồ sơ")
    REGISTRATION_COMMUNE_REPORT = (
        "registration.commune_report",
        pgettext_lazy("audit", "Báo cáo kiểm tra của UBND xã (Mẫu 03)"),
    )
    REGISTRATION_COMMUNE_OVERDUE = "registration.commune_overdue", pgettext_lazy("audit", "Quá hạn UBND xã kiểm tra")
    REGISTRATION_FORWARD = "registration.forward", pgettext_lazy("audit", "Chuyển hồ sơ lên cấp tỉnh")
    REGISTRATION_RETURN = "registration.return", pgettext_lazy("audit", "Trả lại hồ sơ")
    REGISTRATION_REJECT = "registration.reject", pgettext_lazy("audit", "Từ chối hồ sơ")
    REGISTRATION_START_REVIEW = (
        "registration.start_review",
        pgettext_lazy("audit", "Tiếp nhận, chuyển Tổ tư vấn xem xét"),
    )
    REGISTRATION_ELIMINATE = "registration.eliminate", pgettext_lazy("audit", "Loại hồ sơ")
    REGISTRATION_REQUEST_SUPPLEMENT = "registration.request_supplement", pgettext_lazy("audit", "Yêu cầu bổ sung hồ sơ")
    REGISTRATION_SUPPLY_SUPPLEMENT = "registration.supply_supplement", pgettext_lazy("audit", "Bổ sung hồ sơ")
    REGISTRATION_SITE_VISIT = "registration.site_visit", pgettext_lazy("audit", "Khảo sát thực tế")
    REGISTRATION_TEST_REQUEST = "registration.test_request", pgettext_lazy("audit", "Yêu cầu kiểm nghiệm")
    REGISTRATION_TEST_RESULT = "registration.test_result", pgettext_lazy("audit", "Kết quả kiểm nghiệm")
    REGISTRATION_MARK_READY = "registration.mark_ready", pgettext_lazy("audit", "Sẵn sàng trình Hội đồng")
    REGISTRATION_FORWARD_TO_CENTRAL = (
        "registration.forward_to_central",
        pgettext_lazy("audit", "Gửi Bộ đánh giá lại (sản phẩm 5 sao)"),
    )
    REGISTRATION_REFER_TO_CENTRAL = (
        "registration.refer_to_central",
        pgettext_lazy("audit", "UBND tỉnh phê duyệt kết quả, gửi Bộ (tiềm năng 5 sao)"),
    )
    REGISTRATION_COUNCIL_RESULT = "registration.council_result", pgettext_lazy("audit", "Kết quả của Hội đồng")
    REGISTRATION_SEND_BACK_TO_PROVINCE = (
        "registration.send_back_to_province",
        pgettext_lazy("audit", "Chuyển về Hội đồng cấp tỉnh"),
    )
    REGISTRATION_DECIDE = "registration.decide", pgettext_lazy("audit", "Có quyết định công nhận")
    REGISTRATION_NOTIFY_RESULT = "registration.notify_result", pgettext_lazy("audit", "Thông báo kết quả")
    REGISTRATION_UPGRADE_NOT_ACHIEVED = (
        "registration.upgrade_not_achieved",
        pgettext_lazy("audit", "Kết luận không đạt nâng hạng"),
    )
    REGISTRATION_REEVALUATION_OVERDUE = (
        "registration.reevaluation_overdue",
        pgettext_lazy("audit", "Quá hạn đánh giá lại"),
    )
    ROUND_CREATE = "round.create", pgettext_lazy("audit", "Tạo đợt đánh giá")
    ROUND_SET_STATUS = "round.set_status", pgettext_lazy("audit", "Đổi trạng thái đợt đánh giá")
    ROUND_UPDATE = "round.update", pgettext_lazy("audit", "Sửa đợt đánh giá")
    CRITERIA_LOAD = "criteria.load", pgettext_lazy("audit", "Nạp bộ tiêu chí")
    COUNCIL_CREATE = "council.create", pgettext_lazy("audit", "Thành lập Hội đồng")
    COUNCIL_MEMBER_ADD = "council.member_add", pgettext_lazy("audit", "Thêm thành viên Hội đồng")
    COUNCIL_MEMBER_DEACTIVATE = "council.member_deactivate", pgettext_lazy("audit", "Thôi thành viên Hội đồng")
    COUNCIL_SECRETARY_SCORES = "council.secretary_scores", pgettext_lazy("audit", "Đổi việc thư ký chấm điểm")
    COUNCIL_RULES = "council.rules", pgettext_lazy("audit", "Sửa Quy chế của Hội đồng (túc số, chênh lệch điểm)")
    COUNCIL_SESSION_CREATE = "council_session.create", pgettext_lazy("audit", "Tạo phiên họp")
    COUNCIL_SESSION_ATTENDANCE = "council_session.attendance", pgettext_lazy("audit", "Điểm danh phiên họp")
    COUNCIL_SESSION_CLOSE = "council_session.close", pgettext_lazy("audit", "Kết thúc phiên họp")
    COUNCIL_SESSION_RESCHEDULE = "council_session.reschedule", pgettext_lazy("audit", "Đổi lịch phiên họp")
    COUNCIL_SESSION_CANCEL = "council_session.cancel", pgettext_lazy("audit", "Hủy phiên họp")
    COUNCIL_SESSION_RESTORE = "council_session.restore", pgettext_lazy("audit", "Khôi phục phiên họp")
    COUNCIL_SESSION_MINUTES = "council_session.minutes", pgettext_lazy("audit", "Ghi số, thời gian biên bản phiên họp")
    AGENDA_ITEM_ADD = "agenda_item.add", pgettext_lazy("audit", "Đưa hồ sơ vào phiên họp")
    AGENDA_ITEM_ASSIGN = "agenda_item.assign", pgettext_lazy("audit", "Phân công chấm điểm")
    AGENDA_ITEM_NO_OPINION = "agenda_item.no_opinion", pgettext_lazy("audit", "Ghi nhận thành viên không có ý kiến")
    AGENDA_ITEM_NO_OPINION_UNDO = (
        "agenda_item.no_opinion_undo",
        pgettext_lazy("audit", "Hủy ghi nhận thành viên không có ý kiến"),
    )
    AGENDA_ITEM_RESCORE = "agenda_item.rescore", pgettext_lazy("audit", "Chấm lại")
    CONFLICT_DECLARE = "conflict.declare", pgettext_lazy("audit", "Khai báo xung đột lợi ích")
    SCORESHEET_SAVE = "scoresheet.save", pgettext_lazy("audit", "Lưu phiếu chấm")
    SCORESHEET_SUBMIT = "scoresheet.submit", pgettext_lazy("audit", "Nộp phiếu chấm")
    SCORESHEET_REOPEN = "scoresheet.reopen", pgettext_lazy("audit", "Mở lại phiếu chấm")
    COUNCIL_FINDING_RECORD = "council_finding.record", pgettext_lazy("audit", "Ghi nhận kết luận của Hội đồng")
    COUNCIL_RESULT_FINALISE = "council_result.finalise", pgettext_lazy("audit", "Chốt kết quả của Hội đồng")


def audit_vocabulary():
    from ocop.hooks import AuditVocabulary

    from .models import CentralReferral, CommuneReport, CouncilResult, SiteVisit, TestRequest

    return AuditVocabulary(
        actions=dict(AuditAction.choices),
        keys={
            "document": _("Tài liệu"),
            "document_kind": _("Loại tài liệu"),
            "name": _("Tên tệp"),
            "size": _("Dung lượng (byte)"),
            "sha256": _("Mã băm SHA-256"),
            "site_visit": _("Khảo sát thực tế"),
            "visited_on": _("Ngày khảo sát"),
            "test_request": _("Yêu cầu kiểm nghiệm"),
            "previous": _("Hồ sơ trước"),
            "registration": _("Hồ sơ"),
            "round": _("Đợt đánh giá"),
            "present": _("Thành viên có mặt"),
            "items_without_result": _("Hồ sơ chưa có kết quả"),
            # a cancelled session's agenda, free for another session (session_schedule.session_cancel)
            "items_freed": _("Hồ sơ được chuyển chờ phiên họp khác"),
            "assignments_removed": _("Phân công chấm điểm bị hủy"),
            "joined_on": _("Ngày tham gia Hội đồng"),
            "member": _("Thành viên"),
            "has_conflict": _("Có xung đột lợi ích"),
            "mean": _("Điểm trung bình"),
            "star": _("Hạng sao"),
            "potential_five": _("Tiềm năng 5 sao"),
            "notice_number": _("Số thông báo"),
            "notice_date": _("Ngày thông báo"),
            "data_sha256": _("Mã băm dữ liệu"),
            "rebuilt": _("Dựng lại"),
            "unchanged": _("Không đổi"),
        },
        key_choices={"document_kind": DocumentKind, "kind": DocumentKind},  # "kind": rows before 12/2026
        # Not shown: a document set aside keeps its stored file, named by the audit row for the office to retrieve;
        # a document's row id is the trail's own link to the file (its reader has the file's name and type).
        action_keys={
            AuditAction.REGISTRATION_DOCUMENT_SET_ASIDE: {"file": None},
            AuditAction.REGISTRATION_DOCUMENT_UPLOAD: {"document": None},
            AuditAction.REGISTRATION_DOCUMENT_DELETE: {"document": None},
        },
        models=(CommuneReport, CentralReferral),
        # The records an act names by id that are no field of the dossier: named as its foreign keys are.
        key_records={
            "site_visit": (SiteVisit, _site_visit_name),
            "test_request": (TestRequest, str),  # what is to be tested
            "result": (CouncilResult, _result_name),
        },
    )


def _site_visit_name(visit) -> str:
    return _("Khảo sát ngày %(d)s") % {"d": f"{visit.visited_on:%d/%m/%Y}"}


def _result_name(result) -> str:
    """A council's result as the dossier's page words it: its level, mean score and star (or potential 5★)."""
    from ocop.numbers import format_points

    return _("%(level)s: %(score)s điểm, %(result)s") % {
        "level": result.get_level_display(),
        "score": format_points(result.mean_score),
        "result": result.star_label,
    }
