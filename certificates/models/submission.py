"""The proposing office's submission (tờ trình) a decision answers: the recognition decision (D26 Điều 7.3đ, 7.4đ: the
OCOP office compiles the council's results and submits them) and the revoking one (Điều 8) cite it by number and date
at the end of their preamble ("Theo đề nghị của … tại Tờ trình số … ngày …", ocop.paper.proposal_sentence)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.paper import proposal_sentence


class SubmissionCited(models.Model):
    """A decision's tờ trình, typed from the signed paper with the decision's number (optional, both or neither,
    ocop.paper.submission_errors). Empty: the preamble names the office alone."""

    submission_number = models.CharField(_("số tờ trình"), max_length=60, blank=True)
    submission_date = models.DateField(_("ngày tờ trình"), null=True, blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(Q(submission_number="") & Q(submission_date__isnull=True))
                | (~Q(submission_number="") & Q(submission_date__isnull=False)),
                name="%(class)s_submission_number_and_date",
                violation_error_message=_("Tờ trình phải có cả số và ngày."),
            ),
        ]

    @property
    def proposal_sentence(self) -> str:
        """The preamble's last line: "Theo đề nghị của cơ quan tham mưu quản lý OCOP tại Tờ trình số … ngày …."
        (the office alone when no submission is recorded)."""
        return proposal_sentence(number=self.submission_number, date=self.submission_date)

    def submission_audit(self) -> dict:
        """The submission as the audit row of the decision's issue records it, nothing when none was recorded."""
        if not self.submission_number:
            return {}
        return {"submission": f"{self.submission_number} ({self.submission_date:%d/%m/%Y})"}
