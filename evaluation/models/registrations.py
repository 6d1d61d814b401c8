"""Evaluation rounds and registrations (Mẫu 01), with the producer's self-assessment (Mẫu 02)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.models import AdministrativeUnit, keep_province, province_copy_field
from ocop.permissions import NOTHING, unit_scope_q
from ocop.phrases import Phrase
from products.models import Product

from ..choices import (
    ADVISORY_REVIEW_STATUSES,
    FROZEN_STATUSES,
    REEVALUATION_RUNNING,
    CaseVariant,
    CommuneProposal,
    DocumentKind,
    LegalBasis,
    Level,
    RegistrationKind,
    RegistrationStatus,
    RoundState,
    RoundStatus,
)
from ..workflow import CLOSED, PRODUCER_TURN
from .criteria import CriteriaVersion, Criterion, Option, Scorecard

S = RegistrationStatus
WAITING_FOR = {
    S.DRAFT: _("Chủ thể hoàn thiện và nộp hồ sơ"),
    S.SUBMITTED: _("UBND xã kiểm tra (15 ngày làm việc)"),
    S.FORWARDED: _("Cơ quan OCOP tỉnh tiếp nhận"),
    S.ADVISORY_REVIEW: _("Tổ tư vấn xem xét"),
    S.SUPPLEMENT_REQUESTED: _("Chủ thể bổ sung hồ sơ"),
    S.RETURNED: _("Chủ thể hoàn thiện và nộp lại"),
    S.READY_FOR_COUNCIL: _("Hội đồng đánh giá, phân hạng"),
    S.SCORED: _("Quyết định công nhận"),
    S.PROVINCE_APPROVAL: _("Chủ tịch UBND tỉnh phê duyệt kết quả, UBND tỉnh gửi Bộ (Điều 7.3e)"),
    S.FORWARDED_TO_CENTRAL: _("Hội đồng trung ương"),
}
# The producer's turn on a paper dossier of a producer without an account (products.permissions.acts_for_producer):
# only the officers can act, the commune typing it in for the producer; "Chủ thể hoàn thiện…" named someone who cannot.
WAITING_FOR_OFFICER = {
    S.DRAFT: _("UBND xã hoàn thiện và nộp hồ sơ thay chủ thể (chủ thể chưa có tài khoản)"),
    S.SUPPLEMENT_REQUESTED: _("UBND xã bổ sung hồ sơ thay chủ thể (chủ thể chưa có tài khoản)"),
    S.RETURNED: _("UBND xã hoàn thiện và nộp lại thay chủ thể (chủ thể chưa có tài khoản)"),
}


# The council's outcome stays confidential to the producer until it is announced (issue 6, D26 Điều 7.3g): a
# recognised dossier by the decision (SCORED → DECIDED), the others by a written notice (`registration_notify_result`);
# a potential 5★ once the province has approved it and written to the ministry (FORWARDED_TO_CENTRAL), not before.
RESULT_MASKED = frozenset({S.SCORED, S.PROVINCE_APPROVAL, S.FORWARDED_TO_CENTRAL, S.NOT_RECOGNISED, S.ELIMINATED})
RESULT_NOTIFIABLE = frozenset({S.FORWARDED_TO_CENTRAL, S.NOT_RECOGNISED, S.ELIMINATED})
MASKED_LABEL = _("Hội đồng đã đánh giá — chờ công bố kết quả")
MASKED_CHOICE = "awaiting_result"


def result_masked_q() -> Q:
    """Registrations whose current outcome has not been announced to the producer."""
    return Q(status__in=RESULT_MASKED) & ~Q(result_notified_status=models.F("status"))


DK = DocumentKind
_COMMON = [
    DK.REGISTRATION_FORM,
    DK.SELF_ASSESSMENT,
    DK.BUSINESS_REGISTRATION,
    DK.QUALITY_DECLARATION,
    DK.TEST_REPORT,
    DK.FOOD_SAFETY,
    DK.LABEL,
]
# The dossier checklist per registration kind: the documents that must be attached before submitting.
# Trademark, story, business plan and others earn points but are not a condition to file.
CHECKLIST = {
    RegistrationKind.FIRST: [*_COMMON, DK.BUSINESS_PLAN],
    RegistrationKind.UPGRADE: [*_COMMON, DK.CHANGES_REPORT, DK.PREVIOUS_CERTIFICATE],
    RegistrationKind.REEVALUATION: [*_COMMON, DK.CHANGES_REPORT, DK.PREVIOUS_CERTIFICATE],
}
# Recommended (shown in the checklist, not required).
CHECKLIST_OPTIONAL = [DK.TRADEMARK, DK.STORY, DK.FINANCIAL_REPORT, DK.RAW_MATERIAL, DK.ENVIRONMENT]
# Office documents are accepted only where the law expects them (business plan, financial reports).
OFFICE_DOCUMENT_KINDS = {DK.BUSINESS_PLAN, DK.FINANCIAL_REPORT}


class RoundQuerySet(models.QuerySet):
    def for_user(self, user):
        """National roles see every round; everyone else the rounds of their province and central rounds."""
        if not user.is_authenticated:
            return self.none()
        if user.is_national:
            return self
        if user.role == "producer":
            provinces = AdministrativeUnit.objects.filter(children__producers__members=user).values("pk")
            return self.filter(Q(unit__in=provinces) | Q(level=Level.CENTRAL))
        province_id = user.province_id
        if province_id is None:
            return self.none()
        return self.filter(Q(unit_id=province_id) | Q(level=Level.CENTRAL))


# The deadlines that change a round's state of the day, one rule for EvaluationRound.state_today (a round's pages) and
# round_state_today (the list's filter): (the state, the statuses it replaces, the date after which it does).
ROUND_DEADLINES = (
    (RoundState.PROPOSALS_CLOSED, (RoundStatus.PLANNED, RoundStatus.OPEN), "proposals_due"),
    (RoundState.OVERDUE, (RoundStatus.EVALUATING,), "done_by"),
)


def round_state_today(*, today) -> Case:
    """EvaluationRound.state_today as an SQL expression on the round's fields, for `today`: the round list selects by
    the state its rows show, not by the status last set (a round open past its proposals deadline shows "Hết hạn nhận
    hồ sơ" and is found by it, not by "Đang nhận hồ sơ")."""
    return Case(
        *[
            When(Q(status__in=statuses, **{f"{deadline}__lt": today}), then=Value(state.value))
            for state, statuses, deadline in ROUND_DEADLINES
        ],
        default=F("status"),
        output_field=CharField(),
    )


class EvaluationRound(models.Model):
    """Đợt đánh giá (D26 Điều 5): at least two a year at each level."""

    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị tổ chức"), null=True, blank=True, on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("đợt"))
    title = models.CharField(_("tên đợt"), max_length=200, blank=True)
    # An extra round (number 3 and on) exists only when the council's Quy chế provides for it and a plan does (D26
    # Điều 5): the decision and the plan it rests on (services.round_calendar). Regular rounds leave it empty.
    basis = models.CharField(_("căn cứ tổ chức đợt bổ sung"), max_length=300, blank=True)
    proposals_due = models.DateField(_("hạn nhận đề nghị"))
    done_by = models.DateField(_("hạn hoàn thành"))
    criteria_version = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, verbose_name=_("bộ tiêu chí"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True, null=True, verbose_name=_("tạo lúc"))

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        constraints = [
            models.UniqueConstraint(fields=["level", "unit", "year", "number"], name="round_unique_per_unit"),
            models.CheckConstraint(condition=Q(done_by__gte=models.F("proposals_due")), name="round_dates_ordered"),
        ]

    def __str__(self) -> str:
        """Its title, else its number and year; an untitled central round says its level too: a province's users see
        the ministry's rounds beside their own, and on a phone the list hides its "Cấp" column."""
        if self.title:
            return self.title
        if self.level == Level.CENTRAL:
            return str(_("Đợt %(number)s/%(year)s (cấp trung ương)") % {"number": self.number, "year": self.year})
        return str(_("Đợt %(number)s/%(year)s") % {"number": self.number, "year": self.year})

    @property
    def state_today(self) -> str:
        """The round's state on the day (RoundState): the status its organiser last set, unless a deadline has passed
        since (ROUND_DEADLINES; round_state_today is the same rule in SQL, for the list's filter)."""
        today = timezone.localdate()
        for state, statuses, deadline in ROUND_DEADLINES:
            if self.status in statuses and getattr(self, deadline) < today:
                return state
        return self.status

    @property
    def proposals_closed(self) -> bool:
        """Its proposals deadline has passed while it still says it takes dossiers (planned or open), because its
        organiser has not moved it on yet, or means to extend it. A draft filed into it before may still be submitted
        and waits for that (services.checks.submit_errors); the registration form no longer offers it for a new
        dossier (services.checks.round_filing_refusal, forms.round_choice.round_choice)."""
        return self.state_today == RoundState.PROPOSALS_CLOSED

    @property
    def evaluation_overdue(self) -> bool:
        """Still being evaluated after the day it was to be done by."""
        return self.state_today == RoundState.OVERDUE

    @property
    def status_today(self) -> str:
        """The round's state on the day, as its pages show it: the status its organiser last set, unless a deadline
        has passed since ("Đang nhận hồ sơ" read on after the proposals had closed)."""
        return str(RoundState(self.state_today).label)

    def clean(self):
        """The dates in order (the constraint round_dates_ordered), said next to the completion date: the
        constraint alone answered with its name, on no field."""
        if self.proposals_due and self.done_by and self.done_by < self.proposals_due:
            raise ValidationError(
                {
                    "done_by": _("Hạn hoàn thành không thể trước hạn nhận đề nghị (%(d)s).")
                    % {"d": f"{self.proposals_due:%d/%m/%Y}"}
                }
            )


def council_member_q(user) -> Q:
    """What a council member (role `council_member`) may open: the dossiers assigned to them once they declared
    "no conflict" for that agenda item, and, as chair or secretary, every dossier on their councils' agendas.
    A member who sits on no council, is not assigned, has not declared yet or recused sees nothing.
    Subqueries, not joins: one query and no duplicated rows."""
    from .councils import AgendaItem, MemberRole
    from .scoresheets import ConflictDeclaration

    cleared = ConflictDeclaration.objects.filter(
        member__user=user,
        member__active=True,
        has_conflict=False,
        item__assignments__member=models.F("member"),
    ).values("item__registration_id")
    led = AgendaItem.objects.filter(
        session__council__members__user=user,
        session__council__members__active=True,
        session__council__members__role__in=[MemberRole.CHAIR, MemberRole.SECRETARY],
    ).values("registration_id")
    return Q(pk__in=cleared) | Q(pk__in=led)


class RegistrationQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.role == "producer":
            return self.filter(product__producer__members=user)
        if user.role == "council_member" and not user.is_superuser:
            return self.filter(council_member_q(user))
        scope = unit_scope_q(user, "commune", "province")
        if scope == NOTHING:
            return self.none()
        if user.role == "advisory_member" and not user.is_superuser:
            # The advisory team reads the province's dossiers while it reviews them (D26 Điều 7.3), not before
            # the commune forwards them nor after the council.
            return self.filter(scope, status__in=ADVISORY_REVIEW_STATUSES)
        return self.filter(scope)


class Registration(models.Model):
    """Phiếu đăng ký (Mẫu 01) and the dossier behind it, moved through D26 Điều 7 by services only."""

    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="registrations"
    )
    round = models.ForeignKey(
        EvaluationRound,
        verbose_name=_("đợt đánh giá"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    kind = models.CharField(
        _("hình thức"), max_length=15, choices=RegistrationKind.choices, default=RegistrationKind.FIRST
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=25,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.DRAFT,
        db_index=True,
    )
    legal_basis = models.CharField(_("căn cứ"), max_length=20, choices=LegalBasis.choices, default=LegalBasis.D26)
    criteria_version = models.ForeignKey(
        CriteriaVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("phiên bản bộ tiêu chí")
    )
    scorecard = models.ForeignKey(
        Scorecard, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("phiếu đánh giá")
    )
    # Trường hợp 1/2 of the tourism scorecard (set 26): required there, 0 for every other set.
    case_variant = models.PositiveSmallIntegerField(
        _("trường hợp áp dụng (bộ 26)"), choices=CaseVariant.choices, default=CaseVariant.NONE
    )
    # The commune that receives the dossier (current unit); the province is its parent.
    commune = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("xã, phường")
    )
    province = province_copy_field()  # the commune's province (keep_province)
    year = models.PositiveSmallIntegerField(_("năm"))
    form_number = models.CharField(_("phiếu số"), max_length=60, blank=True)
    previous = models.ForeignKey(
        "self", verbose_name=_("hồ sơ trước"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The latest submission to the commune (its 15 working days run from it, Điều 7.2) …
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("nộp lúc"))
    # … and the first: the day the dossier was filed, which a re-evaluation's window judges (Điều 7.6a). A dossier
    # returned to complete and submitted again keeps it (evaluation.selectors.reevaluation.filed_on).
    first_submitted_at = models.DateTimeField(_("ngày nộp lần đầu"), null=True, blank=True, editable=False)
    commune_due_on = models.DateField(_("hạn xã kiểm tra"), null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True, verbose_name=_("chuyển lên tỉnh lúc"))
    commune_checked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("UBND xã kiểm tra lúc"))
    # Claimed once by the daily overdue sweep, so a retry or a second worker sends one notice.
    commune_overdue_notified_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("đã nhắc UBND xã quá hạn lúc")
    )
    ready_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sẵn sàng đưa ra Hội đồng lúc"))
    # D26 Điều 7.6g: a re-evaluation takes at most 45 days from the day the province has the commune's complete
    # dossier; set when it is forwarded (again when a requested supplement arrives), cleared by nothing.
    reevaluation_due_on = models.DateField(_("hạn đánh giá lại (45 ngày)"), null=True, blank=True)
    reevaluation_overdue_notified_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("đã nhắc quá hạn đánh giá lại lúc")
    )
    # Paper dossier typed in by an officer on the producer's behalf.
    entered_by_officer = models.BooleanField(_("cán bộ nhập thay"), default=False)
    status_reason = models.TextField(_("lý do"), blank=True)
    # D26 sets no time limit for the producer to complete a dossier returned to it (Điều 7.3a, 7.3c): the officer
    # who returns it, or asks for a supplement, may set one. Cleared when the producer submits or supplies again.
    completion_due_on = models.DateField(_("hạn hoàn thiện hồ sơ"), null=True, blank=True)
    # When the producer was told the council's result in writing (D26 Điều 7.3g) for a result no decision
    # announces (not recognised, eliminated, forwarded to the central council). Until then the producer sees
    # "the council has evaluated — waiting for the result".
    result_notified_at = models.DateTimeField(_("ngày thông báo kết quả"), null=True, blank=True, editable=False)
    # The status that notice announced: a province notice "forwarded to the central council" does not announce
    # the central council's later result.
    result_notified_status = models.CharField(
        max_length=25, blank=True, editable=False, verbose_name=_("trạng thái đã báo kết quả")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("cập nhật lúc"))

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hồ sơ đăng ký")
        verbose_name_plural = _("hồ sơ đăng ký")
        indexes = [
            models.Index(fields=["commune", "status"]),
            models.Index(fields=["round", "status"]),
            models.Index(fields=["province", "id"], name="registration_province_id"),
            # The home page's counts of dossiers under way (registration_counts_for_home), nationally.
            models.Index(fields=["status"], name="registration_status"),
        ]

    def __str__(self) -> str:
        return str(self.as_phrase())

    def save(self, *args, **kwargs):
        keep_province(self, "commune", kwargs)
        super().save(*args, **kwargs)

    def as_phrase(self) -> Phrase:
        """The dossier's name, "product (kind, year)", with the kind in the reader's language: `str()` gives it now,
        a notice keeps it to show later."""
        return Phrase("%(p)s (%(k)s, %(y)s)", p=self.product, k=RegistrationKind(self.kind).label, y=self.year)

    @property
    def product_code(self) -> str:
        """The product's code as this evaluation's papers print it: with the dossier's year (Product.code_in)."""
        return self.product.code_in(self.year)

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @property
    def is_closed(self) -> bool:
        """Decided, not recognised, withdrawn, rejected or eliminated: nothing more happens to it (workflow.CLOSED)."""
        return self.status in CLOSED

    @property
    def is_commune_overdue(self) -> bool:
        return (
            self.status == RegistrationStatus.SUBMITTED
            and self.commune_due_on is not None
            and self.commune_due_on < timezone.localdate()
        )

    @property
    def is_reevaluation_overdue(self) -> bool:
        """D26 Điều 7.6g: a re-evaluation still running after its 45 days."""
        return (
            self.kind == RegistrationKind.REEVALUATION
            and self.status in REEVALUATION_RUNNING
            and self.reevaluation_due_on is not None
            and self.reevaluation_due_on < timezone.localdate()
        )

    @property
    def filed_again(self) -> bool:
        """Submitted more than once (returned to complete, then submitted again): the pages show both days."""
        return self.first_submitted_at is not None and self.first_submitted_at != self.submitted_at

    @property
    def is_completion_overdue(self) -> bool:
        """The producer has not completed the dossier by the day the officer set (completion_due_on)."""
        return (
            self.status in PRODUCER_TURN
            and self.completion_due_on is not None
            and self.completion_due_on < timezone.localdate()
        )

    @property
    def waiting_for(self) -> str:
        """What the dossier waits for, in words (the producer's list)."""
        return str(WAITING_FOR.get(self.status, ""))

    @property
    def result_announced(self) -> bool:
        """False while the council's outcome is known to officers but not yet told to the producer."""
        return self.status not in RESULT_MASKED or self.result_notified_status == self.status

    @property
    def waits_for_producer(self) -> bool:
        """The next step is the producer's (complete, submit, supply what was asked)."""
        return self.status in PRODUCER_TURN


class SelfAssessmentAnswer(models.Model):
    """The producer's choice for one criterion (Mẫu 02 part III)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="answers", verbose_name=_("hồ sơ đăng ký")
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("tiêu chí"))
    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("phương án")
    )
    # The option's points, or the maximum for a yes/no criterion answered yes; 0 when nothing applies.
    points = models.PositiveSmallIntegerField(default=0, verbose_name=_("điểm"))
    note = models.TextField(blank=True, verbose_name=_("ghi chú"))

    class Meta:
        verbose_name = _("câu trả lời tự đánh giá")
        verbose_name_plural = _("câu trả lời tự đánh giá")
        constraints = [
            models.UniqueConstraint(fields=["registration", "criterion"], name="selfassessment_one_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.criterion_id} = {self.points}"


class DossierDocument(models.Model):
    """One evidence file of a dossier, stored privately and served only through `document_download`."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="documents", verbose_name=_("hồ sơ đăng ký")
    )
    kind = models.CharField(_("loại tài liệu"), max_length=30, choices=DocumentKind.choices)
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(max_length=300, verbose_name=_("tệp"))
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, verbose_name=_("mã băm SHA-256"))
    size = models.PositiveBigIntegerField(verbose_name=_("dung lượng (byte)"))
    content_type = models.CharField(max_length=120, verbose_name=_("kiểu nội dung"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(default=timezone.now, verbose_name=_("tải lên lúc"))
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("sao từ tài liệu")
    )

    class Meta:
        ordering = ["kind", "uploaded_at", "id"]
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")

    def __str__(self) -> str:
        return self.original_name


SAMPLES_REQUIRED = 5  # Điều 6.2d: five samples go to the province with the dossier, none for tourism (set 26)


class CommuneReport(models.Model):
    """Mẫu 03: the commune's assessment of the four local contents and its proposal (D26 Điều 7.2)."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="commune_report", verbose_name=_("hồ sơ đăng ký")
    )
    dossier_complete = models.BooleanField(_("hồ sơ đầy đủ, hợp lệ"), default=False)
    local_raw_material = models.TextField(_("nguồn nguyên liệu địa phương"))
    local_labour = models.TextField(_("sử dụng lao động địa phương"))
    idea_origin = models.TextField(_("nguồn gốc ý tưởng sản phẩm"))
    local_identity = models.TextField(_("bản sắc, tri thức địa phương"))
    proposal = models.CharField(
        _("đề xuất"), max_length=10, choices=CommuneProposal.choices, default=CommuneProposal.FORWARD
    )
    # Two dossiers of Bắc Giang's 2022 round were rejected because the product name differed between the
    # papers (ocop-domain.md §6): the commune confirms it is identical before forwarding.
    name_consistent = models.BooleanField(
        _("tên sản phẩm thống nhất trên Mẫu 01, Mẫu 02, nhãn và phiếu kiểm nghiệm"), default=False
    )
    # Sản phẩm mẫu handed over with the dossier (Điều 6.2d: 5, none for tourism).
    samples_received = models.PositiveSmallIntegerField(_("số sản phẩm mẫu đã nhận"), default=0)
    samples_received_on = models.DateField(_("ngày nhận sản phẩm mẫu"), null=True, blank=True)
    # Văn bản của UBND cấp xã đề nghị UBND cấp tỉnh đánh giá, phân hạng (Điều 6.2a, 7.2b), sent with Mẫu 03: a dossier
    # is forwarded only with it (services.checks.forward_blockers).
    letter_number = models.CharField(_("số văn bản đề nghị của UBND xã"), max_length=60, blank=True)
    letter_date = models.DateField(_("ngày văn bản đề nghị của UBND xã"), null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cán bộ UBND xã"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("cập nhật lúc"))

    class Meta:
        verbose_name = _("báo cáo của UBND xã (Mẫu 03)")
        verbose_name_plural = _("báo cáo của UBND xã (Mẫu 03)")

    def __str__(self) -> str:
        return f"Mẫu 03 — {self.registration_id}"
