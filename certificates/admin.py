"""Decisions and certificates are workflow records: read-only here (every write goes through a service)."""

from django.contrib import admin

from ocop.admin import ReadOnlyAdmin

from .models import (
    Certificate,
    CertificatePdf,
    DecisionEntry,
    RecognitionDecision,
    Revocation,
    VerificationDay,
)


class DecisionEntryInline(admin.TabularInline):
    model = DecisionEntry
    extra = 0
    fields = ["order", "product", "star", "mean_score", "result"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RecognitionDecision)
class RecognitionDecisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "date", "issuer_name", "status", "is_historic"]
    list_filter = ["status", "issuer_level", "is_historic", "legal_basis"]
    search_fields = ["number", "issuer_name"]
    inlines = [DecisionEntryInline]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "product_name", "producer_name", "star", "issued_on", "valid_until", "status"]
    list_filter = ["status", "star", "is_historic", "legal_basis"]
    search_fields = ["number", "product_name", "producer_name"]
    date_hierarchy = "valid_until"
    exclude = ["verify_token"]  # the token is a capability: not shown to admins either


@admin.register(Revocation)
class RevocationAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "status", "ground", "decision_number", "decision_date", "proposed_by", "revoked_by"]
    list_filter = ["status", "ground"]


@admin.register(CertificatePdf)
class CertificatePdfAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "version", "sha256", "created_at"]


@admin.register(VerificationDay)
class VerificationDayAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "day", "count"]
    date_hierarchy = "day"
