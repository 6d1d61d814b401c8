"""Admin for system administrators. Others may append their models below the criteria section.

Criteria are reference data (STYLE.md §2.5): editable here, but the normal path is the reviewed JSON in
evaluation/data/ loaded by `manage.py load_criteria` — an edit here is overwritten by the next changed load.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ocop.admin import ReadOnlyAdmin, SysadminOnlyAdmin

from .models import (
    CentralReferral,
    Council,
    CouncilMember,
    CouncilResult,
    CouncilSession,
    CriteriaVersion,
    Criterion,
    CriterionGroup,
    DossierDocument,
    EvaluationRound,
    KnockoutRule,
    Option,
    Part,
    Registration,
    Scorecard,
    ScoreSheet,
)


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(SysadminOnlyAdmin):
    list_display = ("legal_basis", "title", "effective_from", "effective_to", "has_options")
    readonly_fields = ("data_sha256",)


class PartInline(admin.TabularInline):
    model = Part
    extra = 0


class KnockoutRuleInline(admin.TabularInline):
    model = KnockoutRule
    extra = 0
    raw_id_fields = ("criterion",)


@admin.register(Scorecard)
class ScorecardAdmin(SysadminOnlyAdmin):
    list_display = ("number", "title", "version", "product_set", "has_case_variants")
    list_filter = ("version",)
    search_fields = ("title",)
    raw_id_fields = ("product_set",)
    inlines = [PartInline, KnockoutRuleInline]


@admin.register(CriterionGroup)
class CriterionGroupAdmin(SysadminOnlyAdmin):
    list_display = ("number", "title", "max_points", "part", "parent")
    list_filter = ("part__scorecard__version", "part__letter")
    search_fields = ("title", "part__scorecard__title")
    raw_id_fields = ("part", "parent")


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ("order", "text", "points", "min_star", "case_variant", "correction_note")


@admin.register(Criterion)
class CriterionAdmin(SysadminOnlyAdmin):
    list_display = ("number", "title", "max_points", "group", "is_yes_no")
    list_filter = ("group__part__scorecard__version", "is_yes_no")
    search_fields = ("number", "title", "group__part__scorecard__title")
    raw_id_fields = ("group", "applies_if")
    inlines = [OptionInline]


# --- registrations and rounds ------------------------------------------------------------------------
# Workflow rows are read-only here: every change goes through the services in evaluation/services/ (the workflow table: evaluation/workflow.py).


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "level", "unit", "year", "number", "proposals_due", "done_by", "status")
    list_filter = ("level", "status", "year")


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("product", "kind", "status", "form_number", "commune", "round", "submitted_at")
    list_filter = ("status", "kind", "legal_basis")
    search_fields = ("product__name", "form_number")
    raw_id_fields = ("product", "round", "commune", "previous")


@admin.register(DossierDocument)
class DossierDocumentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "kind", "registration", "size", "content_type", "uploaded_at")
    list_filter = ("kind",)


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    fields = ("user", "role", "agency", "active")
    readonly_fields = fields
    can_delete = False


@admin.register(Council)
class CouncilAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "level", "unit", "decision_number", "decision_date")
    list_filter = ("kind", "level")
    search_fields = ("name", "decision_number")
    inlines = [CouncilMemberInline]


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnlyAdmin):
    list_display = ("council", "date", "status", "round")
    list_filter = ("status",)


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdmin):
    list_display = ("item", "member", "scoring_round", "status", "total", "submitted_at")
    list_filter = ("status",)


@admin.register(CouncilResult)
class CouncilResultAdmin(ReadOnlyAdmin):
    list_display = ("registration", "level", "mean_score", "band_star", "final_star", "potential_five", "eliminated")
    list_filter = ("level", "final_star")


@admin.register(CentralReferral)
class CentralReferralAdmin(ReadOnlyAdmin):
    """The province's papers to the ministry (Điều 6.3): the approval of a potential 5★ result or the office's report
    on a 5★ re-evaluation, and the letter. Written by services.transitions (registration_refer_central,
    registration_forward_central) only."""

    list_display = ("letter_number", "letter_date", "approval_number", "report_number", "registration", "recorded_at")
    list_select_related = ("registration__product",)
    search_fields = ("letter_number", "approval_number", "report_number", "registration__product__name")
    date_hierarchy = "letter_date"
    exclude = ("signed_file",)  # stored files have no public URL: the link below opens the app's checked view
    readonly_fields = ("signed_pdf", "recorded_at")

    @admin.display(description=_("văn bản đã ký (PDF)"))
    def signed_pdf(self, referral):
        if not referral.signed_file:
            return "—"
        url = reverse("evaluation:referral_file", args=[referral.pk])
        return format_html('<a href="{}">{}.pdf</a>', url, referral.letter_number)
