"""Split by area: criteria (scorecards), registrations (rounds, dossiers), councils (scoring)."""

from ..models import CouncilSession, Registration
from .councils import items_to_score
from .registrations import result_notices_for


def detail_pages() -> dict:
    """The dossier, council session and score sheet pages (ocop.hooks.detail_pages): what each gives a user is
    what its `get_*_for_user` opens."""
    return {
        "evaluation:registration_detail": Registration.objects.for_user,
        "evaluation:session_detail": CouncilSession.objects.for_user,
        "evaluation:sheet_edit": items_to_score,
        "evaluation:result_notice_pdf": result_notices_for,
    }
