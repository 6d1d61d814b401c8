"""Admin for system administrators only: the taxonomy is reference data (editable); producers,
products and imports are read-only here because their writes go through services (audit trail)."""

from django.contrib import admin

from .models import ImportJob, LegacyCategory, Producer, Product, ProductGroup, ProductSet, Sector


class SysadminOnly:
    def _is_sysadmin(self, request) -> bool:
        return request.user.is_active and (request.user.is_superuser or request.user.role == "admin")

    def has_module_permission(self, request):
        return self._is_sysadmin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_sysadmin(request)

    def has_add_permission(self, request):
        return self._is_sysadmin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_sysadmin(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_sysadmin(request)


class ReadOnly(SysadminOnly):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Sector)
class SectorAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ("code", "name", "order")


@admin.register(ProductGroup)
class ProductGroupAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ("name", "sector", "order")
    list_filter = ("sector",)


@admin.register(ProductSet)
class ProductSetAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ("number", "name", "group", "agency")
    list_filter = ("group__sector",)


@admin.register(LegacyCategory)
class LegacyCategoryAdmin(SysadminOnly, admin.ModelAdmin):
    list_display = ("label", "legal_basis", "sector", "product_set")
    list_filter = ("legal_basis",)


@admin.register(Producer)
class ProducerAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "kind", "tax_code", "commune")
    list_filter = ("kind",)
    search_fields = ("name", "tax_code", "search_text")
    list_select_related = ("commune",)


@admin.register(Product)
class ProductAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("name", "producer", "product_set", "status", "current_star")
    list_filter = ("status", "product_set__group__sector")
    search_fields = ("name", "search_text", "legacy_code")
    list_select_related = ("producer", "product_set")


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("created_at", "kind", "status", "file_name", "created_by", "total_rows")
    list_filter = ("kind", "status")
