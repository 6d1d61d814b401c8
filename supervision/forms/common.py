"""What the supervision forms share: the inspectors field, a certificate named by number or name, a default deadline."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from certificates.selectors.certificates import live_certificates_matching
from ocop.models import User, vi_name_order

from ..services import office_filter_q

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class InspectorsField(forms.ModelMultipleChoiceField):
    """The officers sent to inspect, ticked in a list (a multiple select needs Ctrl-click, unknown to many)."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj} ({obj.get_role_display()})"


def _inspectors_for(user: User):
    return User.objects.filter(is_active=True).filter(office_filter_q(user)).order_by(*vi_name_order())


class CertificateByNameMixin(forms.Form):
    """A live certificate in the user's scope, named by its number or, where the officer does not have it at hand
    (another agency's finding, a phone call), by its product's or producer's name: one match is taken, several are
    listed next to the field with their numbers. Sets `self.certificate`; the form keeps `self.user`."""

    certificate_number = forms.CharField(
        label=_("Giấy chứng nhận"),
        max_length=200,
        help_text=_("Số giấy chứng nhận, hoặc tên sản phẩm, chủ thể (không cần dấu)."),
    )

    def clean_certificate_number(self):
        typed = self.cleaned_data["certificate_number"]
        self.certificate = one_certificate(live_certificates_matching(user=self.user, text=typed))
        return typed


NONE_IN_YOUR_SCOPE = _("Không có giấy chứng nhận còn hiệu lực nào khớp trong phạm vi của bạn.")
NONE_IN_THE_PLAN = _("Không có giấy chứng nhận còn hiệu lực nào khớp trong phạm vi kế hoạch.")


def one_certificate(found: list[Certificate], *, none_found=NONE_IN_YOUR_SCOPE) -> Certificate:
    """The one certificate a typed text named (certificates.selectors.certificates.certificates_matching), or the
    refusal to show next to the field: `none_found`, or the matches with their numbers (the first five)."""
    if not found:
        raise forms.ValidationError(none_found)
    if len(found) > 1:
        shown = "; ".join(f"{c.number} ({c.product_name} — {c.producer_name})" for c in found[:5])
        if len(found) > 5:
            message = _("Nhiều giấy chứng nhận khớp, trong đó: %(list)s… Nhập số của giấy bạn muốn chọn.")
        else:
            message = _("%(n)d giấy chứng nhận khớp: %(list)s. Nhập số của giấy bạn muốn chọn.")
        raise forms.ValidationError(message % {"n": len(found), "list": shown})
    return found[0]


def default_due(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)
