from django.urls import path

from .views import council_results, scoresheets
from .views import councils as views

urlpatterns: list = [
    path("councils/", views.council_list, name="council_list"),
    path("councils/new/", views.council_create, name="council_create"),
    path("councils/<int:pk>/", views.council_detail, name="council_detail"),
    path(
        "councils/<int:pk>/members/add/",
        views.council_member_add,
        name="council_member_add",
    ),
    path(
        "councils/<int:pk>/members/<int:member_pk>/deactivate/",
        views.council_member_deactivate,
        name="council_member_deactivate",
    ),
    path("councils/<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/close/", views.session_close, name="session_close"),
    path("sessions/<int:pk>/items/add/", views.session_item_add, name="session_item_add"),
    path(
        "sessions/<int:pk>/attendance/",
        views.session_attendance,
        name="session_attendance",
    ),
    path(
        "sessions/<int:pk>/minutes.pdf",
        council_results.session_minutes_pdf,
        name="session_minutes_pdf",
    ),
    path("sessions/<int:pk>/export.xlsx", council_results.session_export, name="session_export"),
    path("agenda/<int:pk>/assign/", views.item_assign, name="item_assign"),
    path("agenda/<int:pk>/conflict/", scoresheets.conflict_declare, name="conflict_declare"),
    path("agenda/<int:pk>/sheet/", scoresheets.sheet_edit, name="sheet_edit"),
    path("agenda/<int:pk>/finalise/", views.item_finalise, name="item_finalise"),
    path("agenda/<int:pk>/discuss/", views.item_discuss, name="item_discuss"),
    path("agenda/<int:pk>/finding/", views.finding_record, name="finding_record"),
    path("agenda/<int:pk>/result/", council_results.result_detail, name="result_detail"),
    path("sheets/<int:pk>/autosave/", scoresheets.sheet_autosave, name="sheet_autosave"),
    path("sheets/<int:pk>/submit/", scoresheets.sheet_submit, name="sheet_submit"),
    path("sheets/<int:pk>/reopen/", scoresheets.sheet_reopen, name="sheet_reopen"),
    path("sheets/<int:pk>/signed.pdf", council_results.sheet_pdf, name="sheet_pdf"),
]
