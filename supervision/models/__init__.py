"""Kiểm tra, giám sát sản phẩm OCOP (D26 Điều 9) and the way from a finding to thu hồi (Điều 8).

A plan (the province's, or the ministry's for 5★) schedules inspections of certified products; an ad hoc
inspection comes from a complaint or another agency's finding. An inspection is recorded on site (checklist of
Điều 9.3, photos, the producer's representative) and concluded: compliant, a remedy with a deadline, or a proposal
to revoke that opens the certificate's four-eyes revocation and its 15 days (Điều 8.4), tracked by a case."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.choices import RevocationGround, conclusion_required
from certificates.models import Certificate
from ocop.choices import Role
from ocop.models import AdministrativeUnit
from ocop.permissions import NOTHING, unit_scope_q
from products.models import Product

from ..choices import (
    CaseSource,
    CheckArea,
    ComplaintSource,
    ComplaintStatus,
    InspectionKind,
    InspectionStatus,
    ItemResult,
    Outcome,
    PlanLevel,
    SelectionReason,
    Severity,
)

# The remedies after an inspection, in a module of their own, read from here as before.
from .remedies import (  # noqa: F401
    Remedy,
    RemedyEvidence,
    RemedyReport,
    remedy_overdue,
    remedy_overdue_q,
    remedy_state,
)

# Roles that read a province's supervision records (the OCOP office and the read-only viewer).
OFFICE_READERS = {Role.PROVINCE_OFFICER, Role.VIEWER}


def _scoped(queryset, user, commune_field: str, *, communes: bool = True):
    """Records of `user`'s administrative scope: national roles all, the province's office and viewer their
    province, commune officers their commune (when `communes`). Everyone else nothing."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_national:
        return queryset
    if user.role in OFFICE_READERS or (communes and user.role == Role.COMMUNE_OFFICER):
        scope = unit_scope_q(user, commune_field)
        return queryset.none() if scope == NOTHING else queryset.filter(scope)
    return queryset.none()


class SupervisionPlanQuerySet(models.QuerySet):
    def for_user(self, user):
        """National roles see every plan; a province's office and viewer the plans of their province."""
        if not user.is_authenticated:
            return self.none()
        if user.is_national:
            return self
        if user.role in OFFICE_READERS and user.province_id:
            return self.filter(level=PlanLevel.PROVINCE, unit_id=user.province_id)
        return self.none()


class SupervisionPlan(models.Model):
    """Kế hoạch kiểm tra, giám sát of one year: the province's (unit) or the ministry's (5★, no unit)."""

    level = models.CharField(_("cấp"), max_length=10, choices=PlanLevel.choices, default=PlanLevel.PROVINCE)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("tỉnh, thành phố"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số kế hoạch"), max_length=60)
    signed_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=300)
    document = models.FileField(_("văn bản kế hoạch (PDF)"), upload_to="supervision/plans/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    objects = SupervisionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-signed_on", "-id"]
        verbose_name = _("kế hoạch kiểm tra, giám sát")
        verbose_name_plural = _("kế hoạch kiểm tra, giám sát")
        constraints = [
            models.CheckConstraint(
                condition=(Q(level=PlanLevel.PROVINCE) & Q(unit__isnull=False))
                | (Q(level=PlanLevel.MINISTRY) & Q(unit__isnull=True)),
                name="supervisionplan_unit_matches_level",
                violation_error_message=_("Kế hoạch cấp tỉnh phải có tỉnh; kế hoạch của Bộ không gắn với tỉnh."),
            ),
            # Document numbers start again each year (Nghị định 30/2020/NĐ-CP): one number per unit and year.
            models.UniqueConstraint(
                "level",
                "unit",
                "number",
                ExtractYear(Cast("signed_on", models.DateField())),
                name="supervisionplan_number_unique_per_year",
                violation_error_message=_("Đơn vị này đã có kế hoạch mang số này trong năm đó."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="supervisionplan_year_sane",
                violation_error_message=_("Năm kế hoạch không hợp lệ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.year})"


class InspectionQuerySet(models.QuerySet):
    def for_user(self, user):
        """National roles see all; a province's office and viewer, and a commune officer, the inspections of their
        area; an inspector (an advisory member from another department, say) only the inspections they are
        assigned to; a producer the concluded inspections of its own products."""
        if not user.is_authenticated:
            return self.none()
        if user.is_national:
            return self
        if user.role == Role.PRODUCER:
            return self.filter(product__producer__members=user, status=InspectionStatus.CONCLUDED)
        assigned = Q(pk__in=Assignment.objects.filter(inspector=user).values("inspection_id"))
        if user.role in OFFICE_READERS or user.role == Role.COMMUNE_OFFICER:
            scope = unit_scope_q(user, "product__producer__commune")
            return self.filter(assigned if scope == NOTHING else scope | assigned)
        return self.filter(assigned)


class Inspection(models.Model):
    """One inspection of a certified product: scheduled (by a plan or ad hoc), recorded on site, concluded."""

    plan = models.ForeignKey(
        SupervisionPlan,
        verbose_name=_("kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=InspectionKind.choices)
    reason = models.CharField(_("lý do chọn"), max_length=20, choices=SelectionReason.choices)
    # The plan's rules may select a product for several reasons at once (selectors.plan_candidates): `reason` is the
    # first, these the others (SelectionReason values), so the plan and the record say every one of them.
    other_reasons = models.JSONField(_("lý do chọn khác"), default=list, blank=True)
    reason_detail = models.TextField(_("nội dung (phản ánh, phát hiện của cơ quan khác)"), blank=True)
    # Another agency's finding may already be its conclusion on the producer's breach (Điều 8.1c, e): then the 15
    # days of Điều 8.4 run from it, not from this inspection's own conclusion (revocation_case_open).
    agency = models.CharField(_("cơ quan kết luận vi phạm"), max_length=200, blank=True)
    agency_document_number = models.CharField(_("số văn bản kết luận"), max_length=60, blank=True)
    agency_concluded_on = models.DateField(_("ngày kết luận của cơ quan"), null=True, blank=True)
    certificate = models.ForeignKey(
        Certificate, verbose_name=_("giấy chứng nhận"), on_delete=models.PROTECT, related_name="inspections"
    )
    product = models.ForeignKey(Product, verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="+")
    scheduled_on = models.DateField(_("ngày kiểm tra dự kiến"))
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Assignment",
        through_fields=("inspection", "inspector"),
        related_name="supervision_inspections",
        blank=True,
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    inspected_on = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    representative_name = models.CharField(_("đại diện chủ thể"), max_length=150, blank=True)
    representative_title = models.CharField(_("chức vụ"), max_length=150, blank=True)
    summary = models.TextField(_("nhận xét chung"), blank=True)
    outcome = models.CharField(_("kết luận"), max_length=10, choices=Outcome.choices, blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người kết luận"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_on", "-id"]
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        constraints = [
            # Once per product, whichever of its certificates: a re-certified product is the same product.
            models.UniqueConstraint(
                fields=["plan", "product"],
                condition=Q(plan__isnull=False),
                name="inspection_once_per_plan",
                violation_error_message=_("Sản phẩm này đã có trong kế hoạch."),
            ),
            models.CheckConstraint(
                condition=~Q(status=InspectionStatus.CONCLUDED)
                | (~Q(outcome="") & Q(concluded_on__isnull=False) & Q(inspected_on__isnull=False)),
                name="inspection_concluded_has_outcome",
                violation_error_message=_(
                    "Cuộc kiểm tra đã kết luận phải có kết luận, ngày kiểm tra và ngày kết luận."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(agency="") & Q(agency_document_number="") & Q(agency_concluded_on__isnull=True))
                | (~Q(agency="") & ~Q(agency_document_number="") & Q(agency_concluded_on__isnull=False)),
                name="inspection_agency_conclusion_whole",
                violation_error_message=_("Kết luận của cơ quan khác phải có cơ quan, số văn bản và ngày."),
            ),
        ]
        indexes = [models.Index(fields=["certificate", "status"])]

    def __str__(self) -> str:
        return f"{self.product} – {self.scheduled_on:%d/%m/%Y}"

    @property
    def reason_labels(self) -> list[str]:
        """Why the product was chosen, in the reader's language: the reason it was put in under, then the others."""
        return [str(SelectionReason(value).label) for value in [self.reason, *self.other_reasons]]

    @property
    def has_agency_conclusion(self) -> bool:
        return self.agency_concluded_on is not None


class Assignment(models.Model):
    """An inspector assigned to an inspection (with who assigned them and when)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("cuộc kiểm tra")
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người kiểm tra"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người phân công"),
    )
    assigned_at = models.DateTimeField(auto_now_add=True, verbose_name=_("phân công lúc"))

    class Meta:
        verbose_name = _("phân công kiểm tra")
        verbose_name_plural = _("phân công kiểm tra")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "inspector"], name="assignment_once_per_inspector")
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.inspector_id}"


class InspectionItem(models.Model):
    """One line of the checklist (Điều 9.3): the result and, for a finding, its severity."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="items", verbose_name=_("cuộc kiểm tra")
    )
    area = models.CharField(_("nội dung kiểm tra"), max_length=12, choices=CheckArea.choices)
    result = models.CharField(_("kết quả"), max_length=10, choices=ItemResult.choices, default=ItemResult.UNCHECKED)
    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices, default=Severity.NONE)
    note = models.TextField(_("ghi chú, phát hiện"), blank=True)

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = _("nội dung kiểm tra")
        verbose_name_plural = _("nội dung kiểm tra")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "area"], name="inspectionitem_once_per_area"),
            models.CheckConstraint(
                condition=(Q(result=ItemResult.FINDING) & ~Q(severity=Severity.NONE))
                | (~Q(result=ItemResult.FINDING) & Q(severity=Severity.NONE)),
                name="inspectionitem_finding_has_severity",
                violation_error_message=_("Phát hiện phải có mức độ; nội dung đạt thì không có mức độ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_result_display()}"


class InspectionPhoto(models.Model):
    """A photo taken on site: private media, served by an access-checked view."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="photos", verbose_name=_("cuộc kiểm tra")
    )
    area = models.CharField(_("nội dung kiểm tra"), max_length=12, choices=CheckArea.choices, blank=True)
    image = models.ImageField(upload_to="supervision/photos/%Y/", verbose_name=_("ảnh"))
    thumbnail = models.ImageField(upload_to="supervision/photos/thumbs/%Y/", blank=True, verbose_name=_("ảnh thu nhỏ"))
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = _("ảnh kiểm tra")
        verbose_name_plural = _("ảnh kiểm tra")

    def __str__(self) -> str:
        return self.caption or self.image.name


class RevocationCaseQuerySet(models.QuerySet):
    def for_user(self, user):
        """Officials only (the offices, the viewer, the commune): like a pending revocation proposal, the case and
        its limit are not shown to the producer, who is told the conclusion and, later, the decision."""
        return _scoped(self, user, "certificate__product__producer__commune")


class RevocationCase(models.Model):
    """The 15 days of Điều 8.4 for one certificate: from the conclusion of the competent authority (an inspection's,
    or another agency's on a breach, Điều 8.1a, c, e), or from the commune's confirmation that the producer no
    longer produces. The revocation itself is the certificate's four-eyes
    path (certificates.Revocation); this row keeps where it came from and the limit."""

    certificate = models.OneToOneField(
        Certificate, verbose_name=_("giấy chứng nhận"), on_delete=models.PROTECT, related_name="revocation_case"
    )
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revocation_cases",
        verbose_name=_("cuộc kiểm tra"),
    )
    source = models.CharField(_("căn cứ mở"), max_length=10, choices=CaseSource.choices)
    ground = models.CharField(_("căn cứ thu hồi (Điều 8.1)"), max_length=4)
    detail = models.TextField(_("nội dung"), blank=True)
    agency = models.CharField(_("cơ quan kết luận"), max_length=200, blank=True)
    document_number = models.CharField(_("số văn bản kết luận hoặc xác nhận"), max_length=60, blank=True)
    opened_on = models.DateField(_("ngày kết luận hoặc xác nhận"))
    due_on = models.DateField(_("hạn thu hồi (Điều 8.4)"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người mở")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    # The office may decide not to revoke (the finding was answered, production resumed): the case closes with a
    # reason and leaves the follow-up; a later finding or confirmation opens it again.
    closed_on = models.DateField(_("ngày đóng"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người đóng"),
    )
    close_reason = models.TextField(_("lý do không thu hồi"), blank=True)

    objects = RevocationCaseQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("hồ sơ thu hồi (thời hạn 15 ngày)")
        verbose_name_plural = _("hồ sơ thu hồi (thời hạn 15 ngày)")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gt=models.F("opened_on")),
                name="revocationcase_due_after_opened",
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate} – {self.due_on:%d/%m/%Y}"

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def ground_label(self) -> str:
        """The ground of Điều 8.1 in words: what the office that revokes reads on a case another office concluded."""
        return RevocationGround(self.ground).label if self.ground in RevocationGround.values else self.ground

    @property
    def awaits_agency_conclusion(self) -> bool:
        """Whether the case's ground needs a competent agency's conclusion the case does not have
        (certificates.choices.conclusion_required, an inspection's own conclusion counting for ground a): a case
        opened from an inspection's own finding on ground c or e before that rule. Its proposal waits for the
        agency's conclusion (recorded on the agency-conclusion page), from which its 15 days then run."""
        if self.source == CaseSource.AGENCY:
            return False
        return conclusion_required(self.ground, inspection_concluded=self.source == CaseSource.FINDING)


class ComplaintQuerySet(models.QuerySet):
    def for_user(self, user):
        return _scoped(self, user, "product__producer__commune")


class Complaint(models.Model):
    """Phản ánh about a certified product: from the public product page (no account) or from an officer."""

    product = models.ForeignKey(Product, verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("nguồn"), max_length=10, choices=ComplaintSource.choices)
    text = models.TextField(_("nội dung phản ánh"))
    name = models.CharField(_("họ tên người phản ánh"), max_length=150, blank=True)
    contact = models.CharField(_("điện thoại hoặc e-mail"), max_length=150, blank=True)
    photo = models.ImageField(upload_to="supervision/complaints/%Y/", blank=True, verbose_name=_("ảnh"))
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ComplaintStatus.choices, default=ComplaintStatus.NEW
    )
    close_reason = models.TextField(_("lý do đóng"), blank=True)
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("cuộc kiểm tra"),
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người phân loại"),
    )
    triaged_at = models.DateTimeField(null=True, blank=True, verbose_name=_("phân loại lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    # The form's one-time token: one sending of a form is one complaint, and the address of its receipt
    # (complaint_submit gives one when the form sent none; complaints from before the token were given one, 0011).
    submission = models.UUIDField(_("lần gửi"), default=uuid.uuid4, unique=True, editable=False)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("phản ánh")
        verbose_name_plural = _("phản ánh")
        indexes = [models.Index(fields=["product", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ComplaintStatus.CLOSED) | ~Q(close_reason=""),
                name="complaint_closed_has_reason",
                violation_error_message=_("Phản ánh đã đóng phải có lý do."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} – {timezone.localtime(self.created_at):%d/%m/%Y}"

    @property
    def code(self) -> str:
        """The code the sender is given on the receipt and the office reads on the complaint (and searches by)."""
        return f"PA-{self.pk:06d}"
