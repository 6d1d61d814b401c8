"""Who signs an office's periodic report, as its form offers it: the last signer of that office's report."""

from ..models import ReportSigner


def report_signer_initial(*, office_id: int | None, default_title: str) -> dict:
    """What the report's signer form starts with for the office whose report it is (`office_id`: its unit, None for
    the ministry's national report; dashboard.reports.report_office_id): the title and name its PDF was last signed
    with, whoever printed it (ReportSigner), else `default_title` (the issuing level's head) over no name."""
    last = ReportSigner.objects.filter(unit_id=office_id).first()
    if last is None:
        return {"signer_title": default_title, "signer_name": ""}
    return {"signer_title": last.signer_title or default_title, "signer_name": last.signer_name}
