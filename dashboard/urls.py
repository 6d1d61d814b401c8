from django.urls import path

from . import views

# No app_name: the site's root keeps the global name "home" (LOGIN_REDIRECT_URL and every breadcrumb use it);
# the other pages of this app are named dashboard_<page>.
urlpatterns = [
    path("", views.home, name="home"),
    path("thong-ke/", views.statistics, name="dashboard_statistics"),
]
