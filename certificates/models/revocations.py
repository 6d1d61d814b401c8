"""Revocations (Thu hồi, D26 Điều 8): proposed by one officer, issued by another."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import RevocationGround, RevocationStatus
from .certificates import Certificate
from .submission import SubmissionCited


class Revocation(SubmissionCited):
    """Thu hồi (D26 Điều 8): the ground, the revoking decision and its date. Two acts by two officers (four
    eyes, issue 12.10): one proposes (ground and detail; the certificate stays live), another issues the
    decision (number and date; the certificate becomes REVOKED). A withdrawn proposal is deleted (the audit
    trail keeps it), so a certificate has at most one row."""

    certificate = models.OneToOneField(
        Certificate, on_delete=models.PROTECT, related_name="revocation", verbose_name=_("giấy chứng nhận")
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RevocationStatus.choices, default=RevocationStatus.PROPOSED
    )
    ground = models.CharField(_("căn cứ thu hồi"), max_length=4, choices=RevocationGround.choices)
    detail = models.TextField(_("nội dung"), blank=True)
    decision_number = models.CharField(_("số quyết định thu hồi"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định thu hồi"), null=True, blank=True)
    # Who signed the revoking decision, as typed from the signed paper when it is issued (its PDF's signature block);
    # empty on decisions recorded before it was asked, whose paper then prints the deciding title alone.
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    # submission_number, submission_date (SubmissionCited): the OCOP office's tờ trình the decision answers.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người đề xuất"),
    )
    proposed_at = models.DateTimeField(_("ngày đề xuất"), null=True, blank=True)
    # The day of the finding the proposal rests on (Điều 8.4: the 15 days run from it): the competent authority's
    # conclusion, the OCOP office's inspection conclusion or the commune's confirmation that production stopped.
    # The decision is not dated before it (revocation_decision_check). Empty on proposals recorded before it was kept
    # that had no case to take it from: the officer who issues such a one types it (certificate_revoke), and the
    # decision cites it.
    grounded_on = models.DateField(_("ngày kết luận hoặc xác nhận làm căn cứ"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ban hành"),
    )
    issued_at = models.DateTimeField(_("ngày ban hành"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    class Meta(SubmissionCited.Meta):
        verbose_name = _("thu hồi")
        verbose_name_plural = _("thu hồi")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=RevocationStatus.PROPOSED)
                | (Q(decision_date__isnull=False) & ~Q(decision_number="")),
                name="revocation_issued_has_decision",
                violation_error_message=_("Quyết định thu hồi đã ban hành phải có số và ngày."),
            ),
            *SubmissionCited.Meta.constraints,  # revocation_submission_number_and_date
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.get_ground_display()})"

    @property
    def ground_article(self) -> str:
        """Where the ground is written: "điểm a khoản 1 Điều 8 Quyết định số 26/2026/QĐ-TTg" (đ for "dd")."""
        letter = "đ" if self.ground == RevocationGround.STOPPED_PRODUCTION else self.ground
        return _("điểm %(letter)s khoản 1 Điều 8 Quyết định số 26/2026/QĐ-TTg") % {"letter": letter}

    @property
    def ground_reason(self) -> str:
        """The ground's words without its list letter ("a) …"), to follow `ground_article`."""
        return str(self.get_ground_display()).split(") ", 1)[-1]
