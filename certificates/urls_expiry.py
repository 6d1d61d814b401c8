from django.urls import path  # noqa: F401

from .views import expiry as views  # noqa: F401

urlpatterns: list = []
