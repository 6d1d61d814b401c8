"""The evaluation app's test factories, built on the products app's (ProductFactory, make_product, product_set);
the certificates app's build on these. One module per subject, every name importable from here:

    criteria.py       the small scorecard (small_scorecard, criterion_by_number), the real ones (load_real_criteria)
    files.py          uploads (pdf_upload, png_upload, exe_renamed, xlsx_upload), private_media, pdf_layout_skipped
    registrations.py  bare rows (RegistrationFactory, CouncilResultFactory); rounds and registrations in a status
                      (province_round, round_taking_proposals, registration_in, paper_registration_in,
                      complete_dossier)
    councils.py       a council in session scoring (make_scorecard, setup_scoring, submit, take_result), a potential
                      5★ and its referral to the ministry (potential_five, forwarded_to_central, central_session)
"""

from products.tests.factories import make_product  # taken from here by tests written when this was one module

from .councils import (
    central_session,
    choices_for,
    declare_and_open,
    forward_central,
    forwarded_to_central,
    make_council,
    make_registration,
    make_scorecard,
    member_of,
    potential_five,
    refer_central,
    save_draft,
    setup_scoring,
    submit,
    take_result,
)
from .criteria import (
    EFFECTIVE_FROM,
    SMALL_SHAPE,
    criteria_version,
    criterion_by_number,
    load_real_criteria,
    small_scorecard,
)
from .files import (
    EXE_BYTES,
    LAYOUT_FREE_PDF,
    PDF_BYTES,
    PNG_BYTES,
    exe_renamed,
    pdf_layout_skipped,
    pdf_upload,
    png_upload,
    private_media,
    stored_files,
    use_private_media,
    xlsx_upload,
)
from .registrations import (
    CouncilResultFactory,
    RegistrationFactory,
    complete_dossier,
    notice_form,
    notice_paper,
    paper_registration_in,
    province_round,
    reevaluation_filed_at,
    registration_in,
    round_taking_proposals,
    scorecard_for,
)

__all__ = [
    "central_session",
    "choices_for",
    "complete_dossier",
    "CouncilResultFactory",
    "criteria_version",
    "criterion_by_number",
    "declare_and_open",
    "EFFECTIVE_FROM",
    "EXE_BYTES",
    "exe_renamed",
    "forward_central",
    "forwarded_to_central",
    "LAYOUT_FREE_PDF",
    "load_real_criteria",
    "make_council",
    "make_product",
    "make_registration",
    "make_scorecard",
    "member_of",
    "notice_form",
    "notice_paper",
    "paper_registration_in",
    "PDF_BYTES",
    "pdf_layout_skipped",
    "pdf_upload",
    "PNG_BYTES",
    "png_upload",
    "potential_five",
    "private_media",
    "province_round",
    "round_taking_proposals",
    "reevaluation_filed_at",
    "refer_central",
    "registration_in",
    "RegistrationFactory",
    "save_draft",
    "scorecard_for",
    "setup_scoring",
    "small_scorecard",
    "SMALL_SHAPE",
    "stored_files",
    "submit",
    "take_result",
    "use_private_media",
    "xlsx_upload",
]
