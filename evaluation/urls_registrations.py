from django.urls import path

from .views import documents, rounds, transitions
from .views import registrations as views

urlpatterns: list = [
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/status/", rounds.round_set_status, name="round_set_status"),
    path("registrations/", views.registration_list, name="registration_list"),
    path("registrations/new/", views.registration_create, name="registration_create"),
    path("registrations/<int:pk>/", views.registration_detail, name="registration_detail"),
    path("registrations/<int:pk>/edit/", views.registration_edit, name="registration_edit"),
    path("registrations/<int:pk>/copy/", views.registration_copy, name="registration_copy"),
    path(
        "registrations/<int:pk>/self-assessment/", views.registration_selfassessment, name="registration_selfassessment"
    ),
    path("registrations/<int:pk>/documents/", documents.registration_documents, name="registration_documents"),
    path("registrations/<int:pk>/mau-<str:form>.pdf", views.registration_form_pdf, name="registration_form_pdf"),
    path("registrations/<int:pk>/submit/", transitions.registration_submit, name="registration_submit"),
    path(
        "registrations/<int:pk>/commune-report/",
        transitions.registration_commune_report,
        name="registration_commune_report",
    ),
    path("registrations/<int:pk>/forward/", transitions.registration_forward, name="registration_forward"),
    path("registrations/<int:pk>/return/", transitions.registration_return, name="registration_return"),
    path("registrations/<int:pk>/reject/", transitions.registration_reject, name="registration_reject"),
    path("registrations/<int:pk>/eliminate/", transitions.registration_eliminate, name="registration_eliminate"),
    path("registrations/<int:pk>/send-back/", transitions.registration_send_back, name="registration_send_back"),
    path("registrations/<int:pk>/withdraw/", transitions.registration_withdraw, name="registration_withdraw"),
    path(
        "registrations/<int:pk>/start-review/", transitions.registration_start_review, name="registration_start_review"
    ),
    path(
        "registrations/<int:pk>/request-supplement/",
        transitions.registration_request_supplement,
        name="registration_request_supplement",
    ),
    path("registrations/<int:pk>/supply/", transitions.registration_supply, name="registration_supply"),
    path("registrations/<int:pk>/site-visit/", transitions.registration_site_visit, name="registration_site_visit"),
    path(
        "registrations/<int:pk>/test-request/", transitions.registration_test_request, name="registration_test_request"
    ),
    path("registrations/<int:pk>/ready/", transitions.registration_mark_ready, name="registration_mark_ready"),
    path(
        "registrations/<int:pk>/notify-result/",
        transitions.registration_notify_result,
        name="registration_notify_result",
    ),
    path("test-requests/<int:pk>/result/", transitions.testrequest_complete, name="testrequest_complete"),
    path("documents/<int:pk>/download/", documents.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", documents.document_delete, name="document_delete"),
]
