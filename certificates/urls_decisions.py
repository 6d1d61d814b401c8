from django.urls import path

from .views import decisions as views

urlpatterns = [
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/check/", views.decision_check, name="decision_check"),
    path("decisions/<int:pk>/return/", views.decision_return, name="decision_return"),
    path("decisions/<int:pk>/correct/", views.decision_correct, name="decision_correct"),
    path(
        "decisions/<int:pk>/entries/<int:entry_id>/remove/", views.decision_entry_remove, name="decision_entry_remove"
    ),
    path("decisions/<int:pk>/issue/", views.decision_issue, name="decision_issue"),
    path("decisions/<int:pk>/pdf/", views.decision_pdf, name="decision_pdf"),
    path("decisions/<int:pk>/zip/", views.decision_zip, name="decision_zip"),
    path("decisions/<int:pk>/zip/<int:job_id>/", views.decision_zip_status, name="decision_zip_status"),
    path("decisions/<int:pk>/zip/<int:job_id>/download/", views.decision_zip_download, name="decision_zip_download"),
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/historic/new/", views.historic_certificate_create, name="historic_certificate_create"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/download/", views.certificate_download, name="certificate_download"),
    path("certificates/<int:pk>/correct/", views.certificate_correct, name="certificate_correct"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path(
        "certificates/<int:pk>/revoke/withdraw/",
        views.certificate_revoke_withdraw,
        name="certificate_revoke_withdraw",
    ),
    # Public, no login: the QR code on the certificate points here.
    path("v/<str:token>/", views.certificate_verify, name="certificate_verify"),
]
