"""Forms validate and normalise (NFC, through BaseForm); the services write. One module per subject."""

from .cases import AgencyConclusionForm, CaseCloseForm, StopConfirmForm
from .common import (
    NONE_IN_THE_PLAN,
    NONE_IN_YOUR_SCOPE,
    PHOTO_ACCEPT,
    CertificateByNameMixin,
    InspectorsField,
    default_due,
    one_certificate,
)
from .complaints import OfficerComplaintForm, PublicComplaintForm, SubmissionField, TriageForm
from .inspections import AdHocForm, ConcludeForm, PhotoForm, RecordForm
from .plans import SCHEDULE_AT_ONCE_MAX, PlanEditForm, PlanForm, ScheduleForm
from .remedies import RemedyAnswerForm, RemedyReviewForm

__all__ = [
    "NONE_IN_THE_PLAN",
    "NONE_IN_YOUR_SCOPE",
    "PHOTO_ACCEPT",
    "SCHEDULE_AT_ONCE_MAX",
    "AdHocForm",
    "AgencyConclusionForm",
    "CaseCloseForm",
    "CertificateByNameMixin",
    "ConcludeForm",
    "InspectorsField",
    "OfficerComplaintForm",
    "PhotoForm",
    "PlanEditForm",
    "PlanForm",
    "PublicComplaintForm",
    "RecordForm",
    "RemedyAnswerForm",
    "RemedyReviewForm",
    "ScheduleForm",
    "StopConfirmForm",
    "SubmissionField",
    "TriageForm",
    "default_due",
    "one_certificate",
]
