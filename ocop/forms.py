from django import forms
from django.contrib.auth import forms as auth_forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .emails import absolute_url, send_templated
from .text import nfc, reject_unsafe_characters

# Django's own Vietnamese ("Nhập một ngày hợp lệ.") does not say what to type.
DATE_INVALID = _("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2025.")
# The calendar button static/js/datepicker.js puts beside every date field (its accessible name).
DATE_PICKER_LABEL = _("Chọn ngày trên lịch")


def date_picker_widget(widget):
    """A date field is a text input in dd/mm/yyyy (what people type, and what headless and English browsers would
    not show in a type=date), with a companion calendar button that opens the browser's own date picker and
    writes its choice back as dd/mm/yyyy. The server reads dd/mm/yyyy and the ISO yyyy-mm-dd alike
    (DATE_INPUT_FORMATS). Without JavaScript the plain text input remains."""
    widget.attrs.setdefault("placeholder", "dd/mm/yyyy")
    widget.attrs.setdefault("inputmode", "numeric")
    widget.attrs.setdefault("autocomplete", "off")
    widget.attrs["data-datepicker"] = DATE_PICKER_LABEL
    if isinstance(widget, forms.DateInput):
        widget.format = "%d/%m/%Y"
    return widget


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
    """Normalise every submitted text value to NFC before any validation (uniqueness included), refuse
    invisible and control characters in every text field (the message shows next to the field), and say
    how to write a date when one cannot be read."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(nfc_data(data), *args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):  # self.fields are copies: the class's fields stay untouched
                field.validators.append(reject_unsafe_characters)
            if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                field.error_messages["invalid"] = DATE_INVALID
                date_picker_widget(field.widget)


class BaseForm(NFCFormMixin, forms.Form):
    pass


class BaseModelForm(NFCFormMixin, forms.ModelForm):
    pass


def add_service_errors(form, exc) -> None:
    """Show a service's ValidationError on the form: next to its field when it names one the form has,
    otherwise at the top. What the user typed stays in the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def parse_pk(value) -> int | None:
    """A primary key typed in a URL or a form, or None: digits only and within a 64-bit integer (a longer
    number would overflow the database driver and answer 500)."""
    text = str(value or "").strip()
    # ASCII only: "²".isdigit() is true but int("²") fails, and "٣" is no id anyone typed.
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


class PasswordResetForm(NFCFormMixin, auth_forms.PasswordResetForm):
    """Django's reset form, but the mail is built like every other (ocop.emails) and its link comes from
    SITE_URL: Django's default follows the request's Host header, which a caller can forge."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        path = reverse("password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        send_templated(
            "password_reset",
            to=[to_email],
            context={"user": context["user"], "reset_url": absolute_url(path)},
        )
