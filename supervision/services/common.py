"""What every supervision service shares: the periods and limits of D26 Điều 8–9, the live certificate of a
product, the PDF check of an upload, the producer's notice queued after the commit and the office to tell, and the
fields an inspection keeps of another agency's conclusion (scheduling and conclusions both write them)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from certificates.models import Certificate
from certificates.models.status import live_today_q
from ocop.choices import Role
from ocop.models import User
from ocop.services import outbox_enqueue
from ocop.workdays import is_working_day
from products.models import Product

from ..permissions import (
    INSPECTOR_ROLES,
)

# D26 Điều 8.4: "Thời gian thu hồi giấy chứng nhận là 15 ngày kể từ ngày có kết luận … hoặc xác nhận của UBND
# cấp xã …". Calendar days: where the decision means working days it says so ("15 ngày làm việc", Điều 7.2).
REVOCATION_DAYS = 15
MAX_PHOTOS = 30
MAX_EVIDENCE_FILES = 10
COMPLAINT_MIN, COMPLAINT_MAX = 10, 3000


def revocation_due_on(opened_on: dt.date) -> dt.date:
    """The last day of Điều 8.4's 15 days. Interpretation (Bộ luật Dân sự 2015): the day of the conclusion or
    confirmation is not counted (Điều 147.1), and when the 15th day is a weekend day or a holiday the period ends
    with the next working day (Điều 148.5), from the app's working-day calendar (ocop.workdays)."""
    due = opened_on + dt.timedelta(days=REVOCATION_DAYS)
    while not is_working_day(due):
        due += dt.timedelta(days=1)
    return due


def live_certificate_of(product: Product) -> Certificate | None:
    """The product's certificate in force today, by its status of the day (live_today_q), not the sweep's."""
    live = Certificate.objects.filter(live_today_q(today=timezone.localdate()), product=product)
    return live.order_by("-issued_on", "-id").first()


def notify_producer(event: str, pk: int) -> None:
    from ..tasks import supervision_notify_producer_task

    outbox_enqueue(task=supervision_notify_producer_task, args=[event, pk])


def office_users(province_id: int | None):
    """The OCOP office of a province (its province officers) — or the ministry's when there is no province."""
    users = User.objects.filter(is_active=True)
    if province_id is None:
        return users.filter(role=Role.CENTRAL_OFFICER)
    return users.filter(role=Role.PROVINCE_OFFICER, unit_id=province_id)


def office_filter_q(user: User) -> Q:
    """For forms: the inspectors `user` may assign (active people of the inspector roles in the user's reach)."""
    if user.is_national:
        return Q(role__in=INSPECTOR_ROLES)
    return Q(role__in=INSPECTOR_ROLES - {Role.CENTRAL_OFFICER}, unit_id=user.province_id) | Q(role=Role.CENTRAL_OFFICER)


def _agency_fields(conclusion: tuple[str, str, dt.date] | None) -> dict:
    if conclusion is None:
        return {}
    agency, number, concluded_on = conclusion
    return {"agency": agency, "agency_document_number": number, "agency_concluded_on": concluded_on}
