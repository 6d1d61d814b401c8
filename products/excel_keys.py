"""Which producer a row of the producer file is (products.excel): by what identifies a producer, never by a guess.

- A tax code (mã số thuế) names the producer that has it; a tax code nobody has yet is a new producer, unless the
  row's business registration number (số đăng ký kinh doanh) is that of a producer known without a tax code, which
  then gains it.
- Without a tax code, the business registration number, when the row gives one, names the producer that has it.
- A household without either is known by its name in its commune, written as the registry writes it (accents
  count: “Hộ Nguyễn Văn Lan” and “Hộ Nguyễn Văn Lân” are two households, who may live at one address).

A row that could be several producers is refused, naming its row and column and saying what tells them apart: two
producers of one number or one name, a name that differs from a known producer's by its accents only, a number that
belongs to a producer with a tax code. A guess would write one producer's details over another's (the import
matched names with their accents folded away, and updated “Lân” from a row about “Lan”), or make a second record of
one producer.

Which product a row of the product file is: its producer's product whose name has the row's name key
(names.product_name_key, the one the product guards compare: case, spacing, punctuation, NFC/NFD and where the tone
mark sits on oa/oe/uy folded, never a diacritic, a word or a digit: “Chè xanh” and “Chè xành” are two products). A
name the producer's products share (two products recorded before the guard existed) is refused, naming them; the
import matched accent-stripped names, and wrote a row about one product over another."""

import re
from collections import defaultdict

from django.utils.translation import gettext as _

from ocop import xlsx
from ocop.text import fold, nfc

from .models import PRODUCT_CODE_FIELDS, Producer, Product
from .names import product_name_key
from .validators import normalise_tax_code


def registration_key(value) -> str:
    """A business registration number as it identifies a producer: spaces, dots and dashes people type left out, in
    capitals ("27a-8001234" and "27A 8001234" are one number)."""
    return re.sub(r"[\s.\-]", "", nfc(str(value or ""))).upper()


def name_key(value) -> str:
    """A producer's name as it identifies a household in its commune: as written, case and spacing aside."""
    return " ".join(nfc(str(value or "")).split()).casefold()


def _names(producers) -> str:
    return ", ".join(f"“{p.name}”" for p in producers)


class ProducerKeys:
    """The producers of the user's scope that a producer file's rows may name, read once for the whole file."""

    def __init__(self, rows, in_scope):
        codes = [c for c in (normalise_tax_code(xlsx.cell_text(r["values"].get("tax_code"))) for r in rows) if c]
        self.by_code = {p.tax_code: p for p in in_scope.filter(tax_code__in=codes)}
        self.taken_elsewhere = set(
            Producer.objects.filter(tax_code__in=codes)
            .exclude(pk__in=in_scope.values("pk"))
            .values_list("tax_code", flat=True)
        )
        numbers = {registration_key(xlsx.cell_text(r["values"].get("business_registration_no"))) for r in rows} - {""}
        self.by_number = defaultdict(list)
        if numbers:
            for p in in_scope.exclude(business_registration_no="").only(
                "pk", "name", "tax_code", "commune_id", "business_registration_no"
            ):
                if registration_key(p.business_registration_no) in numbers:
                    self.by_number[registration_key(p.business_registration_no)].append(p)
        self.no_code = defaultdict(list)  # (commune, name as written) → producers without a tax code
        self.no_code_folded = defaultdict(list)  # (commune, name without accents) → the same
        for p in in_scope.filter(tax_code__isnull=True):
            self.no_code[(p.commune_id, name_key(p.name))].append(p)
            self.no_code_folded[(p.commune_id, fold(p.name))].append(p)

    def existing(self, *, n, values, commune, seen, err):
        """The producer row `n` updates, None for a new one (or a row refused through `err(column, message)`),
        after the checks that span the file: a tax code, number or producer twice in it, a tax code owned out of
        scope. `seen`: what the rows before named, by key."""
        tax_code = normalise_tax_code(xlsx.cell_text(values.get("tax_code")))
        number = registration_key(xlsx.cell_text(values.get("business_registration_no")))
        name = xlsx.cell_text(values.get("name"))
        if tax_code:
            return self._by_tax_code(n=n, tax_code=tax_code, number=number, seen=seen, err=err)
        if number:
            if ("number", number) in seen:
                err(
                    "business_registration_no",
                    _("Số đăng ký kinh doanh trùng với dòng %(r)s.") % {"r": seen[("number", number)]},
                )
            seen[("number", number)] = n
            found = self.by_number.get(number, [])
            if len(found) > 1:
                err("business_registration_no", self._several_with_number(found, number))
                return None
            if found:
                if found[0].tax_code:
                    err(
                        "tax_code",
                        _(
                            "Số đăng ký kinh doanh %(b)s là của chủ thể “%(name)s”, mã số thuế %(t)s: ghi mã số thuế "
                            "này vào dòng (để trống, dòng sẽ xoá mã số thuế của chủ thể)."
                        )
                        % {"b": number, "name": found[0].name, "t": found[0].tax_code},
                    )
                    return None
                return found[0]
        if commune is None or not name:
            return None
        return self._by_name(n=n, name=name, number=number, commune=commune, seen=seen, err=err)

    def _by_tax_code(self, *, n, tax_code, number, seen, err):
        if tax_code in seen:
            err("tax_code", _("Mã số thuế trùng với dòng %(r)s.") % {"r": seen[tax_code]})
        seen[tax_code] = n
        if tax_code in self.taken_elsewhere:
            err("tax_code", _("Mã số thuế đã thuộc một chủ thể ngoài phạm vi của bạn."))
        if tax_code in self.by_code:
            return self.by_code[tax_code]
        found = self.by_number.get(number, []) if number else []
        if len(found) > 1:
            err("business_registration_no", self._several_with_number(found, number))
        elif found and found[0].tax_code:
            err(
                "business_registration_no",
                _(
                    "Số đăng ký kinh doanh %(b)s là của chủ thể “%(name)s”, mã số thuế %(t)s, khác mã số thuế ở dòng "
                    "này: sửa cho khớp một chủ thể."
                )
                % {"b": number, "name": found[0].name, "t": found[0].tax_code},
            )
        elif found:
            return found[0]  # known by its registration number without a tax code: it gains the row's
        return None

    def _by_name(self, *, n, name, number, commune, seen, err):
        key = (commune.pk, name_key(name))
        if key in seen:
            err("name", _("Chủ thể trùng với dòng %(r)s.") % {"r": seen[key]})
        seen[key] = n
        same = self.no_code.get(key, [])
        if len(same) > 1:
            err(
                "name",
                _(
                    "%(commune)s có %(count)s chủ thể chưa có mã số thuế cùng tên “%(name)s”: không biết dòng này là "
                    "chủ thể nào. Ghi mã số thuế hoặc số đăng ký kinh doanh của chủ thể."
                )
                % {"commune": commune.name, "count": len(same), "name": name},
            )
            return None
        if same:
            theirs = registration_key(same[0].business_registration_no)
            if number and theirs and theirs != number:
                err(
                    "business_registration_no",
                    _(
                        "Chủ thể “%(name)s” ở %(commune)s có số đăng ký kinh doanh %(theirs)s, khác số ở dòng này: "
                        "nếu là cùng chủ thể, ghi đúng số đã có; nếu là chủ thể khác cùng tên, ghi mã số thuế để "
                        "phân biệt."
                    )
                    % {
                        "name": same[0].name,
                        "commune": commune.name_in_text,
                        "theirs": same[0].business_registration_no,
                    },
                )
                return None
            return same[0]
        near = [
            p
            for p in self.no_code_folded.get((commune.pk, fold(name)), [])
            # another registration number: another producer, whatever its name
            if not (number and p.business_registration_no and registration_key(p.business_registration_no) != number)
        ]
        if near:
            err(
                "name",
                _(
                    "Tên “%(name)s” chỉ khác dấu với %(others)s đã có ở %(commune)s (chưa có mã số thuế): nếu là cùng "
                    "chủ thể, ghi tên đúng như trong danh sách; nếu là chủ thể khác, ghi mã số thuế hoặc số đăng ký "
                    "kinh doanh để phân biệt."
                )
                % {"name": name, "others": _names(near), "commune": commune.name_in_text},
            )
        return None

    @staticmethod
    def _several_with_number(found, number) -> str:
        return _(
            "Số đăng ký kinh doanh %(b)s có ở %(count)s chủ thể trong phạm vi của bạn (%(names)s): không biết dòng "
            "này là chủ thể nào. Ghi mã số thuế của chủ thể."
        ) % {"b": number, "count": len(found), "names": _names(found)}


class ProductKeys:
    """The products of the producers a product file's rows name, by their name key (product_name_key), read once."""

    def __init__(self, producer_ids):
        self.by_key = defaultdict(list)
        products = Product.objects.filter(producer_id__in=producer_ids).select_related("producer").order_by("pk")
        for product in products.only("pk", "name", "producer__name", *PRODUCT_CODE_FIELDS):
            self.by_key[(product.producer_id, product_name_key(product.name))].append(product)

    def existing(self, *, n, producer, name, seen, err):
        """The product row `n` updates, None for a new one (or a row refused through `err(column, message)`): the
        producer's product of the row's name key. `seen`: the rows before, by key (a product named twice)."""
        key = (producer.pk, product_name_key(name))
        if not key[1]:
            return None
        if key in seen:
            err("name", _("Sản phẩm trùng với dòng %(r)s.") % {"r": seen[key]})
        seen[key] = n
        found = self.by_key.get(key, [])
        if len(found) > 1:
            names = ", ".join(f"“{p.name}” ({p.code})" if p.code else f"“{p.name}”" for p in found)
            err(
                "name",
                _(
                    "Chủ thể “%(producer)s” có %(count)s sản phẩm cùng tên “%(name)s” (%(names)s): không biết dòng "
                    "này là sản phẩm nào. Sửa tên để phân biệt các sản phẩm đó, rồi nhập lại."
                )
                % {"producer": producer.name, "count": len(found), "name": name, "names": names},
            )
            return None
        return found[0] if found else None
