"""Admin for system administrators. Others may append their models below the criteria section.

The scorecards are the law's text (D26 Phụ lục II; the structures of 148/2023 and 1048/2019), not reference data
to edit: they are read-only here, every level of them. Their one write path is the reviewed JSON in evaluation/data/
loaded by `manage.py load_criteria`, which checks the sums (parts 40/25/35, groups, best option = maximum), records
an audit row and refuses to change a scorecard in use. An edit here did none of that, and the loader never saw it
(an unchanged file is skipped by its hash), so the database quietly stopped being the law — under sheets already
scored and certificates already issued when the scorecard was in use, and under every later sheet when it was not.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ocop.admin import ReadOnly, ReadOnlyAdmin

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


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    """A scorecard's rows shown under their parent, never added, changed or deleted (the parent's page is read-only
    too, but the inline says so itself rather than rely on it)."""

    extra = 0
    can_delete = False


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(ReadOnlyAdmin):
    list_display = ("legal_basis", "title", "effective_from", "effective_to", "has_options")
    readonly_fields = ("data_sha256",)


class PartInline(ReadOnlyInline):
    model = Part


class KnockoutRuleInline(ReadOnlyInline):
    model = KnockoutRule
    raw_id_fields = ("criterion",)


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "version", "product_set", "has_case_variants")
    list_filter = ("version",)
    search_fields = ("title",)
    raw_id_fields = ("product_set",)
    inlines = [PartInline, KnockoutRuleInline]


@admin.register(CriterionGroup)
class CriterionGroupAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "max_points", "part", "parent")
    list_filter = ("part__scorecard__version", "part__letter")
    search_fields = ("title", "part__scorecard__title")
    raw_id_fields = ("part", "parent")


class OptionInline(ReadOnlyInline):
    model = Option
    fields = ("order", "text", "points", "min_star", "case_variant", "correction_note")


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
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
