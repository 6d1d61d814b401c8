"""Who may do what in supervision; one chokepoint per model (404 for outsiders, 403 for a wrong role)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from certificates.models import Certificate
from certificates.permissions import can_manage_certificate
from ocop.choices import Role
from ocop.models import User

from .choices import InspectionStatus, PlanLevel, RemedyStatus
from .models import (
    Assignment,
    Complaint,
    Inspection,
    InspectionPhoto,
    Remedy,
    RemedyEvidence,
    RevocationCase,
    SupervisionPlan,
)
from .selectors import revocation_under_way

# Roles that may be sent to inspect: the OCOP offices, and members of the advisory team from the departments
# the office works with (Điều 9.4a: "phối hợp với các sở, ngành liên quan").
INSPECTOR_ROLES = {Role.PROVINCE_OFFICER, Role.ADVISORY_MEMBER, Role.CENTRAL_OFFICER}


def is_office(user: User) -> bool:
    """The OCOP office that organises inspections (Điều 9.4): a province's officers, the ministry's, admins."""
    return (
        user.is_authenticated
        and not user.is_read_only
        and (user.is_superuser or user.role in {Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN})
    )


def reads_supervision(user: User) -> bool:
    """Who opens the supervision pages (lists, coverage): the offices, the viewer, commune officers, inspectors."""
    return user.is_authenticated and (
        user.is_superuser
        or user.role in {Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN, Role.VIEWER, Role.COMMUNE_OFFICER}
        or user.role in INSPECTOR_ROLES
    )


def reads_inspection_list(user: User) -> bool:
    """Who opens the inspection list and its export: those who read supervision, and producers (their own
    concluded inspections, `Inspection.objects.for_user`)."""
    return reads_supervision(user) or (user.is_authenticated and user.role == Role.PRODUCER)


def can_manage_plan(user: User, plan: SupervisionPlan) -> bool:
    """A province's office its province's plans; the ministry (central officers, admins) every plan."""
    if not is_office(user):
        return False
    if user.is_national:
        return True
    return plan.level == PlanLevel.PROVINCE and plan.unit_id == user.province_id


def can_office_certificate(user: User, certificate: Certificate) -> bool:
    """The office responsible for a certified product: its province's, or the ministry."""
    if not is_office(user):
        return False
    if user.is_national:
        return True
    return certificate.product.producer.commune.parent_id == user.province_id


def is_inspector(user: User, inspection: Inspection) -> bool:
    return user.is_authenticated and Assignment.objects.filter(inspection=inspection, inspector=user).exists()


def get_plan_for_user(user: User, pk: int, *, write: bool = False) -> SupervisionPlan:
    plan = get_object_or_404(SupervisionPlan.objects.for_user(user), pk=pk)
    if write and not can_manage_plan(user, plan):
        raise PermissionDenied
    return plan


def get_inspection_for_user(
    user: User, pk: int, *, record: bool = False, office: bool = False, queryset=None
) -> Inspection:
    """The inspection if `user` may see it (404 otherwise). `record`: only an assigned inspector records the visit
    and concludes it (403 for the others who see it); `office`: only the responsible office (assignments)."""
    base = Inspection.objects if queryset is None else queryset
    inspection = get_object_or_404(
        base.for_user(user).select_related("certificate", "product__producer__commune", "plan"), pk=pk
    )
    if record and not is_inspector(user, inspection):
        raise PermissionDenied
    if office and not can_office_certificate(user, inspection.certificate):
        raise PermissionDenied
    return inspection


def get_remedy_for_user(user: User, pk: int) -> Remedy:
    """A remedy is seen by whoever sees its inspection (its producer once concluded)."""
    visible = Inspection.objects.for_user(user).values("pk")
    return get_object_or_404(
        Remedy.objects.select_related("inspection__certificate", "inspection__product__producer").filter(
            inspection__in=visible
        ),
        pk=pk,
    )


def can_answer_remedy(user: User, remedy: Remedy) -> bool:
    """The producer's own members answer an open remedy."""
    return (
        user.is_authenticated
        and user.role == Role.PRODUCER
        and remedy.status == RemedyStatus.OPEN
        and remedy.inspection.product.producer.members.filter(pk=user.pk).exists()
    )


def can_review_remedy(user: User, remedy: Remedy) -> bool:
    return remedy.status == RemedyStatus.ANSWERED and is_inspector(user, remedy.inspection)


def get_photo_for_user(user: User, pk: int) -> InspectionPhoto:
    visible = Inspection.objects.for_user(user).values("pk")
    return get_object_or_404(InspectionPhoto.objects.filter(inspection__in=visible), pk=pk)


def get_evidence_for_user(user: User, pk: int) -> RemedyEvidence:
    visible = Inspection.objects.for_user(user).values("pk")
    return get_object_or_404(RemedyEvidence.objects.filter(remedy__inspection__in=visible), pk=pk)


def get_complaint_for_user(user: User, pk: int, *, write: bool = False) -> Complaint:
    complaint = get_object_or_404(
        Complaint.objects.for_user(user).select_related("product__producer__commune", "inspection"), pk=pk
    )
    if write and not (is_office(user) and (user.is_national or user.role == Role.PROVINCE_OFFICER)):
        raise PermissionDenied
    return complaint


def get_case_for_user(user: User, pk: int, *, write: bool = False) -> RevocationCase:
    case = get_object_or_404(
        RevocationCase.objects.for_user(user).select_related("certificate__product__producer__commune"), pk=pk
    )
    if write and not can_office_certificate(user, case.certificate):
        raise PermissionDenied
    return case


def can_confirm_stop(user: User, certificate: Certificate) -> bool:
    """UBND cấp xã confirms that its producer no longer produces (Điều 8.4): the commune's officers (the
    province's office may record the commune's paper on its behalf)."""
    if not user.is_authenticated or user.is_read_only:
        return False
    commune_id = certificate.product.producer.commune_id
    if user.role == Role.COMMUNE_OFFICER:
        return user.unit_id == commune_id
    return can_office_certificate(user, certificate)


def can_propose_on_conclusion(user: User, certificate: Certificate) -> bool:
    """A proposal on a competent authority's conclusion (Điều 8.1a, c, e): the office responsible for the product
    that is also the one whose authority revokes it (Điều 8.2, 8.3a), as on the certificate's own revocation page."""
    return can_office_certificate(user, certificate) and can_manage_certificate(user, certificate)


def can_request_on_conclusion(user: User, certificate: Certificate) -> bool:
    """Điều 10.1b: the ministry's OCOP office, finding a province's evaluation not done as required, asks the Chủ tịch
    UBND tỉnh to revoke a 3★ or 4★ certificate (ground e, the ministry's letter the conclusion); the province's
    office proposes it (Điều 8.2a, 8.3a)."""
    return (
        user.role == Role.CENTRAL_OFFICER
        and certificate.star != 5
        and can_office_certificate(user, certificate)
        and not can_manage_certificate(user, certificate)
    )


def can_record_conclusion(user: User, certificate: Certificate) -> bool:
    """Who records a competent authority's conclusion on the agency-conclusion page: the office that revokes (and
    proposes), or the ministry requesting the province to revoke (Điều 10.1b)."""
    return can_propose_on_conclusion(user, certificate) or can_request_on_conclusion(user, certificate)


def certificate_actions(user: User, certificate: Certificate) -> list[dict]:
    """The certificate page's buttons into supervision (certificates.hooks.certificate_actions), offered to whom the
    pages they open let in: none once the certificate no longer certifies its product, by its status of the day (the
    morning after its last day, before the night's sweep, too)."""
    if not certificate.is_live_on(timezone.localdate()):
        return []
    actions = []
    if can_office_certificate(user, certificate):
        actions.append(
            {
                "label": _("Kiểm tra đột xuất"),
                "url": f"{reverse('supervision:inspection_create')}?{urlencode({'certificate': certificate.number})}",
                "testid": "ad-hoc-inspection",
                "style": "outline-secondary",
                "inspection": True,  # also offered on the revocation page, where ground b is proposed from it
            }
        )
    under_way = revocation_under_way(certificate=certificate)
    if under_way["any"]:
        # A second start would be refused once its form is filled in: the page leads to what is under way instead
        # (the pending proposal shows on the certificate page itself, its issue behind "Thu hồi").
        case = under_way["case"]
        if case is not None and RevocationCase.objects.for_user(user).filter(pk=case.pk).exists():
            actions.append(
                {
                    "label": _("Hồ sơ thu hồi đang theo dõi (hạn %(d)s)") % {"d": f"{case.due_on:%d/%m/%Y}"},
                    "url": reverse("supervision:case_detail", args=[case.pk]),
                    "testid": "revocation-case",
                    "style": "outline-danger",
                    "inspection": True,
                }
            )
        return actions
    if can_request_on_conclusion(user, certificate):
        actions.append(
            {
                "label": _("Đề nghị UBND tỉnh thu hồi (Điều 10 khoản 1 điểm b)"),
                "url": reverse("supervision:agency_conclusion", args=[certificate.pk]),
                "testid": "agency-conclusion",
                "style": "outline-danger",
            }
        )
    if can_propose_on_conclusion(user, certificate):
        actions.append(
            {
                "label": _("Đề xuất thu hồi theo kết luận của cơ quan có thẩm quyền"),
                "url": reverse("supervision:agency_conclusion", args=[certificate.pk]),
                "testid": "agency-conclusion",
                "style": "outline-danger",
                "revoke": True,  # also offered on the revocation page, whose form leaves grounds a, c, e to it
            }
        )
    if can_confirm_stop(user, certificate):
        actions.append(
            {
                "label": _("Xác nhận không còn sản xuất"),
                "url": reverse("supervision:stop_confirm", args=[certificate.pk]),
                "testid": "stop-confirm",
                "style": "outline-warning",
                "confirmation": True,  # also offered on the revocation page, where ground đ rests on it
            }
        )
    return actions


def inspection_visible_to_producer(inspection: Inspection) -> bool:
    return inspection.status == InspectionStatus.CONCLUDED


def detail_pages() -> dict:
    """The inspection, complaint, revocation case and plan pages (ocop.hooks.detail_pages): what each gives a user
    is what its `get_*_for_user` opens."""
    return {
        "supervision:inspection_detail": Inspection.objects.for_user,
        "supervision:complaint_detail": Complaint.objects.for_user,
        "supervision:case_detail": RevocationCase.objects.for_user,
        "supervision:plan_detail": SupervisionPlan.objects.for_user,
    }
