"""Recognition decisions (Quyết định công nhận) and the lines of their annex: the products they recognise."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Cast, ExtractYear
from django.utils.translation import gettext_lazy as _

from evaluation.choices import LegalBasis
from evaluation.models import CouncilResult, Registration
from ocop.models import AdministrativeUnit
from ocop.permissions import reads_registry
from ocop.text import DECISION_NUMBER_TAKEN
from products.models import Product

from ..choices import DecisionStatus, IssuerLevel
from .submission import SubmissionCited


class RecognitionDecisionQuerySet(models.QuerySet):
    def for_user(self, user):
        """National roles see every decision; provincial roles their province's decisions, the ministry's
        decisions that recognise one of their products and the historic decisions (district or former province)
        of their products' certificates. Producers and communes work from certificates."""
        from .certificates import Certificate  # that module imports this one (RecognitionDecision)

        if not reads_registry(user) or user.role in {"producer", "commune_officer"}:
            return self.none()
        if user.is_national:
            return self
        province_id = user.province_id
        if province_id is None:
            return self.none()
        # EXISTS on the province copies, not joins and DISTINCT: a join through every entry and certificate made
        # a province's decision list sort 150,000 rows (14 s at the national scale).
        ministry = Q(issuer_level=IssuerLevel.MINISTRY) & Exists(
            DecisionEntry.objects.filter(decision=OuterRef("pk"), product__province_id=province_id)
        )
        # A decision recorded from before this system (a former district's or province's, issuer_unit unset) is
        # the province's when it recognised one of the province's products.
        historic = Q(is_historic=True) & Exists(
            Certificate.objects.filter(decision=OuterRef("pk"), province_id=province_id)
        )
        return self.filter(Q(issuer_unit_id=province_id) | ministry | historic)


# Another decision of the issuer bears the number in the year of the date (decision_number_unique_per_issuer_year among
# recognition decisions; ocop.selectors.decision_number_holder across every kind of decision).
NUMBER_TAKEN = DECISION_NUMBER_TAKEN


class RecognitionDecision(SubmissionCited):
    """Quyết định công nhận: drafted, checked, issued; immutable once issued. The OCOP office's submission it answers
    (submission_number, submission_date: SubmissionCited) is typed with its number and date at issue."""

    number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    issuer_level = models.CharField(_("cấp ban hành"), max_length=10, choices=IssuerLevel.choices)
    issuer_unit = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan ban hành"),
    )
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=200)  # kept exactly as issued
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.D26)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    is_historic = models.BooleanField(_("quyết định cũ (nhập bổ sung)"), default=False)
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("đính chính quyết định"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    issued_at = models.DateTimeField(null=True, blank=True, verbose_name=_("ban hành lúc"))

    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người kiểm tra"),
    )
    checked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("kiểm tra lúc"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người ban hành"),
    )

    objects = RecognitionDecisionQuerySet.as_manager()

    class Meta(SubmissionCited.Meta):
        ordering = ["-date", "-id"]
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        constraints = [
            # A number is the decision's order among its issuer's documents of one year (Nghị định 30/2020/NĐ-CP,
            # Phụ lục I): numbering starts again each year, so one number names one decision per issuer and year.
            models.UniqueConstraint(
                "issuer_name",
                "number",
                ExtractYear(Cast("date", models.DateField())),  # typed: a draft's NULL date is validated too
                condition=Q(status="issued") & ~Q(number=""),
                name="decision_number_unique_per_issuer_year",
                violation_error_message=NUMBER_TAKEN,
            ),
            models.CheckConstraint(
                condition=~Q(status="issued") | (~Q(number="") & Q(date__isnull=False)),
                name="decision_issued_has_number_and_date",
                violation_error_message=_("Quyết định đã ban hành phải có số và ngày."),
            ),
            *SubmissionCited.Meta.constraints,  # recognitiondecision_submission_number_and_date
        ]

    def __str__(self) -> str:
        return self.number or str(_("Dự thảo quyết định"))

    @property
    def is_issued(self) -> bool:
        return self.status == DecisionStatus.ISSUED


class DecisionEntry(models.Model):
    """One line of the decision's annex: a council result to be recognised."""

    decision = models.ForeignKey(
        RecognitionDecision, on_delete=models.PROTECT, related_name="entries", verbose_name=_("quyết định công nhận")
    )
    result = models.ForeignKey(
        CouncilResult,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kết quả của Hội đồng"),
    )
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ đăng ký")
    )
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+", verbose_name=_("sản phẩm"))
    star = models.PositiveSmallIntegerField(verbose_name=_("hạng sao"))
    mean_score = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, verbose_name=_("tổng điểm trung bình")
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("thứ tự"))

    class Meta:
        verbose_name = _("sản phẩm trong quyết định")
        verbose_name_plural = _("sản phẩm trong quyết định")
        ordering = ["decision", "order"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "product"], name="decisionentry_one_per_product"),
            models.CheckConstraint(condition=Q(star__gte=3, star__lte=5), name="decisionentry_star_3_to_5"),
            models.UniqueConstraint(
                fields=["result"],
                condition=Q(result__isnull=False),
                name="decisionentry_result_once",
                violation_error_message=_("Kết quả này đã có trong một quyết định khác."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.product_id} ({self.star}★)"

    @property
    def product_code(self) -> str:
        """The product's code as the decision prints it: with the year of the evaluation it recognises (the
        dossier's, Registration.product_code), or the decision's own for a line entered without a dossier."""
        if self.registration_id:
            return self.registration.product_code
        return self.product.code_in(self.decision.date.year) if self.decision.date else self.product.code
