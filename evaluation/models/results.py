"""What a council concludes on an agenda item (ocop-domain.md §7): the knock-outs it finds, its discussion of scores
that differ too much, its result, and the province's referral of a dossier to the ministry."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..choices import Level
from ..workflow import finalise_step, star_given, upgrade_achieved
from .councils import AgendaItem
from .criteria import KnockoutRule
from .registrations import Registration


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
    # upgrade had to exceed (workflow.upgrade_achieved); or, for a result taken before this column (or before the
    # product got that certificate), the star held when the office concluded it "không đạt"
    # (services.transitions.registration_upgrade_not_achieved). Empty for the other kinds.
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
        # A province's 90 or more is a potential, never 5★ (D26 Điều 7.3e; the Minister recognises 5★, Điều 4.1).
        star = gettext("tiềm năng 5 sao") if self.potential_five else f"{self.final_star}★"
        return f"{self.registration}: {self.mean_score} ({star})"

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
        return star_given(final_star=self.final_star, potential_five=self.potential_five, eliminated=self.eliminated)

    @property
    def outcome(self) -> str:
        """What the result does for the product, by the step it took the dossier (workflow.finalise_step):
        "recognised" (3★ or 4★, or a 5★ of the ministry's council: a decision may recognise it), "pending" (a
        province's potential 5★, which the ministry's council evaluates) or "not_recognised" (below 3★, eliminated,
        or an upgrade not above the star held)."""
        step = finalise_step(
            eliminated=self.eliminated,
            potential_five=self.potential_five,
            recognisable=self.recognisable,
            province=self.level == Level.PROVINCE,
            upgraded=upgrade_achieved(star=self.final_star, held_star=self.held_star),
        )
        return {"council_score": "recognised", "council_potential_five": "pending"}.get(step.name, "not_recognised")

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
    # The SHA-256 of the signed file as uploaded (ocop.uploads.file_sha256): a copy handed out later can be shown to
    # be the one the province sent.
    signed_file_sha256 = models.CharField(_("mã băm SHA-256 của văn bản đã ký"), max_length=64, blank=True)
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
