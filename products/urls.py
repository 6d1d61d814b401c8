from django.urls import path

from . import views

app_name = "products"

urlpatterns = [
    path("producers/", views.producer_list, name="producer_list"),
    path("producers/new/", views.producer_create, name="producer_create"),
    path("producers/export/", views.producer_export, name="producer_export"),
    path("producers/options/", views.producer_options, name="producer_options"),
    path("producers/import/", views.producer_import, name="producer_import"),
    path("producers/<int:pk>/", views.producer_detail, name="producer_detail"),
    path("producers/<int:pk>/edit/", views.producer_update, name="producer_update"),
    path("producers/<int:pk>/invite/", views.producer_invite, name="producer_invite"),
    path("products/", views.product_list, name="product_list"),
    path("products/new/", views.product_create, name="product_create"),
    path("products/export/", views.product_export, name="product_export"),
    path("products/options/", views.product_options, name="product_options"),
    path("products/options/filing/", views.product_filing_options, name="product_filing_options"),
    path("products/import/", views.product_import, name="product_import"),
    path("products/<int:pk>/", views.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", views.product_update, name="product_update"),
    path("products/<int:pk>/photos/", views.product_photo_add, name="product_photo_add"),
    path("products/photos/<int:pk>/", views.product_photo, name="product_photo"),
    path("products/photos/<int:pk>/thumb/", views.product_photo, {"size": "thumb"}, name="product_photo_thumb"),
    path("products/photos/<int:pk>/delete/", views.product_photo_delete, name="product_photo_delete"),
    path("imports/template/<str:kind>/", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_job_detail, name="import_job_detail"),
]
