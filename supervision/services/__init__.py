"""Every write of supervision (D26 Điều 9, and Điều 8 from a finding): atomic, guarded by compare-and-swap,
audited, side effects after the commit. By subject: plans, scheduling (inspections into a plan, and ad hoc ones),
records (the record on site and its photos), conclusions (of an inspection), remedies, complaints, cases (revocation
cases), notices (to the producer), and common (the periods, limits and helpers they share). Callers say
`services.<name>`: the names are listed here."""

from certificates.services.revocations import agency_conclusion_clean

from .cases import (
    agency_conclusion_propose,
    case_awaiting_conclusion,
    production_stop_check,
    production_stop_confirm,
    revocation_case_close,
    revocation_case_open,
    revocation_case_propose,
)
from .common import (
    COMPLAINT_MAX,
    COMPLAINT_MIN,
    MAX_EVIDENCE_FILES,
    MAX_PHOTOS,
    REVOCATION_DAYS,
    live_certificate_of,
    notify_producer,
    office_filter_q,
    office_users,
    revocation_due_on,
)
from .complaints import (
    COMPLAINT_REPEAT_MINUTES,
    ComplaintAlreadySent,
    complaint_contact_check,
    complaint_discard,
    complaint_submit,
    complaint_triage,
)
from .conclusions import (
    agency_conclusion_needed,
    agency_conclusion_typed,
    inspection_conclude,
    inspection_conclusion_check,
    revocation_start,
)
from .notices import (
    supervision_notify_producer,
)
from .plans import (
    plan_create,
    plan_update,
)
from .records import (
    ITEM_PARTS,
    inspection_add_photo,
    inspection_record,
)
from .remedies import (
    remedy_answer,
    remedy_review,
)
from .scheduling import (
    inspection_create,
    inspection_open_ad_hoc,
    inspection_schedule,
    inspections_schedule,
)

__all__ = [
    "agency_conclusion_needed",
    "agency_conclusion_typed",
    "COMPLAINT_MAX",
    "COMPLAINT_MIN",
    "ITEM_PARTS",
    "MAX_EVIDENCE_FILES",
    "MAX_PHOTOS",
    "REVOCATION_DAYS",
    "agency_conclusion_clean",
    "agency_conclusion_propose",
    "case_awaiting_conclusion",
    "COMPLAINT_REPEAT_MINUTES",
    "ComplaintAlreadySent",
    "complaint_contact_check",
    "complaint_discard",
    "complaint_submit",
    "complaint_triage",
    "inspection_add_photo",
    "inspection_conclude",
    "inspection_conclusion_check",
    "inspection_create",
    "inspection_open_ad_hoc",
    "inspection_record",
    "inspection_schedule",
    "inspections_schedule",
    "live_certificate_of",
    "notify_producer",
    "office_filter_q",
    "office_users",
    "plan_create",
    "plan_update",
    "production_stop_check",
    "production_stop_confirm",
    "remedy_answer",
    "remedy_review",
    "revocation_case_close",
    "revocation_case_open",
    "revocation_case_propose",
    "revocation_due_on",
    "revocation_start",
    "supervision_notify_producer",
]
