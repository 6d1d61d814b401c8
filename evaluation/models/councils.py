"""Councils (Hội đồng đánh giá, phân hạng), their sessions, score sheets and results (ocop-domain.md §7)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ocop.models import AdministrativeUnit
from ocop.text import vi_order

from ..choices import (
    Aggregation,
    CouncilKind,
    Level,
    MemberRole,
    RegistrationStatus,
    RevisionKind,
    SessionMode,
    SessionStatus,
    SheetStatus,
)
from ..workflow import upgrade_achieved
from .criteria import Criterion, KnockoutRule, Option
from .registrations import EvaluationRound, Registration


class CouncilQuerySet(models.QuerySet):
    def for_user(self, user):
        """Councils a user may see: their own (as a member), their province's (province staff), all (national).
        Through a subquery: filtering on the reader's membership directly would leave that join in the query, and a
        later count of the members over it counted the reader alone."""
        from ..permissions.councils import council_scope_q

        return self.filter(pk__in=Council.objects.filter(council_scope_q(user)).values("pk"))


class Council(models.Model):
    """A council or advisory team of a level and unit, with its Quy chế as settings."""

    kind = models.CharField(
        _("loại"),
        max_length=10,
        choices=CouncilKind.choices,
        default=CouncilKind.COUNCIL,
    )
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    name = models.CharField(_("tên"), max_length=300)
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    term_from = models.DateField(_("nhiệm kỳ từ"), null=True, blank=True)
    term_to = models.DateField(_("nhiệm kỳ đến"), null=True, blank=True)
    # Quy chế: quorum as a fraction of members (3/4 by default; 5/7 for the central council).
    quorum_numerator = models.PositiveSmallIntegerField(_("túc số (tử số)"), default=3)
    quorum_denominator = models.PositiveSmallIntegerField(_("túc số (mẫu số)"), default=4)
    chair_required = models.BooleanField(_("bắt buộc có chủ tịch"), default=True)
    max_spread = models.DecimalField(
        _("chênh lệch tối đa (điểm)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
    )
    aggregation = models.CharField(
        _("cách tổng hợp"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.MEAN,
    )
    created_at = models.DateTimeField(auto_now_add=True, null=True, verbose_name=_("tạo lúc"))

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", vi_order("name"), "pk"]
        verbose_name = _("hội đồng")
        verbose_name_plural = _("hội đồng")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="council_quorum_fraction",
                violation_error_message=_("Túc số không được vượt quá tổng số thành viên."),
            ),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0),
                name="council_quorum_denominator_positive",
                violation_error_message=_("Mẫu số túc số phải lớn hơn 0."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def awaiting_status(self) -> str:
        """The status a dossier has while it waits for this council: forwarded to central, or ready for council."""
        return (
            RegistrationStatus.FORWARDED_TO_CENTRAL
            if self.level == Level.CENTRAL
            else RegistrationStatus.READY_FOR_COUNCIL
        )

    def clean(self):
        # Errors go next to the field the officer has to correct (the check constraint alone would only give a
        # message at the top of the form).
        errors = {}
        if self.term_from and self.term_to and self.term_to < self.term_from:
            errors["term_to"] = _("Nhiệm kỳ không thể kết thúc trước ngày bắt đầu nhiệm kỳ (%(d)s).") % {
                "d": f"{self.term_from:%d/%m/%Y}"
            }
        if self.quorum_numerator and self.quorum_denominator and self.quorum_numerator > self.quorum_denominator:
            errors["quorum_numerator"] = _("Tử số túc số không được lớn hơn mẫu số (ví dụ 3/4).")
        if errors:
            raise ValidationError(errors)


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members", verbose_name=_("hội đồng"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="council_memberships",
        verbose_name=_("người dùng"),
    )
    role = models.CharField(
        _("vai trò"),
        max_length=12,
        choices=MemberRole.choices,
        default=MemberRole.MEMBER,
    )
    agency = models.CharField(_("cơ quan"), max_length=200, blank=True)
    active = models.BooleanField(default=True, verbose_name=_("đang tham gia"))

    class Meta:
        ordering = ["council", "role", "id"]
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "user"],
                name="councilmember_unique",
                violation_error_message=_("Người này đã là thành viên của hội đồng."),
            ),
            models.UniqueConstraint(
                fields=["council"],
                condition=Q(role="chair", active=True),
                name="councilmember_one_chair",
                violation_error_message=_("Hội đồng chỉ có một Chủ tịch."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class CouncilSessionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(council__in=Council.objects.for_user(user).values("pk"))


class CouncilSession(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("hội đồng"))
    round = models.ForeignKey(
        EvaluationRound,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("đợt đánh giá"),
    )
    date = models.DateField(_("ngày họp"))
    location = models.CharField(_("địa điểm"), max_length=200, blank=True)
    mode = models.CharField(
        _("hình thức"),
        max_length=10,
        choices=SessionMode.choices,
        default=SessionMode.MEETING,
        help_text=_(
            "Lấy ý kiến bằng văn bản: không điểm danh; mỗi thành viên được phân công gửi phiếu trước ngày hạn, "
            "túc số tính trên số thành viên tham gia."
        ),
    )
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED, verbose_name=_("trạng thái")
    )
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("kết thúc lúc"))

    objects = CouncilSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("phiên họp hội đồng")
        verbose_name_plural = _("phiên họp hội đồng")

    def __str__(self) -> str:
        return f"{self.council} – {self.date:%d/%m/%Y}"

    @property
    def is_written(self) -> bool:
        return self.mode == SessionMode.WRITTEN


class AgendaItem(models.Model):
    """A registration on a session's agenda. `scoring_round` rises when the council re-scores."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.PROTECT, related_name="items", verbose_name=_("phiên họp hội đồng")
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="agenda_items", verbose_name=_("hồ sơ đăng ký")
    )
    scoring_round = models.PositiveSmallIntegerField(default=1, verbose_name=_("vòng chấm"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("thứ tự"))

    class Meta:
        verbose_name = _("hồ sơ trong phiên họp")
        verbose_name_plural = _("hồ sơ trong phiên họp")
        ordering = ["session", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"],
                name="agenda_unique",
                violation_error_message=_("Hồ sơ đã có trong chương trình phiên họp."),
            )
        ]

    def __str__(self) -> str:
        return str(self.registration)


class Attendance(models.Model):
    """Who attended a session (điểm danh). Quorum is counted on present members."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("phiên họp hội đồng")
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="attendance", verbose_name=_("thành viên hội đồng")
    )
    present = models.BooleanField(_("có mặt"), default=True)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.member} @ {self.session}"


class Assignment(models.Model):
    """The secretary assigns a registration to a member; members see only their assigned dossiers."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("hồ sơ trong phiên họp")
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("thành viên hội đồng")
    )
    assigned_at = models.DateTimeField(auto_now_add=True, verbose_name=_("phân công lúc"))

    class Meta:
        verbose_name = _("phân công đánh giá")
        verbose_name_plural = _("phân công đánh giá")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.member} → {self.item}"


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
    # any later change to the stored copy shows (services.councils.revision_digest recomputes it).
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


class ReminderLog(models.Model):
    """One reminder per member, session and day: a retried or re-run job never sends twice."""

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="+", verbose_name=_("phiên họp hội đồng")
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.CASCADE, related_name="+", verbose_name=_("thành viên hội đồng")
    )
    sent_on = models.DateField(verbose_name=_("gửi ngày"))

    class Meta:
        verbose_name = _("nhắc nộp phiếu")
        verbose_name_plural = _("nhắc nộp phiếu")
        constraints = [models.UniqueConstraint(fields=["session", "member", "sent_on"], name="reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.member} {self.sent_on:%d/%m/%Y}"


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


class CouncilFinding(models.Model):
    """A knock-out the council finds (Phụ lục II "Hồ sơ bị loại khi…", "Bị loại nếu…"): recorded by the chair for the
    council, with the evidence and the reason, printed in the minutes. It stops the evaluation: the result is
    "bị loại" with this ground, whatever the sheets say. Not a vote of sheets."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, related_name="findings", verbose_name=_("hồ sơ trong phiên họp")
    )
    rule = models.ForeignKey(
        KnockoutRule, on_delete=models.PROTECT, related_name="findings", verbose_name=_("căn cứ loại")
    )
    evidence = models.TextField(_("căn cứ, chứng cứ"))
    reason = models.TextField(_("lý do"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thực hiện")
    )
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("thực hiện lúc"))

    class Meta:
        ordering = ["item", "at", "id"]
        verbose_name = _("kết luận loại hồ sơ của Hội đồng")
        verbose_name_plural = _("kết luận loại hồ sơ của Hội đồng")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "rule"],
                name="finding_once_per_rule",
                violation_error_message=_("Hội đồng đã ghi nhận căn cứ loại này."),
            ),
            models.CheckConstraint(
                condition=~Q(evidence="") & ~Q(reason=""),
                name="finding_needs_evidence_and_reason",
                violation_error_message=_("Cần nêu chứng cứ và lý do."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.rule.code}"


class Discussion(models.Model):
    """The council's discussion of a scoring round whose totals differ by more than the Quy chế allows (or whose
    sheets disagree on a stop): when it was held, what was said, and the round's totals. Members then re-score."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="discussions", verbose_name=_("hồ sơ trong phiên họp")
    )
    scoring_round = models.PositiveSmallIntegerField(verbose_name=_("vòng chấm"))
    held_at = models.DateTimeField(_("thời gian thảo luận"))
    note = models.TextField(_("nội dung thảo luận"))
    spread = models.DecimalField(max_digits=5, decimal_places=2, verbose_name=_("chênh lệch điểm"))
    totals = models.JSONField(
        default=list, verbose_name=_("tổng điểm của các thành viên")
    )  # [{"member_id", "name", "total"}] of the round discussed
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người thực hiện")
    )
    at = models.DateTimeField(auto_now_add=True, verbose_name=_("thực hiện lúc"))

    class Meta:
        verbose_name = _("thảo luận chênh lệch điểm")
        verbose_name_plural = _("thảo luận chênh lệch điểm")
        ordering = ["item", "scoring_round"]
        constraints = [
            models.UniqueConstraint(fields=["item", "scoring_round"], name="discussion_once_per_round"),
            models.CheckConstraint(
                condition=~Q(note=""),
                name="discussion_needs_note",
                violation_error_message=_("Cần ghi nội dung thảo luận."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} – vòng {self.scoring_round}"


class CouncilResult(models.Model):
    """The council's result for a registration, explained: mean, band, awarded star, what capped it."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="results", verbose_name=_("hồ sơ đăng ký")
    )
    item = models.OneToOneField(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="result",
        verbose_name=_("hồ sơ trong phiên họp"),
    )
    level = models.CharField(max_length=10, choices=Level.choices, verbose_name=_("cấp đánh giá"))
    mean_score = models.DecimalField(max_digits=5, decimal_places=2, verbose_name=_("tổng điểm trung bình"))
    band_star = models.PositiveSmallIntegerField(verbose_name=_("hạng sao theo điểm"))
    final_star = models.PositiveSmallIntegerField(verbose_name=_("hạng sao kết luận"))
    potential_five = models.BooleanField(default=False, verbose_name=_("tiềm năng 5 sao"))
    eliminated = models.BooleanField(default=False, verbose_name=_("bị loại"))
    failed_markers = models.JSONField(default=list, blank=True, verbose_name=_("dấu sao không đạt"))
    knockouts = models.JSONField(default=list, blank=True, verbose_name=_("căn cứ loại"))
    # The grounds of an elimination: [{"code", "text", "source": "score"|"finding", "criteria", "evidence",
    # "reason"}], for the minutes and the written notice (Điều 7.3g).
    stops = models.JSONField(default=list, blank=True, verbose_name=_("căn cứ dừng đánh giá"))
    part_means = models.JSONField(default=dict, blank=True, verbose_name=_("điểm trung bình từng phần"))
    member_totals = models.JSONField(default=list, blank=True, verbose_name=_("tổng điểm của các thành viên"))
    scoring_round = models.PositiveSmallIntegerField(default=1, verbose_name=_("vòng chấm"))
    recognisable = models.BooleanField(default=False, verbose_name=_("đủ điều kiện công nhận"))
    # An upgrade's (Điều 7.5): the star of the certificate the product held when the result was taken, which the
    # upgrade had to exceed (workflow.upgrade_achieved). Empty for the other kinds.
    held_star = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("hạng sao đang được công nhận khi nâng hạng")
    )
    decided_at = models.DateTimeField(auto_now_add=True, verbose_name=_("kết luận lúc"))

    class Meta:
        verbose_name = _("kết quả của Hội đồng")
        verbose_name_plural = _("kết quả của Hội đồng")
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(final_star__gte=0, final_star__lte=5),
                name="result_star_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration}: {self.mean_score} ({self.final_star}★)"

    @property
    def upgrade_failed(self) -> bool:
        """An upgrade that did not reach a star above the one the product held (không đạt nâng hạng): the product
        keeps its certificate (workflow.upgrade_achieved)."""
        return (
            self.held_star is not None
            and not self.eliminated
            and not upgrade_achieved(star=self.final_star, held_star=self.held_star)
        )

    # A province's result of 90 or more is "tiềm năng 5 sao", sent to the ministry (D26 Điều 7.3e): the province
    # recognises 3★ and 4★ only, the Minister 5★ (Điều 4.1), so it awards no star. Every page, list, notice and PDF
    # shows it as the potential with its score, never as stars (final_star keeps what the star rule computed).

    @property
    def star_shown(self) -> int:
        """The stars the result is shown with: none when eliminated or a province's potential 5★."""
        return 0 if self.eliminated or self.potential_five else self.final_star

    @property
    def star_label(self) -> str:
        """The result in words, lower case to sit in a sentence: "4 sao", "tiềm năng 5 sao", "hồ sơ bị loại"."""
        if self.eliminated:
            return gettext("hồ sơ bị loại")
        if self.potential_five:
            return gettext("tiềm năng 5 sao")
        return ngettext("%(n)s sao", "%(n)s sao", self.final_star) % {"n": self.final_star}


class CentralReferral(models.Model):
    """The province's dossier to the ministry (D26 Điều 6.3), its papers as the province's OCOP office records them:
    - a potential 5★ (6.3a, 7.3e): the Chủ tịch UBND tỉnh's decision approving the provincial council's result and
      the province's letter asking the ministry to evaluate it. One per result: a dossier sent back and evaluated
      again (Điều 7.4g) gets a new result, and a new referral if it reaches 90 again.
    - a 5★ product's re-evaluation (6.3b, 7.6e): no provincial council scores it, so no result and no approval; the
      provincial OCOP office's report on the dossier and the province's letter asking the ministry to re-evaluate.
    Written by `services.transitions.registration_refer_central` and `registration_forward_central` only."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("hồ sơ đăng ký"), on_delete=models.PROTECT, related_name="central_referrals"
    )
    result = models.OneToOneField(
        CouncilResult,
        verbose_name=_("kết quả của Hội đồng cấp tỉnh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="central_referral",
    )
    approval_number = models.CharField(_("số quyết định phê duyệt kết quả"), max_length=60, blank=True)
    approval_date = models.DateField(_("ngày quyết định phê duyệt"), null=True, blank=True)
    report_number = models.CharField(_("số báo cáo của cơ quan OCOP tỉnh"), max_length=60, blank=True)
    report_date = models.DateField(_("ngày báo cáo của cơ quan OCOP tỉnh"), null=True, blank=True)
    letter_number = models.CharField(_("số văn bản gửi Bộ"), max_length=60)
    letter_date = models.DateField(_("ngày văn bản gửi Bộ"))
    signed_file = models.FileField(
        _("văn bản đã ký (PDF)"), upload_to="evaluation/referrals/%Y/", max_length=300, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("văn bản đề nghị Bộ đánh giá sản phẩm 5 sao")
        verbose_name_plural = _("văn bản đề nghị Bộ đánh giá sản phẩm 5 sao")
        constraints = [
            models.CheckConstraint(
                condition=Q(letter_date__gte=models.F("approval_date")),
                name="central_referral_letter_after_approval",
                violation_error_message=_("Văn bản gửi Bộ không thể trước ngày quyết định phê duyệt kết quả."),
            ),
            models.CheckConstraint(
                condition=Q(letter_date__gte=models.F("report_date")),
                name="central_referral_letter_after_report",
                violation_error_message=_("Văn bản gửi Bộ không thể trước ngày báo cáo của cơ quan OCOP tỉnh."),
            ),
            # Either the papers of a potential 5★ (a provincial result and its approval) or those of a 5★
            # re-evaluation (the office's report), never a mix nor neither.
            models.CheckConstraint(
                condition=(
                    Q(result__isnull=False, approval_date__isnull=False, report_date__isnull=True, report_number="")
                    & ~Q(approval_number="")
                )
                | (
                    Q(result__isnull=True, approval_date__isnull=True, approval_number="", report_date__isnull=False)
                    & ~Q(report_number="")
                ),
                name="central_referral_one_set_of_papers",
                violation_error_message=_(
                    "Hồ sơ gửi Bộ kèm quyết định phê duyệt kết quả (tiềm năng 5 sao) hoặc báo cáo của cơ quan OCOP "
                    "tỉnh (đánh giá lại sản phẩm 5 sao), không cả hai."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter_number} ({self.registration_id})"

    @property
    def is_reevaluation(self) -> bool:
        """A 5★ product's re-evaluation (Điều 6.3b): the office's report, no provincial result."""
        return self.result_id is None
