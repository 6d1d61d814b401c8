"""Supervision records are workflow records: read-only here; the one action calls the service."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ocop.admin import ReadOnlyAdmin

from . import services
from .choices import ComplaintStatus
from .models import Complaint, Inspection, InspectionItem, Remedy, RevocationCase, SupervisionPlan


class ItemInline(admin.TabularInline):
    model = InspectionItem
    extra = 0
    can_delete = False
    readonly_fields = ["area", "result", "severity", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupervisionPlan)
class SupervisionPlanAdmin(ReadOnlyAdmin):
    list_display = ["number", "year", "level", "unit", "signed_on"]
    list_filter = ["level", "year"]
    search_fields = ["number", "title"]


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["product", "certificate", "kind", "reason", "scheduled_on", "status", "outcome"]
    list_filter = ["status", "outcome", "kind", "reason"]
    search_fields = ["product__name", "certificate__number"]
    inlines = [ItemInline]


@admin.register(Remedy)
class RemedyAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "due_on", "status"]
    list_filter = ["status"]


@admin.register(RevocationCase)
class RevocationCaseAdmin(ReadOnlyAdmin):
    list_display = ["certificate", "source", "ground", "opened_on", "due_on"]
    list_filter = ["source"]


@admin.action(description=_("Đóng phản ánh (không có căn cứ kiểm tra)"))
def close_complaints(modeladmin, request, queryset):
    closed = 0
    for complaint in queryset.filter(status=ComplaintStatus.NEW):
        try:
            services.complaint_triage(
                complaint=complaint,
                by=request.user,
                action="close",
                reason=str(_("Đóng từ trang quản trị: không có căn cứ kiểm tra.")),
            )
        except (PermissionDenied, ValidationError) as exc:
            modeladmin.message_user(request, f"{complaint}: {exc}", messages.ERROR)
        else:
            closed += 1
    modeladmin.message_user(
        request, ngettext("Đã đóng %(n)s phản ánh.", "Đã đóng %(n)s phản ánh.", closed) % {"n": closed}
    )


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["product", "source", "status", "created_at"]
    list_filter = ["status", "source"]
    actions = [close_complaints]

    def has_change_permission(self, request, obj=None):
        # The changelist's action needs change permission; the form itself stays read-only (no editable fields).
        return obj is None and request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]
