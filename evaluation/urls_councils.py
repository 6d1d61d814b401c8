from django.urls import path  # noqa: F401

from .views import councils as views  # noqa: F401

urlpatterns: list = []
