"""Revocation forms: a competent authority's conclusion, the commune's confirmation, a case closed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.choices import (
    CONCLUSION_GROUNDS,
    RevocationGround,
)
from certificates.models import Certificate
from certificates.services.revocations import agency_conclusion_clean, conclusion_refusals
from ocop.forms import BaseForm, check_with_the_form

from ..services import production_stop_check


class AgencyConclusionForm(BaseForm):
    """A proposal to revoke on a competent authority's conclusion (CONCLUSION_GROUNDS: Điều 8.1a, c, e): the
    conclusion that starts the 15 days of Điều 8.4. For the certificate's open case that awaits it (`case`), its ground
    only and its detail to start from."""

    ground = forms.ChoiceField(
        label=_("Căn cứ thu hồi (Điều 8 khoản 1)"),
        choices=[("", _("— Chọn căn cứ thu hồi —"))]
        + [(value, label) for value, label in RevocationGround.choices if value in CONCLUSION_GROUNDS],
        error_messages={"required": _("Chọn căn cứ thu hồi.")},
    )
    agency = forms.CharField(
        label=_("Cơ quan đã kết luận vi phạm"),
        max_length=200,
        help_text=_("Ví dụ: Chi cục An toàn vệ sinh thực phẩm tỉnh; Đội Quản lý thị trường số 2."),
    )
    document_number = forms.CharField(label=_("Số văn bản kết luận"), max_length=60)
    concluded_on = forms.DateField(label=_("Ngày kết luận của cơ quan"))
    detail = forms.CharField(
        label=_("Nội dung vi phạm"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, certificate: Certificate, requesting: bool = False, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.certificate = certificate
        self.requesting = requesting
        ground = self.fields["ground"]
        if requesting:  # the ministry's request to the province (Điều 10.1b): ground e, the ministry's letter
            ground.choices = [(v, label) for v, label in ground.choices if v in {"", RevocationGround.OTHER}]
            ground.initial = RevocationGround.OTHER
            self.fields["agency"].label = _("Cơ quan đề nghị")
            self.fields["agency"].help_text = ""
            self.fields["agency"].initial = _("Bộ Nông nghiệp và Môi trường")
            self.fields["document_number"].label = _("Số văn bản đề nghị của Bộ")
            self.fields["concluded_on"].label = _("Ngày văn bản")
            self.fields["detail"].label = _("Nội dung: công tác đánh giá, phân hạng không đúng quy định")
        elif case is not None:  # the conclusion the open case awaits, for the case's ground
            ground.choices = [(v, label) for v, label in ground.choices if v == case.ground]
            ground.initial = case.ground
        if case is not None:  # its detail to start from (the ministry's letter too goes onto that case)
            self.fields["detail"].initial = case.detail
        # An empty part is refused in the one check's words, which name the field (not Django's "required").
        refusals = conclusion_refusals(ministry_request=requesting)
        self.fields["agency"].error_messages["required"] = refusals.agency
        self.fields["document_number"].error_messages["required"] = refusals.document_number_missing
        self.fields["concluded_on"].error_messages["required"] = refusals.concluded_on_missing

    def clean(self):
        """Every wrong part of the conclusion at once, by the one check (agency_conclusion_clean, worded for the
        ministry's letter on its request): a part the form already refused (empty, not a date) keeps that message,
        the others get theirs in the same answer."""
        data = super().clean()
        try:
            agency_conclusion_clean(
                certificate=self.certificate,
                agency=data.get("agency", ""),
                document_number=data.get("document_number", ""),
                concluded_on=data.get("concluded_on"),
                ministry_request=self.requesting,
            )
        except forms.ValidationError as exc:
            for name, errors in exc.message_dict.items():
                if name not in self.errors:
                    self.add_error(name, errors)
        return data


class StopConfirmForm(BaseForm):
    confirmed_on = forms.DateField(label=_("Ngày UBND xã xác nhận"))
    document_number = forms.CharField(
        label=_("Số văn bản xác nhận"), max_length=60, help_text=_("Ghi đúng như trên văn bản, ví dụ 15/UBND-KT.")
    )
    detail = forms.CharField(
        label=_("Nội dung"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, certificate: Certificate, **kwargs):
        super().__init__(*args, **kwargs)
        self.certificate = certificate

    def clean(self):
        """The confirmation's number and day by the service's one check (production_stop_check), every refusal in
        the same answer; a field the form already refused (empty, not a date) keeps that message."""
        data = super().clean()
        check_with_the_form(
            self,
            production_stop_check,
            certificate=self.certificate,
            confirmed_on=data.get("confirmed_on"),
            document_number=data.get("document_number", ""),
        )
        return data


class CaseCloseForm(BaseForm):
    reason = forms.CharField(
        label=_("Lý do không thu hồi"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: UBND xã rút văn bản xác nhận; chủ thể đã sản xuất trở lại."),
    )
