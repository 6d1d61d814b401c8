from django import forms
from django.http import QueryDict

from .text import nfc


def nfc_data(data):
    """A copy of submitted form data with every text value in NFC."""
    if data is None:
        return None
    if isinstance(data, QueryDict):
        normalised = QueryDict(mutable=True)
        for key, values in data.lists():
            normalised.setlist(key, [nfc(v) for v in values])
        return normalised
    return {key: nfc(value) for key, value in data.items()}


class NFCFormMixin:
    """Normalise every submitted text value to NFC before any validation (uniqueness included)."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(nfc_data(data), *args, **kwargs)


class BaseForm(NFCFormMixin, forms.Form):
    pass


class BaseModelForm(NFCFormMixin, forms.ModelForm):
    pass
