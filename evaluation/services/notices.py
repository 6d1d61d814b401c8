"""What the producer and the offices are told outside a transition: overdue checks and the written result notice."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.models import User
from ocop.phrases import Phrase
from ocop.services import audit_record, notify, outbox_enqueue
from products.services import product_refresh_status

from ..choices import RegistrationStatus
from ..models import Registration, ResultNotice
from ..models.registrations import RESULT_NOTIFIABLE
from ..permissions.registrations import can_notify_result, ensure_can
from ..selectors.dossier import latest_result
from ..selectors.registrations import commune_overdue_q, reevaluation_overdue_q
from .notice_papers import notice_paper_check
from .workflow import announce, recipients

S = RegistrationStatus


def registrations_notify_overdue(*, today: dt.date | None = None) -> int:
    """The daily sweep: tell the commune (and the provincial agency) once about each dossier whose 15 working
    days have passed without a check, and the provincial agency once about each re-evaluation past its 45 days
    (D26 Điều 7.6g). Each row is claimed by compare-and-swap before anything is sent, so a
    retry, a second worker or a manual rerun sends one notice. Returns how many were sent."""
    today = today or timezone.localdate()
    commune = _overdue_sweep(
        due=commune_overdue_q(today),
        due_field="commune_due_on",
        stamp_field="commune_overdue_notified_at",
        event="commune_overdue",
        audiences=("commune", "province"),
        message=gettext_lazy("Quá hạn UBND xã kiểm tra hồ sơ “%(p)s” (hạn %(d)s)."),
    )
    reevaluation = _overdue_sweep(
        due=reevaluation_overdue_q(today),
        due_field="reevaluation_due_on",
        stamp_field="reevaluation_overdue_notified_at",
        event="reevaluation_overdue",
        audiences=("province",),
        message=gettext_lazy("Quá hạn 45 ngày đánh giá lại sản phẩm “%(p)s” (hạn %(d)s, Điều 7.6g)."),
    )
    return commune + reevaluation


def _overdue_sweep(*, due: Q, due_field: str, stamp_field: str, event: str, audiences: tuple, message: Promise) -> int:
    """Announce once each dossier matching `due` whose `stamp_field` is unset: the row is claimed by
    compare-and-swap (the stamp) before anything is sent, in its own transaction."""
    unsent = Q(due, **{f"{stamp_field}__isnull": True})
    sent = 0
    for pk in list(Registration.objects.filter(unsent).values_list("pk", flat=True).iterator()):
        with transaction.atomic():
            claimed = Registration.objects.filter(unsent, pk=pk).update(**{stamp_field: timezone.now()})
            if claimed != 1:
                continue
            registration = Registration.objects.select_related("product", "commune").get(pk=pk)
            due_on = getattr(registration, due_field)
            notice = Phrase(message, p=registration.product.name, d=due_on.strftime("%d/%m/%Y"))
            for audience in audiences:
                announce(registration, event, audience, notice)
            audit_record(
                actor=None,
                action=f"registration.{event}",
                target=registration,
                changes={due_field: due_on.isoformat()},
            )
            sent += 1
    return sent


def result_notice(registration: Registration, result) -> Phrase:
    """The written notice (D26 Điều 7.3g): the outcome, the mean score, the star, the unmet minimum markers."""
    product = registration.product.name
    if registration.status == S.FORWARDED_TO_CENTRAL:
        head = gettext_lazy(
            "Sản phẩm “%(p)s” được Hội đồng cấp tỉnh đánh giá đạt %(m)s điểm, tiềm năng 5 sao; hồ sơ đã được chuyển "
            "Bộ Nông nghiệp và Môi trường để Hội đồng cấp trung ương đánh giá, phân hạng."
        )
    elif registration.status == S.ELIMINATED:
        head = gettext_lazy("Hồ sơ sản phẩm “%(p)s” bị Hội đồng đánh giá, phân hạng loại (điểm trung bình %(m)s).")
    elif result.upgrade_failed:
        # Điều 7.5: no star above the one held is no upgrade; the product stays recognised with what it holds.
        head = gettext_lazy(
            "Sản phẩm “%(p)s” không đạt nâng hạng: điểm trung bình của Hội đồng là %(m)s điểm, tương ứng %(s)s sao, "
            "không cao hơn hạng %(h)s sao đang được công nhận; sản phẩm giữ giấy chứng nhận OCOP hiện có."
        )
    else:
        head = gettext_lazy(
            "Sản phẩm “%(p)s” không đủ điều kiện công nhận sản phẩm OCOP: điểm trung bình của Hội đồng là %(m)s "
            "điểm, tương ứng %(s)s sao (công nhận từ 3 sao)."
        )
    lines = [Phrase(head, p=product, m=_points(result.mean_score), s=result.final_star, h=result.held_star)]
    for reason in result.knockouts or []:
        lines.append(Phrase(gettext_lazy("Lý do loại: %(r)s"), r=reason))
    for marker in result.failed_markers or []:
        lines.append(
            Phrase(
                gettext_lazy(
                    "Tiêu chí %(c)s: cần tối thiểu %(r)s điểm để đạt %(s)s sao, Hội đồng chấm trung bình %(p)s điểm."
                ),
                c=marker.get("criterion"),
                r=marker.get("required_points"),
                s=marker.get("min_star"),
                p=_points(marker.get("points")),
            )
        )
    return Phrase.join(lines)


def _announced(result) -> dict:
    """What the notice announced of the result, for its audit row: a province's potential 5★ awards no star
    (CouncilResult.star_shown), so the row says the potential, not "5"."""
    return {"potential_five": True} if result.potential_five else {"star": result.final_star}


def _points(value) -> Decimal | str:
    """Points kept as a number, so that each reader sees their own decimal separator."""
    return "" if value in (None, "") else Decimal(str(value))


@transaction.atomic
def registration_notify_result(
    *,
    registration: Registration,
    by: User,
    number: str,
    date: dt.date | None,
    issuer_name: str,
    signer_name: str,
    signer_title: str,
) -> ResultNotice:
    """Tell the producer and its commune in writing the council's result that no decision announces (D26 Điều
    7.3g): not recognised, eliminated, or potential five stars forwarded to the ministry. Once per outcome. The
    notice is a numbered letter of the OCOP office (ResultNotice): its number, date, office and signer as the officer
    gives them (notice_papers.notice_paper_check, refused beside each field); the in-app notice and the e-mail link
    to its PDF. Returns the notice."""
    ensure_can(by, "notify_result")
    registration = Registration.objects.select_related("product__producer", "commune__parent").get(pk=registration.pk)
    if registration.status == S.SCORED:
        raise ValidationError(_("Sản phẩm đạt được công bố bằng quyết định công nhận, không gửi thông báo riêng."))
    if registration.status not in RESULT_NOTIFIABLE:
        raise ValidationError(
            _("Không thể thông báo kết quả khi hồ sơ đang ở trạng thái “%(s)s”.")
            % {"s": registration.get_status_display()}
        )
    result = latest_result(registration)
    if result is None:
        raise ValidationError(_("Hồ sơ chưa có kết quả của Hội đồng."))
    if not can_notify_result(by, registration, result):
        if registration.result_announced:
            raise ValidationError(_("Kết quả này đã được thông báo cho chủ thể."))
        raise PermissionDenied
    paper = notice_paper_check(
        registration=registration,
        result=result,
        number=number,
        date=date,
        issuer_name=issuer_name,
        signer_name=signer_name,
        signer_title=signer_title,
    )
    status = registration.status
    now = timezone.now()
    claimed = (
        Registration.objects.filter(pk=registration.pk, status=status)
        .exclude(result_notified_status=status)
        .update(result_notified_at=now, result_notified_status=status, updated_at=now)
    )
    if claimed != 1:  # a second click or another officer got there first
        raise ValidationError(_("Kết quả này đã được thông báo cho chủ thể."))
    registration.refresh_from_db()
    notice = result_notice(registration, result)
    producer = registration.product.producer
    letter = ResultNotice.objects.create(
        registration=registration,
        result=result,
        status=status,
        product_name=registration.product.name,
        producer_name=producer.name,
        producer_address=producer.full_address,
        commune_name=registration.commune.name,
        text=notice.to_json(),
        issued_by=by,
        **paper,
    )
    audit_record(
        actor=by,
        action="registration.notify_result",
        target=registration,
        summary=notice.source()[:200],
        changes={
            "status": status,
            "mean": str(result.mean_score),
            **_announced(result),
            "result": result.pk,
            "notice_number": letter.number,
            "notice_date": letter.date.isoformat(),
        },
    )
    # The product's own status may now show the announced outcome (products derives it from registrations).
    product_refresh_status(product=registration.product)
    # Điều 7.3g: "thông báo bằng văn bản … cho UBND cấp xã và các chủ thể OCOP": the commune that received the
    # dossier is told the same notice as its producer.
    # A producer without an account is told through its commune (recipients): each reader once.
    users = list({u.pk: u for u in recipients(registration, "producer") + recipients(registration, "commune")}.values())
    notify(users=users, message=notice, url=reverse("evaluation:result_notice_pdf", args=[letter.pk]))
    user_ids = [u.pk for u in users if u.email]
    if user_ids:
        from ..tasks import registration_result_email_task

        outbox_enqueue(
            task=registration_result_email_task,
            args=[registration.pk, result.pk, user_ids, notice.to_json(), letter.pk],
        )
    return letter
