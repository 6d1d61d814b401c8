from django.urls import path  # noqa: F401

from .views import decisions as views  # noqa: F401

urlpatterns: list = []
