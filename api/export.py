"""The national-sync documents of a province, written as they are read (bounded memory):

- JSON: one object `{"format", "generated_at", "since", "province", "unit_mapping", "products", "certificates"}`
  streamed piece by piece; `generated_at` is taken before the first row is read, so a client that passes it as
  the next `since` misses nothing (a row written meanwhile comes again next time).
- Excel: the same rows in three sheets through ocop.xlsx (write-only: rows go to a temporary file)."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.xlsx import Column, Export

from . import selectors
from .choices import SYNC_FORMAT
from .serializers import api_datetime


def _dumps(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))


def _array(rows: Iterator[dict]) -> Iterator[str]:
    yield "["
    first = True
    for row in rows:
        yield _dumps(row) if first else "," + _dumps(row)
        first = False
    yield "]"


def sync_json(*, user, province, since: dt.datetime | None = None) -> Iterator[bytes]:
    """The document as a stream of UTF-8 chunks (a few rows' worth each)."""
    generated_at = timezone.now()
    today = timezone.localdate()
    products = selectors.province_products(user=user, province_id=province.pk)
    certificates = selectors.province_certificates(user=user, province_id=province.pk)
    if since is not None:
        products = selectors.changed_products(products, since)
        certificates = selectors.changed_certificates(certificates, since, today)
    head = {
        "format": SYNC_FORMAT,
        "generated_at": api_datetime(generated_at),
        "since": api_datetime(since) if since else None,
        "province": selectors.province_ref(province),
        "unit_mapping": selectors.unit_mapping(province_id=province.pk),
    }
    buffer: list[str] = [_dumps(head)[:-1]]  # the head without its closing brace: the arrays follow
    size = 0
    for key, rows in (
        ("products", selectors.product_rows(products)),
        ("certificates", selectors.certificate_rows(certificates, today)),
    ):
        buffer.append(f',"{key}":')
        for piece in _array(rows):
            buffer.append(piece)
            size += len(piece)
            if size >= 64 * 1024:
                yield "".join(buffer).encode()
                buffer, size = [], 0
    buffer.append("}")
    yield "".join(buffer).encode()


PRODUCT_COLUMNS = [
    ("id", _("Mã định danh"), 12),
    ("code", _("Mã số sản phẩm"), 18),
    ("name", _("Tên sản phẩm"), 40),
    ("current_star", _("Hạng sao"), 10),
    ("status", _("Trạng thái"), 14),
    ("product_set", _("Bộ sản phẩm"), 12),
    ("sector", _("Ngành"), 10),
    ("producer_id", _("Mã định danh chủ thể"), 14),
    ("producer_name", _("Tên chủ thể"), 40),
    ("producer_tax_code", _("Mã số thuế"), 16),
    ("commune_code", _("Mã xã (hiện nay)"), 12),
    ("commune_name", _("Xã, phường (hiện nay)"), 24),
    ("historic_commune_code", _("Mã xã (trước 01/07/2025)"), 14),
    ("updated_at", _("Cập nhật"), 20),
]
CERTIFICATE_COLUMNS = [
    ("id", _("Mã định danh"), 12),
    ("number", _("Số giấy chứng nhận"), 20),
    ("product_id", _("Mã định danh sản phẩm"), 14),
    ("product_name", _("Tên sản phẩm"), 40),
    ("star", _("Hạng sao"), 10),
    ("issued_on", _("Ngày cấp"), 12),
    ("valid_until", _("Có hiệu lực đến"), 12),
    ("status", _("Trạng thái"), 14),
    ("decision_number", _("Số quyết định"), 20),
    ("issuer_name", _("Cơ quan ban hành"), 30),
    ("legal_basis", _("Căn cứ"), 14),
    ("is_historic", _("Giấy chứng nhận cũ"), 10),
    ("superseded_by_id", _("Thay thế bởi"), 12),
    ("updated_at", _("Cập nhật"), 20),
]
MAPPING_COLUMNS = [
    ("old_level", _("Cấp (cũ)"), 12),
    ("old_code", _("Mã (cũ)"), 12),
    ("old_name", _("Tên (cũ)"), 30),
    ("new_code", _("Mã (mới)"), 12),
    ("new_name", _("Tên (mới)"), 30),
    ("is_primary", _("Đơn vị kế thừa chính"), 12),
]


def _product_cells(row: dict) -> list:
    producer = row["producer"]
    historic = producer["historic_commune"]
    return [
        row["id"],
        row["code"],
        row["name"],
        row["current_star"],
        row["status"],
        row["product_set"],
        row["sector"],
        producer["id"],
        producer["name"],
        producer["tax_code"],
        producer["commune"]["code"],
        producer["commune"]["name"],
        historic["code"] if historic else "",
        dt.datetime.fromisoformat(row["updated_at"]),
    ]


def _certificate_cells(row: dict) -> list:
    return [
        row["id"],
        row["number"],
        row["product_id"],
        row["product_name"],
        row["star"],
        dt.date.fromisoformat(row["issued_on"]),
        dt.date.fromisoformat(row["valid_until"]),
        row["status"],
        row["decision"]["number"],
        row["decision"]["issuer_name"],
        row["legal_basis"],
        row["is_historic"],
        row["superseded_by_id"],
        dt.datetime.fromisoformat(row["updated_at"]),
    ]


def sync_xlsx(*, user, province):
    """The snapshot as an Excel file in a temporary file (rewound), for a streamed download."""
    products = selectors.province_products(user=user, province_id=province.pk)
    certificates = selectors.province_certificates(user=user, province_id=province.pk)
    export = Export(title=_("Đồng bộ OCOP: %(province)s") % {"province": province.name}, subject=SYNC_FORMAT)
    sheet = export.sheet(_("Sản phẩm"), [Column(str(h), w) for _k, h, w in PRODUCT_COLUMNS])
    for row in selectors.product_rows(products):
        sheet.append(_product_cells(row))
    sheet = export.sheet(_("Giấy chứng nhận"), [Column(str(h), w) for _k, h, w in CERTIFICATE_COLUMNS])
    for row in selectors.certificate_rows(certificates):
        sheet.append(_certificate_cells(row))
    sheet = export.sheet(_("Đơn vị cũ → mới"), [Column(str(h), w) for _k, h, w in MAPPING_COLUMNS])
    for m in selectors.unit_mapping(province_id=province.pk):
        sheet.append(
            [m["old"]["level"], m["old"]["code"], m["old"]["name"], m["new"]["code"], m["new"]["name"], m["is_primary"]]
        )
    handle = tempfile.TemporaryFile()
    export.save(handle)
    handle.seek(0)
    return handle
