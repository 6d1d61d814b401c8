"""The scorecards (Bộ tiêu chí kiêm phiếu đánh giá), versioned by legal basis (ocop-domain.md §3)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from products.models import ProductSet

from ..choices import LegalBasis


class CriteriaVersion(models.Model):
    """A criteria set in force for a period: 26/2026 now, 148/2023 and 1048/2019 for history."""

    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=20, choices=LegalBasis.choices, unique=True)
    title = models.CharField(_("tên văn bản"), max_length=300)
    effective_from = models.DateField(_("hiệu lực từ"))
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    # Legacy versions keep only the structure (part maxima), not the option texts.
    has_options = models.BooleanField(_("có đủ phương án"), default=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)
    # SHA-256 of the committed JSON last loaded: load_criteria skips an unchanged file (idempotent, fast).
    data_sha256 = models.CharField(
        max_length=64, blank=True, editable=False, verbose_name=_("mã băm SHA-256 của dữ liệu")
    )

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("phiên bản bộ tiêu chí")
        verbose_name_plural = _("phiên bản bộ tiêu chí")

    def __str__(self) -> str:
        return self.title


class Scorecard(models.Model):
    """One product set's scorecard within a version (26 per version for D26)."""

    version = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, related_name="scorecards", verbose_name=_("phiên bản bộ tiêu chí")
    )
    product_set = models.ForeignKey(
        ProductSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("bộ sản phẩm")
    )
    number = models.PositiveSmallIntegerField(_("số"))
    title = models.CharField(_("tên bộ sản phẩm"), max_length=300)
    subtitle = models.CharField(_("phân loại"), max_length=300, blank=True)  # "(Sản phẩm: … Nhóm: …)"
    has_case_variants = models.BooleanField(
        default=False, verbose_name=_("có các trường hợp")
    )  # Trường hợp 1 / 2 (set 26)

    class Meta:
        ordering = ["version", "number"]
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="scorecard_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Part(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="parts", verbose_name=_("phiếu đánh giá")
    )
    letter = models.CharField(max_length=1, verbose_name=_("ký hiệu phần"))  # A, B, C
    title = models.CharField(max_length=300, verbose_name=_("tên"))
    max_points = models.PositiveSmallIntegerField(verbose_name=_("điểm tối đa"))
    # Why the reviewed data differs from the printed heading (set 26 prints part A "(35 Điểm)" for 40).
    correction_note = models.TextField(_("ghi chú hiệu chỉnh dữ liệu"), blank=True)

    class Meta:
        verbose_name = _("phần")
        verbose_name_plural = _("phần")
        ordering = ["scorecard", "letter"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "letter"], name="part_unique_letter")]

    def __str__(self) -> str:
        return f"{self.letter}. {self.title}"


class CriterionGroup(models.Model):
    """Nhóm tiêu chí ("1. TỔ CHỨC SẢN XUẤT"). A group scored directly has one criterion of the same number.

    Sets 11 and 13 have a third level: "6.1. Ngoại hình" is a sub-group (parent = group 6) holding the
    criteria "6.1.1", "6.1.2". Sub-groups share their parent's part, so `criterion__group__part` always works.
    """

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="groups", verbose_name=_("phần"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subgroups",
        verbose_name=_("nhóm tiêu chí cha"),
    )
    number = models.CharField(max_length=10, verbose_name=_("số hiệu"))
    title = models.CharField(max_length=300, verbose_name=_("tên"))
    max_points = models.PositiveSmallIntegerField(verbose_name=_("điểm tối đa"))
    notes = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("thứ tự"))

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["part", "order"]
        constraints = [models.UniqueConstraint(fields=["part", "number"], name="criteriongroup_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Criterion(models.Model):
    """A single-choice criterion ("1.5. Liên kết sản xuất"); sets 11 and 13 go one level deeper ("6.1.1")."""

    group = models.ForeignKey(
        CriterionGroup, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("nhóm tiêu chí")
    )
    number = models.CharField(max_length=12, verbose_name=_("số hiệu"))
    title = models.TextField(verbose_name=_("tên"))
    max_points = models.PositiveSmallIntegerField(verbose_name=_("điểm tối đa"))
    requirement = models.TextField(_("yêu cầu"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    # "Ghi nhãn hàng hóa có sử dụng song ngữ": no printed options, yes (max) or no (0).
    is_yes_no = models.BooleanField(default=False, verbose_name=_("chấm có/không"))
    # "Chỉ áp dụng khi có câu chuyện sản phẩm": scores 0 unless the criterion named here scores above 0.
    applies_if = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("chỉ áp dụng khi có điểm ở tiêu chí"),
    )
    # Why the reviewed data differs from the printed sheet (hand correction), empty when it does not: the
    # maintainers' note (export, admin), never shown to users as if the decision said it.
    correction_note = models.TextField(_("ghi chú hiệu chỉnh dữ liệu"), blank=True)
    # A probable misprint of the decision kept as printed (the points are the law's until it is corrected): what the
    # council member reads about it on the sheet.
    misprint_note = models.TextField(_("lưu ý về văn bản cho người chấm"), blank=True)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("thứ tự"))

    class Meta:
        ordering = ["group", "order"]
        constraints = [models.UniqueConstraint(fields=["group", "number"], name="criterion_unique_number")]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")

    def __str__(self) -> str:
        return f"{self.number} {self.title[:60]}"


class Option(models.Model):
    """□ an option with fixed points; `min_star` is the `***`/`****`/`*****` marker it carries."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="options", verbose_name=_("tiêu chí")
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("thứ tự"))
    text = models.TextField(verbose_name=_("nội dung phương án"))
    points = models.PositiveSmallIntegerField(verbose_name=_("điểm"))
    min_star = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("dấu sao tối thiểu"))
    case_variant = models.PositiveSmallIntegerField(
        default=0, verbose_name=_("trường hợp")
    )  # 0 = both; 1/2 = Trường hợp 1/2
    correction_note = models.TextField(_("ghi chú hiệu chỉnh dữ liệu"), blank=True)

    class Meta:
        verbose_name = _("phương án")
        verbose_name_plural = _("phương án")
        ordering = ["criterion", "order"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "order"], name="option_unique_order"),
            models.CheckConstraint(
                condition=Q(min_star__isnull=True) | Q(min_star__in=[3, 4, 5]), name="option_min_star_3_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text[:60]} ({self.points})"


class KnockoutRule(models.Model):
    """'Hồ sơ bị loại khi…' / 'Bị loại nếu…': checks kept apart from the additive score."""

    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="knockout_rules", verbose_name=_("phiếu đánh giá")
    )
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("tiêu chí")
    )
    code = models.CharField(
        max_length=40, verbose_name=_("mã")
    )  # dossier, imported_materials, copied_product, contaminants …, food_safety_certificate, imported_materials …
    text = models.TextField(verbose_name=_("nội dung"))
    stops_evaluation = models.BooleanField(default=False, verbose_name=_("dừng đánh giá"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("thứ tự"))
    # A stop that a score already states (Phụ lục II notes): 0 points on any of `trigger_criteria` (set 16
    # "Nếu được 0 điểm tại một trong các chỉ tiêu trên", sets 19–20 no product declaration), or one of
    # `trigger_options` chosen (the option "Có tạp chất" under the contaminant note). Every other rule (forged
    # dossier, copied product, imported raw material, IP infringement…) is a finding the council records.
    trigger_criteria = models.ManyToManyField(Criterion, blank=True, related_name="+")
    trigger_options = models.ManyToManyField(Option, blank=True, related_name="+")

    class Meta:
        verbose_name = _("căn cứ loại")
        verbose_name_plural = _("căn cứ loại")
        ordering = ["scorecard", "order"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "order"], name="knockout_unique_order")]

    def __str__(self) -> str:
        return self.text[:80]
