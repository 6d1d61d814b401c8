"""Admin for system administrators only: the taxonomy is reference data (editable); producers,
products and imports are read-only here because their writes go through services (audit trail)."""

from django.contrib import admin

from ocop.admin import ReadOnlyAdmin, SysadminOnlyAdmin

from .models import LegacyCategory, Producer, Product, ProductGroup, ProductSet, Sector


@admin.register(Sector)
class SectorAdmin(SysadminOnlyAdmin):
    list_display = ("code", "name", "order")


@admin.register(ProductGroup)
class ProductGroupAdmin(SysadminOnlyAdmin):
    list_display = ("name", "sector", "order")
    list_filter = ("sector",)


@admin.register(ProductSet)
class ProductSetAdmin(SysadminOnlyAdmin):
    list_display = ("number", "name", "group", "agency")
    list_filter = ("group__sector",)


@admin.register(LegacyCategory)
class LegacyCategoryAdmin(SysadminOnlyAdmin):
    list_display = ("label", "legal_basis", "sector", "product_set")
    list_filter = ("legal_basis",)


@admin.register(Producer)
class ProducerAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "tax_code", "commune")
    list_filter = ("kind",)
    search_fields = ("name", "tax_code", "search_text")
    list_select_related = ("commune",)


@admin.register(Product)
class ProductAdmin(ReadOnlyAdmin):
    list_display = ("name", "producer", "product_set", "status", "current_star")
    list_filter = ("status", "product_set__group__sector")
    search_fields = ("name", "search_text", "legacy_code")
    list_select_related = ("producer", "product_set")
