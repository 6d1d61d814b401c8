from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .choices import NATIONAL_ROLES, CalendarChange, JobKind, JobStatus, Role, UnitEra, UnitLevel
from .phrases import Phrase
from .text import nfc, unit_name_in_text, vi_order


def vietnamese_name_parts(full_name: str) -> tuple[str, str]:
    """("Trần Thị", "Lan") for "Trần Thị Lan": the họ and tên đệm, and the tên (the last word)."""
    words = full_name.split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def vi_name_order(prefix: str = "") -> list:
    """Order people as Vietnamese lists do: by tên, then họ and tên đệm (Vietnamese collation on PostgreSQL)."""
    return [vi_order(f"{prefix}first_name"), vi_order(f"{prefix}last_name"), f"{prefix}id"]


class AdministrativeUnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(era=UnitEra.CURRENT)

    def provinces(self):
        return self.filter(level=UnitLevel.PROVINCE)

    def communes(self):
        return self.filter(level=UnitLevel.COMMUNE)

    def by_name(self):
        """In Vietnamese alphabetical order (Đà Nẵng after Cần Thơ, Đồng Nai after Điện Biên): the database's own
        collation put every name starting with Đ after Z."""
        return self.order_by(vi_order("name"), "pk")

    def in_map_order(self):
        """Today's map before the old one, and within each a province before its (old) districts and communes, by
        Vietnamese name: a list of units opens on the province, not on the first ward of the alphabet."""
        rank = Case(
            When(level=UnitLevel.PROVINCE, then=Value(0)), When(level=UnitLevel.DISTRICT, then=Value(1)), default=2
        )
        return self.order_by("era", rank, vi_order("name"), "pk")


class AdministrativeUnit(models.Model):
    """A province, (historic) district or commune, with its official code (QĐ 19/2025/QĐ-TTg for
    current units). Historic units are kept read-only so that old records keep their issuer."""

    era = models.CharField(_("thời kỳ"), max_length=10, choices=UnitEra.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("tên"), max_length=120)
    full_name = models.CharField(_("tên đầy đủ"), max_length=250, blank=True)
    kind = models.CharField(_("loại"), max_length=60, blank=True, help_text=_("xã, phường, đặc khu, huyện…"))
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    search_text = models.CharField(
        _("khoá tìm kiếm"),
        max_length=250,
        blank=True,
        editable=False,
        help_text=_("Tên không dấu kèm tỉnh (text.fold), để tìm “xa kim lu”."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        through="AdministrativeUnitSuccession",
        through_fields=("old", "new"),
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["era", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["era", "level", "code"], name="adminunit_unique_code_per_era"),
        ]
        indexes = [models.Index(fields=["level", "era", "parent"])]

    def __str__(self) -> str:
        # Where the unit stands alone (a list's cell, a choice, an export's column) its first letter is a capital and the
        # units after it are named as a sentence names them: "Xã Côn Minh, tỉnh Thái Nguyên" (Nghị định 30/2020).
        return unit_name_in_text(self.full_name or self.name, opening=True)

    @property
    def name_in_text(self) -> str:
        """The name as Vietnamese writes it inside a sentence, after "Ủy ban nhân dân" or "UBND": the kind in lower
        case, the proper name as it is ("tỉnh Thái Nguyên", "thành phố Hà Nội", "huyện Na Rì" from "Tỉnh Thái
        Nguyên"…; text.unit_name_in_text). A heading in capitals is the same text, upper-cased by its style."""
        return unit_name_in_text(self.name)

    def in_force_on(self, day) -> bool:
        """Whether the unit existed on `day`: the units before 01/07/2025 end on 30/06/2025, today's begin on
        01/07/2025 (admin_units_load); a unit without dates always."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    @property
    def province(self) -> "AdministrativeUnit":
        unit = self
        while unit.parent_id is not None:
            unit = unit.parent
        return unit


def province_copy_field() -> models.ForeignKey:
    """A record's own copy of the province its commune belongs to today (producers, products, registrations,
    certificates). The province's lists filter and sort on it through one index instead of joining every commune
    of the country (issue 15). Kept by `keep_province` on every save and by `products.services.province_refresh`
    when a producer moves; never typed."""
    return models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("tỉnh, thành phố (hiện nay)"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # each model indexes it first in the orders its lists read
    )


def province_copies_refresh(queryset: models.QuerySet, source: str) -> int:
    """Set `province` on the rows of `queryset` whose copy differs from `source` (the lookup path of the province
    it copies, e.g. "commune__parent_id"): one UPDATE per province, rows already right untouched. Returns how many
    rows changed."""
    changed = 0
    for province_id in queryset.order_by().values_list(source, flat=True).distinct():
        stale = queryset.filter(**{source: province_id}).exclude(province_id=province_id)
        changed += stale.update(province_id=province_id)
    return changed


def keep_province(instance: models.Model, source: str, save_kwargs: dict) -> None:
    """Before `instance` is saved: copy into `instance.province_id` the province of its `source` relation (a
    commune: its parent; a producer or a product: its own copy), whenever the save writes `source`."""
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and source not in update_fields:
        return
    related = getattr(instance, source) if getattr(instance, f"{source}_id") is not None else None
    if related is None:
        instance.province_id = None
    elif isinstance(related, AdministrativeUnit):
        instance.province_id = related.parent_id
    else:
        instance.province_id = related.province_id
    if update_fields is not None:
        save_kwargs["update_fields"] = {*update_fields, "province"}


class AdministrativeUnitSuccession(models.Model):
    """Old unit → new unit after the 2025 reorganisation (a commune may map to several)."""

    old = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="succession_out", verbose_name=_("đơn vị cũ")
    )
    new = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="succession_in", verbose_name=_("đơn vị mới")
    )
    is_primary = models.BooleanField(default=True, verbose_name=_("đơn vị kế thừa chính"))

    class Meta:
        verbose_name = _("kế thừa đơn vị hành chính")
        verbose_name_plural = _("kế thừa đơn vị hành chính")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="adminunit_succession_unique")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"


class User(AbstractUser):
    """A person who signs in. `role` says what they do; `unit` is where they may act."""

    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices, default=Role.PRODUCER)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    organisation = models.CharField(_("cơ quan"), max_length=200, blank=True)
    # Moved on when the account is closed (ocop.services.user_sessions_end): the sessions signed in before carry the
    # former value in their hash (_get_session_auth_hash), so reopening the account does not bring them back.
    session_epoch = models.PositiveIntegerField(default=0, editable=False, verbose_name=_("thế hệ phiên đăng nhập"))
    # The name as Vietnamese write it: họ, tên đệm, tên ("Trần Thị Lan"); printed everywhere, signed minutes and
    # sheets included. first_name holds the tên ("Lan") and last_name the họ and tên đệm ("Trần Thị"), kept in
    # step by set_full_name(), so lists sort by given name as Vietnamese lists do (vi_name_order).
    full_name = models.CharField(_("họ và tên"), max_length=300, blank=True)
    # The UI language the user last chose while signed in (blank: never); a browser without a choice of its own
    # opens in it (ocop.middleware.AccountLanguageMiddleware).
    language = models.CharField(_("ngôn ngữ"), max_length=10, blank=True, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def _get_session_auth_hash(self, secret=None):
        """Django's hash (of the password) while the account was never closed, so that sessions of before stay
        valid; after a closing, the hash of the password and the epoch."""
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)
        value = f"{self.session_epoch}:{self.password}"
        return salted_hmac("ocop.models.User.session_auth_hash", value, secret=secret, algorithm="sha256").hexdigest()

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Họ tên đệm tên, never Django's "first last" (which printed "Lan Trần Thị")."""
        return self.full_name or " ".join(part for part in (self.last_name, self.first_name) if part)

    def get_short_name(self) -> str:
        return self.first_name or self.get_full_name().rsplit(" ", 1)[-1]

    def set_full_name(self, full_name: str) -> None:
        """Store a name written in Vietnamese order and its sort parts (tên; họ và tên đệm)."""
        self.full_name = " ".join(nfc(full_name).split())[:300]
        last, first = vietnamese_name_parts(self.full_name)
        self.last_name, self.first_name = last[:150], first[:150]

    @property
    def is_national(self) -> bool:
        return self.role in NATIONAL_ROLES or self.is_superuser

    @property
    def is_read_only(self) -> bool:
        return self.role == Role.VIEWER

    @property
    def is_officer(self) -> bool:
        return self.role in {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}

    @property
    def province_id(self):
        """The province a user works for (None for national roles and producers)."""
        if self.unit_id is None:
            return None
        if self.unit.level == UnitLevel.PROVINCE:
            return self.unit_id
        return self.unit.parent_id


class AuditEvent(models.Model):
    """Who did what to which record, when, and what changed. Written by services only."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    # PROTECT: the trail must not lose who did what (who issued a decision); accounts are closed, never deleted.
    actor = models.ForeignKey(
        User, verbose_name=_("người thực hiện"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("hành động"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("loại đối tượng")
    )
    target_id = models.CharField(max_length=40, blank=True, verbose_name=_("mã đối tượng"))
    target = GenericForeignKey("target_type", "target_id")
    summary = models.CharField(_("mô tả"), max_length=500, blank=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action}"


class Notification(models.Model):
    """An in-app notice; e-mails are sent beside it where the user has an address. `phrase` keeps the message
    untranslated with its values (ocop.phrases) and `text` translates it for whoever reads it; `message` is its
    Vietnamese copy (the admin, and notices written before phrases were kept)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("người nhận thông báo")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    message = models.CharField(_("nội dung"), max_length=500)
    phrase = models.JSONField(default=dict, blank=True, verbose_name=_("nội dung thông báo"))
    url = models.CharField(max_length=300, blank=True, verbose_name=_("đường dẫn"))
    read_at = models.DateTimeField(null=True, blank=True, verbose_name=_("đã đọc lúc"))

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], condition=Q(read_at__isnull=True), name="notif_unread"),
            # The notices page reads a user's newest first, a page at a time, without sorting all of them.
            models.Index(fields=["user", "-created_at", "-id"], name="notif_user_recent"),
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def text(self) -> str:
        """The message in the active language."""
        return str(Phrase.from_json(self.phrase)) if self.phrase else self.message


class Counter(models.Model):
    """A running number (product serials, Mẫu 01 receipts, certificate numbers), one row per key.
    Allocated only through ocop.services.counter_next, inside the caller's transaction."""

    key = models.CharField(max_length=80, unique=True, verbose_name=_("khoá bộ đếm"))
    value = models.PositiveIntegerField(default=0, verbose_name=_("giá trị"))

    class Meta:
        verbose_name = _("bộ đếm số thứ tự")
        verbose_name_plural = _("bộ đếm số thứ tự")

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"


class CalendarException(models.Model):
    """A date the government's yearly notice changes: a day off in lieu or swapped (nghỉ bù, hoán đổi) or a
    weekend worked in exchange (làm bù). Reference data edited by administrators in the admin; it overrides
    the statutory calendar of ocop.workdays (weekends + the `holidays` package's Vietnam calendar)."""

    date = models.DateField(_("ngày"), unique=True)
    change = models.CharField(_("thay đổi"), max_length=12, choices=CalendarChange.choices)
    reference = models.CharField(
        _("văn bản"), max_length=200, help_text=_("Số, ngày của thông báo hoặc quyết định, ví dụ 6150/TB-LĐTBXH.")
    )
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ/làm bù theo thông báo")
        verbose_name_plural = _("ngày nghỉ/làm bù theo thông báo")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_change_display()}"

    # The working-day calendar caches this table; any write forgets the cached copy (ocop.signals, on
    # post_save and post_delete, so that the admin list's "delete selected", a queryset delete, does too).


class OutboxMessage(models.Model):
    """A Celery task to queue, written in the transaction of the change that asks for it (a transactional
    outbox). Sent right after the commit; when the broker is down the row waits here and the relay
    (ocop.services.outbox_relay: every minute from beat, or manage.py relay_outbox) sends it once the broker is
    back. So a committed action never loses its follow-up work, and never shows an error because of the broker."""

    task = models.CharField(max_length=200, verbose_name=_("tác vụ"))
    args = models.JSONField(default=list, blank=True, verbose_name=_("tham số theo vị trí"))
    kwargs = models.JSONField(default=dict, blank=True, verbose_name=_("tham số theo tên"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    # A sender claims the row before sending (compare-and-swap), so two relays never send it twice; a claim
    # older than the lease is taken to be a sender that died.
    claimed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("nhận xử lý lúc"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("đã gửi lúc"))
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("số lần gửi"))
    last_error = models.TextField(blank=True, verbose_name=_("lỗi gần nhất"))

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(sent_at__isnull=True), name="outbox_pending"),
        ]
        verbose_name = _("tác vụ chờ gửi")
        verbose_name_plural = _("tác vụ chờ gửi")

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


class BackgroundJob(models.Model):
    """One long, user-visible batch (a ZIP of certificates, an Excel import): who asked, when, its progress and
    its error. Run by a Celery task that claims it (ocop.services.job_claim), reports progress with a heartbeat
    (job_progress) and ends it (job_finish / job_fail). A claim whose heartbeat is older than
    settings.OCOP_JOB_STALE_SECONDS belongs to a worker that died: the job can be claimed again and starts over,
    so a crash never leaves it "running" forever. Every page polls the same status JSON (ocop.views.job_status)."""

    kind = models.CharField(_("loại"), max_length=40, choices=JobKind.choices)
    task = models.CharField(max_length=200, verbose_name=_("tác vụ"))  # the Celery task that runs it, given the job id
    status = models.CharField(_("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    params = models.JSONField(default=dict, blank=True, verbose_name=_("tham số"))  # what to do: {"decision_id": 7}
    result = models.JSONField(default=dict, blank=True, verbose_name=_("kết quả"))  # what came out: counts, row errors
    input_file = models.FileField(max_length=200, blank=True, verbose_name=_("tệp đầu vào"))
    output_file = models.FileField(max_length=200, blank=True, verbose_name=_("tệp kết quả"))
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    total = models.PositiveIntegerField(default=0, verbose_name=_("tổng số mục"))
    done = models.PositiveIntegerField(default=0, verbose_name=_("số mục đã xong"))
    error = models.TextField(blank=True, verbose_name=_("lỗi"))
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("số lần chạy"))
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("người tạo"))
    # The UI language of whoever asked: the job writes its file and its messages in it (ocop.services.job_language).
    language = models.CharField(max_length=10, blank=True, verbose_name=_("ngôn ngữ"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("bắt đầu lúc"))
    heartbeat_at = models.DateTimeField(null=True, blank=True, verbose_name=_("còn chạy lúc"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("kết thúc lúc"))

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(100, int(self.done * 100 / self.total)) if self.total else 0
