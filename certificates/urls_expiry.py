from django.urls import path

from .views import expiry as views

urlpatterns: list = [
    path("certificates/expiry/", views.expiry_list, name="expiry_list"),
    path("certificates/expiry/export.xlsx", views.expiry_export, name="expiry_export"),
    path("certificates/expiry/run/", views.expiry_run, name="expiry_run"),
    path(
        "certificates/<int:pk>/reevaluate/", views.certificate_start_reevaluation, name="certificate_start_reevaluation"
    ),
]
