"""Excel (openpyxl) templates, exports and import checking for producers and products.

Import files use the same columns as the template and the export, matched by header text (accents
and case ignored), so an exported list can be corrected and imported again: rows update the record
the row identifies (producers: by tax code, business registration number, or a household's name in its commune,
refusing a row that could be several, excel_keys) or the same producer and product name however typed (products:
names.product_name_key, refusing a name several of the producer's products share, excel_keys).
"""

import math
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop import xlsx
from ocop.choices import UnitEra, UnitLevel
from ocop.models import AdministrativeUnitSuccession, User
from ocop.text import UNSAFE_TEXT, fold, unsafe_characters

from .choices import Gender, ProducerKind
from .excel_keys import ProducerKeys, ProductKeys
from .forms import PRODUCER_TYPED_FIELDS, PRODUCT_TYPED_FIELDS, ProducerImportRowForm, ProductImportRowForm
from .models import Producer, Product, ProductSet
from .names import producer_name_key
from .permissions import communes_for_user
from .validators import normalise_tax_code

IMPORT_ASYNC_ROWS = 200  # above this many rows, imports run in Celery with a progress bar
ANALYZE_AFTER_ROWS = 1000  # from this many rows on, an import refreshes PostgreSQL's statistics (ocop.db.analyze)
MAX_ROWS = 20000
XLSX = xlsx.XLSX

PRODUCER_COLUMNS = [
    ("tax_code", "Mã số thuế"),
    ("name", "Tên chủ thể"),
    ("kind", "Loại hình"),
    ("commune", "Xã, phường"),
    ("commune_code", "Mã xã"),
    ("historic_commune", "Xã cũ (trước 01/07/2025)"),
    ("address", "Địa chỉ"),
    ("business_registration_no", "Số đăng ký kinh doanh"),
    ("business_registration_date", "Ngày đăng ký kinh doanh"),
    ("legal_rep_name", "Người đại diện pháp luật"),
    ("legal_rep_position", "Chức vụ"),
    ("legal_rep_gender", "Giới tính"),
    ("legal_rep_ethnicity", "Dân tộc"),
    ("legal_rep_disability", "Người khuyết tật"),
    ("phone", "Điện thoại"),
    ("email", "E-mail"),
    ("contact_person", "Người liên hệ"),
]
PRODUCER_EXPORT_EXTRA = [("province", "Tỉnh, thành phố"), ("product_count", "Số sản phẩm")]

PRODUCT_COLUMNS = [
    ("producer_tax_code", "Mã số thuế chủ thể"),
    ("producer_name", "Tên chủ thể"),
    ("name", "Tên sản phẩm"),
    ("product_set", "Bộ sản phẩm"),
    ("brand", "Nhãn hiệu"),
    ("description", "Mô tả"),
    ("ingredients", "Thành phần, nguyên liệu"),
    ("ingredient_origin", "Nguồn gốc nguyên liệu"),
    ("legacy_code", "Mã số cũ"),
]
PRODUCT_EXPORT_EXTRA = [
    ("code", "Mã số sản phẩm"),
    ("commune", "Xã, phường"),
    ("province", "Tỉnh, thành phố"),
    ("status", "Trạng thái"),
    ("current_star", "Hạng sao"),
]

REQUIRED = {"producers": {"name", "kind"}, "products": {"name", "product_set"}}
TRUE_WORDS = {"x", "co", "1", "true", "yes", "dung"}


def columns(kind: str) -> list[tuple[str, str]]:
    return PRODUCER_COLUMNS if kind == "producers" else PRODUCT_COLUMNS


def _label(kind: str, key: str) -> str:
    for k, label in columns(kind) + PRODUCER_EXPORT_EXTRA + PRODUCT_EXPORT_EXTRA:
        if k == key:
            return label
    return key


# --- writing (through ocop.xlsx, the one writer every export uses) ---------------------------------

# Column widths (characters) by key; anything not listed gets the default.
WIDTHS = {
    "tax_code": 16,
    "producer_tax_code": 16,
    "name": 36,
    "producer_name": 36,
    "kind": 22,
    "commune": 24,
    "commune_code": 10,
    "historic_commune": 24,
    "address": 40,
    "business_registration_no": 18,
    "business_registration_date": 14,
    "legal_rep_name": 26,
    "legal_rep_position": 18,
    "legal_rep_gender": 10,
    "legal_rep_ethnicity": 12,
    "legal_rep_disability": 10,
    "phone": 16,
    "email": 28,
    "contact_person": 24,
    "province": 22,
    "product_count": 10,
    "product_set": 40,
    "brand": 22,
    "description": 60,
    "ingredients": 50,
    "ingredient_origin": 40,
    "legacy_code": 14,
    "code": 18,
    "status": 18,
    "current_star": 9,
}
WRAPPED = {"address", "description", "ingredients", "ingredient_origin", "product_set"}
EXPORT_CHUNK = 2000


# Columns of codes made of digits: formatted as text in the template and the exports, so that a code typed or pasted
# into them keeps its leading zeros.
CODE_COLUMNS = {
    "tax_code",
    "producer_tax_code",
    "phone",
    "commune_code",
    "business_registration_no",
    "legacy_code",
    "product_code",  # the historic evaluations' file (dashboard.excel)
}


def _columns(keyed: list[tuple[str, str]]) -> list[xlsx.Column]:
    # headers stay as written: the import matches columns by this text
    return [
        xlsx.Column(label, WIDTHS.get(key, 20), wrap=key in WRAPPED, text=key in CODE_COLUMNS) for key, label in keyed
    ]


def _title(kind: str) -> str:
    return _("Chủ thể") if kind == "producers" else _("Sản phẩm")


def template(kind: str) -> bytes:
    """An empty import file with a second sheet of the allowed values."""
    export = xlsx.Export(
        title=_("Mẫu nhập danh sách %(kind)s OCOP") % {"kind": _title(kind).lower()},
        subject=_("Tệp mẫu để nhập từ Excel"),
    )
    export.sheet(_title(kind), _columns(columns(kind)))
    help_ws = export.sheet(_("Hướng dẫn"), [xlsx.Column(_("Cột"), 28), xlsx.Column(_("Giá trị hợp lệ"), 90, wrap=True)])
    if kind == "producers":
        help_ws.append([_("Loại hình"), "; ".join(str(label) for _v, label in ProducerKind.choices)])
        help_ws.append([_("Giới tính"), "Nam; Nữ"])
        help_ws.append([_("Người khuyết tật"), _("x (có) hoặc để trống")])
        help_ws.append([_("Mã số thuế"), _("10 chữ số (chi nhánh: -NNN); hộ kinh doanh chưa có mã để trống")])
        help_ws.append(
            [
                _("Số đăng ký kinh doanh"),
                _(
                    "Chủ thể chưa có mã số thuế được nhận ra bằng số này; không có số thì bằng tên (đúng dấu) trong "
                    "xã, phường. Dòng có thể là nhiều chủ thể thì bị từ chối, không đoán."
                ),
            ]
        )
        help_ws.append([_("Xã, phường"), _("Tên xã, phường hiện nay trong phạm vi của bạn (hoặc ghi Mã xã)")])
        help_ws.append(
            [
                _("Xã cũ (trước 01/07/2025)"),
                _("Không bắt buộc: tên xã trước sắp xếp đã nhập vào xã, phường hiện nay, để giữ trên hồ sơ"),
            ]
        )
        help_ws.append([_("Ngày đăng ký kinh doanh"), "dd/mm/yyyy"])
    else:
        help_ws.append([_("Mã số thuế chủ thể"), _("Chủ thể phải có sẵn trong hệ thống (hoặc ghi đúng tên chủ thể)")])
        for product_set in ProductSet.objects.order_by("number"):
            help_ws.append([_("Bộ sản phẩm"), f"{product_set.number}. {product_set.name}"])
    return export.to_bytes()


def export_producers(queryset, progress=None) -> bytes:
    export = xlsx.Export(title=_("Danh sách chủ thể OCOP"), subject=_("Xuất từ sổ chủ thể"))
    ws = export.sheet(_("Chủ thể"), _columns(PRODUCER_COLUMNS + PRODUCER_EXPORT_EXTRA))
    for p in xlsx.counted(queryset.iterator(chunk_size=EXPORT_CHUNK), progress):
        ws.append(
            [
                p.tax_code or "",
                p.name,
                p.get_kind_display(),
                p.commune.name,
                p.commune.code,
                p.historic_commune.name if p.historic_commune_id else "",
                p.address,
                p.business_registration_no,
                p.business_registration_date,
                p.legal_rep_name,
                p.legal_rep_position,
                p.get_legal_rep_gender_display(),
                p.legal_rep_ethnicity,
                "x" if p.legal_rep_disability else "",
                p.phone,
                p.email,
                p.contact_person,
                p.commune.parent.name if p.commune.parent_id else "",
                getattr(p, "product_count", ""),
            ]
        )
    return export.to_bytes()


def export_products(queryset, progress=None) -> bytes:
    export = xlsx.Export(title=_("Danh sách sản phẩm OCOP"), subject=_("Xuất từ sổ sản phẩm"))
    ws = export.sheet(_("Sản phẩm"), _columns(PRODUCT_COLUMNS + PRODUCT_EXPORT_EXTRA))
    for p in xlsx.counted(queryset.iterator(chunk_size=EXPORT_CHUNK), progress):
        commune = p.producer.commune
        ws.append(
            [
                p.producer.tax_code or "",
                p.producer.name,
                p.name,
                str(p.product_set),  # "12. Rau, củ, quả…": the import reads the number before the dot
                p.brand,
                p.description,
                p.ingredients,
                p.ingredient_origin,
                p.legacy_code,
                p.code,
                commune.name,
                commune.parent.name if commune.parent_id else "",
                p.get_status_display(),
                p.current_star or "",
            ]
        )
    return export.to_bytes()


# --- reading and checking --------------------------------------------------------------------------


def read_rows(*, kind: str, upload) -> list[dict]:
    """The non-empty data rows of the first sheet as {"row": n, "values": {key: value}}, codes that Excel took for
    numbers given back their leading zeros."""
    return codes_restored(xlsx.read_rows(upload, columns=columns(kind), required=REQUIRED[kind], max_rows=MAX_ROWS))


def codes_restored(rows: list[dict]) -> list[dict]:
    """`rows` (xlsx.read_rows) with the codes that Excel took for numbers given back their leading zeros."""
    for row in rows:
        for key, restore in CODES_TAKEN_FOR_NUMBERS.items():
            if key in row["values"]:
                row["values"][key] = _code_typed_as_number(row["values"][key], restore)
    return rows


# Codes that Excel stores as numbers when they are typed into a cell of its default format, dropping their leading
# zeros: a tax code has ten digits (0100109106 arrived as 100109106, refused as too short); a Vietnamese phone number
# begins with 0, or with the country code 84 (0912345678 arrived as 912345678, and was stored so).
CODES_TAKEN_FOR_NUMBERS = {
    "tax_code": lambda digits: digits.zfill(10),
    "producer_tax_code": lambda digits: digits.zfill(10),
    "phone": lambda digits: digits if digits.startswith("84") else f"0{digits}",
}


def _code_typed_as_number(value, restore):
    """A whole, positive number as the code it was typed as; any other cell as it is (the form then judges it)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return value
    if value <= 0 or value != int(value):
        return value
    return restore(str(int(value)))


def _commune_key(name: str) -> str:
    key = fold(name)
    for prefix in ("xa ", "phuong ", "dac khu ", "thi tran "):
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def errors_from(row: int, exc: ValidationError, kind: str) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"row": row, "column": _label(kind, field) if field != "__all__" else "", "message": m}
            for field, messages in exc.message_dict.items()
            for m in messages
        ]
    return [{"row": row, "column": "", "message": m} for m in exc.messages]


def _unsafe_errors(row: int, values: dict, kind: str) -> list[dict]:
    """The same refusal as the forms' (ocop.forms.reject_unsafe_characters): no invisible or control
    characters in any cell, reported against its column so the file can be corrected."""
    errors = []
    for key, value in values.items():
        found = unsafe_characters(value)
        if found:
            message = UNSAFE_TEXT % {"chars": ", ".join(found)}
            errors.append({"row": row, "column": _label(kind, key), "message": str(message)})
    return errors


def validate_rows(*, kind: str, rows: list[dict], by: User, progress=None) -> tuple[list[dict], list[dict]]:
    """Check every row before anything is written. Returns (checked rows, errors by row and column)."""
    check = _check_producer_rows if kind == "producers" else _check_product_rows
    return check(rows, by, progress)


class _ProducerLookups:
    """What a producer file is checked against, read once for the whole file: the communes in the user's scope (by
    code and by name), the old communes merged into them, the producers the rows may name (excel_keys)."""

    def __init__(self, rows, by):
        communes = list(communes_for_user(by).select_related("parent"))
        self.by_code = {c.code: c for c in communes}
        self.by_name = defaultdict(list)
        for c in communes:
            self.by_name[_commune_key(c.name)].append(c)
        self.keys = ProducerKeys(rows, Producer.objects.for_user(by))
        # Old communes (before 1 July 2025) by the current commune they merged into, only when the file names any.
        self.old_communes = defaultdict(list)
        if any(xlsx.cell_text(r["values"].get("historic_commune")) for r in rows):
            links = AdministrativeUnitSuccession.objects.filter(
                new__in=[c.pk for c in communes], old__era=UnitEra.HISTORIC, old__level=UnitLevel.COMMUNE
            ).select_related("old")
            for link in links:
                self.old_communes[link.new_id].append(link.old)

    def commune(self, v, err):
        code_text, name_text = xlsx.cell_text(v.get("commune_code")), xlsx.cell_text(v.get("commune"))
        if code_text:
            commune = self.by_code.get(code_text)
            if commune is None:
                err("commune_code", _("Không có xã mã %(c)s trong phạm vi của bạn.") % {"c": code_text})
            return commune
        if not name_text:
            err("commune", _("Chưa ghi xã, phường."))
            return None
        matches = self.by_name.get(_commune_key(name_text), [])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            err("commune", _("Không tìm thấy xã, phường “%(n)s” trong phạm vi của bạn.") % {"n": name_text})
        else:
            err("commune", _("Có nhiều xã tên “%(n)s”: hãy ghi thêm Mã xã.") % {"n": name_text})
        return None

    def historic_commune(self, v, commune, data, err) -> None:
        old_text = xlsx.cell_text(v.get("historic_commune"))
        if "historic_commune" in v and not old_text:
            data["historic_commune"] = None
        elif old_text and commune is not None:
            matches = [u for u in self.old_communes[commune.pk] if _commune_key(u.name) == _commune_key(old_text)]
            if len(matches) == 1:
                data["historic_commune"] = matches[0]
            elif not matches:
                err(
                    "historic_commune",
                    _("Không có xã cũ “%(o)s” nhập vào %(c)s.") % {"o": old_text, "c": commune.name_in_text},
                )
            else:
                err("historic_commune", _("Có nhiều xã cũ tên “%(o)s”.") % {"o": old_text})

    def existing(self, *, n, values, commune, seen, err):
        """The producer the row updates (excel_keys: by tax code, registration number, or name in its commune),
        None for a new one; a row that could be several is refused through `err`."""
        return self.keys.existing(n=n, values=values, commune=commune, seen=seen, err=err)


def _producer_form_data(v, err) -> dict:
    """The row's cells as the producer form takes them: labels of choices turned into their keys ("Hợp tác xã" →
    cooperative), "x"/"có" into a ticked box, e-mail in lower case. Cells that cannot be read are reported here
    and left out."""
    data = {key: xlsx.cell_form_value(v[key]) for key in PRODUCER_TYPED_FIELDS if key in v}
    for key, choices in (("kind", ProducerKind.choices), ("legal_rep_gender", Gender.choices)):
        if key in v and (xlsx.cell_text(v[key]) or key == "kind"):
            try:
                data[key] = xlsx.cell_choice(v[key], choices)
            except ValidationError as exc:
                err(key, exc.messages[0])
                del data[key]
    if "legal_rep_disability" in v:
        data["legal_rep_disability"] = fold(xlsx.cell_text(v["legal_rep_disability"])) in TRUE_WORDS
    if "email" in v:
        data["email"] = xlsx.cell_text(v["email"]).lower()
    return data


def _form_errors(form, n: int, kind: str, row_errors: list[dict], refused=()) -> None:
    """Add what the page's form refuses in a row, by column: not for cells already refused while reading them
    (`refused`: a choice that cannot be read), and not twice (the control-character refusal comes from both)."""
    form.is_valid()
    reported = {(e["column"], e["message"]) for e in row_errors}
    for field, messages in form.errors.items():
        if field in refused:
            continue
        column = _label(kind, field) if field != "__all__" else ""
        for message in messages:
            if (column, str(message)) not in reported:
                row_errors.append({"row": n, "column": column, "message": str(message)})


def _check_producer_rows(rows, by, progress):
    """Each row is checked by the producer page's own form (`ProducerImportRowForm`), its communes found in the
    user's scope, and the file as a whole for repeated or foreign tax codes; errors name the row and the column."""
    lookups = _ProducerLookups(rows, by)
    checked, errors, seen = [], [], {}
    for i, row in enumerate(rows, start=1):
        n, v = row["row"], row["values"]
        row_errors = _unsafe_errors(n, v, "producers")

        def err(key, message, n=n, row_errors=row_errors):
            row_errors.append({"row": n, "column": _label("producers", key), "message": str(message)})

        form_data = _producer_form_data(v, err)
        commune = lookups.commune(v, err)
        data = {"commune": commune} if commune is not None else {}
        lookups.historic_commune(v, commune, data, err)
        existing = lookups.existing(n=n, values=v, commune=commune, seen=seen, err=err)
        # A copy: the form writes its values on the instance, the import writes through the services later.
        instance = (
            Producer(**{f.attname: getattr(existing, f.attname) for f in Producer._meta.concrete_fields})
            if existing
            else Producer()
        )
        form = ProducerImportRowForm(form_data, instance=instance, columns={*v, "name", "kind", "tax_code"})
        _form_errors(
            form, n, "producers", row_errors, refused={k for k in v if k in form.fields and k not in form_data}
        )
        data.update({key: form.cleaned_data[key] for key in form.fields if key in form.cleaned_data})
        data["tax_code"] = data.get("tax_code") or None
        errors.extend(row_errors)
        checked.append({"row": n, "data": data, "_existing": existing})
        if progress and i % 50 == 0:
            progress(i)
    return checked, errors


class _ProductLookups:
    """The producers in the user's scope by tax code (and by name, for households without one) and the 26 sets."""

    def __init__(self, rows, by):
        producers = Producer.objects.for_user(by).select_related("commune__parent")
        tax_codes = {normalise_tax_code(xlsx.cell_text(r["values"].get("producer_tax_code"))) for r in rows} - {""}
        # A producer named instead of its tax code is the one of that name key (names.producer_name_key: never
        # another producer whose name differs by a diacritic, "Lan" for "Lân").
        names = {producer_name_key(xlsx.cell_text(r["values"].get("producer_name"))) for r in rows} - {""}
        self.by_code, self.by_name = {}, defaultdict(list)
        for p in producers.filter(tax_code__in=tax_codes):
            self.by_code[p.tax_code] = p
        if names:  # rows that name the producer instead of giving its tax code (households)
            for p in producers:
                if producer_name_key(p.name) in names:
                    self.by_name[producer_name_key(p.name)].append(p)
        sets = list(ProductSet.objects.all())
        self.sets_by_key = {str(s.number): s for s in sets} | {fold(s.name): s for s in sets}

    def producer(self, v, err):
        code = normalise_tax_code(xlsx.cell_text(v.get("producer_tax_code")))
        name = xlsx.cell_text(v.get("producer_name"))
        if code:
            producer = self.by_code.get(code)
            if producer is None:
                err("producer_tax_code", _("Không có chủ thể mã số thuế %(c)s trong phạm vi của bạn.") % {"c": code})
            return producer
        if not name:
            err("producer_tax_code", _("Chưa ghi mã số thuế hoặc tên chủ thể."))
            return None
        matches = self.by_name.get(producer_name_key(name), [])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            err("producer_name", _("Không tìm thấy chủ thể “%(n)s” trong phạm vi của bạn.") % {"n": name})
        else:
            err("producer_name", _("Có nhiều chủ thể tên “%(n)s”: hãy ghi mã số thuế.") % {"n": name})
        return None

    def product_set(self, v, err):
        set_text = xlsx.cell_text(v.get("product_set"))
        set_key = set_text.split(".")[0].strip() if set_text[:1].isdigit() else fold(set_text)
        product_set = self.sets_by_key.get(set_key)
        if product_set is None:
            err("product_set", _("Bộ sản phẩm “%(s)s” không có trong 26 bộ (ghi số 1–26).") % {"s": set_text})
        return product_set


def _check_product_rows(rows, by, progress):
    """Each row is checked by the product page's own form (`ProductImportRowForm`), its producer and set found in the
    user's scope, and the file as a whole for a product named twice for the same producer."""
    lookups = _ProductLookups(rows, by)
    resolved = []
    for row in rows:
        n, v = row["row"], row["values"]
        row_errors = _unsafe_errors(n, v, "products")

        def err(key, message, n=n, row_errors=row_errors):
            row_errors.append({"row": n, "column": _label("products", key), "message": str(message)})

        producer = lookups.producer(v, err)
        data = {k: xlsx.cell_form_value(v[k]) for k in PRODUCT_TYPED_FIELDS if k in v}
        product_set = lookups.product_set(v, err)
        if product_set is not None:
            data["product_set"] = product_set
        resolved.append((n, producer, data, row_errors))

    keys = ProductKeys({p.pk for _n, p, _d, _e in resolved if p is not None})
    checked, errors, seen = [], [], {}
    for i, (n, producer, data, row_errors) in enumerate(resolved, start=1):

        def err(key, message, n=n, row_errors=row_errors):
            row_errors.append({"row": n, "column": _label("products", key), "message": str(message)})

        product = None
        if producer is not None and data.get("name"):
            product = keys.existing(n=n, producer=producer, name=xlsx.cell_text(data["name"]), seen=seen, err=err)
        form = ProductImportRowForm(
            data, instance=Product(producer=producer, product_set=data.get("product_set")), columns={*data, "name"}
        )
        _form_errors(form, n, "products", row_errors)
        data.update({key: form.cleaned_data[key] for key in form.fields if key in form.cleaned_data})
        errors.extend(row_errors)
        checked.append({"row": n, "data": data, "_existing": product, "_producer": producer})
        if progress and i % 50 == 0:
            progress(i)
    return checked, errors
