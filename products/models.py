import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ocop.models import AdministrativeUnit, keep_province, province_copy_field
from ocop.permissions import NOTHING, reads_registry, unit_scope_q
from ocop.text import fold, nfc, unit_name_in_text, vi_order

from .choices import Gender, ProducerKind, ProductStatus
from .validators import validate_tax_code


class Sector(models.Model):
    """Ngành (D26 Phụ lục I): I Thực phẩm … VI Dịch vụ du lịch."""

    code = models.CharField(_("mã"), max_length=10, unique=True)  # "I" … "VI"
    name = models.CharField(_("tên ngành"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("thứ tự"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("ngành")
        verbose_name_plural = _("ngành")

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class ProductGroup(models.Model):
    """Nhóm sản phẩm (D26 Phụ lục I). A group without sub-groups is itself a product set."""

    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="groups", verbose_name=_("ngành"))
    name = models.CharField(_("tên nhóm"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("thứ tự"))

    class Meta:
        ordering = ["sector__order", "order"]
        verbose_name = _("nhóm sản phẩm")
        verbose_name_plural = _("nhóm sản phẩm")
        constraints = [models.UniqueConstraint(fields=["sector", "name"], name="productgroup_unique_name")]

    def __str__(self) -> str:
        return self.name


TOURISM_SET = 26  # VI Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch


class ProductSet(models.Model):
    """Bộ sản phẩm: one of the 26 sets of D26 Phụ lục II. The set selects the scorecard."""

    number = models.PositiveSmallIntegerField(_("số thứ tự"), unique=True)  # 1 … 26
    group = models.ForeignKey(
        ProductGroup, on_delete=models.PROTECT, related_name="sets", verbose_name=_("nhóm sản phẩm")
    )
    name = models.CharField(_("tên bộ sản phẩm"), max_length=300)
    agency = models.CharField(_("cơ quan chủ trì quản lý"), max_length=100, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("bộ sản phẩm")
        verbose_name_plural = _("bộ sản phẩm")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def is_tourism(self) -> bool:
        return self.number == TOURISM_SET


class LegacyCategory(models.Model):
    """A product category of an earlier rule set (1048/2019, 148/2023), kept with its original label
    and mapped to the current set for reporting."""

    legal_basis = models.CharField(_("căn cứ"), max_length=20)
    label = models.CharField(_("tên gốc"), max_length=300)
    # The closest current classification: a set where one fits, otherwise the whole sector.
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("ngành"))
    product_set = models.ForeignKey(
        ProductSet, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("bộ sản phẩm")
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("thứ tự"))

    class Meta:
        ordering = ["legal_basis", "order"]
        verbose_name = _("phân loại cũ")
        verbose_name_plural = _("phân loại cũ")
        constraints = [models.UniqueConstraint(fields=["legal_basis", "label"], name="legacycategory_unique")]

    def __str__(self) -> str:
        return f"{self.label} ({self.legal_basis})"


class ProducerQuerySet(models.QuerySet):
    def for_user(self, user):
        if not reads_registry(user):
            return self.none()
        if user.role == "producer":
            return self.filter(members=user)
        scope = unit_scope_q(user, "commune", "province")
        if scope == NOTHING:
            return self.none()
        return self.filter(scope)


class Producer(models.Model):
    """Chủ thể OCOP: the cooperative, enterprise or household that makes the product."""

    kind = models.CharField(_("loại hình"), max_length=20, choices=ProducerKind.choices)
    name = models.CharField(_("tên chủ thể"), max_length=300)
    tax_code = models.CharField(
        _("mã số doanh nghiệp / mã số thuế"),
        max_length=14,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_tax_code],
        help_text=_("10 chữ số (đơn vị phụ thuộc thêm -NNN). Hộ kinh doanh chưa có mã số thuế để trống."),
    )
    business_registration_no = models.CharField(_("số đăng ký kinh doanh"), max_length=50, blank=True)
    business_registration_date = models.DateField(_("ngày đăng ký kinh doanh"), null=True, blank=True)
    legal_rep_name = models.CharField(_("người đại diện pháp luật"), max_length=150, blank=True)
    legal_rep_position = models.CharField(_("chức vụ"), max_length=100, blank=True)
    legal_rep_gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices, blank=True)
    legal_rep_ethnicity = models.CharField(_("dân tộc"), max_length=50, blank=True)
    legal_rep_disability = models.BooleanField(_("người khuyết tật"), default=False)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã, phường (hiện nay)"), on_delete=models.PROTECT, related_name="producers"
    )
    historic_commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("xã (trước 01/07/2025)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="historic_producers",
    )
    province = province_copy_field()  # the commune's province (keep_province)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contact_person = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    # Consent, set by the producer itself: without it the public pages show no address line, phone, e-mail or
    # contact person (portal/selectors.py decides what is public).
    public_contact = models.BooleanField(
        _("công khai thông tin liên hệ"),
        default=False,
        help_text=_(
            "Đồng ý hiển thị địa chỉ, điện thoại, e-mail và người liên hệ trên trang tra cứu sản phẩm OCOP công khai."
        ),
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="producers")
    # Fields an officer has verified become read-only to the producer.
    verified_fields = models.JSONField(_("trường đã xác minh"), default=list, blank=True)
    search_text = models.TextField(editable=False, default="", verbose_name=_("văn bản tìm kiếm"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("cập nhật lúc"))

    objects = ProducerQuerySet.as_manager()

    class Meta:
        ordering = [vi_order("name"), "pk"]
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = _("chủ thể OCOP")
        indexes = [
            models.Index(fields=["commune", "kind"]),
            models.Index(fields=["province", "id"], name="producer_province_id"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        keep_province(self, "commune", kwargs)
        super().save(*args, **kwargs)

    @property
    def full_address(self) -> str:
        """The address as shown on the producer page and printed on forms and certificates: the street/village
        line, then the commune and province, each left out when the line already names it (case and accents
        aside: "Tổ 3, phường Bá Xuyên" is followed by the province only), comma-separated."""
        return compose_address(self.address, self.commune)

    def units_on(self, day) -> tuple:
        """(commune, district, province) in force on `day`, as a record of that day names them: before 01/07/2025
        (while the former commune was in force) the former commune, its district and its province ("Xã Thọ Nghiệp",
        "Huyện Xuân Trường", "Tỉnh Nam Định"); otherwise, or when the former commune is not known, today's commune,
        no district, and its province. Reads historic_commune's and commune's parents."""
        old = self.historic_commune
        if old is not None and old.in_force_on(day):
            district = old.parent
            return old, district, district.parent if district is not None else None
        return self.commune, None, self.commune.parent if self.commune is not None else None

    def address_on(self, day) -> str:
        """The address as it stood on `day`, as a document of that day prints it: before 01/07/2025 (while the
        former commune was in force) the street/village line with the former commune, its district and province
        ("Xã Thọ Nghiệp, Huyện Xuân Trường, Tỉnh Nam Định"), never a unit that did not exist then; otherwise, or
        when the former commune is not known, `full_address`. Parts of the line that name today's commune or
        province are left out (a line is typed as the address is today). Reads historic_commune's parents."""
        old = self.historic_commune
        if old is None or not old.in_force_on(day):
            return self.full_address
        today_units = [unit.name for unit in (self.commune, self.commune.parent) if unit is not None]
        kept = [
            part
            for part in nfc(self.address or "").split(",")
            if not any(_names(fold(part.strip()), name) for name in today_units)
        ]
        return compose_address(",".join(kept), old)


# What may follow a unit's name in a typed address: its end, a separator, or the next (higher) unit's kind.
_UNIT_NAME_END = r"(?=\s*(?:$|[,.;/\-–])|\s+(?:tinh|thanh pho|huyen|quan|thi xa)\b)"


def _names(line: str, unit_name: str) -> bool:
    """Whether the folded `line` names the unit, as a whole name: "Xã An" is not named by "Xã An Phú"."""
    folded = fold(unit_name)
    return bool(folded) and re.search(rf"(?<!\w){re.escape(folded)}{_UNIT_NAME_END}", line) is not None


def compose_address(address: str, commune: AdministrativeUnit) -> str:
    """`address` (as typed) followed by the names of `commune` and the units above it that it does not already
    name, comma-separated: the one way a producer's address is put together for display. Written as a sentence
    writes it (Nghị định 30/2020, Phụ lục II: "Thôn Nà Đon, xã Côn Minh, tỉnh Thái Nguyên", text.unit_name_in_text),
    as papers print it after "Địa chỉ:"; a page showing it alone in a cell puts a capital first (`|capfirst`)."""
    if commune.full_name and commune.full_name != commune.name:
        units = [part.strip() for part in commune.full_name.split(",") if part.strip()]
    else:
        units = [commune.name] + ([commune.parent.name] if commune.parent_id else [])
    line = nfc(address or "").strip().rstrip(",").strip()
    folded = fold(line)
    parts = [line] if line else []
    parts += [unit for unit in units if not _names(folded, unit)]
    return unit_name_in_text(", ".join(parts))


def public_address(*, full_address: str, commune: AdministrativeUnit, consent: bool) -> str:
    """What anyone may see of a producer's address (the public portal, its API, the QR verification): the full
    address (`full_address`, put together by compose_address or as printed on a certificate) when the producer
    agreed to publish its contacts (`consent`, Producer.public_contact), otherwise only its commune and province: a
    household business's address is its home. Reads `commune.parent` (select it with the commune). As a sentence
    writes the units (text.unit_name_in_text): "xã Côn Minh, tỉnh Thái Nguyên"."""
    if consent:
        return unit_name_in_text(full_address)  # a certificate's snapshot may print "Xã …, Tỉnh …"
    return unit_name_in_text(", ".join(unit.name for unit in (commune, commune.parent) if unit is not None))


class ProductQuerySet(models.QuerySet):
    def for_user(self, user):
        if not reads_registry(user):
            return self.none()
        if user.role == "producer":
            return self.filter(producer__members=user)
        scope = unit_scope_q(user, "producer__commune", "province")
        if scope == NOTHING:
            return self.none()
        return self.filter(scope)


class Product(models.Model):
    """Sản phẩm OCOP. The code (T)-(X)-(STT)-(năm) is kept in its parts; legacy codes as free text."""

    producer = models.ForeignKey(Producer, verbose_name=_("chủ thể"), on_delete=models.PROTECT, related_name="products")
    province = province_copy_field()  # the producer's (keep_province)
    product_set = models.ForeignKey(
        ProductSet, verbose_name=_("bộ sản phẩm"), on_delete=models.PROTECT, related_name="products"
    )
    legacy_category = models.ForeignKey(
        LegacyCategory,
        verbose_name=_("phân loại cũ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    name = models.CharField(_("tên sản phẩm"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    ingredients = models.TextField(_("thành phần, nguyên liệu"), blank=True)
    ingredient_origin = models.TextField(_("nguồn gốc nguyên liệu"), blank=True)
    brand = models.CharField(_("nhãn hiệu"), max_length=200, blank=True)
    code_province = models.CharField(_("mã tỉnh"), max_length=4, blank=True)
    code_commune = models.CharField(_("mã xã"), max_length=6, blank=True)
    code_serial = models.PositiveIntegerField(_("số thứ tự"), null=True, blank=True)
    code_year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    legacy_code = models.CharField(_("mã số cũ"), max_length=60, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ProductStatus.choices, default=ProductStatus.NEW, editable=False
    )
    current_star = models.PositiveSmallIntegerField(_("hạng sao"), null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="", verbose_name=_("văn bản tìm kiếm"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("cập nhật lúc"))

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = [vi_order("name"), "pk"]
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        constraints = [
            models.UniqueConstraint(
                fields=["code_commune", "code_serial"],
                condition=Q(code_serial__isnull=False),
                name="product_code_unique_per_commune",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "current_star"]),
            models.Index(fields=["province", "id"], name="product_province_id"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        keep_province(self, "producer", kwargs)
        super().save(*args, **kwargs)

    @property
    def code(self) -> str:
        return product_code(*(getattr(self, name) for name in PRODUCT_CODE_FIELDS))

    def code_in(self, year: int) -> str:
        """The code as the papers of an evaluation of `year` print it: D26 Phụ lục II writes it "(T)-(X)-(STT)-20…",
        the last part "Năm đánh giá". A code from before this system stays as it was."""
        return product_code(self.code_province, self.code_commune, self.code_serial, year, self.legacy_code)


PRODUCT_CODE_FIELDS = ("code_province", "code_commune", "code_serial", "code_year", "legacy_code")


# The OCOP code as product_code writes it, read back (products.selectors.products_by_code): ASCII digits only.
PRODUCT_CODE = re.compile(r"^([^-\s]+)-([^-\s]+)-([0-9]{1,9})-([0-9]{4})$")


def product_code(code_province, code_commune, code_serial, code_year, legacy_code) -> str:
    """A product's OCOP code (province-commune-serial-year), or the code it had before this system."""
    if code_serial is None:
        return legacy_code
    return f"{code_province}-{code_commune}-{code_serial}-{code_year}"


class ProductPhoto(models.Model):
    """A product photo (validated image) with its thumbnail. Served by a view that checks access."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos", verbose_name=_("sản phẩm"))
    image = models.ImageField(_("ảnh"), upload_to="products/photos/%Y/")
    thumbnail = models.ImageField(
        upload_to="products/thumbs/%Y/", blank=True, editable=False, verbose_name=_("ảnh thu nhỏ")
    )
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tải lên lúc"))

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("ảnh sản phẩm")
        verbose_name_plural = _("ảnh sản phẩm")

    def __str__(self) -> str:
        return self.caption or self.image.name
