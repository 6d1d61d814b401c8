import datetime as dt
import re

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.choices import UnitEra, UnitLevel
from ocop.forms import (
    CHOOSE,
    BaseForm,
    BaseModelForm,
    OwnChangesMixin,
    ProvinceFirstMixin,
    cascade_attrs,
    choose_the_only_choice,
    parse_pk,
)
from ocop.models import AdministrativeUnit
from ocop.text import vi_order
from ocop.uploads import upload_size_check

from .choices import VERIFIABLE_FIELDS, ProducerKind
from .models import TOURISM_SET, LegacyCategory, Producer, Product
from .permissions import (
    PRODUCER_CONSENT_FIELDS,
    PRODUCER_OFFICER_FIELDS,
    communes_for_user,
    is_registry_officer,
    producer_editable_fields,
    product_locked_fields,
)
from .selectors import communes_by_province, producer_label, product_sets
from .services import PRODUCT_FIELDS
from .validators import MAX_PHOTO_BYTES, normalise_tax_code, validate_photo

MAX_IMPORT_BYTES = 20 * 1024 * 1024  # an Excel import (ocop.xlsx also bounds what it unpacks)

PHONE_CHARS = re.compile(r"^\+?[0-9 .()-]+$")
# No business registration in Vietnam before the Democratic Republic's founding (2 September 1945).
EARLIEST_REGISTRATION = dt.date(1945, 9, 2)


class PhoneMixin:
    """A form's `phone`: digits, spaces, dots, brackets, dashes and a leading "+", 9 to 12 digits (the producer's
    page, and the staff accounts' pages, accounts.forms)."""

    def clean_phone(self):
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone and not self.fields["phone"].disabled:
            digits = sum(ch.isdigit() for ch in phone)
            if not PHONE_CHARS.match(phone) or not 9 <= digits <= 12:
                raise forms.ValidationError(
                    _("Số điện thoại chỉ gồm chữ số (có thể có dấu cách, dấu chấm, “+84”), ví dụ 0912 345 678.")
                )
        return phone


def _selected_pk(form, name: str, fallback) -> int | None:
    """The id the user chose for `name` (bound data first, then the record's current value)."""
    if form.is_bound:
        return parse_pk(form.data.get(form.add_prefix(name)))
    return fallback


# The fields a person types about a producer: validated alike by the producer page and by each row of an Excel
# import (products.excel), which resolves the communes itself from the codes and names in the file.
PRODUCER_TYPED_FIELDS = tuple(f for f in PRODUCER_OFFICER_FIELDS if f not in {"commune", "historic_commune"})


class ProducerFieldsForm(PhoneMixin, BaseModelForm):
    """The producer's typed fields and their checks (tax code and its check digit, phone, e-mail, dates, choices)."""

    class Meta:
        model = Producer
        fields = PRODUCER_TYPED_FIELDS
        # Django's own wording ("Chủ thể OCOP có Mã số … đã tồn tại.") reads as a machine message.
        error_messages = {
            "tax_code": {
                "unique": _(
                    "Mã số thuế này đã thuộc một chủ thể khác: kiểm tra lại số, hoặc tìm chủ thể đó trong danh sách "
                    "chủ thể thay vì tạo mới."
                )
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_registration_date"].input_formats = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
        self.fields["phone"].widget.attrs.setdefault("inputmode", "tel")

    def clean_tax_code(self):
        return normalise_tax_code(self.cleaned_data.get("tax_code") or "") or None

    def clean_business_registration_date(self):
        value = self.cleaned_data.get("business_registration_date")
        if value is None or self.fields["business_registration_date"].disabled:
            return value
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("Ngày đăng ký kinh doanh không thể sau hôm nay (%(today)s).")
                % {"today": f"{timezone.localdate():%d/%m/%Y}"}
            )
        if value < EARLIEST_REGISTRATION:
            raise forms.ValidationError(_("Ngày đăng ký kinh doanh phải từ ngày 02/09/1945 trở đi."))
        return value


class ImportRowMixin:
    """One row of an Excel import, checked like the page checks it. Only the columns the file has are checked and
    written (`columns`); uniqueness is checked once for the whole file (products.excel), not with a query per row."""

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in columns:
                del self.fields[name]

    def validate_unique(self):
        pass


class ProducerImportRowForm(ImportRowMixin, ProducerFieldsForm):
    pass


class ProducerForm(OwnChangesMixin, ProducerFieldsForm):
    """Officers edit everything in their scope and may mark fields verified; producers edit their own
    record except the verified fields, which are shown disabled.

    The commune lists stay short: an officer who sees several provinces chooses the province first, and
    the commune before 1 July 2025 is chosen among those merged into the chosen current commune
    (static/js/cascade.js follows the choices in the browser; without it the server narrows the lists)."""

    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=AdministrativeUnit.objects.none(), required=False, empty_label=CHOOSE
    )
    verified_fields = forms.MultipleChoiceField(
        label=_("Thông tin đã xác minh (chủ thể không sửa được)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(ProducerFieldsForm.Meta):
        fields = (*PRODUCER_OFFICER_FIELDS, *PRODUCER_CONSENT_FIELDS)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        producer = self.instance if self.instance.pk else None
        self.order_fields(["name", "kind", "tax_code", "province", "commune", "historic_commune", "address"])
        self.fields["historic_commune"].help_text = _(
            "Xã trước sắp xếp 01/07/2025 đã nhập vào xã, phường hiện nay; giữ để đối chiếu hồ sơ, giấy chứng nhận cũ."
        )
        if is_registry_officer(user):
            self._officer_choices(producer)
            for name in PRODUCER_CONSENT_FIELDS:  # the producer's own consent: shown, never set by an officer
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Chỉ chủ thể tự chọn khi đăng nhập.")
        else:
            del self.fields["verified_fields"]
            del self.fields["province"]
            # Shown read-only: list only the current values, not every unit of the country.
            self.fields["commune"].queryset = AdministrativeUnit.objects.filter(
                pk=getattr(producer, "commune_id", None)
            )
            self.fields["historic_commune"].queryset = AdministrativeUnit.objects.filter(
                pk=getattr(producer, "historic_commune_id", None)
            )
            editable = set(producer_editable_fields(user, producer))
            for name, field in self.fields.items():
                if name not in editable:
                    field.disabled = True
                    field.help_text = (
                        _("Đã được cán bộ xác minh.")
                        if producer and name in producer.verified_fields
                        else _("Chỉ cán bộ xã, phường sửa được; liên hệ UBND xã nếu cần thay đổi.")
                    )

    def _officer_choices(self, producer) -> None:
        communes = communes_for_user(self.user).select_related("parent").order_by(vi_order("name"), "pk")
        url = reverse("unit_communes")
        if self.user.is_national:
            province_field = self.fields["province"]
            province_field.queryset = AdministrativeUnit.objects.current().provinces().by_name()
            province_field.initial = producer.commune.parent_id if producer else None
            province_pk = _selected_pk(self, "province", province_field.initial)
            if province_pk is not None:
                communes = communes.filter(parent_id=province_pk)
            else:
                self.fields["commune"].choices = communes_by_province(communes)
            self.fields["commune"].widget.attrs.update(cascade_attrs(source_id=self["province"].id_for_label, url=url))
        else:
            del self.fields["province"]
        self.fields["commune"].queryset = communes
        self.fields["commune"].error_messages["invalid_choice"] = _(
            "Xã, phường này không thuộc tỉnh, thành phố đã chọn hoặc ngoài phạm vi bạn quản lý."
        )
        historic = AdministrativeUnit.objects.filter(era=UnitEra.HISTORIC, level=UnitLevel.COMMUNE)
        commune_pk = _selected_pk(self, "commune", producer.commune_id if producer else None)
        if commune_pk is None and not self.user.is_national and communes.count() == 1:
            commune_pk = self.fields["commune"].initial = communes.get().pk  # a commune officer's own commune
        if commune_pk is not None:
            historic = historic.filter(succession_out__new_id=commune_pk)
        elif self.user.is_national:
            historic = historic.none()  # 10,051 old communes: choose the current commune first
        else:
            historic = historic.filter(succession_out__new__in=communes).distinct()
        self.fields["historic_commune"].queryset = historic.order_by(vi_order("full_name"), "pk")
        self.fields["historic_commune"].error_messages["invalid_choice"] = _(
            "Xã cũ này không nhập vào xã, phường hiện nay đã chọn."
        )
        self.fields["historic_commune"].widget.attrs.update(
            cascade_attrs(
                source_id=self["commune"].id_for_label,
                url=url,
                param="successor",
                prompt=_("— Chọn xã, phường hiện nay trước —"),
            )
        )
        self.fields["verified_fields"].choices = [
            (name, Producer._meta.get_field(name).verbose_name.capitalize()) for name in VERIFIABLE_FIELDS
        ]
        self.fields["verified_fields"].initial = producer.verified_fields if producer else []

    def service_data(self) -> dict:
        return self.own_changes(
            {
                name: value
                for name, value in self.cleaned_data.items()
                if name in (*PRODUCER_OFFICER_FIELDS, *PRODUCER_CONSENT_FIELDS, "verified_fields")
                and not self.fields[name].disabled
            }
        )


# What a person types about a product; the product set and the old category are chosen from lists (the page) or
# found by number and name (an Excel import).
PRODUCT_TYPED_FIELDS = tuple(f for f in PRODUCT_FIELDS if f not in {"product_set", "legacy_category"})


class ProductFieldsForm(BaseModelForm):
    class Meta:
        model = Product
        fields = PRODUCT_TYPED_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "ingredients": forms.Textarea(attrs={"rows": 2}),
            "ingredient_origin": forms.Textarea(attrs={"rows": 2}),
        }


class ProductImportRowForm(ImportRowMixin, ProductFieldsForm):
    pass


LEGACY_HISTORY_NOTE = _("Thông tin của hồ sơ cũ (trước Quyết định 26/2026/QĐ-TTg), giữ làm lịch sử: không sửa ở đây.")


class ProductForm(OwnChangesMixin, ProvinceFirstMixin, ProductFieldsForm):
    producer = forms.ModelChoiceField(label=_("Chủ thể"), queryset=Producer.objects.none())
    province_first = ("producer", "province_id", "products:producer_options")

    class Meta(ProductFieldsForm.Meta):
        fields = PRODUCT_FIELDS

    def __init__(self, *args, user, producer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product_set"].queryset = product_sets()
        self._legacy_fields_as_history()
        owner = self.instance.producer if self.instance.pk else producer
        if owner is not None and owner.kind == ProducerKind.ASSOCIATION:
            # Associations and operating centres register only tourism services (D26 Điều 2.3): set 26.
            tourism = product_sets().filter(number=TOURISM_SET)
            self.fields["product_set"].queryset = tourism
            self.fields["product_set"].initial = tourism.first()
            self.fields["product_set"].help_text = _("Hội, hiệp hội, trung tâm chỉ đăng ký dịch vụ du lịch (bộ 26).")
        if self.instance.pk or producer is not None:
            del self.fields["producer"]
        else:
            self.fields["producer"].queryset = (
                Producer.objects.for_user(user).select_related("commune").order_by(vi_order("name"), "pk")
            )
            # Producers of the same name in different communes stay apart.
            self.fields["producer"].label_from_instance = lambda p: producer_label(p.name, p.commune.name)
        for name, reason in product_locked_fields(user, self.instance).items():
            self.fields[name].disabled = True
            self.fields[name].help_text = reason
        self.order_fields(["producer", *PRODUCT_FIELDS])
        self.province_first_setup(user)
        choose_the_only_choice(self, "producer")

    def _legacy_fields_as_history(self) -> None:
        """The classification and code of an earlier rule set (1048/2019, 148/2023) belong to old records: a new or
        current product is entered under Decision 26/2026 (its set and its code). They show, read-only, only where
        the product already carries them, as its history; otherwise the form has no such field."""
        product = self.instance
        for name, value in (("legacy_category", product.legacy_category_id), ("legacy_code", product.legacy_code)):
            if not (product.pk and value):
                del self.fields[name]
                continue
            self.fields[name].disabled = True
            self.fields[name].help_text = LEGACY_HISTORY_NOTE
        if "legacy_category" in self.fields:
            self.fields["legacy_category"].queryset = LegacyCategory.objects.filter(pk=product.legacy_category_id)

    def service_data(self) -> dict:
        return self.own_changes({k: v for k, v in self.cleaned_data.items() if k in PRODUCT_FIELDS})


class PhotoField(forms.FileField):
    """A photo checked as the services store it (validate_photo) when the form is cleaned: a file that is no photo is
    refused beside its field in the same answer as the form's other errors, not asked for again (a file input left
    without an error of its own says to choose its file again, ocop.forms.ask_to_choose_files_again) and refused only
    then. The services check it again."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            validate_photo(upload)  # reads the file back to its start for the service
        return upload


class PhotoForm(BaseForm):
    image = PhotoField(
        label=_("Ảnh (JPEG, PNG, WebP, tối đa 10 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp", "data-max-bytes": MAX_PHOTO_BYTES}
        ),
    )
    caption = forms.CharField(label=_("Chú thích"), max_length=200, required=False)


class InviteForm(BaseForm):
    email = forms.EmailField(label=_("E-mail người dùng của chủ thể"))


class ImportForm(BaseForm):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "data-max-bytes": MAX_IMPORT_BYTES,
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx (hãy dùng tệp mẫu)."))
        upload_size_check(upload, limit=MAX_IMPORT_BYTES)
        return upload
