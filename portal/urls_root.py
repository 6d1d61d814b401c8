"""Included at the root without a namespace: `home` keeps its name (every template links to it)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap_xml"),
    path("", include("portal.urls")),
]
