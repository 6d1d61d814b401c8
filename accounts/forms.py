from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop.choices import Role
from ocop.forms import (
    CHOOSE,
    PROVINCE_FIRST_PROMPT,
    BaseForm,
    OwnChangesMixin,
    add_service_errors,
    cascade_attrs,
    parse_pk,
)
from ocop.models import AdministrativeUnit, User
from products.forms import PhoneMixin

from .permissions import grantable_roles
from .services import OUTSIDE_REACH, account_email_clean, account_unit


class AccountForm(PhoneMixin, OwnChangesMixin, BaseForm):
    """A staff account's person, role and unit. A province officer's accounts work in their province (the commune
    among its communes); a ministry officer chooses the province first and the commune list follows it
    (static/js/cascade.js), as on the producer's page, or none for a ministry officer or a central council member. Editing, the page sends back what it showed (`seen()`), so
    that two keepers at once keep each other's changes (accounts.services.account_update)."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=300)
    email = forms.EmailField(label=_("E-mail"), help_text=_("Tên đăng nhập; thư mời đặt mật khẩu gửi về đây."))
    role = forms.ChoiceField(label=_("Vai trò"))
    province = forms.ModelChoiceField(
        label=_("Tỉnh, thành phố"), queryset=AdministrativeUnit.objects.none(), empty_label=CHOOSE
    )
    commune = forms.ModelChoiceField(
        label=_("Xã, phường phụ trách"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        help_text=_("Chỉ với cán bộ xã."),
    )
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    organisation = forms.CharField(label=_("Cơ quan"), max_length=200, required=False)

    def __init__(self, *args, user: User, account: User | None = None, **kwargs):
        if account is not None:
            unit = account.unit
            kwargs.setdefault(
                "initial",
                {
                    "full_name": account.get_full_name(),
                    "email": account.email,
                    "role": account.role,
                    "province": unit.parent_id if unit and unit.parent_id else getattr(unit, "pk", None),
                    "commune": unit.pk if unit and unit.parent_id else None,
                    "phone": account.phone,
                    "organisation": account.organisation,
                },
            )
        super().__init__(*args, **kwargs)
        self.account, self.user = account, user
        self.fields["province"].error_messages["invalid_choice"] = _("Không có tỉnh, thành phố này (tên hiện nay).")
        self.fields["commune"].error_messages["invalid_choice"] = OUTSIDE_REACH
        self.fields["role"].choices = [("", CHOOSE), *((role.value, role.label) for role in grantable_roles(user))]
        communes = AdministrativeUnit.objects.current().communes().by_name()
        if user.is_national:
            self.fields["province"].queryset = AdministrativeUnit.objects.current().provinces().by_name()
            # The ministry's officers and the central council's members work for no province (accounts.services
            # .account_unit asks it of the other roles, beside this field).
            self.fields["province"].required = False
            self.fields["province"].help_text = _(
                "Để trống với cán bộ OCOP trung ương và thành viên Hội đồng cấp trung ương."
            )
            source = self.data if self.is_bound else self.initial
            province_pk = parse_pk(source.get(self.add_prefix("province") if self.is_bound else "province"))
            self.fields["commune"].queryset = communes

            def offered():  # read when the select is written, never to validate (an import checks hundreds of rows)
                shown = communes.filter(parent_id=province_pk or 0).only("pk", "name")
                return [("", CHOOSE if province_pk else PROVINCE_FIRST_PROMPT), *((c.pk, c.name) for c in shown)]

            self.fields["commune"].choices = offered
            self.fields["commune"].widget.attrs.update(
                cascade_attrs(source_id=self["province"].id_for_label, url=reverse("unit_communes"))
            )
        else:
            del self.fields["province"]
            self.fields["commune"].queryset = communes.filter(parent_id=user.unit_id)
            self.fields["commune"].label_from_instance = lambda unit: unit.name  # the province goes without saying

    def clean_email(self):
        try:
            return account_email_clean(self.cleaned_data["email"], account=self.account)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["email"]) from exc

    def clean(self):
        data = super().clean()
        if data.get("role") and not self.errors.keys() & {"province", "commune"}:
            try:
                account_unit(
                    by=self.user, role=data["role"], province=data.get("province"), commune=data.get("commune")
                )
            except ValidationError as exc:
                add_service_errors(self, exc)
        return data

    def service_data(self) -> dict:
        """The keyword arguments of accounts.services.account_create / account_update."""
        data = {key: self.cleaned_data.get(key) for key in ("full_name", "email", "role", "phone", "organisation")}
        data["province"] = self.cleaned_data.get("province")
        data["commune"] = self.cleaned_data.get("commune") if data["role"] == Role.COMMUNE_OFFICER else None
        return data


class ProfileForm(PhoneMixin, OwnChangesMixin, BaseForm):
    """What a person corrects on their own account (accounts.services.account_profile_update); the page sends back
    what it showed, so that what their office saved meanwhile stays."""

    full_name = forms.CharField(
        label=_("Họ và tên"), max_length=300, help_text=_("Như in trên biên bản, phiếu chấm và thông báo.")
    )
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    organisation = forms.CharField(label=_("Cơ quan"), max_length=200, required=False)
