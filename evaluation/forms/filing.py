"""The forms that file a dossier: the registration form (Mẫu 01) and "Lập hồ sơ mới từ hồ sơ này". Filing is the
producer's own act (evaluation.workflow's `own` rows create and copy): an officer files only for a producer without an
account (products.permissions.acts_for_producer). They validate; services.dossier writes."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ocop.forms import BaseForm, ProvinceFirstMixin, choose_the_only_choice, parse_pk
from ocop.text import vi_order
from products.models import Product
from products.permissions import acts_for_every_producer, products_acted_for
from products.selectors import product_label

from ..choices import Level, RegistrationKind
from ..models import EvaluationRound
from ..selectors.dossier import case_variant_product_sets, upgrade_top_star_reached
from ..services.checks import round_filing_refusal
from .registrations import CASE_CHOICES
from .round_choice import open_rounds_for, round_choice

# Why an officer is offered only some products, and why one it chose is refused (a page opened before the producer
# got its account, a product's own link, the API): filing is the producer's own act (evaluation.workflow's `own`).
FILES_ITSELF = _(
    "Chủ thể đã có tài khoản nên tự đăng ký đánh giá sản phẩm (lần đầu, nâng hạng, đánh giá lại); cán bộ chỉ lập hồ "
    "sơ thay cho chủ thể chưa có tài khoản."
)


def link_open_dossier(exc: ValidationError) -> ValidationError:
    """A service's refusal with the dossier that a refusal of a second open dossier names linked
    (services.dossier.open_dossier_refusal names it, with its id, only to a user who may read it)."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({field: [_linked(error) for error in errors] for field, errors in exc.error_dict.items()})


def _linked(error: ValidationError) -> ValidationError:
    pk = (error.params or {}).get("registration") if error.code == "open_dossier" else None
    if pk is None:
        return error
    url = reverse("evaluation:registration_detail", args=[pk])
    return ValidationError(
        format_html(
            '{} <a href="{}" data-testid="open-dossier-link">{}</a>', error.message % error.params, url, _("Mở hồ sơ")
        ),
        code=error.code,
    )


class FiledProductField(forms.ModelChoiceField):
    """The product a dossier is filed for. One of the user's `scope` left out of the choices because its producer
    files itself is refused with that reason, not as "not one of the choices"."""

    scope = None  # the user's whole scope, when the choices are narrower

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            chosen = parse_pk(value)
            if self.scope is not None and chosen is not None and self.scope.filter(pk=chosen).exists():
                raise ValidationError(FILES_ITSELF, code="files_itself") from None
            raise


class FiledRoundField(forms.ModelChoiceField):
    """The round a new dossier is filed into. One of the user's rounds no longer taking dossiers (a page opened
    before it closed, a crafted post) is refused with the reason services.checks.round_filing_refusal gives, not as
    "not one of the choices"."""

    scope = EvaluationRound.objects.none()  # the user's province rounds, set by the form

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            chosen = parse_pk(value)
            evaluation_round = self.scope.filter(pk=chosen).first() if chosen is not None else None
            if evaluation_round is not None and (refusal := round_filing_refusal(evaluation_round)):
                raise ValidationError(refusal, code="round_closed") from None
            raise


class RegistrationCreateForm(ProvinceFirstMixin, BaseForm):
    product = FiledProductField(label=_("Sản phẩm"), queryset=Product.objects.none())
    province_first = ("product", "province_id", "products:product_filing_options")
    kind = forms.ChoiceField(label=_("Hình thức đăng ký"), choices=RegistrationKind.choices)
    round = FiledRoundField(label=_("Đợt đánh giá"), queryset=EvaluationRound.objects.none(), required=False)
    case_variant = forms.TypedChoiceField(
        label=_("Trường hợp áp dụng (bộ 26 — du lịch)"),
        choices=CASE_CHOICES,
        coerce=int,
        empty_value=0,
        required=False,
        help_text=_("Bộ tiêu chí du lịch chấm theo một trong hai trường hợp; chỉ hỏi với sản phẩm bộ 26."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The products `user` files for: an officer's are those of producers without an account (acts_for_producer).
        self.fields["product"].queryset = (
            products_acted_for(user).select_related("producer").order_by(vi_order("name"), "pk")
        )
        self.fields["product"].label_from_instance = lambda p: product_label(p.name, p.producer.name)
        if not acts_for_every_producer(user):
            self.fields["product"].help_text = FILES_ITSELF
            self.fields["product"].scope = Product.objects.for_user(user)
        # A new producer has nothing to choose yet: the page says so and links to "Thêm sản phẩm".
        self.no_products = not self.fields["product"].queryset.exists()
        self.fields["round"].queryset = open_rounds_for(user)
        self.fields["round"].scope = EvaluationRound.objects.for_user(user).filter(level=Level.PROVINCE)
        taking = round_choice(self.fields["round"], filing=True)
        if not self.is_bound:  # one product, or one round still taking proposals, to choose from: it comes chosen
            choose_the_only_choice(self, "product")
            if not self.initial.get("round") and len(taking) == 1:
                self.initial["round"] = taking[0]
        self.case_sets = case_variant_product_sets()
        if not self.case_sets:
            del self.fields["case_variant"]
        # The products whose set has Trường hợp 1/2: the page shows the question only for them.
        self.case_product_ids = (
            list(self.fields["product"].queryset.filter(product_set_id__in=self.case_sets).values_list("pk", flat=True))
            if self.case_sets
            else []
        )
        self.province_first_setup(user)

    def clean(self):
        data = super().clean()
        product = data.get("product")
        chosen = data.get("round")
        # A round offered disabled, chosen anyway: refused beside it (services.checks.round_filing_refusal).
        if chosen is not None and (refusal := round_filing_refusal(chosen, kind=data.get("kind", ""))):
            self.add_error("round", refusal)
        if product is not None:
            if product.product_set_id in self.case_sets:
                if not data.get("case_variant"):
                    self.add_error("case_variant", _("Sản phẩm bộ 26 (du lịch): chọn Trường hợp 1 hoặc Trường hợp 2."))
            else:
                data["case_variant"] = 0  # a hidden leftover choice from another product does not count
        return data


class CopyPreviousForm(BaseForm):
    """The dossier page's "Lập hồ sơ mới từ hồ sơ này": the kinds a copy may be filed as, for the dossier's product.
    An upgrade is not offered to a 5★ product (nothing higher, Điều 7.5); a page opened before, still offering it,
    gets the service's refusal beside the field (services.dossier.registration_create)."""

    kind = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[
            (RegistrationKind.REEVALUATION, RegistrationKind.REEVALUATION.label),
            (RegistrationKind.UPGRADE, RegistrationKind.UPGRADE.label),
        ],
    )

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        if upgrade_top_star_reached(product):
            # What the select shows; the field still takes "upgrade" so that the service says why it is refused.
            self.fields["kind"].widget.choices = [
                c for c in self.fields["kind"].choices if c[0] != RegistrationKind.UPGRADE
            ]
