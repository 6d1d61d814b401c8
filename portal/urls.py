from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("san-pham/", views.catalogue, name="catalogue"),
    path("san-pham/<int:pk>/", views.product_detail, name="product_short"),
    path("san-pham/<int:pk>-<slug:slug>/", views.product_detail, name="product_detail"),
    path("san-pham/<int:pk>/anh/<int:photo>/", views.product_photo, name="product_photo"),
    path("san-pham/<int:pk>/anh/<int:photo>/nho/", views.product_photo, {"size": "thumb"}, name="product_thumb"),
    path("chu-the/<int:pk>/", views.producer_detail, name="producer_short"),
    path("chu-the/<int:pk>-<slug:slug>/", views.producer_detail, name="producer_detail"),
    path("xac-minh/", views.certificate_lookup, name="certificate_lookup"),
    path("ban-do/", views.map_country, name="map"),
    path("ban-do/<int:province>/", views.map_province, name="map_province"),
    path("du-lieu-mo/", views.open_data, name="open_data"),
    path("du-lieu-mo/san-pham-ocop.csv", views.open_data_csv, name="open_data_csv"),
    path("du-lieu-mo/san-pham-ocop.json", views.open_data_json, name="open_data_json"),
]
