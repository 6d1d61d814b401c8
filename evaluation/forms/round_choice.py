"""The rounds the registration forms offer (Mẫu 01, a draft's round): those taking dossiers, with their deadlines, and
on the registration form the ones past their proposals deadline shown disabled with the reason
(services.checks.round_filing_refusal)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Level
from ..models import EvaluationRound
from ..selectors.deadlines import round_file_by
from ..services.checks import ROUND_TAKING, round_filing_refusal
from ..services.round_calendar import round_calendar_next, round_default_dates


def open_rounds_for(user):
    return (
        EvaluationRound.objects.for_user(user)
        .filter(level=Level.PROVINCE, status__in=ROUND_TAKING)
        .select_related("unit")
        .order_by("proposals_due", "pk")
    )


class RoundSelect(forms.Select):
    """A select whose rounds in `refusals` ({pk: why}) are shown but cannot be chosen."""

    refusals: dict = {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        pk = getattr(value, "value", value)
        if pk in self.refusals:
            option["attrs"]["disabled"] = True
            option["attrs"]["title"] = self.refusals[pk]
        return option


def round_choice(field: forms.ModelChoiceField, *, filing: bool = False) -> list[int]:
    """A round is offered with its proposal deadline. On the registration form (`filing`), a round that no longer
    takes a new dossier (services.checks.round_filing_refusal: its proposals deadline has passed) is shown disabled
    with that reason, and below the select each one still taking it says by when the producer files so that the
    commune can check it in time (file_by_note); elsewhere (a draft's round being changed) such a round is only said to
    be past its deadline. When none takes proposals, the field says so and what to do. Returns the ids of the rounds
    taking proposals."""
    today = timezone.localdate()
    rounds = list(field.queryset)
    refusals = {r.pk: refusal for r in rounds if (refusal := round_filing_refusal(r, today=today))}

    def label(evaluation_round) -> str:
        values = {"round": evaluation_round, "due": evaluation_round.proposals_due.strftime("%d/%m/%Y")}
        if evaluation_round.pk in refusals:
            if filing:
                return str(_("%(round)s — đã hết hạn đề nghị %(due)s, không còn nhận hồ sơ") % values)
            return str(_("%(round)s — đã hết hạn đề nghị %(due)s") % values)
        return str(_("%(round)s — hạn đề nghị %(due)s") % values)

    field.label_from_instance = label
    taking = [r for r in rounds if r.pk not in refusals]
    if filing:
        field.widget = RoundSelect(choices=field.choices)
        field.widget.is_required = field.required
        field.widget.refusals = refusals
        # Said below the select (a long option is cut on a phone): by when to file with the commune, per round.
        field.help_text = " ".join(str(file_by_note(r, today=today)) for r in taking)
    if not taking:  # December: every round's proposals are closed
        year, number = round_calendar_next(level=Level.PROVINCE, today=today)
        due, _done = round_default_dates(level=Level.PROVINCE, year=year, number=number)
        field.help_text = (
            _(
                "Hiện chưa có đợt đánh giá nào còn nhận hồ sơ. Đăng ký lần đầu và nâng hạng cần chọn đợt: hãy chờ cơ "
                "quan OCOP tỉnh mở đợt tới (theo lịch của Quyết định 26, đợt tới nhận đề nghị đến %(due)s) rồi tạo "
                "phiếu, hoặc liên hệ UBND xã. Đánh giá lại không cần chọn đợt."
            )
            if filing
            else _(
                "Chưa có đợt nào đang nhận đề nghị. Theo lịch của Quyết định 26, đợt tới nhận đề nghị đến %(due)s; "
                "hồ sơ đưa vào một đợt đã hết hạn thì chờ tỉnh gia hạn hoặc chuyển sang đợt sau."
            )
        ) % {"due": due.strftime("%d/%m/%Y")}
    return [r.pk for r in taking]


def file_by_note(evaluation_round, *, today) -> str:
    """By when the producer files a dossier of `evaluation_round` with the commune so that the commune's 15 working
    days end by the round's proposals deadline (selectors.deadlines.round_file_by, the dossier page's "Nộp chậm
    nhất"), or that the day has passed: the commune may then not check it in time."""
    file_by = round_file_by(evaluation_round)
    values = {
        "round": evaluation_round,
        "by": file_by.strftime("%d/%m/%Y"),
        "due": evaluation_round.proposals_due.strftime("%d/%m/%Y"),
    }
    if file_by < today:
        return (
            _(
                "%(round)s: đã quá ngày %(by)s, UBND xã có thể không kịp kiểm tra hồ sơ (15 ngày làm việc) trước hạn đề "
                "nghị %(due)s; nếu đăng ký, hãy nộp ngay."
            )
            % values
        )
    return (
        _(
            "%(round)s: nộp hồ sơ cho UBND xã chậm nhất ngày %(by)s để xã kịp kiểm tra (15 ngày làm việc) trước hạn đề "
            "nghị %(due)s."
        )
        % values
    )
