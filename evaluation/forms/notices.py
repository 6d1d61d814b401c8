"""The written result notice's form (D26 Điều 7.3g): the number, date, office and signer the OCOP office issues it
with. What is refused is said beside its field by the service (services.notice_papers), every field at once."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.forms import BaseForm


class ResultNoticeForm(BaseForm):
    number = forms.CharField(
        label=_("Số thông báo"), max_length=60, help_text=_("Số và ký hiệu của thông báo, ví dụ 125/TB-SNNMT")
    )
    date = forms.DateField(label=_("Ngày thông báo"))
    issuer_name = forms.CharField(
        label=_("Cơ quan ban hành"),
        max_length=200,
        help_text=_("Cơ quan tham mưu quản lý OCOP ban hành thông báo, ví dụ Sở Nông nghiệp và Môi trường"),
    )
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"), max_length=150, help_text=_("Ví dụ: KT. GIÁM ĐỐC — PHÓ GIÁM ĐỐC")
    )
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=150)
