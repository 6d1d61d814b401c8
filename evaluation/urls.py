from django.urls import path

from .views import (
    council_results,
    councils,
    criteria,
    documents,
    notices,
    registrations,
    rounds,
    scoresheets,
    sessions,
    transitions,
)

app_name = "evaluation"

# Names are <model>_<action> (evaluation:registration_submit).
urlpatterns = [
    # criteria
    path("bo-tieu-chi/", criteria.scorecard_list_view, name="scorecard_list"),
    path("bo-tieu-chi/<int:pk>/", criteria.scorecard_detail, name="scorecard_detail"),
    path("bo-tieu-chi/<int:pk>/pdf/", criteria.scorecard_pdf, name="scorecard_pdf"),
    # rounds and registrations
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", rounds.round_update, name="round_update"),
    path("rounds/<int:pk>/status/", rounds.round_set_status, name="round_set_status"),
    path("registrations/", registrations.registration_list, name="registration_list"),
    path("registrations/new/", registrations.registration_create, name="registration_create"),
    path("registrations/<int:pk>/", registrations.registration_detail, name="registration_detail"),
    path("registrations/<int:pk>/edit/", registrations.registration_edit, name="registration_edit"),
    path("registrations/<int:pk>/copy/", registrations.registration_copy, name="registration_copy"),
    path(
        "registrations/<int:pk>/self-assessment/",
        registrations.registration_selfassessment,
        name="registration_selfassessment",
    ),
    path("registrations/<int:pk>/documents/", documents.registration_documents, name="registration_documents"),
    path(
        "registrations/<int:pk>/mau-<str:form>.pdf", registrations.registration_form_pdf, name="registration_form_pdf"
    ),
    path("registrations/<int:pk>/rebind/", registrations.registration_rebind, name="registration_rebind"),
    path("registrations/<int:pk>/submit/", transitions.registration_submit, name="registration_submit"),
    path(
        "registrations/<int:pk>/commune-report/",
        transitions.registration_commune_report,
        name="registration_commune_report",
    ),
    path("registrations/<int:pk>/forward/", transitions.registration_forward, name="registration_forward"),
    path("registrations/<int:pk>/return/", transitions.registration_return, name="registration_return"),
    path("registrations/<int:pk>/reject/", transitions.registration_reject, name="registration_reject"),
    path("registrations/<int:pk>/send-back/", transitions.registration_send_back, name="registration_send_back"),
    path(
        "registrations/<int:pk>/upgrade-not-achieved/",
        notices.registration_upgrade_not_achieved,
        name="registration_upgrade_not_achieved",
    ),
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
        "registrations/<int:pk>/central/",
        transitions.registration_forward_central,
        name="registration_forward_central",
    ),
    path(
        "registrations/<int:pk>/refer-central/",
        transitions.registration_refer_central,
        name="registration_refer_central",
    ),
    path("referrals/<int:pk>/file/", transitions.referral_file, name="referral_file"),
    path(
        "registrations/<int:pk>/notify-result/",
        notices.registration_notify_result,
        name="registration_notify_result",
    ),
    path("result-notices/<int:pk>/notice.pdf", notices.result_notice_pdf, name="result_notice_pdf"),
    path("test-requests/<int:pk>/result/", transitions.testrequest_complete, name="testrequest_complete"),
    path("documents/<int:pk>/download/", documents.document_download, name="document_download"),
    path("documents/<int:pk>/delete/", documents.document_delete, name="document_delete"),
    # councils, sessions, score sheets and results
    path("councils/", councils.council_list, name="council_list"),
    path("councils/new/", councils.council_create, name="council_create"),
    path("councils/<int:pk>/", councils.council_detail, name="council_detail"),
    path(
        "councils/<int:pk>/members/add/",
        councils.council_member_add,
        name="council_member_add",
    ),
    path(
        "councils/<int:pk>/members/<int:member_pk>/deactivate/",
        councils.council_member_deactivate,
        name="council_member_deactivate",
    ),
    path(
        "councils/<int:pk>/secretary-scores/",
        councils.council_secretary_scores,
        name="council_secretary_scores",
    ),
    path("councils/<int:pk>/rules/", councils.council_rules, name="council_rules"),
    path("councils/<int:pk>/sessions/new/", councils.session_create, name="session_create"),
    path("sessions/", councils.session_list, name="session_list"),
    path("sessions/<int:pk>/", councils.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", sessions.session_update, name="session_update"),
    path("sessions/<int:pk>/cancel/", sessions.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/restore/", sessions.session_restore, name="session_restore"),
    path("sessions/<int:pk>/minutes/", sessions.session_minutes, name="session_minutes"),
    path("sessions/<int:pk>/close/", councils.session_close, name="session_close"),
    path("sessions/<int:pk>/items/add/", councils.session_item_add, name="session_item_add"),
    path(
        "sessions/<int:pk>/attendance/",
        councils.session_attendance,
        name="session_attendance",
    ),
    path(
        "sessions/<int:pk>/minutes.pdf",
        council_results.session_minutes_pdf,
        name="session_minutes_pdf",
    ),
    path("sessions/<int:pk>/export.xlsx", council_results.session_export, name="session_export"),
    path("agenda/<int:pk>/assign/", councils.item_assign, name="item_assign"),
    path("agenda/<int:pk>/no-opinion/", councils.item_no_opinion, name="item_no_opinion"),
    path("agenda/<int:pk>/no-opinion/undo/", councils.item_no_opinion_undo, name="item_no_opinion_undo"),
    path("agenda/<int:pk>/conflict/", scoresheets.conflict_declare, name="conflict_declare"),
    path("agenda/<int:pk>/sheet/", scoresheets.sheet_edit, name="sheet_edit"),
    path("agenda/<int:pk>/finalise/", councils.item_finalise, name="item_finalise"),
    path("agenda/<int:pk>/discuss/", councils.item_discuss, name="item_discuss"),
    path("agenda/<int:pk>/finding/", councils.finding_record, name="finding_record"),
    path("agenda/<int:pk>/result/", council_results.result_detail, name="result_detail"),
    path("sheets/<int:pk>/autosave/", scoresheets.sheet_autosave, name="sheet_autosave"),
    path("sheets/<int:pk>/submit/", scoresheets.sheet_submit, name="sheet_submit"),
    path("sheets/<int:pk>/reopen/", scoresheets.sheet_reopen, name="sheet_reopen"),
    path("sheets/<int:pk>/signed.pdf", council_results.sheet_pdf, name="sheet_pdf"),
]
