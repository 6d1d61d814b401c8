"""Yêu cầu khắc phục after an inspection (D26 Điều 9): what the producer must fix and by when, its reports with their
evidence, the inspectors' review of each."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..choices import RemedyStatus


def remedy_overdue_q(today, prefix: str = "") -> Q:
    """Remedies past their deadline with nothing accepted or waiting for review: open (not answered, or the answer
    rejected) and due before `today`. `prefix` reaches them through a relation ("remedy__" from an inspection)."""
    return Q(**{f"{prefix}status": RemedyStatus.OPEN, f"{prefix}due_on__lt": today})


def remedy_overdue(remedy, today) -> bool:
    """remedy_overdue_q for one remedy already read."""
    return remedy.status == RemedyStatus.OPEN and remedy.due_on < today


def remedy_times_returned(remedy, *, kept: int) -> int:
    """How many of the producer's reports the inspectors did not accept: those kept (`kept`, its RemedyReport rows,
    written when the producer reports again) and the latest, when it was rejected and waits for the next report."""
    return kept + (1 if remedy.status == RemedyStatus.OPEN and remedy.reviewed_at is not None else 0)


def remedy_state(remedy, *, overdue: bool, kept: int = 0) -> str:
    """Where a remedy stands, as the inspection list and the inspection's page show it (selectors.inspection_list
    annotates `overdue` from `remedy_overdue_q` and the reports kept, `kept`): overdue, asked again after a rejected
    report, awaiting the producer's report, reported and awaiting the inspectors' review, or remedied; with how many
    reports were not accepted while it is under way, a fact of its own beside the deadline missed."""
    returned = remedy_times_returned(remedy, kept=kept)
    said = returned > 0  # how many times: a fact of its own beside the state
    if remedy.status == RemedyStatus.OPEN:
        if overdue:
            state = str(_("Quá hạn khắc phục"))
        elif returned:  # a report rejected (remedy_review): open again, which says it once
            state, said = str(_("Báo cáo chưa được chấp nhận, yêu cầu khắc phục lại")), returned > 1
        else:
            state = remedy.get_status_display()
    elif remedy.status == RemedyStatus.ANSWERED:
        state = str(_("Chủ thể đã báo cáo, chờ đoàn kiểm tra xem xét"))
    else:
        return remedy.get_status_display()
    if said:
        state += " · " + ngettext("đã bị trả lại %(n)s lần", "đã bị trả lại %(n)s lần", returned) % {"n": returned}
    return state


class Remedy(models.Model):
    """Yêu cầu khắc phục: what to fix and by when; the producer answers with evidence, the inspector accepts
    (done) or rejects (open again, with the reason)."""

    inspection = models.OneToOneField(
        "supervision.Inspection", on_delete=models.PROTECT, related_name="remedy", verbose_name=_("cuộc kiểm tra")
    )
    required = models.TextField(_("nội dung phải khắc phục"))
    due_on = models.DateField(_("hạn khắc phục"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=RemedyStatus.choices, default=RemedyStatus.OPEN)
    answer = models.TextField(_("báo cáo khắc phục của chủ thể"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("chủ thể trả lời lúc"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người trả lời"),
    )
    review_note = models.TextField(_("ý kiến của đoàn kiểm tra"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("xem xét lúc"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người xem xét"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    class Meta:
        verbose_name = _("yêu cầu khắc phục")
        verbose_name_plural = _("yêu cầu khắc phục")
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.inspection} – {self.due_on:%d/%m/%Y}"


class RemedyReport(models.Model):
    """A report of the producer the inspectors did not accept, kept as it was when the producer reported again: its
    words and the inspectors' reason (its evidence points at it). The remedy itself holds the latest report, waiting
    for review or accepted."""

    remedy = models.ForeignKey(
        Remedy, on_delete=models.PROTECT, related_name="reports", verbose_name=_("yêu cầu khắc phục")
    )
    answer = models.TextField(_("báo cáo khắc phục của chủ thể"))
    answered_at = models.DateTimeField(verbose_name=_("chủ thể trả lời lúc"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người trả lời"),
    )
    review_note = models.TextField(_("ý kiến của đoàn kiểm tra"))
    reviewed_at = models.DateTimeField(null=True, verbose_name=_("xem xét lúc"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người xem xét"),
    )

    class Meta:
        ordering = ["remedy", "answered_at", "id"]
        verbose_name = _("báo cáo khắc phục chưa được chấp nhận")
        verbose_name_plural = _("báo cáo khắc phục chưa được chấp nhận")

    def __str__(self) -> str:
        return f"{self.remedy} – {self.answered_at:%d/%m/%Y}"


class RemedyEvidence(models.Model):
    """A file the producer sends with its answer (a photo or a PDF): private, served by an access-checked view. With
    `report` once that answer was not accepted and the producer reported again."""

    remedy = models.ForeignKey(
        Remedy, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("yêu cầu khắc phục")
    )
    report = models.ForeignKey(
        RemedyReport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("báo cáo khắc phục chưa được chấp nhận"),
    )
    file = models.FileField(upload_to="supervision/evidence/%Y/", verbose_name=_("tệp"))
    original_name = models.CharField(max_length=200, verbose_name=_("tên tệp gốc"))
    content_type = models.CharField(max_length=60, verbose_name=_("kiểu nội dung"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người tải lên"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("tạo lúc"))

    class Meta:
        ordering = ["remedy", "id"]
        verbose_name = _("minh chứng khắc phục")
        verbose_name_plural = _("minh chứng khắc phục")

    def __str__(self) -> str:
        return self.original_name
