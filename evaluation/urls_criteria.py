from django.urls import path

from .views import criteria as views

urlpatterns: list = [
    path("bo-tieu-chi/", views.scorecard_list_view, name="scorecard_list"),
    path("bo-tieu-chi/<int:pk>/", views.scorecard_detail, name="scorecard_detail"),
    path("bo-tieu-chi/<int:pk>/pdf/", views.scorecard_pdf, name="scorecard_pdf"),
]
