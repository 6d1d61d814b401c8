"""Supervision pages by subject: the overview and inspections, plans, an inspection's conclusion, remedies, and
complaints (complaints and revocation cases). The URLs say `views.<name>`: the names are listed here."""

from .complaints import (
    agency_conclusion,
    case_close,
    case_detail,
    complaint_create,
    complaint_detail,
    complaint_list,
    complaint_photo,
    complaint_public,
    complaint_receipt,
    stop_confirm,
)
from .conclusions import inspection_conclude
from .inspections import (
    inspection_create,
    inspection_detail,
    inspection_export,
    inspection_list,
    inspection_photo,
    inspection_photo_add,
    inspection_record,
    overview,
)
from .plans import plan_create, plan_detail, plan_document, plan_list, plan_schedule, plan_update
from .remedies import remedy_answer, remedy_evidence, remedy_review

__all__ = [
    "agency_conclusion",
    "case_close",
    "case_detail",
    "complaint_create",
    "complaint_detail",
    "complaint_list",
    "complaint_photo",
    "complaint_public",
    "complaint_receipt",
    "inspection_conclude",
    "inspection_create",
    "inspection_detail",
    "inspection_export",
    "inspection_list",
    "inspection_photo",
    "inspection_photo_add",
    "inspection_record",
    "overview",
    "plan_create",
    "plan_detail",
    "plan_document",
    "plan_list",
    "plan_schedule",
    "plan_update",
    "remedy_answer",
    "remedy_evidence",
    "remedy_review",
    "stop_confirm",
]
