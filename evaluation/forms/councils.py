from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from ocop.forms import BaseForm, BaseModelForm, OwnChangesMixin
from ocop.models import User, vi_name_order

from ..choices import ENDED_SESSIONS, Level, MemberRole, RegistrationKind, SessionMode
from ..models.councils import AgendaItem, Council
from ..models.registrations import EvaluationRound, Registration
from ..selectors.council_people import (
    candidate_labels,
    central_candidates_who_scored,
    scored_at_province_warning,
)
from ..services.round_calendar import round_agenda_q, roundless_agenda_q


class _Crispy:
    def _helper(self):
        self.helper = FormHelper()
        self.helper.form_tag = False


class CouncilForm(_Crispy, BaseModelForm):
    class Meta:
        model = Council
        fields = [
            "kind",
            "level",
            "name",
            "decision_number",
            "decision_date",
            "term_from",
            "term_to",
            "quorum_numerator",
            "quorum_denominator",
            "chair_required",
            "secretary_scores",
            "max_spread",
            "aggregation",
        ]
        widgets = {
            f: forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})
            for f in ["decision_date", "term_from", "term_to"]
        }
        help_texts = {
            "quorum_numerator": _("Mặc định 3/4 số thành viên; Hội đồng trung ương 5/7."),
            "max_spread": _("Tổng điểm các thành viên không chênh lệch quá số điểm này (mặc định 10)."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            # A province officer sets up their province's council; the ministry (and the system administrator,
            # who has no province) the central one. District councils are historic only.
            level = Level.PROVINCE if user.role == "province_officer" else Level.CENTRAL
            self.fields["level"].choices = [(level.value, level.label)]
            self.fields["level"].initial = level
            if level == Level.CENTRAL and not self.is_bound:
                # The central council's Quy chế: at least 5 of 7 members (QĐ 757/QĐ-BNN-VPĐP).
                self.initial.setdefault("quorum_numerator", 5)
                self.initial.setdefault("quorum_denominator", 7)
        self._helper()

    def clean_max_spread(self):
        value = self.cleaned_data.get("max_spread")
        if value is not None and value < 0:
            raise forms.ValidationError(_("Chênh lệch tối đa không được âm."))
        return value

    def clean_quorum_numerator(self):
        value = self.cleaned_data.get("quorum_numerator")
        if value is not None and value < 1:
            raise forms.ValidationError(_("Túc số phải từ 1 trở lên."))
        return value


class CouncilSecretaryForm(_Crispy, BaseForm):
    """The council's Quy chế on its secretary, changed on the council's page (services.councils.
    council_set_secretary_scores, which refuses it while dossiers are being scored)."""

    secretary_scores = Council._meta.get_field("secretary_scores").formfield()

    def __init__(self, *args, council: Council, **kwargs):
        kwargs.setdefault("initial", {"secretary_scores": council.secretary_scores})
        super().__init__(*args, **kwargs)
        self._helper()


class CouncilRulesForm(_Crispy, BaseForm):
    """The council's other Quy chế settings (services.councils.QUORUM_AND_SPREAD), changed on the council's page
    (council_set_rules, which refuses a change while dossiers are being scored)."""

    quorum_numerator = Council._meta.get_field("quorum_numerator").formfield()
    quorum_denominator = Council._meta.get_field("quorum_denominator").formfield()
    chair_required = Council._meta.get_field("chair_required").formfield()
    max_spread = Council._meta.get_field("max_spread").formfield()
    aggregation = Council._meta.get_field("aggregation").formfield()

    def __init__(self, *args, council: Council, **kwargs):
        kwargs.setdefault("initial", {name: getattr(council, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        self.fields["quorum_numerator"].help_text = CouncilForm._meta.help_texts["quorum_numerator"]
        self.fields["max_spread"].help_text = CouncilForm._meta.help_texts["max_spread"]
        self._helper()

    clean_max_spread = CouncilForm.clean_max_spread
    clean_quorum_numerator = CouncilForm.clean_quorum_numerator


class CouncilMemberForm(_Crispy, BaseForm):
    user = forms.ModelChoiceField(label=_("Người dùng"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Vai trò"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    agency = forms.CharField(label=_("Cơ quan"), max_length=200, required=False)
    joined_on = forms.DateField(
        label=_("Ngày tham gia Hội đồng"),
        required=False,  # today
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_(
            "Ngày của quyết định phân công (để trống: hôm nay). Thành viên được tính vào túc số các phiên họp từ "
            "ngày này, không tính vào các phiên họp trước đó."
        ),
    )

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        users = User.objects.filter(
            is_active=True,
            role__in=[
                "council_member",
                "advisory_member",
                "province_officer",
                "central_officer",
            ],
        )
        if council.unit_id:
            users = users.filter(unit_id=council.unit_id)
        users = users.exclude(council_memberships__council=council).select_related("unit").order_by(*vi_name_order())
        self.fields["user"].queryset = users
        # Each candidate with what tells them apart (two officials may share a name), and, for the central council,
        # the products with the ministry they scored at the province (a warning: D26 bars no one, council_people).
        candidates = list(users)
        labels = candidate_labels(candidates)
        if council.level == Level.CENTRAL:
            for user_id, products in central_candidates_who_scored(user_ids=labels).items():
                labels[user_id] = f"{labels[user_id]} — ⚠ {scored_at_province_warning(products)}"
        self.fields["user"].label_from_instance = lambda user: labels.get(user.pk, str(user))
        self.fields["user"].help_text = _("Mỗi người kèm cơ quan, vai trò và đơn vị để phân biệt người trùng tên.")
        if council.level == Level.CENTRAL:
            self.fields["user"].help_text = _(
                "Mỗi người kèm cơ quan, vai trò và đơn vị để phân biệt người trùng tên; ⚠ đánh dấu người đã chấm ở "
                "cấp tỉnh sản phẩm đang chờ Hội đồng trung ương đánh giá (cân nhắc xung đột lợi ích, Điều 4.2)."
            )
        self._helper()


class SessionForm(_Crispy, BaseForm):
    date = forms.DateField(label=_("Ngày họp"), widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    location = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    round = forms.ModelChoiceField(
        label=_("Đợt đánh giá"),
        queryset=EvaluationRound.objects.none(),
        required=False,  # a re-evaluation is bound by no round (Điều 7.6): its session may have none
    )
    mode = forms.ChoiceField(
        label=_("Hình thức"),
        choices=SessionMode.choices,
        initial=SessionMode.MEETING,
        required=False,  # a form posted without it is a meeting
        widget=forms.RadioSelect,
        help_text=_(
            "Đánh giá lại: Hội đồng lấy ý kiến bằng văn bản, không điểm danh; chỉ họp khi ý kiến chênh lệch "
            "hoặc có nội dung phức tạp (Điều 7.6d)."
        ),
    )

    def __init__(self, *args, council: Council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = EvaluationRound.objects.filter(level=council.level, unit=council.unit)
        if council.level != Level.CENTRAL:  # services.round_calendar.roundless_agenda_refusal
            self.fields["round"].help_text = _(
                "Hồ sơ đăng ký lần đầu, nâng hạng của một đợt chỉ được đưa vào phiên họp của đợt đánh giá; phiên họp "
                "không chọn đợt chỉ nhận hồ sơ đánh giá lại và hồ sơ không thuộc đợt nào."
            )
        self._helper()


class SessionEditForm(OwnChangesMixin, BaseForm):
    """A session's day and place as the session has them; each field sends back the value the page showed."""

    date = forms.DateField(
        label=_("Ngày họp"),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("Các thành viên Hội đồng được thông báo ngày, địa điểm mới."),
    )
    location = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)


class SessionCancelForm(BaseForm):
    """Why the session is called off: required, it is shown on the session's page and told to the members."""

    reason = forms.CharField(
        label=_("Lý do hủy phiên họp"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Hãy nêu lý do hủy phiên họp.")},
        help_text=_("Hiển thị trên trang phiên họp và gửi kèm thông báo đến các thành viên Hội đồng."),
    )


TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%Hh%M", "%Hg%M"]  # "08:30", and "8h30" as it is often typed


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=TIME_INPUT_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm", "inputmode": "numeric"}),
        error_messages={"invalid": _("Nhập giờ dạng giờ:phút, ví dụ 08:30.")},
    )


class SessionMinutesForm(BaseForm):
    """The minutes' number and the meeting's start and end, on the session's day (services.session_minutes). A
    written-opinion session has no meeting: its form asks for the number only."""

    minutes_number = forms.CharField(
        label=_("Số biên bản"), max_length=60, required=False, help_text=_("Ví dụ: 05/BB-HĐ")
    )
    start_time = _time_field(_("Giờ bắt đầu"))
    end_time = _time_field(_("Giờ kết thúc"))

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        if session.is_written:
            del self.fields["start_time"], self.fields["end_time"]
        else:
            day = f"{session.date:%d/%m/%Y}"
            self.fields["start_time"].help_text = _("Giờ:phút, ngày họp %(d)s.") % {"d": day}
            self.fields["end_time"].help_text = _("Cùng ngày họp %(d)s, sau giờ bắt đầu.") % {"d": day}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error(
                "end_time",
                _("Giờ kết thúc phải sau giờ bắt đầu (%(t)s), trong cùng ngày họp.") % {"t": f"{start:%H:%M}"},
            )
        return data


class AgendaAddForm(_Crispy, BaseForm):
    registration = forms.ModelChoiceField(
        label=_("Hồ sơ sẵn sàng trình Hội đồng"),
        queryset=Registration.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, user, council: Council, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        status = council.awaiting_status
        if council.level == Level.CENTRAL:
            # At the ministry the dossiers are those the provinces referred (potential 5★), not "ready" ones.
            self.fields["registration"].label = _("Hồ sơ cấp tỉnh gửi lên (tiềm năng 5 sao)")
        # The chair and the secretary run the session but, as council members, see only the dossiers already on
        # their agenda: they pick from every ready dossier of the council's area (filtered below), as the
        # service allows them to add it.
        from ..permissions.councils import leads_session

        base = Registration.objects.all() if leads_session(user, council) else Registration.objects.for_user(user)
        qs = base.filter(status=status).exclude(
            agenda_items__in=AgendaItem.objects.filter(result__isnull=True).exclude(session__status__in=ENDED_SESSIONS)
        )
        if council.unit_id:
            qs = qs.filter(commune__parent_id=council.unit_id)
        if session is not None and session.is_written:
            qs = qs.filter(kind=RegistrationKind.REEVALUATION)
        if session is not None and session.round_id is not None:
            # A province round takes no dossier of a later round; the service re-checks (round_agenda_refusal).
            qs = qs.filter(round_agenda_q(session.round))
        elif session is not None:
            # A session of no round takes no dossier filed for a round of its level (roundless_agenda_refusal).
            qs = qs.filter(roundless_agenda_q(council.level))
            if council.level != Level.CENTRAL:
                self.fields["registration"].help_text = _(
                    "Phiên họp chưa chọn đợt đánh giá: chỉ nhận hồ sơ đánh giá lại và hồ sơ không thuộc đợt nào. Hồ "
                    "sơ đăng ký lần đầu, nâng hạng của một đợt được đưa vào phiên họp có chọn đợt đánh giá."
                )
        self.fields["registration"].queryset = qs.select_related("product")
        self._helper()


class ConflictForm(BaseForm):
    has_conflict = forms.TypedChoiceField(
        label=_("Kê khai xung đột lợi ích"),
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        choices=[
            ("no", _("Tôi không có xung đột lợi ích với sản phẩm này")),
            ("yes", _("Tôi có xung đột lợi ích và xin không tham gia đánh giá")),
        ],
    )
    reason = forms.CharField(
        label=_("Lý do (bắt buộc nếu có xung đột)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Cần nêu lý do xung đột lợi ích."))
        return data


class ReopenForm(BaseForm):
    reason = forms.CharField(label=_("Lý do mở lại phiếu"), widget=forms.Textarea(attrs={"rows": 2}))


class DiscussionForm(BaseForm):
    note = forms.CharField(label=_("Nội dung thảo luận"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class FindingForm(BaseForm):
    """A knock-out of the registration's scorecard that the council finds (Phụ lục II), with evidence and reason."""

    rule = forms.ModelChoiceField(label=_("Căn cứ loại (Phụ lục II)"), queryset=None)
    evidence = forms.CharField(label=_("Chứng cứ"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Lý do"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        from ..models.criteria import KnockoutRule

        self.fields["rule"].queryset = KnockoutRule.objects.filter(scorecard_id=item.registration.scorecard_id)
        self.fields["rule"].label_from_instance = lambda r: r.text[:160]
