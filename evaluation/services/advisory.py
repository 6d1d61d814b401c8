"""The advisory team (Tổ tư vấn, D26 Điều 7.3): supplements, site visits and extra tests."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.models import User
from ocop.phrases import Phrase
from ocop.services import audit_record

from ..choices import RegistrationStatus
from ..models import Criterion, DocumentKind, Registration, SiteVisit, SupplementRequest, TestRequest
from ..permissions.registrations import ensure_can, ensure_can_act
from ..selectors.dossier import open_supplement, supplement_missing_kinds
from ..workflow import sources
from .checks import completion_due_check, not_before_submission
from .documents import OFFICER_ONLY_KINDS, document_kind_fits, document_kind_unfit_error
from .workflow import announce, reevaluation_clock, registration_transition, require_reason

S = RegistrationStatus


@transaction.atomic
def registration_request_supplement(
    *,
    registration: Registration,
    by: User,
    reason: str,
    document_kinds: Iterable[str] = (),
    criteria: Iterable[Criterion] = (),
    due_on: dt.date | None = None,
) -> SupplementRequest:
    """ADVISORY_REVIEW → SUPPLEMENT_REQUESTED. The reason is mandatory and the items asked bound what the
    producer may change; `due_on`, optional, is the day the team expects them by (D26 sets none,
    completion_due_check)."""
    ensure_can(by, "request_supplement")
    reason = require_reason(reason)
    completion_due_check(registration, due_on)
    document_kinds = [k for k in document_kinds if k]
    criteria = list(criteria)
    if any(k not in DocumentKind.values or k in OFFICER_ONLY_KINDS for k in document_kinds):
        raise ValidationError({"document_kinds": _("Loại tài liệu không hợp lệ.")})
    if not all(document_kind_fits(registration, k) for k in document_kinds):
        raise ValidationError({"document_kinds": document_kind_unfit_error()})
    if not document_kinds and not criteria:
        raise ValidationError(_("Nêu ít nhất một tài liệu hoặc tiêu chí cần bổ sung."))
    on_card = set(
        Criterion.objects.filter(group__part__scorecard_id=registration.scorecard_id).values_list("pk", flat=True)
    )
    if any(c.pk not in on_card for c in criteria):
        raise ValidationError({"criteria": _("Tiêu chí không thuộc phiếu đánh giá của hồ sơ.")})
    registration = registration_transition(
        registration=registration,
        verb="request_supplement",
        by=by,
        reason=reason,
        completion_due_on=due_on,
        audit_changes={"completion_due_on": due_on.isoformat()} if due_on else None,
    )
    request = SupplementRequest(
        registration=registration, reason=reason, document_kinds=document_kinds, requested_by=by
    )
    request.full_clean()
    request.save()
    request.criteria.set(criteria)
    return request


@transaction.atomic
def registration_supply_supplement(*, registration: Registration, by: User, note: str = "") -> Registration:
    """SUPPLEMENT_REQUESTED → ADVISORY_REVIEW once every document asked for has a new upload."""
    ensure_can_act(by, "supply", registration)
    request = open_supplement(registration)
    if registration.status == S.SUPPLEMENT_REQUESTED and request is not None:
        missing = supplement_missing_kinds(request)
        if missing:
            raise ValidationError(
                _("Còn thiếu tài liệu bổ sung: %(list)s.")
                % {"list": ", ".join(str(DocumentKind(k).label) for k in missing)}
            )
    registration = registration_transition(
        registration=registration,
        verb="supply_supplement",
        by=by,
        completion_due_on=None,  # supplied: the day set for it no longer applies
        **reevaluation_clock(registration),
    )
    if request is not None:
        SupplementRequest.objects.filter(pk=request.pk).update(resolved_at=timezone.now(), response_note=note)
    return registration


@transaction.atomic
def sitevisit_record(
    *, registration: Registration, by: User, visited_on: dt.date, participants: str, findings: str
) -> SiteVisit:
    ensure_can(by, "site_visit")
    if registration.status not in sources("site_visit"):
        raise ValidationError(_("Chỉ ghi biên bản khảo sát khi Tổ tư vấn đang xem xét hồ sơ."))
    if visited_on > timezone.localdate():
        raise ValidationError(
            {
                "visited_on": _("Ngày khảo sát không thể sau hôm nay (%(today)s).")
                % {"today": f"{timezone.localdate():%d/%m/%Y}"}
            }
        )
    not_before_submission(
        registration,
        visited_on,
        field="visited_on",
        message=_("Ngày khảo sát không thể trước ngày nộp hồ sơ (%(d)s)."),
    )
    visit = SiteVisit(
        registration=registration, visited_on=visited_on, participants=participants, findings=findings, recorded_by=by
    )
    visit.full_clean()
    visit.save()
    audit_record(
        actor=by,
        action="registration.site_visit",
        target=registration,
        changes={"site_visit": visit.pk, "visited_on": visited_on.isoformat()},
    )
    return visit


@transaction.atomic
def testrequest_create(
    *, registration: Registration, by: User, indicators: str, laboratory: str = "", reason: str = ""
) -> TestRequest:
    ensure_can(by, "test_request")
    if registration.status not in sources("test_request"):
        raise ValidationError(_("Chỉ đề nghị kiểm nghiệm bổ sung khi Tổ tư vấn đang xem xét hồ sơ."))
    test_request = TestRequest(
        registration=registration, indicators=indicators, laboratory=laboratory, reason=reason, requested_by=by
    )
    test_request.full_clean()
    test_request.save()
    audit_record(
        actor=by, action="registration.test_request", target=registration, changes={"test_request": test_request.pk}
    )
    announce(
        registration,
        "test_requested",
        "producer",
        Phrase(
            gettext_lazy("Tổ tư vấn đề nghị kiểm nghiệm bổ sung cho “%(p)s”: %(i)s"),
            p=registration.product.name,
            i=indicators,
        ),
    )
    return test_request


@transaction.atomic
def testrequest_complete(*, test_request: TestRequest, by: User, result_note: str) -> TestRequest:
    ensure_can(by, "test_result")
    result_note = (result_note or "").strip()
    if not result_note:
        raise ValidationError({"result_note": _("Nhập kết quả kiểm nghiệm.")})
    moved = TestRequest.objects.filter(pk=test_request.pk, completed_at__isnull=True).update(
        completed_at=timezone.now(), result_note=result_note
    )
    if moved != 1:
        raise ValidationError(_("Đề nghị kiểm nghiệm này đã có kết quả."))
    test_request.refresh_from_db()
    audit_record(
        actor=by,
        action="registration.test_result",
        target=test_request.registration,
        changes={"test_request": test_request.pk},
    )
    return test_request
