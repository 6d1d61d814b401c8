from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.selectors.numbers import certificate_number_example
from ocop.text import nfc

from .choices import SEARCH_MAX_LENGTH, CatalogueSort


class CatalogueFilterForm(forms.Form):
    """The catalogue's query string. A value that does not parse is dropped (the rest still filters): a crafted
    or stale link never gives an error page."""

    q = forms.CharField(required=False, strip=True)
    star = forms.TypedChoiceField(required=False, choices=[(3, "3"), (4, "4"), (5, "5")], coerce=int)
    province = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    commune = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    sector = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    set = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    sort = forms.ChoiceField(required=False, choices=CatalogueSort.choices)
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def clean_q(self):
        return " ".join(nfc(self.cleaned_data.get("q") or "").replace("\x00", "").split())[:SEARCH_MAX_LENGTH]

    def parsed(self) -> tuple[dict, str, int]:
        """(filters, sort, page) from what parsed; filters hold only the fields that were given."""
        self.is_valid()
        data = self.cleaned_data
        filters = {k: data[k] for k in ("q", "star", "province", "commune", "sector", "set") if data.get(k)}
        return filters, data.get("sort") or CatalogueSort.NAME, data.get("page") or 1


class CertificateNumberForm(forms.Form):
    """The number printed on a certificate (or on a product's label), typed by a buyer to reach its verification
    page."""

    number = forms.CharField(label=_("Số giấy chứng nhận"), max_length=60, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The example is a number as the app issues them (certificates.selectors.numbers.certificate_number), this
        # year's, of the province the site serves; an older certificate is found by the number printed on it,
        # whatever its form. Before any certificate is recorded there is no province to name: no example.
        example = certificate_number_example()
        if example is None:
            self.fields["number"].help_text = _(
                "Như in trên giấy chứng nhận hoặc nhãn sản phẩm; giấy chứng nhận cấp trước đây cũng tra theo đúng số "
                "in trên giấy. Chữ hoa hay thường đều được."
            )
        else:
            self.fields["number"].help_text = _(
                "Như in trên giấy chứng nhận hoặc nhãn sản phẩm, ví dụ %(example)s; giấy chứng nhận cấp trước đây "
                "tra theo đúng số in trên giấy. Chữ hoa hay thường đều được."
            ) % {"example": example}

    def clean_number(self):
        number = nfc(self.cleaned_data["number"]).replace("\x00", "").strip()
        if not number:
            raise forms.ValidationError(self.fields["number"].error_messages["required"], code="required")
        return number
