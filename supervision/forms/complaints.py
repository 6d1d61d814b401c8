"""Complaints' forms: the public form, an officer's, the triage."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ocop.forms import BaseForm, check_with_the_form
from ocop.models import User
from products.forms import PhotoField
from products.validators import MAX_PHOTO_BYTES

from ..services import complaint_contact_check
from .common import (
    CertificateByNameMixin,
    InspectorsField,
    _inspectors_for,
)


class SubmissionField(forms.CharField):
    """A new one-time token each time the form is shown: what tells a double click from a second sender. A token
    missing or altered is no token (the complaint is recorded, unguarded), never a refusal nobody could see."""

    widget = forms.HiddenInput

    def __init__(self):
        super().__init__(required=False, initial=uuid.uuid4)

    def to_python(self, value):
        try:
            return uuid.UUID(str(value))
        except ValueError:
            return None


class PublicComplaintForm(BaseForm):
    """No account: a honeypot field ("website") that people leave empty and robots fill."""

    text = forms.CharField(
        label=_("Nội dung phản ánh"), min_length=10, max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    name = forms.CharField(label=_("Họ tên (không bắt buộc)"), max_length=150, required=False)
    contact = forms.CharField(
        label=_("Điện thoại hoặc e-mail để liên hệ lại (không bắt buộc)"), max_length=150, required=False
    )
    photo = PhotoField(
        label=_("Ảnh (không bắt buộc; JPEG, PNG, WebP, tối đa 10 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "data-max-bytes": MAX_PHOTO_BYTES}),
    )
    website = forms.CharField(
        required=False,
        label=_("Để trống ô này"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    submission = SubmissionField()

    def clean(self):
        """The contact is refused beside its field with the form's other refusals (the rule: complaint_submit's)."""
        data = super().clean()
        if "contact" in data:
            check_with_the_form(self, complaint_contact_check, contact=data["contact"])
        return data


class OfficerComplaintForm(CertificateByNameMixin, BaseForm):
    text = forms.CharField(
        label=_("Nội dung phản ánh"), min_length=10, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photo = PhotoField(
        label=_("Ảnh (không bắt buộc)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "data-max-bytes": MAX_PHOTO_BYTES}),
    )
    submission = SubmissionField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


class TriageForm(BaseForm):
    action = forms.ChoiceField(
        label=_("Xử lý"),
        choices=[("inspect", _("Chuyển kiểm tra đột xuất")), ("close", _("Đóng phản ánh"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Lý do đóng"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    inspectors = InspectorsField(
        label=pgettext_lazy("inspection", "Người kiểm tra"), queryset=User.objects.none(), required=False
    )
    scheduled_on = forms.DateField(label=_("Ngày kiểm tra dự kiến"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].queryset = _inspectors_for(user)
