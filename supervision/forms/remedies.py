"""A remedy's forms: the producer's answer with its evidence, the inspectors' review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.forms import BaseForm, MultipleFileField, check_with_the_form

from ..services.remedies import remedy_evidence_check, remedy_review_check


class RemedyAnswerForm(BaseForm):
    answer = forms.CharField(
        label=_("Đã khắc phục những gì"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(
        label=_("Minh chứng (ảnh hoặc PDF, tối đa 10 tệp)"), required=False, accept="image/*,application/pdf"
    )

    def clean(self):
        data = super().clean()
        if data.get("files"):  # the service's check of the files, said with the answer's own refusals
            check_with_the_form(self, remedy_evidence_check, uploads=data["files"])
        return data


class RemedyReviewForm(BaseForm):
    decision = forms.ChoiceField(
        label=_("Ý kiến"),
        choices=[("accept", _("Chấp nhận kết quả khắc phục")), ("reject", _("Chưa chấp nhận"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Nhận xét, lý do"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label=_("Hạn mới (nếu chưa chấp nhận)"), required=False)

    def clean(self):
        """The service's rules of a rejection (its reason, a later deadline) with the form's own refusals (a date
        that does not exist): one answer, each beside its field."""
        data = super().clean()
        if data.get("decision"):
            check_with_the_form(
                self,
                remedy_review_check,
                accept=data["decision"] == "accept",
                note=data.get("note", ""),
                due_on=data.get("due_on"),
            )
        return data
