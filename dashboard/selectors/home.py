"""The home page of every signed-in role: count panels that combine every app, and a producer's worklist.

This app sits at the top of the house (ocop < products < evaluation < certificates < supervision < dashboard), so it imports
the apps below it at module level; none of them imports it.
"""

from urllib.parse import urlencode

from django.db.models import Case, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from certificates.choices import CertificateStatus
from certificates.filters import LIVE, PENDING
from certificates.models import Certificate
from certificates.models.status import live_today_q
from certificates.selectors.certificates import producer_live_certificate_count
from certificates.selectors.decisions import decisions_pending_count
from certificates.selectors.expiry import (
    LIST_ROLES,
    dossier_filed_q,
    expired_since,
    expiry_counts,
    filed_dossier_kind,
    filed_early_q,
    filed_in_window_q,
    renewal_filed_q,
)
from certificates.services.expiry.states import filed_label
from evaluation.choices import REEVALUATION_RUNNING
from evaluation.choices import RegistrationStatus as S
from evaluation.filters import PENDING_CHOICES
from evaluation.models import Registration
from evaluation.models.registrations import MASKED_LABEL, result_masked_q
from evaluation.selectors.member_sheets import pending_sheets_count
from evaluation.selectors.reevaluation import (
    filed_dossiers_of,
    pending_reevaluations_of,
    reevaluation_window,
    reevaluation_window_note,
)
from evaluation.selectors.registrations import registration_counts_for_home
from evaluation.workflow import waiting_statuses
from ocop.choices import Role
from ocop.permissions import reads_registry
from products.choices import ProductStatus
from products.permissions import is_producer_user
from products.selectors import products_counts
from supervision.choices import RemedyStatus
from supervision.selectors import producer_open_remedy_count, producer_remedies


def home_panels(*, user, remedies_open: int | None = None) -> dict:
    """Counts for the home page of each role. Apps add their own panels here as they grow. `remedies_open`: a
    producer's remedy requests waiting for its report, when the page has read them already (producer_worklist)."""
    panels = {}
    # The certificate counts (expiry phases, proposals of thu hồi) come from one query, shared by two groups of tiles.
    counts = expiry_counts(user=user) if _reads_expiry(user) else {}
    panels.update(_products_panels(user))
    panels.update(_registration_panels(user))
    panels.update(_expiry_panels(user, counts))
    panels.update(_council_panels(user))
    panels.update(_certificate_panels(user, counts, remedies_open))
    return panels


def _reads_expiry(user) -> bool:
    return ("admin" if user.is_superuser else user.role) in LIST_ROLES


def _certificate_panels(user, counts: dict, remedies_open: int | None = None) -> dict:
    """Producers: their certificates still in force; decision makers: drafts awaiting issue (one query) and proposals
    of thu hồi awaiting issue (`counts`, expiry_counts)."""

    if user.role == "producer":
        return {
            "certificates_live": {
                "label": _("Giấy chứng nhận còn hiệu lực"),
                "count": producer_live_certificate_count(user=user),
                "url": f"{reverse('certificates:certificate_list')}?status={LIVE}",
            },
            # An inspection's remedy request (Điều 9) waits for the producer's report by its deadline.
            "remedies_open": {
                "label": _("Yêu cầu khắc phục chờ bạn báo cáo"),
                "count": producer_open_remedy_count(user=user) if remedies_open is None else remedies_open,
                "url": f"{reverse('supervision:inspection_list')}?remedy={RemedyStatus.OPEN}",
            },
        }
    if user.role in {"province_officer", "central_officer", "admin"} or user.is_superuser:
        return {
            "decisions_pending": {
                "label": _("Quyết định chờ ban hành"),
                "count": decisions_pending_count(user=user),
                "url": f"{reverse('certificates:decision_list')}?status={PENDING}",
            },
            # A proposal of thu hồi waits for another officer as a draft decision does; nothing else points to it.
            "revocations_pending": {
                "label": _("Đề xuất thu hồi chờ ban hành"),
                "count": counts["revocations_pending"],
                "url": f"{reverse('certificates:certificate_list')}?revocation_proposed=true",
            },
        }
    return {}


def _council_panels(user) -> dict:
    """Council members: dossiers still waiting for their score sheet (one query); the list is `member_sheet_worklist`."""

    if user.role != "council_member":
        return {}
    return {
        "sheets_to_submit": {
            "label": _("Hồ sơ chờ bạn nộp phiếu chấm"),
            "count": pending_sheets_count(user=user),
            "url": reverse("evaluation:session_list") + "#pending-sheets",
        }
    }


def _expiry_panels(user, counts: dict) -> dict:
    """Certificates in the re-evaluation window, expiring and expired in the user's scope (`counts`, one aggregate
    query; see certificates' expiry watch)."""

    if not counts:
        return {}
    url = reverse("certificates:expiry_list")
    return {
        "certificates_in_window": {
            "label": _("Giấy chứng nhận trong thời hạn nộp hồ sơ đánh giá lại, chưa nộp hồ sơ"),
            "count": counts["window_unfiled"],
            "url": f"{url}?phase=window&dossier=false",
        },
        "certificates_expiring": {
            "label": _("Giấy chứng nhận sắp hết hạn (≤ 30 ngày)"),
            "count": counts["expiring"],
            "url": f"{url}?phase=expiring",
        },
        "certificates_expired": {
            "label": _("Giấy chứng nhận hết hạn trong 12 tháng qua"),
            "count": counts["expired"],
            "url": f"{url}?phase=expired&valid_from={expired_since():%d/%m/%Y}",
        },
    }


def _registration_panels(user) -> dict:
    """Dossiers waiting for this user's side and overdue commune checks (one aggregate query)."""

    if user.role == Role.COUNCIL_MEMBER and not user.is_superuser:
        return {}  # their dossiers are the agenda items they score (_council_panels)
    counts = registration_counts_for_home(user=user)
    url = reverse("evaluation:registration_list")
    labels = {
        "producer": _("Hồ sơ cần chủ thể hoàn thiện"),
        "commune_officer": _("Hồ sơ chờ xã kiểm tra"),
        "advisory_member": _("Hồ sơ Tổ tư vấn đang xem xét"),
        "central_officer": _("Hồ sơ các tỉnh gửi Bộ, chờ Hội đồng trung ương"),
    }
    query = [("status", status) for status in waiting_statuses(user)]
    if user.role == "commune_officer":
        query.append(("o", "commune_due_on"))  # the 15 working days: the nearest deadline first
    panels = {
        "registrations_waiting": {
            "label": labels.get(user.role, _("Hồ sơ chờ cấp tỉnh xem xét")),
            "count": counts["waiting"],
            "url": f"{url}?{urlencode(query)}",
        }
    }
    if "paper" in counts:
        # A producer without an account: its turn is the commune's, which types in for it what a return or a
        # supplement asks (Điều 7.1, 7.3a); the notice of a province's return is otherwise its only trace.
        panels["registrations_paper"] = {
            "label": _("Hồ sơ giấy chờ xã hoàn thiện thay chủ thể"),
            "count": counts["paper"],
            "url": f"{url}?paper=true",
        }
    if user.role != "producer" and reads_registry(user):  # (the commune checks are not the advisory team's)
        panels["registrations_overdue"] = {
            "label": _("Quá hạn xã kiểm tra"),
            "count": counts["overdue"],
            "url": f"{url}?overdue=commune",
        }
    if user.role == Role.PROVINCE_OFFICER or user.is_superuser or user.role == Role.ADMIN:
        panels.update(_pending_act_panels(counts, url))
        # D26 Điều 12.2: dossiers pending when D26 took effect, still open past their 60 or 30 days; shown only
        # when there is one (the transition ended on 21/07/2026), the count opening the list of exactly those.
        if counts["transitional_overdue"]:
            panels["transitional_overdue"] = {
                "label": _("Hồ sơ chuyển tiếp (Điều 12.2 QĐ 26/2026) quá hạn, chưa hoàn thành"),
                "count": counts["transitional_overdue"],
                "url": f"{url}?transition=overdue",
            }
    if user.role in ("province_officer", "central_officer", "viewer"):
        panels["reevaluations_overdue"] = {
            "label": _("Đánh giá lại quá 45 ngày (Điều 7.6g)"),
            "count": counts["reevaluation_overdue"],
            "url": f"{url}?overdue=reevaluation",
        }
    return panels


def _pending_act_panels(counts: dict, url: str) -> dict:
    """Scored dossiers no decision can take (evaluation.selectors.dossier.PENDING_ACTS), each waiting for the
    province's OCOP office's own act, not for a decision: counted as that act, shown only when there is one (old
    dossiers, or a certificate that changed after the result), the count opening the list of exactly those."""
    # D26 Điều 7.5, 7.3g: the office concludes a kept upgrade "không đạt" with the written notice (row upgrade_kept);
    # Điều 6.3b, 7.6e: it sends a 5★ re-evaluation the province scored to the ministry (row forward_central).
    keys = {"upgrade_kept": "upgrades_kept", "to_central": "reevaluations_to_central"}
    labels = {name: (keys[name], str(label)) for name, label in PENDING_CHOICES}
    return {
        key: {"label": label, "count": counts[name], "url": f"{url}?{urlencode({'pending': name})}"}
        for name, (key, label) in labels.items()
        if counts[name]
    }


def _products_panels(user) -> dict:
    """Producers and products in the user's scope; none for the council and advisory members, who read dossiers
    and not the registry."""
    if not reads_registry(user):
        return {}
    counts = products_counts(user=user)
    product_url = reverse("products:product_list")
    panels = {}
    if not is_producer_user(user):
        panels["producers"] = {
            "label": _("Chủ thể OCOP"),
            "count": counts["producers"],
            "url": reverse("products:producer_list"),
        }
    panels["products"] = {"label": pgettext("count", "Sản phẩm"), "count": counts["total"], "url": product_url}
    panels["products_recognised"] = {
        "label": _("Sản phẩm đã công nhận"),
        "count": counts["recognised"],
        "url": f"{product_url}?status={ProductStatus.RECOGNISED}",
    }
    return panels


def _due_on(registration):
    if registration.waits_for_producer and registration.completion_due_on:
        return registration.completion_due_on
    if registration.status == S.SUBMITTED:
        return registration.commune_due_on
    return registration.reevaluation_due_on if registration.status in REEVALUATION_RUNNING else None


def _overdue(registration) -> bool:
    """The day `_due_on` shows has passed, by the dossier's own rules (the ones its page and the officers' counts
    read): the producer's completion, the commune's check (Điều 7.2), a re-evaluation's 45 days (Điều 7.6g). The
    producer sees an overdue step marked, whoever's step it is."""
    if registration.waits_for_producer and registration.completion_due_on:
        return registration.is_completion_overdue
    if registration.status == S.SUBMITTED:
        return registration.is_commune_overdue
    return registration.is_reevaluation_overdue


def producer_worklist(*, user, limit: int = 8) -> dict:
    """A producer's home page: each dossier under way with what it waits for (and whose turn it is), and the
    certificates in force, soonest expiry first, and the inspections' remedy requests under way. Three queries
    whatever the number of rows."""

    yours = set(waiting_statuses(user))  # the producer's turn, as the home's count says
    waits_for = {
        S.DRAFT: _("Chờ bạn hoàn thiện hồ sơ và nộp UBND xã"),
        S.RETURNED: _("UBND xã trả lại: sửa theo lý do rồi nộp lại"),
        S.SUPPLEMENT_REQUESTED: _("Chờ bạn bổ sung tài liệu theo yêu cầu"),
        S.SUBMITTED: _("Chờ UBND xã kiểm tra"),
        S.FORWARDED: _("Chờ cấp tỉnh tiếp nhận"),
        S.ADVISORY_REVIEW: _("Tổ tư vấn đang xem xét"),
        S.READY_FOR_COUNCIL: _("Chờ Hội đồng chấm điểm"),
        S.SCORED: _("Đã chấm điểm, chờ quyết định công nhận"),
        S.PROVINCE_APPROVAL: _("Chờ UBND tỉnh phê duyệt kết quả, gửi Bộ (tiềm năng 5 sao)"),
        S.FORWARDED_TO_CENTRAL: _("Chờ Hội đồng trung ương (tiềm năng 5 sao)"),
    }
    registrations = (
        Registration.objects.for_user(user)
        # An outcome not yet announced is one neutral line, whatever it is (issue 6, D26 Điều 7.3g).
        .filter(Q(status__in=list(waits_for)) | result_masked_q())
        .select_related("product", "round")
        .order_by(Case(When(status__in=list(yours), then=0), default=1), "created_at", "pk")[:limit]
    )
    dossiers = [
        {
            "registration": r,
            "waits_for": waits_for[r.status] if r.result_announced else MASKED_LABEL,
            "yours": r.status in yours,
            # The day the officer set to complete a returned dossier or supply a supplement (the producer's turn), the
            # commune's check, or a re-evaluation's 45 days (D26 Điều 7.6g), as the dossier's page says.
            "due_on": _due_on(r),
            "overdue": _overdue(r),
            "reason": r.status_reason if r.status in yours else "",
        }
        for r in registrations
    ]
    today = timezone.localdate()
    # In force today, with the status of today (certificates.models.status.status_today), not the one the night's sweep
    # last stored: the morning after its last day, a certificate whose re-evaluation is pending reads "extended" (Điều
    # 12.3) before the 00:30 sweep as after it, and one with none is no longer listed.
    certificates = list(
        Certificate.objects.for_user(user)
        .filter(live_today_q(today=today))
        .with_status_today(today)
        # Its re-evaluation filed, within the window or late, by the expiry list's rules (states.filed_label): no
        # longer a task.
        .with_reevaluation_pending()
        .annotate(
            filed_in_window=filed_in_window_q(),
            filed_early=filed_early_q(),
            dossier_filed=dossier_filed_q(),
            # Whether the producer still has to file, by the rule of the officers' expiry list (its tiles, its
            # notices): the open window reads "file now" only then.
            renewal_filed=renewal_filed_q(),
            # …and which dossier that is, for the line to link it: its re-evaluation, or another one filed (an
            # upgrade, `filed_dossier_kind`: states.filed_label says which).
            filed_dossier_kind=filed_dossier_kind(),
            filed_dossier_id=Coalesce(
                Subquery(
                    pending_reevaluations_of(OuterRef("product"), OuterRef("valid_until"))
                    .order_by("-pk")
                    .values("pk")[:1]
                ),
                Subquery(filed_dossiers_of(OuterRef("product")).order_by("-pk").values("pk")[:1]),
            ),
        )
        .order_by("valid_until", "pk")[:limit]
    )
    for certificate in certificates:  # when its re-evaluation dossier goes in (Điều 7.6a), and whether that is now
        certificate.status_today_label = CertificateStatus(certificate.status_today).label
        # Filed (in time, or late): the window is no longer a task of the producer's; the line follows the dossier.
        filed = filed_label(certificate)
        certificate.filed_label = filed[0] if filed else None
        certificate.window = reevaluation_window(certificate.valid_until)  # None: no D26 window, and why
        certificate.window_note = reevaluation_window_note(certificate.valid_until)
        certificate.file_now = (
            certificate.window is not None
            and certificate.window[0] <= today <= certificate.window[1]
            and not certificate.renewal_filed
        )
    # What an inspection asked the producer to fix, by its deadline (supervision's remedies): the producer's turn until
    # they report, then the inspectors'; where it stands is said as the inspectors read it (a deadline passed, a
    # report sent back and how many times: supervision.selectors.remedy_state_of).
    remedies = [
        {
            "remedy": remedy,
            "yours": remedy.status == RemedyStatus.OPEN,
            "state": remedy.state,
            "due_on": remedy.due_on,
            "overdue": remedy.overdue,
        }
        for remedy in producer_remedies(user=user, today=today, limit=limit)
    ]
    # How many wait for the producer's report in all, read off the list's query (the home's tile, home_panels).
    remedies_open = remedies[0]["remedy"].open_total if remedies else 0
    return {"dossiers": dossiers, "certificates": certificates, "remedies": remedies, "remedies_open": remedies_open}
