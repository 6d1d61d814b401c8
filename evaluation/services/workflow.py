"""The one transition service: applies a row of the workflow table (`evaluation.workflow`) to a registration.

Role check, reason check, compare-and-swap on the status (a double click or a second tab cannot move a dossier
twice), an audit row in the same transaction, the in-app notices now and the e-mails once the transaction commits.
Every status change of a registration goes through `registration_transition`, including the council's result
(`services.results`) and the recognition decision (certificates).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.cache import public_cache_bump, statistics_cache_bump
from ocop.choices import Role
from ocop.edits import moved_on_refusal
from ocop.models import User
from ocop.phrases import Phrase
from ocop.services import audit_record, notify, outbox_enqueue
from products import hooks as product_hooks
from products.models import Product
from products.services import product_refresh_status

from .. import hooks
from ..choices import REEVALUATION_DAYS, REEVALUATION_PENDING_STATUSES, RegistrationKind, RegistrationStatus
from ..models import Registration
from ..permissions.registrations import can_act, role_of
from ..workflow import PRODUCER_TURN, Step, step_for

S = RegistrationStatus
STALE = gettext_lazy("Hồ sơ vừa được thay đổi sau khi bạn mở trang; vui lòng tải lại trang.")
COMPLETION_DUE = gettext_lazy("Hạn hoàn thiện, bổ sung hồ sơ: đến hết ngày %(d)s.")


class TransitionRefused(ValidationError):
    """The dossier is not (or no longer) in a status the row starts from."""


def recipients(registration: Registration, who: str) -> list[User]:
    """The active people an audience of the workflow table (`Notice.audience`) names for `registration`."""
    active = User.objects.filter(is_active=True)
    if who == "producer":
        members = list(registration.product.producer.members.filter(is_active=True))
        # A producer without an account of its own files on paper with its commune (Điều 7.1), whose officers type in
        # its dossier and what it sends later: they are told in its place, or nobody would know the dossier waits.
        return members or recipients(registration, "commune")
    if who == "commune":
        return list(active.filter(role=Role.COMMUNE_OFFICER, unit_id=registration.commune_id))
    if who in {"province", "office", "advisory"}:
        roles = {
            "province": [Role.PROVINCE_OFFICER, Role.ADVISORY_MEMBER],
            "office": [Role.PROVINCE_OFFICER],  # the team reads a dossier once the office has received it (7.3a, c)
            "advisory": [Role.ADVISORY_MEMBER],
        }[who]
        return list(active.filter(role__in=roles, unit_id=registration.commune.parent_id))
    if who == "central":
        # The ministry's OCOP office receives every province's dossiers (Điều 7.4a): its officers, whatever the province.
        return list(active.filter(role=Role.CENTRAL_OFFICER))
    raise ValueError(f"unknown audience {who!r}")


def announce(registration: Registration, event: str, who: str, message: Phrase, *, told=None) -> None:
    """In-app notices now (same transaction), e-mails once the transaction commits; both in their readers'
    language, not the actor's (the message travels untranslated). A reply to the ministry's e-mail goes to the
    province's OCOP office, which sent it the dossier; to every other one, to the commune's office. `told`: the ids
    of those not to tell (the act's author, those another notice of the act told already), added to as they are."""
    from ..tasks import registration_send_email_task

    users = recipients(registration, who)
    if told is not None:
        users = [u for u in users if u.pk not in told]
        told.update(u.pk for u in users)
    url = reverse("evaluation:registration_detail", args=[registration.pk])
    notify(users=users, message=message, url=url)
    user_ids = [u.pk for u in users if u.email]
    if user_ids:
        args = [registration.pk, event, user_ids, message.to_json(), registration.status]
        outbox_enqueue(
            task=registration_send_email_task,
            args=[*args, registration.commune.parent_id] if who == "central" else args,
        )


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Phải nêu lý do.")})
    return reason


def ensure_step_allowed(step: Step, by: User | None, registration: Registration) -> None:
    """403 unless `by`'s role does this row and, for the producer's own acts, acts for the dossier's producer
    (permissions.registrations.can_act). Rows without roles are guarded by their caller."""
    if step.roles is not None and not can_act(by, step.name, registration):
        raise PermissionDenied


def _holder(status: str) -> str | None:
    """The side that held the dossier in `status` (told when the producer withdraws it)."""
    if status == S.DRAFT:
        return None
    if status == S.SUBMITTED:
        return "commune"
    return "office" if status == S.FORWARDED else "province"  # forwarded: not yet the advisory team's


def status_refusal(registration: Registration) -> str:
    """The refusal of an act its row does not allow from the dossier's status (sent twice, or from an old page)."""
    return _("Không thể thực hiện khi hồ sơ đang ở trạng thái “%(s)s”.") % {"s": registration.get_status_display()}


def registration_transition(
    *,
    registration: Registration,
    verb: str,
    by: User | None,
    reason: str = "",
    step: Step | None = None,
    expected: str | None = None,
    refused: str | None = None,
    audit_changes: dict | None = None,
    **fields,
) -> Registration:
    """Move `registration` by the row of `verb` that applies to its status (or by `step`). Call it inside
    the caller's transaction. `expected` narrows the statuses accepted to one (the council's level);
    `refused` replaces the message shown when the dossier is elsewhere. `fields` are written with the status;
    `audit_changes` are what the act recorded besides (the numbers of the province's documents), for its audit row.

    The status reason belongs to this step only: a dossier supplied and made ready must not keep showing (and
    e-mailing) the supplement request's reason as if it still applied. Earlier reasons stay in the audit."""
    step = step or step_for(verb, registration.status, role_of(by) if by is not None else None)
    ensure_step_allowed(step, by, registration)
    if step.reason:
        reason = require_reason(reason)
    accepted = step.sources if expected is None else step.sources & {expected}
    old = registration.status if expected is None else expected
    if registration.status not in accepted:
        raise TransitionRefused(refused or status_refusal(registration))
    updates = {"status": step.target, "updated_at": timezone.now(), "status_reason": reason, **fields}
    changes = {"status": [old, step.target], **({"reason": reason} if reason else {}), **(audit_changes or {})}
    moved = Registration.objects.filter(pk=registration.pk, status=old).update(**updates)
    if moved != 1:  # moved between our read and this write: by the other copy of a double click, or by someone else
        if refused:
            raise TransitionRefused(refused)
        raise moved_on_refusal(
            target=registration,
            by=by,
            action=step.audit_action,
            changes=changes,
            fallback=STALE,
            refusal=TransitionRefused,
        )
    registration.refresh_from_db()
    audit_record(actor=by, action=step.audit_action, target=registration, summary=reason, changes=changes)
    # The dashboards count dossiers by status and council results (evaluated, reached), under the dossier's commune.
    statistics_cache_bump(units=[registration.commune_id])
    if registration.kind == RegistrationKind.REEVALUATION and (old in REEVALUATION_PENDING_STATUSES) != (
        step.target in REEVALUATION_PENDING_STATUSES
    ):
        # A re-evaluation pending the authority's decision keeps its certificate in use past the expiry (Điều 12.3):
        # the public catalogue, map and product page, which read that, are stale.
        public_cache_bump(units=[registration.commune_id])
        if old in REEVALUATION_PENDING_STATUSES and step.target != S.DECIDED:
            # Withdrawn, rejected, eliminated or not recognised: the extension ends now, as the verification page
            # already says, and the stored status the producer's and officers' pages read follows at once, not at
            # the next night's sweep. (A decision replaces the certificate itself: certificates.services.decisions.)
            hooks.reevaluation_ended(registration.product_id)
    product_status_follow(registration.product_id)
    if step.notices:
        values = {
            "p": registration.product.name,
            "r": reason,
            "d": registration.commune_due_on.strftime("%d/%m/%Y") if registration.commune_due_on else "",
            "t": registration.commune.parent.name if registration.commune.parent_id else "",
        }
        # Back with the producer by a day the officer set (a return, a supplement asked): the notice says by when.
        due_on = registration.completion_due_on if step.target in PRODUCER_TURN else None
        # Nobody is told what they did themselves, nor twice of one act (a producer without an account is told through
        # its commune, which the province's return also tells: Điều 7.3a).
        told = {by.pk} if by is not None else set()
        for notice in step.notices:
            audience = _holder(old) if notice.audience == "holder" else notice.audience
            if audience is not None:
                message = Phrase(notice.message, **values)
                if due_on is not None and audience in {"producer", "commune"}:
                    message = Phrase.join([message, Phrase(COMPLETION_DUE, d=f"{due_on:%d/%m/%Y}")])
                announce(registration, notice.event, audience, message, told=told)
    return registration


def product_status_follow(product_id: int) -> None:
    """The product's stored status (its page, the product lists, their status filter and exports read it) follows
    its dossier at once: in evaluation from the submission, back to what its certificates make it when the dossier
    is withdrawn, rejected or eliminated. Written only when it changes, so the public pages' cache is left alone
    by the many steps that change nothing for the product."""
    product = Product.objects.get(pk=product_id)
    derived = product_hooks.product_status(product=product)
    if derived != (product.status, product.current_star):
        product_refresh_status(product=product, derived=derived)


def reevaluation_clock(registration: Registration, *, today: dt.date | None = None) -> dict:
    """D26 Điều 7.6g: a re-evaluation takes at most 45 days "kể từ ngày nhận đủ hồ sơ đề nghị của UBND cấp xã hoặc
    UBND cấp tỉnh". Interpretation: the clock (re)starts when the province receives the commune's dossier, again when
    a supplement the province asked for arrives (only then is the dossier complete), and when the ministry receives
    the province's dossier of a 5★ product. Calendar days (the article says "ngày", not "ngày làm việc").
    Returns the fields to write (nothing for a first evaluation)."""
    if registration.kind != RegistrationKind.REEVALUATION:
        return {}
    today = today or timezone.localdate()
    return {
        "reevaluation_due_on": today + dt.timedelta(days=REEVALUATION_DAYS),
        "reevaluation_overdue_notified_at": None,  # a new deadline, so a new notice if it is missed
    }
