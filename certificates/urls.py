from django.urls import path

from .views import certificates, decisions, expiry

app_name = "certificates"

urlpatterns = [
    path("decisions/", decisions.decision_list, name="decision_list"),
    path("decisions/new/", decisions.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/papers/", decisions.decision_papers_complete, name="decision_papers_complete"),
    path("decisions/<int:pk>/check/", decisions.decision_check, name="decision_check"),
    path("decisions/<int:pk>/return/", decisions.decision_return, name="decision_return"),
    path("decisions/<int:pk>/correct/", decisions.decision_correct, name="decision_correct"),
    path("decisions/<int:pk>/discard/", decisions.decision_discard, name="decision_discard"),
    path(
        "decisions/<int:pk>/entries/<int:entry_id>/remove/",
        decisions.decision_entry_remove,
        name="decision_entry_remove",
    ),
    path("decisions/<int:pk>/issue/", decisions.decision_issue, name="decision_issue"),
    path("decisions/<int:pk>/pdf/", decisions.decision_pdf, name="decision_pdf"),
    path("decisions/<int:pk>/zip/", decisions.decision_zip, name="decision_zip"),
    path("decisions/<int:pk>/zip/<int:job_id>/", decisions.decision_zip_status, name="decision_zip_status"),
    path(
        "decisions/<int:pk>/zip/<int:job_id>/download/", decisions.decision_zip_download, name="decision_zip_download"
    ),
    path("certificates/", certificates.certificate_list, name="certificate_list"),
    path("certificates/historic/new/", certificates.historic_certificate_create, name="historic_certificate_create"),
    path("certificates/<int:pk>/", certificates.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/download/", certificates.certificate_download, name="certificate_download"),
    path("certificates/<int:pk>/correct/", certificates.certificate_correct, name="certificate_correct"),
    path("certificates/<int:pk>/revoke/", certificates.certificate_revoke, name="certificate_revoke"),
    path(
        "certificates/<int:pk>/revocation/pdf/",
        certificates.certificate_revocation_pdf,
        name="certificate_revocation_pdf",
    ),
    path(
        "certificates/<int:pk>/revoke/withdraw/",
        certificates.certificate_revoke_withdraw,
        name="certificate_revoke_withdraw",
    ),
    # Public, no login: the QR code on the certificate points here.
    path("v/<str:token>/", certificates.certificate_verify, name="certificate_verify"),
    path("certificates/expiry/", expiry.expiry_list, name="expiry_list"),
    path("certificates/expiry/export.xlsx", expiry.expiry_export, name="expiry_export"),
    path("certificates/expiry/run/", expiry.expiry_run, name="expiry_run"),
    path(
        "certificates/<int:pk>/reevaluate/",
        expiry.certificate_start_reevaluation,
        name="certificate_start_reevaluation",
    ),
]
