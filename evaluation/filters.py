"""django-filter FilterSets of the evaluation app (lists of registrations and rounds)."""

import django_filters
from django.db.models import Q, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.filters import FilterSet, ListedChoicesMixin, OrderingFilter, YearFilter, YesNoFilter
from ocop.forms import parse_pk
from ocop.text import fold

from .choices import Level, RegistrationKind, RegistrationStatus, RoundState, RoundStatus
from .models import EvaluationRound, Registration
from .models.registrations import MASKED_CHOICE, MASKED_LABEL, RESULT_MASKED, result_masked_q, round_state_today

ROUND_YEARS_SHOWN = 2  # without a year chosen, the round filter offers this year's and last year's rounds


def _rounds(request):
    """The rounds offered: those of the chosen year, else the rounds still running and those of the last two years
    (a ministry officer was offered every round of the country, 262 then, ~700 at ten years), plus the round
    already chosen (a link keeps working)."""
    if request is None:
        return EvaluationRound.objects.none()
    rounds = EvaluationRound.objects.for_user(request.user).select_related("unit")
    year = parse_pk(request.GET.get("year"))
    keep = (
        Q(year=year)
        if year
        else ~Q(status=RoundStatus.CLOSED) | Q(year__gt=timezone.localdate().year - ROUND_YEARS_SHOWN)
    )
    chosen = parse_pk(request.GET.get("round"))
    if chosen is not None:
        keep |= Q(pk=chosen)
    return rounds.filter(keep)


# Which deadline a dossier has missed: the commune's 15 working days (Điều 7.2), a re-evaluation's 45 days (Điều
# 7.6g), or either. The home's two counts open the list on one each.
OVERDUE_CHOICES = [
    ("any", _("Quá hạn (xã kiểm tra hoặc đánh giá lại)")),
    ("commune", _("Quá hạn xã kiểm tra (15 ngày làm việc)")),
    ("reevaluation", _("Đánh giá lại quá 45 ngày (Điều 7.6g)")),
]


# Scored dossiers that wait for an act of the OCOP office, not a decision (selectors.dossier.PENDING_ACTS): the
# office's home counts each and opens the list on it.
PENDING_CHOICES = [
    ("upgrade_kept", _("Nâng hạng không đạt, chờ kết luận và thông báo (Điều 7.5)")),
    ("to_central", _("Đánh giá lại sản phẩm 5 sao đã chấm ở cấp tỉnh, chờ gửi Bộ (Điều 7.6e)")),
]


# Dossiers pending when D26 took effect (Điều 12.2, selectors.transition) that missed their deadline: still open past
# it, finished after it, or either. The office's home count opens the list on the open ones.
TRANSITION_CHOICES = [
    ("any", _("Quá hạn hoặc hoàn thành sau hạn")),
    ("overdue", _("Quá hạn, chưa hoàn thành")),
    ("late", _("Hoàn thành sau hạn")),
]


# The registration number as `ocop.text.fold` would write it, in the database: "004/PĐK-…" → "004/pdk-…".
FORM_NUMBER_KEY = Lower(Replace(Replace("form_number", Value("Đ"), Value("d")), Value("đ"), Value("d")))


class RegistrationFilter(ListedChoicesMixin, FilterSet):
    q = django_filters.CharFilter(label=_("Tìm sản phẩm, chủ thể, xã, phiếu số"), method="filter_q")
    status = django_filters.MultipleChoiceFilter(
        label=_("Trạng thái"), choices=RegistrationStatus.choices, method="filter_status"
    )
    kind = django_filters.ChoiceFilter(label=_("Hình thức"), choices=RegistrationKind.choices)
    round = django_filters.ModelChoiceFilter(label=_("Đợt đánh giá"), queryset=_rounds)
    year = YearFilter(label=_("Năm"))
    overdue = django_filters.ChoiceFilter(label=_("Quá hạn"), choices=OVERDUE_CHOICES, method="filter_overdue")
    pending = django_filters.ChoiceFilter(label=_("Chờ cơ quan OCOP"), choices=PENDING_CHOICES, method="filter_pending")
    transition = django_filters.ChoiceFilter(
        label=_("Hồ sơ chuyển tiếp (Điều 12.2 QĐ 26/2026)"), choices=TRANSITION_CHOICES, method="filter_transition"
    )
    # The paper dossiers a commune completes for their producer, who has no account (selectors.dossier.
    # waiting_for_commune_q): the commune's home counts them and opens the list on them.
    paper = YesNoFilter(label=_("Hồ sơ giấy chờ xã hoàn thiện thay chủ thể"), method="filter_paper")
    o = OrderingFilter(
        label=_("Sắp xếp"),
        fields=(("commune_due_on", "commune_due_on"), ("submitted_at", "submitted_at"), ("created_at", "created_at")),
        field_labels={
            "commune_due_on": _("Hạn xã kiểm tra"),
            "submitted_at": _("Ngày nộp"),
            "created_at": _("Ngày tạo"),
        },
    )

    class Meta:
        model = Registration
        fields = ["q", "status", "kind", "round", "year", "overdue", "pending", "transition", "paper", "o"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        # A producer filters on the status it is shown: the council's outcome is one group until announced.
        self.for_producer = user is not None and user.is_authenticated and user.role == "producer"
        if self.for_producer:
            self.filters["status"].extra["choices"] = [(MASKED_CHOICE, MASKED_LABEL), *RegistrationStatus.choices]
            # It would tell a kept upgrade from a recognisable one before the result is announced (Điều 7.3g).
            del self.filters["pending"]
            # An office's follow-up of its deadlines; "finished late" would date a result not yet announced.
            del self.filters["transition"]
            # Its own dossiers are its own turn: no commune acts for it.
            del self.filters["paper"]

    def filter_status(self, queryset, name, value):
        wanted = set(value)
        if not self.for_producer:
            return queryset.filter(status__in=wanted)
        masked = result_masked_q()
        query = Q(status__in=wanted - {MASKED_CHOICE}) & ~masked
        if MASKED_CHOICE in wanted or wanted & RESULT_MASKED:
            # Asking for one hidden outcome gives the whole hidden group: the answer must not tell them apart.
            query |= masked
        return queryset.filter(query)

    def filter_q(self, queryset, name, value):
        # The words are folded ("Đ" → "d", no accents, lower case); so is the registration number they are compared
        # with, "004/PĐK-19-02185-2026" as printed on Mẫu 01 (its only letter with a mark is the "Đ" of "PĐK").
        queryset = queryset.alias(form_number_key=FORM_NUMBER_KEY)
        for word in fold(value).split():
            queryset = queryset.filter(
                Q(product__search_text__contains=word)
                | Q(product__producer__search_text__contains=word)
                | Q(commune__search_text__contains=word)
                | Q(form_number_key__contains=word)
            )
        return queryset

    def filter_overdue(self, queryset, name, value):
        from .selectors.registrations import commune_overdue_q, reevaluation_overdue_q

        today = timezone.localdate()
        missed = {"commune": commune_overdue_q(today), "reevaluation": reevaluation_overdue_q(today)}
        if value == "any":
            return queryset.filter(missed["commune"] | missed["reevaluation"])
        return queryset.filter(missed[value]) if value in missed else queryset

    def filter_pending(self, queryset, name, value):
        from .selectors.dossier import PENDING_ACTS

        return queryset.filter(PENDING_ACTS[value]()) if value in PENDING_ACTS else queryset

    def filter_paper(self, queryset, name, value):
        from .selectors.dossier import waiting_for_commune_q

        if value is None:
            return queryset
        return queryset.filter(waiting_for_commune_q() if value else ~waiting_for_commune_q())

    def filter_transition(self, queryset, name, value):
        from .selectors.transition import transitional_late_q, transitional_overdue_q

        missed = {"overdue": transitional_overdue_q(timezone.localdate()), "late": transitional_late_q()}
        if value == "any":
            return queryset.filter(missed["overdue"] | missed["late"])
        return queryset.filter(missed[value]) if value in missed else queryset


class RoundFilter(FilterSet):
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=Level.choices)
    year = YearFilter(label=_("Năm"))
    # The state the list shows (EvaluationRound.status_today), not the status last set: "Đang nhận hồ sơ" found the
    # rounds past their proposals deadline, which the list says no longer take them.
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=RoundState.choices, method="filter_status")

    class Meta:
        model = EvaluationRound
        fields = ["level", "year", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.alias(state_today=round_state_today(today=timezone.localdate())).filter(state_today=value)
