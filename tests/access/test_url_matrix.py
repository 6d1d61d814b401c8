"""Role × URL matrix, generated from the URL resolver (issue 11, "tests that keep it so").

Every named route is requested by every actor (tests/access/world.py: every demo role, anonymous, an outsider
from another province and an officer of another commune), with GET and with an empty POST, and the outcome must
be the one in MATRIX. A named route without a line here fails `test_every_named_route_has_a_line`.

One line per route: "app:name": (record behind <pk>, GET outcomes, POST outcomes). Each outcome string has one
letter per actor, in this order:

    a anon · p producer · P other producer (another province) · c commune officer · C officer of another commune ·
    v province officer · A advisory team · m council member (assigned) · h council chair · l council member
    without a council · w viewer (read-only) · n central officer · d system admin · o outsider (province officer
    of another province)

    o allowed (2xx, or a redirect that is not the login page; an invalid empty POST re-renders with 200)
    L sent to the login page (the admin's own for /admin/) · 3 forbidden (403) · 4 not found (404) · 5 method not allowed (405)
    G gone (410: the public page of a revoked certificate) · T too many requests (429: a throttle)
    U unauthenticated (401: the API asks for an integration client's token; a signed-in session does not count)

To add a route: run `ACCESS_MATRIX_RECORD=1 pytest tests/access -k <name>`, which prints the observed line, check
it against the permission rules, and paste it here. Writes made by a request are rolled back (a savepoint per
request), so every request sees the same world.
"""

import os
from http.cookies import SimpleCookie

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from evaluation.tests.factories import pdf_layout_skipped  # noqa: F401 — a fixture of test_route
from ocop.testing import PINNED_NOW

from .routes import named_routes
from .world import ACTORS, build_world

RECORD = os.environ.get("ACCESS_MATRIX_RECORD") == "1"

# Parameters other than <pk> take these values (record keys of world.ids, or literals).
OTHER_PARAMS = {
    "member_pk": "member",
    "entry_id": "entry",
    "job_id": "zip_job",
    "token": "token",
    "kind": "=producers",
    "uidb64": "=MQ",
    "target_pk": "plan_target",
    "slug": "=mien-dong",
    "photo": "photo",
    "province": "province_unit",
    "form": "=01",
    "submission": "complaint_submission",
}

# fmt: off
# "app:name": (record behind <pk>, GET, POST); one letter per actor in this order: apPcCvAmhlwndo
MATRIX = {
    "api:certificate_detail": ("certificate", "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:certificate_historic_create": (None, "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:certificate_list": (None, "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:council_result_list": (None, "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:decision_list": (None, "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:docs": (None, "oooooooooooooo", "55555555555555"),
    "api:historic_evaluation_detail": ("historic_evaluation", "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:historic_evaluation_list": (None, "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:producer_detail": ("producer", "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:producer_list": (None, "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:product_detail": ("product", "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:product_list": (None, "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:public_certificate_list": (None, "oooooooooooooo", "55555555555555"),
    "api:public_certificate_verify": (None, "oooooooooooooo", "55555555555555"),
    "api:public_producer_detail": ("producer", "oooooooooooooo", "55555555555555"),
    "api:public_product_detail": ("certified_product", "oooooooooooooo", "55555555555555"),
    "api:public_product_list": (None, "oooooooooooooo", "55555555555555"),
    "api:registration_detail": ("registration", "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:registration_list": (None, "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:root": (None, "oooooooooooooo", "55555555555555"),
    "api:schema": (None, "oooooooooooooo", "55555555555555"),
    "api:statistics": (None, "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:sync_province": ("province_unit", "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "api:sync_province_xlsx": ("province_unit", "UUUUUUUUUUUUUU", "UUUUUUUUUUUUUU"),
    "admin:index": (None, "LLLLLLLLLLLLoL", "LLLLLLLLLLLLoL"),
    "certificates:certificate_correct": ("certificate", "L3434o444433o4", "L3434o444433o4"),
    "certificates:certificate_detail": ("certificate", "Lo4o4o4444ooo4", "L5555555555555"),
    "certificates:certificate_download": ("certificate", "Lo4o4o4444ooo4", "L5555555555555"),
    "certificates:certificate_list": (None, "Looooooooooooo", "L5555555555555"),
    "certificates:certificate_revoke": ("certificate", "L3434o444433o4", "L3434o444433o4"),
    # The revoking decision: an issued one for every reader of the certificate (Điều 8.3c), the producer's included.
    "certificates:certificate_revocation_pdf": ("revoked_certificate", "Lo4o4o4444ooo4", "L5555555555555"),
    "certificates:certificate_revoke_withdraw": ("certificate", "L5555555555555", "L3434o444433o4"),
    "certificates:certificate_start_reevaluation": ("certificate", "L5555555555555", "Lo4343444433o4"),
    "certificates:certificate_verify": (None, "oooooooooooooo", "55555555555555"),
    "certificates:decision_check": ("decision", "L5555555555555", "L4444o444433o4"),
    "certificates:decision_correct": ("decision", "L5555555555555", "L4444o444433o4"),
    "certificates:decision_create": (None, "L3333o33333ooo", "L3333o33333ooo"),
    "certificates:decision_detail": ("decision", "L4444o4444ooo4", "L5555555555555"),
    "certificates:decision_discard": ("decision", "L5555555555555", "L4444o444433o4"),
    "certificates:decision_entry_remove": ("decision", "L5555555555555", "L4444o444433o4"),
    "certificates:decision_issue": ("decision", "L4444o444433o4", "L4444o444433o4"),
    "certificates:decision_list": (None, "L3333ooooooooo", "L5555555555555"),
    # The world's decision is issued on the system, never completed (403 for those who see it); the recorded decision's
    # roles are certificates/tests/test_view_decision_papers_complete.py.
    "certificates:decision_papers_complete": ("decision", "L4444344443334", "L4444344443334"),
    "certificates:decision_pdf": ("decision", "L4444o4444ooo4", "L5555555555555"),
    "certificates:decision_return": ("decision", "L5555555555555", "L4444o444433o4"),
    "certificates:decision_zip": ("decision", "L5555555555555", "L4444o4444ooo4"),
    "certificates:decision_zip_download": ("decision", "L4444444444444", "L5555555555555"),
    "certificates:decision_zip_status": ("decision", "L4444o44444444", "L5555555555555"),
    "certificates:expiry_export": (None, "Looooo3333oooo", "L5555555555555"),
    "certificates:expiry_list": (None, "Looooo3333oooo", "L5555555555555"),
    "certificates:expiry_run": (None, "L5555555555555", "L3333o33333ooo"),
    "certificates:historic_certificate_create": (None, "L3333o33333ooo", "L3333o33333ooo"),
    "dashboard_figure_list": (None, "L33ooo3333oooo", "L5555555555555"),
    "dashboard_historic_evaluation_create": (None, "L3333o33333ooo", "L3333o33333ooo"),
    "dashboard_historic_evaluation_delete": ("historic_evaluation", "L5555555555555", "L4434o44443oo4"),
    "dashboard_historic_evaluation_import": (None, "L3333o33333ooo", "L3333o33333ooo"),
    "dashboard_historic_evaluation_list": (None, "L33ooo3333oooo", "L5555555555555"),
    "dashboard_historic_evaluation_template": (None, "L3333o33333ooo", "L5555555555555"),
    "dashboard_plan_create": (None, "L33ooo33333ooo", "L33ooo33333ooo"),
    "dashboard_plan_delete": ("plan", "L5555555555555", "L4444o44443oo4"),
    "dashboard_plan_detail": ("plan", "L4444o4444ooo4", "L5555555555555"),
    "dashboard_plan_update": ("plan", "L4444o44443oo4", "L4444o44443oo4"),
    "dashboard_plan_document": ("plan", "L4444444444444", "L5555555555555"),
    "dashboard_plan_list": (None, "L33ooo3333oooo", "L5555555555555"),
    "dashboard_plan_target_detail": ("plan", "L4444o4444ooo4", "L5555555555555"),
    "dashboard_plan_targets_import": ("plan", "L4444o44443oo4", "L4444o44443oo4"),
    "dashboard_plan_targets_template": (None, "L33ooo33333ooo", "L5555555555555"),
    "dashboard_report": (None, "L33ooo3333oooo", "L5555555555555"),
    "dashboard_report_job_create": (None, "L5555555555555", "L33ooo3333oooo"),
    "dashboard_report_job_detail": ("report_job", "L4444o44444444", "L5555555555555"),
    "dashboard_report_job_download": ("report_job", "L4444o44444444", "L5555555555555"),
    "dashboard_search": (None, "L33ooo3333oooo", "L5555555555555"),
    "dashboard_statistics": (None, "L33ooo3333oooo", "L5555555555555"),
    "evaluation:registration_form_pdf": ("registration", "Lo4o4oooo4ooo4", "L5555555555555"),
    "job_status": ("zip_job", "L4444o44444444", "L5555555555555"),
    "job_detail": ("export_job", "L4444o44444444", "L5555555555555"),
    # A province's products or producers in the caller's own scope (a producer sees its own, an outsider none).
    "products:producer_options": (None, "Looooooooooooo", "L5555555555555"),
    "products:product_options": (None, "Looooooooooooo", "L5555555555555"),
    "products:product_filing_options": (None, "Looooooooooooo", "L5555555555555"),
    "job_download": ("export_job", "L4444444444444", "L5555555555555"),
    "evaluation:finding_record": ("item", "L5555555555555", "L4444343o43334"),
    "evaluation:item_discuss": ("item", "L5555555555555", "L4444343o43334"),
    "evaluation:registration_send_back": ("registration", "L3434o33343oo4", "L3434o33343oo4"),
    "evaluation:registration_upgrade_not_achieved": ("registration", "L3434o33343oo4", "L3434o33343oo4"),
    "portal:catalogue": (None, "oooooooooooooo", "55555555555555"),
    "portal:certificate_lookup": (None, "oooooooooooooo", "55555555555555"),
    "portal:map": (None, "oooooooooooooo", "55555555555555"),
    "portal:map_province": (None, "oooooooooooooo", "55555555555555"),
    "portal:open_data": (None, "oooooooooooooo", "55555555555555"),
    "portal:open_data_csv": (None, "oooooooooooooo", "55555555555555"),
    "portal:open_data_json": (None, "oooooooooooooo", "55555555555555"),
    "portal:producer_detail": ("producer", "oooooooooooooo", "55555555555555"),
    "portal:producer_short": ("producer", "oooooooooooooo", "55555555555555"),
    "portal:product_detail": ("certified_product", "oooooooooooooo", "55555555555555"),
    "portal:product_photo": ("photo", "44444444444444", "55555555555555"),
    "portal:product_short": ("certified_product", "oooooooooooooo", "55555555555555"),
    "portal:product_thumb": ("certified_product", "44444444444444", "55555555555555"),
    "robots_txt": (None, "oooooooooooooo", "55555555555555"),
    "sitemap_xml": (None, "oooooooooooooo", "55555555555555"),
    "evaluation:conflict_declare": ("item", "L5555555555555", "L444444oo44444"),
    "evaluation:council_create": (None, "L3333o33333ooo", "L3333o33333ooo"),
    "evaluation:council_detail": ("council", "L4444o4oo4ooo4", "L5555555555555"),
    "evaluation:council_list": (None, "Looooooooooooo", "L5555555555555"),
    "evaluation:council_member_add": ("council", "L5555555555555", "L4444o43343oo4"),
    "evaluation:council_member_deactivate": ("council", "L5555555555555", "L4444o43343oo4"),
    "evaluation:council_rules": ("council", "L5555555555555", "L4444o43343oo4"),
    "evaluation:council_secretary_scores": ("council", "L5555555555555", "L4444o43343oo4"),
    "evaluation:document_delete": ("document", "L5555555555555", "Lo4343333433o4"),
    "evaluation:document_download": ("document", "Lo4o4oooo4ooo4", "L5555555555555"),
    "evaluation:item_assign": ("item", "L5555555555555", "L4444o43o43oo4"),
    "evaluation:item_no_opinion": ("item", "L5555555555555", "L4444o43o43oo4"),
    "evaluation:item_no_opinion_undo": ("item", "L5555555555555", "L4444o43o43oo4"),
    "evaluation:item_finalise": ("item", "L5555555555555", "L4444343o43334"),
    "evaluation:registration_commune_report": ("registration", "L34o43333433o4", "L34o43333433o4"),
    "evaluation:registration_copy": ("registration", "L5555555555555", "Lo4343333433o4"),
    "evaluation:registration_create": (None, "Looooo33333ooo", "Looooo33333ooo"),
    "evaluation:registration_detail": ("registration", "Lo4o4oooo4ooo4", "L5555555555555"),
    "evaluation:registration_documents": ("registration", "Lo4o4oooo4ooo4", "Lo4343333433o4"),
    "evaluation:registration_edit": ("registration", "Lo4343333433o4", "Lo4343333433o4"),
    "evaluation:registration_forward": ("registration", "L5555555555555", "L34o43333433o4"),
    "evaluation:registration_list": (None, "Looooooooooooo", "L5555555555555"),
    "evaluation:registration_mark_ready": ("registration", "L5555555555555", "L3434oo3343oo4"),
    "evaluation:registration_forward_central": ("registration", "L3434o333433o4", "L3434o333433o4"),
    "evaluation:registration_refer_central": ("registration", "L3434o333433o4", "L3434o333433o4"),
    "evaluation:referral_file": ("referral", "L4444o4444ooo4", "L5555555555555"),
    "evaluation:result_notice_pdf": ("result_notice", "Lo4o4o4444ooo4", "L5555555555555"),
    "evaluation:registration_notify_result": ("registration", "L3434o33343oo4", "L3434o33343oo4"),
    "evaluation:registration_reject": ("registration", "L34o4o333433o4", "L34o4o333433o4"),
    "evaluation:registration_request_supplement": ("registration", "L3434oo3343oo4", "L3434oo3343oo4"),
    "evaluation:registration_return": ("registration", "L34o4o333433o4", "L34o4o333433o4"),
    "evaluation:registration_selfassessment": ("registration", "Lo4o4oooo4ooo4", "Lo4343333433o4"),
    "evaluation:registration_site_visit": ("registration", "L3434oo3343oo4", "L3434oo3343oo4"),
    "evaluation:registration_start_review": ("registration", "L5555555555555", "L3434o333433o4"),
    "evaluation:registration_rebind": ("registration", "L5555555555555", "Lo4343333433o4"),
    "evaluation:registration_submit": ("registration", "L5555555555555", "Lo4343333433o4"),
    "evaluation:registration_supply": ("registration", "Lo4343333433o4", "Lo4343333433o4"),
    "evaluation:registration_test_request": ("registration", "L3434oo3343oo4", "L3434oo3343oo4"),
    "evaluation:registration_withdraw": ("registration", "Lo4343333433o4", "Lo4343333433o4"),
    "evaluation:result_detail": ("item", "L4444343343334", "L5555555555555"),
    "evaluation:round_create": (None, "L3333o33333ooo", "L3333o33333ooo"),
    "evaluation:round_detail": ("round", "Lo4oooooooooo4", "L5555555555555"),
    "evaluation:round_list": (None, "Looooooooooooo", "L5555555555555"),
    "evaluation:round_update": ("round", "L3433o33333oo4", "L3433o33333oo4"),
    "evaluation:round_set_status": ("round", "L5555555555555", "L3433o33333oo4"),
    "evaluation:scorecard_detail": ("scorecard", "Looooooooooooo", "L5555555555555"),
    "evaluation:scorecard_list": (None, "Looooooooooooo", "L5555555555555"),
    "evaluation:scorecard_pdf": ("scorecard", "Looooooooooooo", "L5555555555555"),
    "evaluation:session_attendance": ("session", "L5555555555555", "L4444o43o43oo4"),
    "evaluation:session_cancel": ("session", "L4444o43o43oo4", "L4444o43o43oo4"),
    "evaluation:session_close": ("session", "L5555555555555", "L4444o43o43oo4"),
    "evaluation:session_create": ("council", "L4444o43343oo4", "L4444o43343oo4"),
    "evaluation:session_detail": ("session", "L4444o4oo4ooo4", "L5555555555555"),
    "evaluation:session_export": ("session", "L4444o43o4ooo4", "L5555555555555"),
    "evaluation:session_item_add": ("session", "L5555555555555", "L4444o43o43oo4"),
    "evaluation:session_list": (None, "Looooooooooooo", "L5555555555555"),
    "evaluation:session_restore": ("session", "L5555555555555", "L4444o43o43oo4"),
    "evaluation:session_minutes": ("session", "L4444o43o43oo4", "L4444o43o43oo4"),
    "evaluation:session_minutes_pdf": ("session", "L4444o43o4ooo4", "L5555555555555"),
    "evaluation:session_update": ("session", "L4444o43o43oo4", "L4444o43o43oo4"),
    "evaluation:sheet_autosave": ("sheet", "L5555555555555", "L444444o444444"),
    "evaluation:sheet_edit": ("item", "L444444oo44444", "L444444oo44444"),
    "evaluation:sheet_pdf": ("sheet", "L4444344343334", "L5555555555555"),
    "evaluation:sheet_reopen": ("sheet", "L5555555555555", "L4444343o43334"),
    "evaluation:sheet_submit": ("sheet", "L5555555555555", "L444444o444444"),
    "evaluation:testrequest_complete": ("test_request", "L3434oo3343oo4", "L3434oo3343oo4"),
    "favicon": (None, "oooooooooooooo", "55555555555555"),
    "healthz": (None, "oooooooooooooo", "55555555555555"),
    "home": (None, "oooooooooooooo", "5ooooooooooooo"),
    "api_index": (None, "oooooooooooooo", "55555555555555"),  # /api/ → /api/v1/, the API's index
    # Staff accounts (accounts.permissions): a province's office keeps its province's, the ministry every province's;
    # the record is the province's commune officer, so the officer of another province finds nothing (404).
    "accounts:account_list": (None, "L3333o33333ooo", "L5555555555555"),
    "accounts:account_create": (None, "L3333o33333ooo", "L3333o33333ooo"),
    "accounts:account_profile": (None, "Looooooooooooo", "Looooooooooooo"),  # everyone's own
    "accounts:account_export": (None, "L3333o33333ooo", "L5555555555555"),
    "accounts:account_import": (None, "L3333o33333ooo", "L3333o33333ooo"),
    "accounts:account_import_template": (None, "L3333o33333ooo", "L5555555555555"),
    "accounts:accounts_close": (None, "L5555555555555", "L3333o33333ooo"),
    "accounts:account_detail": ("account", "L3333o33333oo4", "L5555555555555"),
    "accounts:account_update": ("account", "L3333o33333oo4", "L3333o33333oo4"),
    "accounts:account_set_active": ("account", "L5555555555555", "L3333o33333oo4"),
    "accounts:account_invite": ("account", "L5555555555555", "L3333o33333oo4"),
    "lockout_lift": ("lockout", "L5555555555555", "L3333o33333oo4"),
    "lockout_list": (None, "L3333o33333ooo", "L5555555555555"),
    "login": (None, "oooooooooooooo", "oooooooooooooo"),
    "logout": (None, "55555555555555", "LLLLLLLLLLLLLL"),
    "notification_list": (None, "Looooooooooooo", "Looooooooooooo"),
    "password_change": (None, "Looooooooooooo", "Looooooooooooo"),
    "password_change_done": (None, "Looooooooooooo", "L5555555555555"),
    "password_reset": (None, "oooooooooooooo", "oooooTTTTTTTTT"),  # 5/h per address (PASSWORD_RESET_RATE)
    "password_reset_complete": (None, "oooooooooooooo", "55555555555555"),
    "password_reset_confirm": (None, "oooooooooooooo", "oooooooooooooo"),
    "password_reset_done": (None, "oooooooooooooo", "55555555555555"),
    "products:import_job_detail": ("import_job", "L4444o44444444", "L5555555555555"),
    "products:import_template": (None, "L33ooo33333ooo", "L5555555555555"),
    "products:producer_create": (None, "L33ooo33333ooo", "L33ooo33333ooo"),
    "products:producer_detail": ("producer", "Lo4o4o4444ooo4", "L5555555555555"),
    "products:producer_export": (None, "L33ooooooooooo", "L5555555555555"),
    "products:producer_import": (None, "L33ooo33333ooo", "L33ooo33333ooo"),
    "products:producer_invite": ("producer", "L5555555555555", "L34o4o44443oo4"),
    "products:producer_list": (None, "L33ooooooooooo", "L5555555555555"),
    "products:producer_update": ("producer", "Lo4o4o44443oo4", "Lo4o4o44443oo4"),
    "products:product_create": (None, "Looooo33333ooo", "Looooo33333ooo"),
    "products:product_detail": ("product", "Lo4o4o4444ooo4", "L5555555555555"),
    "products:product_export": (None, "Looooooooooooo", "L5555555555555"),
    "products:product_import": (None, "L33ooo33333ooo", "L33ooo33333ooo"),
    "products:product_list": (None, "Looooooooooooo", "L5555555555555"),
    "products:product_photo": ("photo", "Lo4o4o4444ooo4", "L5555555555555"),
    "products:product_photo_add": ("product", "L5555555555555", "Lo4o4o44443oo4"),
    "products:product_photo_delete": ("photo", "L5555555555555", "Lo4o4o44443oo4"),
    "products:product_photo_thumb": ("photo", "Lo4o4o4444ooo4", "L5555555555555"),
    "products:product_update": ("product", "Lo4o4o44443oo4", "Lo4o4o44443oo4"),
    "session_check": (None, "Uooooooooooooo", "55555555555555"),
    "set_language": (None, "oooooooooooooo", "oooooooooooooo"),
    "supervision:agency_conclusion": ("certificate", "L3434o44443oo4", "L3434o44443oo4"),  # 4★: the province revokes, the ministry requests (Điều 10.1b)
    "supervision:case_detail": ("case", "L44o4o4444ooo4", "L4434o444433o4"),
    "supervision:case_close": ("case", "L5555555555555", "L4434o44443oo4"),
    "supervision:complaint_create": (None, "L33ooo33333ooo", "L33ooo33333ooo"),
    "supervision:complaint_detail": ("complaint", "L44o4o4444ooo4", "L4434o44443oo4"),
    "supervision:complaint_list": (None, "L33ooo3333oooo", "L5555555555555"),
    "supervision:complaint_photo": ("complaint", "L44o4o4444ooo4", "L5555555555555"),
    "supervision:complaint_public": ("certified_product", "oooooooooooooo", "oooooTTTTTTTTT"),  # OCOP_COMPLAINT_RATE 5/h
    "supervision:complaint_receipt": (None, "oooooooooooooo", "55555555555555"),  # public, by the form's token
    "supervision:inspection_conclude": ("inspection", "L44343o4443334", "L44343o4443334"),
    "supervision:inspection_create": (None, "L3333o33333ooo", "L3333o33333ooo"),
    "supervision:inspection_detail": ("inspection", "L44o4oo444ooo4", "L5555555555555"),
    "supervision:inspection_export": (None, "Loooooo333oooo", "L5555555555555"),
    "supervision:inspection_list": (None, "Loooooo333oooo", "L5555555555555"),
    "supervision:inspection_photo": ("inspection_photo", "L44o4oo444ooo4", "L5555555555555"),
    "supervision:inspection_photo_add": ("inspection", "L5555555555555", "L44343o4443334"),
    "supervision:inspection_photo_thumb": ("inspection_photo", "L44o4oo444ooo4", "L5555555555555"),
    "supervision:inspection_record": ("inspection", "L44343o4443334", "L44343o4443334"),
    "supervision:overview": (None, "L33oooo333oooo", "L5555555555555"),
    "supervision:plan_create": (None, "L3333o33333ooo", "L3333o33333ooo"),
    "supervision:plan_detail": ("sup_plan", "L4444o4444ooo4", "L5555555555555"),
    "supervision:plan_document": ("sup_plan", "L4444444444444", "L5555555555555"),
    "supervision:plan_list": (None, "L3333o3333oooo", "L5555555555555"),
    "supervision:plan_update": ("sup_plan", "L4444o44443oo4", "L4444o44443oo4"),
    "supervision:plan_schedule": ("sup_plan", "L5555555555555", "L4444o44443oo4"),
    "supervision:remedy_answer": ("remedy", "L3434344443334", "L3434344443334"),  # the world's remedy is answered
    "supervision:remedy_evidence": ("evidence", "Lo4o4o4444ooo4", "L5555555555555"),
    "supervision:remedy_review": ("remedy", "L5555555555555", "L3434o44443334"),
    "supervision:stop_confirm": ("certificate", "L34o4o44443oo4", "L34o4o44443oo4"),
    "unit_communes": (None, "Looooooooooooo", "L5555555555555"),
}
# fmt: on

OUTCOME_LETTERS = {401: "U", 403: "3", 404: "4", 405: "5", 410: "G", 429: "T"}


def outcome(response) -> str:
    status = response.status_code
    if status in (301, 302) and (
        "/accounts/login/" in response.get("Location", "") or "/admin/login/" in response.get("Location", "")
    ):
        return "L"
    if status < 400 or status in (400, 409, 422):
        return "o"
    return OUTCOME_LETTERS.get(status, str(status))


def url_for(name: str, params: list[str], pk_record: str | None, ids: dict) -> str:
    kwargs = {}
    for param in params:
        key = pk_record if param == "pk" else OTHER_PARAMS[param]
        kwargs[param] = key[1:] if key.startswith("=") else ids[key]
    return reverse(name, kwargs=kwargs)


def observe(world, url: str, method: str) -> str:
    letters = []
    for actor in ACTORS:
        client = world.clients[actor]
        # Only the session cookie of the actor's sign-in: a logout or a language switch answered earlier must not
        # change who the next request is (their database writes were rolled back already).
        client.cookies = SimpleCookie()
        if actor in world.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[actor]
        with transaction.atomic():
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
        letters.append(outcome(response))
    return "".join(letters)


ROUTES = named_routes()

# Record mode guesses the record behind <pk> from the route name (the first matching prefix).
PK_GUESSES = [
    ("supervision:plan_", "sup_plan"),
    ("supervision:inspection_photo", "inspection_photo"),
    ("supervision:inspection_", "inspection"),
    ("supervision:remedy_evidence", "evidence"),
    ("supervision:remedy_", "remedy"),
    ("supervision:complaint_public", "certified_product"),
    ("supervision:complaint_", "complaint"),
    ("supervision:stop_confirm", "certificate"),
    ("supervision:agency_conclusion", "certificate"),
    ("supervision:case_", "case"),
    ("portal:product_photo", "photo"),
    ("portal:product_", "certified_product"),
    ("session_create", "council"),
    ("council_", "council"),
    ("session_", "session"),
    ("product_photo", "photo"),
    ("producer_", "producer"),
    ("product_", "product"),
    ("import_job", "import_job"),
    ("scorecard", "scorecard"),
    ("round_", "round"),
    ("registration_", "registration"),
    ("testrequest", "test_request"),
    ("document_", "document"),
    ("item_", "item"),
    ("conflict_", "item"),
    ("sheet_edit", "item"),
    ("result_", "item"),
    ("sheet_", "sheet"),
    ("decision_", "decision"),
    ("certificate_revocation", "revoked_certificate"),
    ("certificate_", "certificate"),
    ("dashboard_plan_", "plan"),
    ("dashboard_report_job_d", "report_job"),
    ("dashboard_historic_evaluation_delete", "historic_evaluation"),
    ("finding_", "item"),
    ("job_detail", "export_job"),
    ("job_download", "export_job"),
    ("job_status", "zip_job"),
    ("lockout_lift", "lockout"),
]


def guess_pk(name: str) -> str | None:
    short = name.split(":")[-1]
    return next((record for prefix, record in PK_GUESSES if name.startswith(prefix) or short.startswith(prefix)), None)


def test_every_named_route_has_a_line():
    missing = sorted(set(ROUTES) - set(MATRIX))
    assert not missing, f"routes without a line in the access matrix: {missing}"


def test_every_line_names_a_route():
    assert not sorted(set(MATRIX) - set(ROUTES))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at the end."""
    media = tmp_path_factory.mktemp("media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Built on the day every test runs on (ocop.testing.PINNED_NOW), so its dates agree with the tests'.
    with (
        time_machine.travel(PINNED_NOW, tick=True),
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
    ):
        with transaction.atomic():
            built = build_world()
            built.media = media
            # One signed-in client per actor for the module; a request's writes (even a logout) are rolled back.
            built.clients = {actor: Client() for actor in ACTORS}
            built.sessions = {}
            for actor, user in built.users.items():
                built.clients[actor].force_login(user)
                built.sessions[actor] = built.clients[actor].cookies[settings.SESSION_COOKIE_NAME].value
            yield built
            transaction.set_rollback(True)


# The matrix asks who may open each document, not how it is laid out: a PDF's template is still rendered for every
# actor, its layout (a quarter of a second per document and actor) is left to the documents' own tests.
@pytest.mark.django_db
@pytest.mark.usefixtures("pdf_layout_skipped")
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route(name, world, settings, capsys):
    settings.MEDIA_ROOT = world.media
    pk_record, get_expected, post_expected = MATRIX.get(name, (None, "", ""))
    if RECORD and name not in MATRIX and "pk" in ROUTES[name]:
        pk_record = guess_pk(name)
    url = url_for(name, ROUTES[name], pk_record, world.ids)
    got = (observe(world, url, "get"), observe(world, url, "post"))
    if RECORD:
        with capsys.disabled():
            print(f'\n    "{name}": ({pk_record!r}, "{got[0]}", "{got[1]}"),')
        return
    assert got == (get_expected, post_expected), f"{url}\n  actors   {''.join(a[0] for a in ACTORS)}"
