"""Councils (Hội đồng đánh giá, phân hạng) and their members, sessions, agendas, attendance and assignments
(ocop-domain.md §7). A member's conflict declaration and score sheet are in scoresheets.py; what the council
concludes (findings, discussions, results, the referral to the ministry) in results.py."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.models import AdministrativeUnit
from ocop.text import DOCUMENT_NUMBER_RE, vi_order

from ..choices import (
    ENDED_SESSIONS,
    Aggregation,
    CouncilKind,
    Level,
    MemberRole,
    RegistrationStatus,
    SessionMode,
    SessionStatus,
)
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
    # Quy chế: whether the secretary is one of the members who score (ocop-domain.md §5, "the secretary role is
    # defined by each council's Quy chế"). Who scores is decided by council_rule.member_scores alone.
    secretary_scores = models.BooleanField(
        _("Thư ký là thành viên chấm điểm"),
        default=True,
        help_text=_(
            "Theo Quy chế của Hội đồng. Đánh dấu: Thư ký được phân công chấm điểm như các thành viên và được tính "
            "vào tổng số thành viên khi xác định túc số. Bỏ đánh dấu: Thư ký giúp việc Hội đồng (điểm danh, phân "
            "công, ghi biên bản), không chấm điểm và không được tính vào túc số."
        ),
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
        # The establishing decision as the province's or ministry's other papers are recorded: "số/ký hiệu", and
        # already signed (a decision still to come is not one that set the council up).
        if self.decision_number.strip() and not DOCUMENT_NUMBER_RE.fullmatch(self.decision_number.strip()):
            errors["decision_number"] = _("Số quyết định phải có dạng số/ký hiệu, ví dụ 1427/QĐ-UBND.")
        today = timezone.localdate()
        if self.decision_date and self.decision_date > today:
            errors["decision_date"] = _("Ngày quyết định không thể sau hôm nay (%(today)s).") % {
                "today": f"{today:%d/%m/%Y}"
            }
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
    # The day they became a member (the appointing decision, or the day the office added them): a session's roster
    # is the members of the council on its day (council_rule.members_on_q), so one who joins later does not count in
    # an earlier session's quorum. Empty for the members recorded before the day was kept: members from the start.
    joined_on = models.DateField(_("ngày tham gia Hội đồng"), null=True, blank=True)

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
    # Why it was called off (services.session_schedule.session_cancel): shown on its page while it stays cancelled;
    # the audit trail keeps it after a restore.
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    # The minutes (biên bản, Nghị định 30/2020): their number, and when the meeting started and ended, both on the
    # session's day ("Thời gian: … giờ … phút, ngày …", "kết thúc vào … giờ … phút cùng ngày"). Recorded by whoever
    # runs the session (services.session_minutes); the day is the session's own, so an end is after the start.
    minutes_number = models.CharField(_("số biên bản"), max_length=60, blank=True)
    start_time = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    end_time = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    # The council's Quy chế (council_rule.RULE_FIELDS: quorum, chair, spread, aggregation, the secretary) as it
    # stood when the session closed (services.councils.session_close), so that its minutes, quorum, scorers and
    # spread rule stay as they were held; empty while it is not closed: it follows the council's
    # (council_rule.rules_in).
    quorum_numerator = models.PositiveSmallIntegerField(_("túc số (tử số)"), null=True, blank=True, editable=False)
    quorum_denominator = models.PositiveSmallIntegerField(_("túc số (mẫu số)"), null=True, blank=True, editable=False)
    chair_required = models.BooleanField(_("bắt buộc có chủ tịch"), null=True, blank=True, editable=False)
    max_spread = models.DecimalField(
        _("chênh lệch tối đa (điểm)"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    aggregation = models.CharField(
        _("cách tổng hợp"), max_length=10, choices=Aggregation.choices, blank=True, editable=False
    )
    secretary_scores = models.BooleanField(_("Thư ký là thành viên chấm điểm"), null=True, blank=True, editable=False)

    objects = CouncilSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("phiên họp hội đồng")
        verbose_name_plural = _("phiên họp hội đồng")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False, end_time__gt=F("start_time")),
                name="session_ends_after_it_starts",
                violation_error_message=_("Giờ kết thúc phải sau giờ bắt đầu, trong cùng ngày họp."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} – {self.date:%d/%m/%Y}"

    @property
    def is_written(self) -> bool:
        return self.mode == SessionMode.WRITTEN

    @property
    def ended(self) -> bool:
        """Closed or cancelled: no more sheets, roll or results; its dossiers may go on another session."""
        return self.status in ENDED_SESSIONS


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
    # A written-opinion session (Điều 7.6d): the member gave no opinion by its deadline, recorded by the chair or the
    # office (services.conflicts.no_opinion_record). They no longer count among those who answer.
    no_opinion_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ghi nhận không có ý kiến lúc"))
    no_opinion_reason = models.TextField(blank=True, verbose_name=_("lý do không có ý kiến"))

    class Meta:
        verbose_name = _("phân công đánh giá")
        verbose_name_plural = _("phân công đánh giá")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.member} → {self.item}"


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
