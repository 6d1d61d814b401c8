import datetime
import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Cast, ExtractYear
from django.utils.translation import gettext_lazy as _

from evaluation.choices import LegalBasis
from evaluation.models import CouncilResult, Registration
from evaluation.selectors.reevaluation import pending_reevaluations_of, reevaluation_pending
from ocop.models import AdministrativeUnit, keep_province, province_copy_field
from ocop.permissions import NOTHING, reads_registry, unit_scope_q
from ocop.text import DECISION_NUMBER_TAKEN
from products.models import Product

from .choices import (
    LIVE_STATUSES,
    CertificateStatus,
    DecisionStatus,
    IssuerLevel,
    NoticeKind,
    RevocationGround,
    RevocationStatus,
)


def new_verify_token() -> str:
    return secrets.token_urlsafe(24)


# What a verification token can look like (token_urlsafe's alphabet, within the column): anything else finds nothing
# without a query, a NUL byte included, which PostgreSQL refuses in a text literal.
VERIFY_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


class RecognitionDecisionQuerySet(models.QuerySet):
    def for_user(self, user):
        """National roles see every decision; provincial roles their province's decisions, the ministry's
        decisions that recognise one of their products and the historic decisions (district or former province)
        of their products' certificates. Producers and communes work from certificates."""
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
# Another certificate of the issuer bears the number in the year of its issue
# (certificate_historic_number_unique_per_issuer_year).
HISTORIC_NUMBER_TAKEN = _("Cơ quan này đã có giấy chứng nhận mang số này trong năm đó.")


class RecognitionDecision(models.Model):
    """Quyết định công nhận: drafted, checked, issued; immutable once issued."""

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

    class Meta:
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


class CertificateQuerySet(models.QuerySet):
    def for_user(self, user):
        if not reads_registry(user):
            return self.none()
        if user.role == "producer":
            return self.filter(product__producer__members=user)
        scope = unit_scope_q(user, "product__producer__commune", "province")
        if scope == NOTHING:
            return self.none()
        return self.filter(scope)

    def with_status_today(self, today: datetime.date):
        """Each certificate with `status_today`, the status it has on `today` (`status_today`: effective_status in
        SQL), to filter or order by what a page shows rather than by what the nightly sweep last stored."""
        return self.annotate(status_today=status_today(today=today))

    def with_reevaluation_pending(self):
        """Each certificate with `reevaluation_pending`: whether a re-evaluation of its product is pending the
        authority's decision (pending_reevaluations_of), what `effective_status` reads for rows taken as values (the
        API)."""
        return self.annotate(
            reevaluation_pending=Exists(pending_reevaluations_of(OuterRef("product_id"), OuterRef("valid_until")))
        )


def extension_days() -> int:
    """How long after its expiry a certificate stays in use while its re-evaluation is pending (Điều 12.3)."""
    return int(getattr(settings, "OCOP_EXPIRY_EXTENSION_DAYS", 180))


def effective_status(
    status: str, valid_until: datetime.date, today: datetime.date, *, reevaluation_pending: bool
) -> str:
    """The status a certificate has on `today`, even before the nightly sweep has stored it (between midnight and the
    00:30 job, or on a missed night): the public verification page, the API, the successor check, the certificate's
    page. Past its last valid day a live certificate is extended while a re-evaluation of its product filed on or
    before that day is pending the authority's decision (`reevaluation_pending`, evaluation.selectors.reevaluation.
    pending_reevaluations_of, only read then), for up to 180 days, and expired otherwise (Điều 12.3), as the sweep
    (certificates.services.expiry.sweep) stores it. Terminal statuses stay. The same rule as a condition on a queryset is `live_today_q`, as an SQL expression
    `status_today`; `Certificate.effective_status` reads the pending dossier itself."""
    if not past_expiry(status, valid_until, today):
        return status
    extension_start = today - datetime.timedelta(days=extension_days())
    if reevaluation_pending and valid_until >= extension_start:
        return CertificateStatus.EXTENDED
    return CertificateStatus.EXPIRED


def past_expiry(status: str, valid_until: datetime.date, today: datetime.date) -> bool:
    """A live certificate (stored so) past its last valid day: its status today depends on a pending re-evaluation."""
    return status in LIVE_STATUSES and valid_until < today


def live_today_q(prefix: str = "", *, today: datetime.date, product: str = "product_id") -> Q:
    """The certificates that certify their product on `today` (effective_status live), as a condition on certificate
    fields; `prefix` reaches them through a relation ("certificates__") and `product` names, in the outer query, the
    product whose pending re-evaluation, filed by the certificate's own last day (`prefix`valid_until), extends them
    ("pk" for a query of products)."""
    extension_start = today - datetime.timedelta(days=extension_days())
    extended = Q(
        Exists(pending_reevaluations_of(OuterRef(product), OuterRef(f"{prefix}valid_until"))),
        **{
            f"{prefix}status__in": LIVE_STATUSES,
            f"{prefix}valid_until__lt": today,
            f"{prefix}valid_until__gte": extension_start,
        },
    )
    return Q(**{f"{prefix}status__in": LIVE_STATUSES, f"{prefix}valid_until__gte": today}) | extended


def status_today(*, today: datetime.date, product: str = "product_id") -> Case:
    """`effective_status` as an SQL expression on certificate fields, for a filter that must select what the item
    shows (the API's list: `?status=expired` finds the certificate whose last day was yesterday, stored "valid"
    until the 00:30 sweep; the web list, the expiry watch, the producer's home). A live certificate past its last
    valid day is extended for up to `extension_days()` while a re-evaluation of its product filed by that day is
    pending, expired otherwise; every other one keeps its stored status.
    `product` names the product in the outer query, as for `live_today_q`. certificates/tests/
    test_status_today_one_rule.py holds it to the Python rule on every boundary day."""
    extension_start = today - datetime.timedelta(days=extension_days())
    past_expiry = Q(status__in=LIVE_STATUSES, valid_until__lt=today)
    return Case(
        When(
            past_expiry
            & Q(
                Exists(pending_reevaluations_of(OuterRef(product), OuterRef("valid_until"))),
                valid_until__gte=extension_start,
            ),
            then=Value(CertificateStatus.EXTENDED),
        ),
        When(past_expiry, then=Value(CertificateStatus.EXPIRED)),
        default=F("status"),
        output_field=CharField(),
    )


class Certificate(models.Model):
    """Giấy chứng nhận kết quả phân hạng: what was printed is stored as a snapshot, never recomputed."""

    # Unique among the certificates this system issues; a historic number is unique among its issuer's certificates of
    # the year (old districts numbered "01/GCN-UBND" each, so two of them may share a number, and each started again
    # every year, as every issuer numbers its documents: Nghị định 30/2020/NĐ-CP, Phụ lục I).
    number = models.CharField(_("số giấy chứng nhận"), max_length=60, db_index=True)
    decision = models.ForeignKey(
        RecognitionDecision,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("quyết định công nhận"),
    )
    # The decision's issuer as written on it, copied when the certificate is made (the decision never changes after
    # issue): the key of certificate_historic_number_unique_per_issuer_year. Left empty by the migration that added the
    # rule (0019) on a historic certificate recorded before it under a number its issuer had already given that year.
    issuer_name = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True, editable=False)
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ đăng ký")
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("sản phẩm")
    )
    province = province_copy_field()  # the product's (keep_province)
    star = models.PositiveSmallIntegerField(_("hạng sao"))
    mean_score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    product_name = models.CharField(_("tên sản phẩm"), max_length=300)
    product_code = models.CharField(_("mã số sản phẩm"), max_length=60, blank=True)
    producer_name = models.CharField(_("tên chủ thể"), max_length=300)
    producer_address = models.CharField(_("địa chỉ"), max_length=400, blank=True)
    issued_on = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(_("có hiệu lực đến"))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
        db_index=True,
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.D26)
    is_historic = models.BooleanField(_("giấy chứng nhận cũ"), default=False)
    verify_token = models.CharField(
        max_length=64, unique=True, default=new_verify_token, editable=False, verbose_name=_("mã xác minh")
    )
    pdf = models.FileField(upload_to="certificates/%Y/", blank=True, verbose_name=_("tệp PDF"))
    pdf_sha256 = models.CharField(max_length=64, blank=True, verbose_name=_("mã băm SHA-256 của PDF"))
    scan = models.FileField(
        upload_to="certificates/scans/%Y/", blank=True, verbose_name=_("bản quét có chữ ký, con dấu")
    )
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("được thay bằng")
    )
    renewal_notice_sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("đã báo đánh giá lại lúc"))
    expiring_notice_sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("đã báo sắp hết hạn lúc"))
    expired_notice_sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("đã báo hết hạn lúc"))
    status_changed_on = models.DateField(null=True, blank=True, verbose_name=_("đổi trạng thái ngày"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    # Any change that matters to the national sync (status, printed fields, successor); bulk updates set it by
    # hand (update() skips auto_now). The API's changes feed reads it (api/selectors.py).
    updated_at = models.DateTimeField(auto_now=True, db_index=True, verbose_name=_("cập nhật lúc"))

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        constraints = [
            models.CheckConstraint(condition=Q(star__gte=3, star__lte=5), name="certificate_star_3_to_5"),
            models.CheckConstraint(condition=Q(valid_until__gt=F("issued_on")), name="certificate_valid_after_issue"),
            models.UniqueConstraint(fields=["decision", "product"], name="certificate_one_per_product_per_decision"),
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(is_historic=False),
                name="certificate_number_unique",
                violation_error_message=_("Số giấy chứng nhận này đã được cấp."),
            ),
            models.UniqueConstraint(
                fields=["decision", "number"],
                name="certificate_number_unique_per_decision",
                violation_error_message=_("Quyết định này đã có giấy chứng nhận mang số này."),
            ),
            # The typed number of an old certificate names one certificate of its issuer in its year; the public
            # verification page looks certificates up by number. certificate_record_historic refuses it first, next
            # to the number, with the issuer's name however written (historic_number_holder).
            models.UniqueConstraint(
                "issuer_name",
                "number",
                ExtractYear("issued_on"),
                condition=Q(is_historic=True) & ~Q(issuer_name=""),
                name="certificate_historic_number_unique_per_issuer_year",
                violation_error_message=HISTORIC_NUMBER_TAKEN,
            ),
        ]
        indexes = [
            models.Index(fields=["status", "valid_until"]),
            models.Index(fields=["province", "id"], name="certificate_province_id"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        keep_province(self, "product", kwargs)
        if self._state.adding and self.decision_id is not None and not self.issuer_name:
            self.issuer_name = self.decision.issuer_name
        super().save(*args, **kwargs)

    def is_live_on(self, today: datetime.date) -> bool:
        """Whether the certificate certifies its product on `today`: by its status of the day (effective_status), not
        by the one the night's sweep last stored (what the certificate page offers to do with it)."""
        return self.effective_status(today) in LIVE_STATUSES

    def effective_status(self, today) -> str:
        pending = past_expiry(self.status, self.valid_until, today) and reevaluation_pending(
            self.product_id, self.valid_until
        )
        return effective_status(self.status, self.valid_until, today, reevaluation_pending=pending)

    @property
    def has_document(self) -> bool:
        return bool(self.pdf_sha256 or self.scan)


class CertificatePdf(models.Model):
    """Every rendering of a certificate, kept: a correction renders a new version and the old file stays."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="pdf_versions", verbose_name=_("giấy chứng nhận")
    )
    version = models.PositiveSmallIntegerField(verbose_name=_("lần in"))
    file = models.FileField(max_length=200, verbose_name=_("tệp"))
    sha256 = models.CharField(max_length=64, verbose_name=_("mã băm SHA-256"))
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    class Meta:
        verbose_name = _("bản PDF giấy chứng nhận")
        verbose_name_plural = _("bản PDF giấy chứng nhận")
        ordering = ["certificate", "-version"]
        constraints = [models.UniqueConstraint(fields=["certificate", "version"], name="certificatepdf_version_unique")]

    def __str__(self) -> str:
        return f"{self.certificate_id} v{self.version}"


class Revocation(models.Model):
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
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người đề xuất"),
    )
    proposed_at = models.DateTimeField(_("ngày đề xuất"), null=True, blank=True)
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

    class Meta:
        verbose_name = _("thu hồi")
        verbose_name_plural = _("thu hồi")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=RevocationStatus.PROPOSED)
                | (Q(decision_date__isnull=False) & ~Q(decision_number="")),
                name="revocation_issued_has_decision",
                violation_error_message=_("Quyết định thu hồi đã ban hành phải có số và ngày."),
            ),
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


class VerificationDay(models.Model):
    """Looks at the public verification page, counted per certificate and day (one row per pair, not per visit:
    an anonymous flood grows a number, not the table). Nothing about the visitor."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="visit_days", verbose_name=_("giấy chứng nhận")
    )
    day = models.DateField(_("ngày"))
    count = models.PositiveIntegerField(_("lượt xác minh"), default=0)

    class Meta:
        verbose_name = _("lượt xác minh theo ngày")
        verbose_name_plural = _("lượt xác minh theo ngày")
        constraints = [models.UniqueConstraint(fields=["certificate", "day"], name="verificationday_unique")]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.day:%d/%m/%Y}: {self.count}"


# ---------------------------------------------------------------------------------------------------------
# The expiry watch's own rows: one notice per certificate and step, one digest per officer and day, and the link
# from a certificate to the re-evaluation dossier started from it (certificates/services/expiry/).


class CertificateNotice(models.Model):
    """One step of the watch for one certificate (the day it happened) and the producer's notice about it.

    Unique per (certificate, kind): a rerun, a retry or a second worker can never notify twice. The e-mail is
    claimed by compare-and-swap on `claimed_at` before sending; a failed send releases the claim and leaves
    its error in `last_error`, where the expiry list shows it."""

    certificate = models.ForeignKey(
        "certificates.Certificate",
        on_delete=models.CASCADE,
        related_name="expiry_notices",
        verbose_name=_("giấy chứng nhận"),
    )
    kind = models.CharField(_("loại thông báo"), max_length=20, choices=NoticeKind.choices)
    day = models.DateField(_("ngày chuyển trạng thái"), db_index=True)
    in_app_at = models.DateTimeField(null=True, blank=True, verbose_name=_("đã báo trong ứng dụng lúc"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("nhận xử lý lúc"))
    sent_at = models.DateTimeField(_("đã gửi e-mail lúc"), null=True, blank=True)
    recipients = models.CharField(_("người nhận"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("lần gửi gần nhất lúc"))
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("thông báo hết hạn")
        verbose_name_plural = _("thông báo hết hạn")
        ordering = ["-day", "-id"]  # noqa: RUF012
        constraints = (models.UniqueConstraint(fields=["certificate", "kind"], name="certificatenotice_once_per_kind"),)
        indexes = (models.Index(fields=["sent_at"], condition=Q(sent_at__isnull=True), name="certnotice_unsent"),)

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.kind} {self.day:%d/%m/%Y}"


class OfficerDigest(models.Model):
    """The daily e-mail to one responsible officer listing the certificates of their scope that changed that
    day. Unique per (user, day): never one e-mail per certificate, never two digests for one day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expiry_digests", verbose_name=_("cán bộ nhận")
    )
    day = models.DateField(_("ngày"))
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("nhận xử lý lúc"))
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    certificate_count = models.PositiveIntegerField(_("số giấy chứng nhận"), default=0)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True, verbose_name=_("lần gửi gần nhất lúc"))
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("thư tổng hợp hằng ngày")
        verbose_name_plural = _("thư tổng hợp hằng ngày")
        ordering = ["-day", "user_id"]  # noqa: RUF012
        constraints = (models.UniqueConstraint(fields=["user", "day"], name="officerdigest_one_per_day"),)

    def __str__(self) -> str:
        return f"{self.user_id} {self.day:%d/%m/%Y}"


class CertificateReevaluation(models.Model):
    """A re-evaluation dossier started from a certificate (one click on the expiry list). When the new result
    is recognised, the certificate it came from is the one to supersede."""

    certificate = models.ForeignKey(
        "certificates.Certificate",
        on_delete=models.PROTECT,
        related_name="reevaluations",
        verbose_name=_("giấy chứng nhận"),
    )
    registration = models.OneToOneField(
        "evaluation.Registration",
        on_delete=models.PROTECT,
        related_name="reevaluation_of",
        verbose_name=_("hồ sơ đăng ký"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người bắt đầu"),
    )
    started_at = models.DateTimeField(auto_now_add=True, verbose_name=_("bắt đầu lúc"))

    class Meta:
        verbose_name = _("đánh giá lại từ giấy chứng nhận")
        verbose_name_plural = _("đánh giá lại từ giấy chứng nhận")
        ordering = ["-started_at", "-id"]  # noqa: RUF012

    def __str__(self) -> str:
        return f"{self.certificate_id} → {self.registration_id}"
