import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from evaluation.choices import LegalBasis
from evaluation.models import CouncilResult, Registration
from ocop.models import AdministrativeUnit
from ocop.permissions import NOTHING, unit_scope_q
from products.models import Product

from .choices import CertificateStatus, DecisionStatus, IssuerLevel


def new_verify_token() -> str:
    return secrets.token_urlsafe(24)


class RecognitionDecision(models.Model):
    """Quyết định công nhận: drafted, checked, issued; immutable once issued."""

    number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    issuer_level = models.CharField(_("cấp ban hành"), max_length=10, choices=IssuerLevel.choices)
    issuer_unit = models.ForeignKey(AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=200)  # kept exactly as issued
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.D26)
    status = models.CharField(_("trạng thái"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT)
    is_historic = models.BooleanField(_("quyết định cũ (nhập bổ sung)"), default=False)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")

    def __str__(self) -> str:
        return self.number or _("Dự thảo quyết định")


class DecisionEntry(models.Model):
    """One line of the decision's annex: a council result to be recognised."""

    decision = models.ForeignKey(RecognitionDecision, on_delete=models.PROTECT, related_name="entries")
    result = models.ForeignKey(CouncilResult, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    registration = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    star = models.PositiveSmallIntegerField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["decision", "order"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "product"], name="decisionentry_one_per_product"),
            models.CheckConstraint(condition=Q(star__gte=3, star__lte=5), name="decisionentry_star_3_to_5"),
        ]


class CertificateQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.role == "producer":
            return self.filter(product__producer__members=user)
        scope = unit_scope_q(user, "product__producer__commune")
        if scope == NOTHING:
            return self.none()
        return self.filter(scope)


class Certificate(models.Model):
    """Giấy chứng nhận kết quả phân hạng: what was printed is stored as a snapshot, never recomputed."""

    number = models.CharField(_("số giấy chứng nhận"), max_length=60, unique=True)
    decision = models.ForeignKey(RecognitionDecision, on_delete=models.PROTECT, related_name="certificates")
    registration = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="certificates")
    star = models.PositiveSmallIntegerField(_("hạng sao"))
    mean_score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    product_name = models.CharField(_("tên sản phẩm"), max_length=300)
    product_code = models.CharField(_("mã số sản phẩm"), max_length=60, blank=True)
    producer_name = models.CharField(_("tên chủ thể"), max_length=300)
    producer_address = models.CharField(_("địa chỉ"), max_length=400, blank=True)
    issued_on = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(_("có hiệu lực đến"))
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=CertificateStatus.choices, default=CertificateStatus.VALID, db_index=True
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.D26)
    is_historic = models.BooleanField(_("giấy chứng nhận cũ"), default=False)
    verify_token = models.CharField(max_length=64, unique=True, default=new_verify_token, editable=False)
    pdf = models.FileField(upload_to="certificates/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    scan = models.FileField(upload_to="certificates/scans/%Y/", blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    renewal_notice_sent_at = models.DateTimeField(null=True, blank=True)
    expiring_notice_sent_at = models.DateTimeField(null=True, blank=True)
    expired_notice_sent_at = models.DateTimeField(null=True, blank=True)
    status_changed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        constraints = [
            models.CheckConstraint(condition=Q(star__gte=3, star__lte=5), name="certificate_star_3_to_5"),
            models.CheckConstraint(condition=Q(valid_until__gt=F("issued_on")), name="certificate_valid_after_issue"),
            models.UniqueConstraint(fields=["decision", "product"], name="certificate_one_per_product_per_decision"),
        ]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self) -> str:
        return self.number


class CertificateCounter(models.Model):
    """Running certificate numbers per issuing unit and year (F() + 1 inside the transaction)."""

    key = models.CharField(max_length=40, unique=True)
    value = models.PositiveIntegerField(default=0)
