from django.urls import path

from . import views

# No app_name: the pages of this app are named dashboard_<page>. The site's root, "home", is routed by the public
# portal (portal/urls_root.py), which shows visitors the landing page and signed-in users dashboard.views.home.
urlpatterns = [
    path("tim-kiem/", views.registry_search, name="dashboard_search"),
    path("thong-ke/", views.statistics, name="dashboard_statistics"),
    path("thong-ke/danh-sach/", views.figure_list, name="dashboard_figure_list"),
    path("bao-cao/", views.report, name="dashboard_report"),
    path("bao-cao/lap/", views.report_job_create, name="dashboard_report_job_create"),
    path("bao-cao/tac-vu/<int:pk>/", views.report_job_detail, name="dashboard_report_job_detail"),
    path("bao-cao/tac-vu/<int:pk>/tai/", views.report_job_download, name="dashboard_report_job_download"),
    path("ke-hoach/", views.plan_list, name="dashboard_plan_list"),
    path("ke-hoach/them/", views.plan_create, name="dashboard_plan_create"),
    path("ke-hoach/<int:pk>/", views.plan_detail, name="dashboard_plan_detail"),
    path("ke-hoach/<int:pk>/sua/", views.plan_update, name="dashboard_plan_update"),
    path("ke-hoach/<int:pk>/van-ban/", views.plan_document, name="dashboard_plan_document"),
    path("ke-hoach/<int:pk>/xoa/", views.plan_delete, name="dashboard_plan_delete"),
    path("ke-hoach/<int:pk>/nhap-chi-tieu/", views.plan_targets_import, name="dashboard_plan_targets_import"),
    path("ke-hoach/mau-chi-tieu.xlsx", views.plan_targets_template, name="dashboard_plan_targets_template"),
    path("danh-gia-cu/", views.historic_evaluation_list, name="dashboard_historic_evaluation_list"),
    path("danh-gia-cu/them/", views.historic_evaluation_create, name="dashboard_historic_evaluation_create"),
    path("danh-gia-cu/nhap/", views.historic_evaluation_import, name="dashboard_historic_evaluation_import"),
    path("danh-gia-cu/mau.xlsx", views.historic_evaluation_template, name="dashboard_historic_evaluation_template"),
    path("danh-gia-cu/<int:pk>/xoa/", views.historic_evaluation_delete, name="dashboard_historic_evaluation_delete"),
    path("ke-hoach/<int:pk>/chi-tieu/<int:target_pk>/", views.plan_target_detail, name="dashboard_plan_target_detail"),
]
