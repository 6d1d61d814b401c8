from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("tai-khoan/", views.account_list_view, name="account_list"),
    path("tai-khoan/moi/", views.account_create, name="account_create"),
    path("tai-khoan/cua-toi/", views.account_profile, name="account_profile"),
    path("tai-khoan/xuat/", views.account_export, name="account_export"),
    path("tai-khoan/nhap/", views.account_import, name="account_import"),
    path("tai-khoan/nhap/mau.xlsx", views.account_import_template, name="account_import_template"),
    path("tai-khoan/khoa/", views.accounts_close, name="accounts_close"),
    path("tai-khoan/<int:pk>/", views.account_detail, name="account_detail"),
    path("tai-khoan/<int:pk>/sua/", views.account_update, name="account_update"),
    path("tai-khoan/<int:pk>/trang-thai/", views.account_set_active, name="account_set_active"),
    path("tai-khoan/<int:pk>/gui-lai-thu-moi/", views.account_invite, name="account_invite"),
]
