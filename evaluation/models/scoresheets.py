"""A council member's work on an agenda item (ocop-domain.md §7): the conflict-of-interest declaration made before
the dossier opens, the score sheet with its scores per criterion, and the frozen revisions of the sheet."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import RevisionKind, SheetStatus
from .councils import AgendaItem, CouncilMember
from .criteria import Criterion, Option


class ConflictDeclaration(models.Model):
    """Before opening a dossier a member declares "no conflict" or a conflict with a reason (recusal)."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="declarations", verbose_name=_("hồ sơ trong phiên họp")
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("thành viên hội đồng")
    )
    has_conflict = models.BooleanField(_("có xung đột lợi ích"))
    reason = models.TextField(_("lý do"), blank=True)
    declared_at = models.DateTimeField(auto_now_add=True, verbose_name=_("kê khai lúc"))

    class Meta:
        verbose_name = _("kê khai xung đột lợi ích")
        verbose_name_plural = _("kê khai xung đột lợi ích")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "member"],
                name="declaration_unique",
                violation_error_message=_("Thành viên đã kê khai xung đột lợi ích cho hồ sơ này."),
            ),
            models.CheckConstraint(
                condition=Q(has_conflict=False) | ~Q(reason=""),
                name="declaration_conflict_needs_reason",
                violation_error_message=_("Cần nêu lý do xung đột lợi ích."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {'xung đột' if self.has_conflict else 'không xung đột'}"


class ScoreSheet(models.Model):
    """One member's sheet for one agenda item and scoring round. `version` guards concurrent edits."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="sheets", verbose_name=_("hồ sơ trong phiên họp")
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="sheets", verbose_name=_("thành viên hội đồng")
    )
    scoring_round = models.PositiveSmallIntegerField(default=1, verbose_name=_("vòng chấm"))
    status = models.CharField(
        max_length=12, choices=SheetStatus.choices, default=SheetStatus.DRAFT, verbose_name=_("trạng thái")
    )
    version = models.PositiveIntegerField(default=1, verbose_name=_("phiên bản"))
    total = models.DecimalField(max_digits=5, decimal_places=2, default=0, verbose_name=_("tổng điểm"))
    # The member's proposal that the council find a knock-out (not a vote: only the chair's finding counts).
    knocked_out = models.BooleanField(default=False, verbose_name=_("đề nghị loại hồ sơ"))
    knockout_reason = models.TextField(blank=True, verbose_name=_("lý do đề nghị loại"))
    # Ids of the knock-out rules this sheet's own scores state (a 0 on a sensory indicator, "Có tạp chất"…),
    # written with the scores, so the council's result never re-reads every score.
    stops = models.JSONField(default=list, blank=True, verbose_name=_("căn cứ dừng đánh giá"))
    comment = models.TextField(_("ý kiến của người đánh giá"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("nộp lúc"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("cập nhật lúc"))

    class Meta:
        verbose_name = _("phiếu chấm của thành viên")
        verbose_name_plural = _("phiếu chấm của thành viên")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "member", "scoring_round"],
                condition=~Q(status="superseded"),
                name="scoresheet_one_live_per_member_round",
            ),
            models.CheckConstraint(
                condition=Q(knocked_out=False) | ~Q(knockout_reason=""),
                name="scoresheet_knockout_needs_reason",
                violation_error_message=_("Cần nêu lý do loại hồ sơ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.item} (vòng {self.scoring_round})"

    @property
    def is_submitted(self) -> bool:
        return self.status == SheetStatus.SUBMITTED


class SheetRevision(models.Model):
    """A frozen copy of a sheet kept when it is submitted and when the chair reopens it (with a reason)."""

    Kind = RevisionKind

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("phiếu chấm của thành viên")
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("loại"))
    version = models.PositiveIntegerField(verbose_name=_("phiên bản"))
    total = models.DecimalField(max_digits=5, decimal_places=2, verbose_name=_("tổng điểm"))
    snapshot = models.JSONField(
        default=dict, verbose_name=_("bản chụp phiếu")
    )  # {"scores": {criterion_id: {option, points, comment}}, ...}
    reason = models.TextField(blank=True, verbose_name=_("lý do"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("thực hiện lúc"))
    # SHA-256 of the frozen content (who, which dossier, version, every choice): printed on the signed PDF so that
    # any later change to the stored copy shows (services.sheet_submission.revision_digest recomputes it).
    digest = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("lịch sử phiếu")
        verbose_name_plural = _("lịch sử phiếu")
        ordering = ["sheet", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="reopen") | ~Q(reason=""),
                name="revision_reopen_needs_reason",
                violation_error_message=_("Cần nêu lý do mở lại phiếu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} v{self.version} ({self.kind})"


class Score(models.Model):
    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="scores", verbose_name=_("phiếu chấm của thành viên")
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("tiêu chí"))
    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("phương án")
    )
    points = models.PositiveSmallIntegerField(default=0, verbose_name=_("điểm"))
    comment = models.TextField(blank=True, verbose_name=_("ý kiến về tiêu chí"))
    # False for a row that only carries a comment: the member has not chosen yet.
    answered = models.BooleanField(default=True, verbose_name=_("đã chọn phương án"))

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_one_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"
