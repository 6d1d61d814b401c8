from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from . import views
from .forms import LoginForm, PasswordResetForm

urlpatterns = [
    path("", include("portal.urls_root")),  # `home`: the dashboard when signed in, the public landing page otherwise
    path("", include("dashboard.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "accounts/password/reset/",
        views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("accounts/password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("units/communes/", views.unit_communes, name="unit_communes"),
    path("security/lockouts/", views.lockout_list_view, name="lockout_list"),
    path("security/lockouts/<int:pk>/lift/", views.lockout_lift_view, name="lockout_lift"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("accounts/session/", views.session_check, name="session_check"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("admin/", admin.site.urls),
    # /api/ leads to the current version's index (which says where the documentation is).
    path("api/", RedirectView.as_view(pattern_name="api:root", http_method_names=["get", "head"]), name="api_index"),
    path("api/v1/", include("api.urls")),
    path("", include("products.urls")),
    path("", include("accounts.urls")),
    path("", include("evaluation.urls")),
    path("", include("certificates.urls")),
    path("", include("supervision.urls")),
]

handler400 = "ocop.views.bad_request"  # the 400 page says what to do when a sending was too large
