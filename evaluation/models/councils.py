"""Councils (Hội đồng đánh giá, phân hạng), their sessions, score sheets and results (ocop-domain.md §7)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.models import AdministrativeUnit

from ..choices import Level
from .criteria import Criterion, Option
from .registrations import EvaluationRound, Registration


class CouncilKind(models.TextChoices):
    COUNCIL = "council", _("Hội đồng đánh giá, phân hạng")
    ADVISORY = "advisory", _("Tổ tư vấn")


class Council(models.Model):
    """A council or advisory team of a level and unit, with its Quy chế as settings."""

    kind = models.CharField(_("loại"), max_length=10, choices=CouncilKind.choices, default=CouncilKind.COUNCIL)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    unit = models.ForeignKey(AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên"), max_length=300)
    decision_number = models.CharField(_("số quyết định thành lập"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    term_from = models.DateField(_("nhiệm kỳ từ"), null=True, blank=True)
    term_to = models.DateField(_("nhiệm kỳ đến"), null=True, blank=True)
    # Quy chế: quorum as a fraction of members (3/4 by default; 5/7 for the central council).
    quorum_numerator = models.PositiveSmallIntegerField(_("túc số (tử số)"), default=3)
    quorum_denominator = models.PositiveSmallIntegerField(_("túc số (mẫu số)"), default=4)
    chair_required = models.BooleanField(_("bắt buộc có chủ tịch"), default=True)
    max_spread = models.DecimalField(_("chênh lệch tối đa (điểm)"), max_digits=5, decimal_places=2, default=Decimal("10"))

    class Meta:
        verbose_name = _("hội đồng")
        verbose_name_plural = _("hội đồng")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_numerator__lte=models.F("quorum_denominator")), name="council_quorum_fraction"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch")
    SECRETARY = "secretary", _("Thư ký")
    MEMBER = "member", _("Thành viên")


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_memberships")
    role = models.CharField(_("vai trò"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    agency = models.CharField(_("cơ quan"), max_length=200, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="councilmember_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    OPEN = "open", _("Đang chấm điểm")
    CLOSED = "closed", _("Đã kết thúc")


class CouncilSession(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    round = models.ForeignKey(EvaluationRound, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("ngày họp"))
    location = models.CharField(_("địa điểm"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.council} – {self.date:%d/%m/%Y}"


class AgendaItem(models.Model):
    """A registration on a session's agenda. `scoring_round` rises when the council re-scores."""

    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="items")
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="agenda_items")
    scoring_round = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "order"]
        constraints = [models.UniqueConstraint(fields=["session", "registration"], name="agenda_unique")]


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    SUPERSEDED = "superseded", _("Đã thay thế")


class ScoreSheet(models.Model):
    """One member's sheet for one agenda item and scoring round. `version` guards concurrent edits."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="sheets")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="sheets")
    scoring_round = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    total = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    knocked_out = models.BooleanField(default=False)
    knockout_reason = models.TextField(blank=True)
    comment = models.TextField(_("ý kiến của người đánh giá"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "member", "scoring_round"],
                condition=~Q(status="superseded"),
                name="scoresheet_one_live_per_member_round",
            ),
        ]


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(default=0)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_one_per_criterion")]


class CouncilResult(models.Model):
    """The council's result for a registration, explained: mean, band, awarded star, what capped it."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="results")
    item = models.OneToOneField(AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="result")
    level = models.CharField(max_length=10, choices=Level.choices)
    mean_score = models.DecimalField(max_digits=5, decimal_places=2)
    band_star = models.PositiveSmallIntegerField()
    final_star = models.PositiveSmallIntegerField()
    potential_five = models.BooleanField(default=False)
    eliminated = models.BooleanField(default=False)
    failed_markers = models.JSONField(default=list, blank=True)
    knockouts = models.JSONField(default=list, blank=True)
    part_means = models.JSONField(default=dict, blank=True)
    member_totals = models.JSONField(default=list, blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(condition=Q(final_star__gte=0, final_star__lte=5), name="result_star_range"),
        ]
