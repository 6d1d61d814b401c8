from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("giam-sat/", views.overview, name="overview"),
    path("giam-sat/ke-hoach/", views.plan_list, name="plan_list"),
    path("giam-sat/ke-hoach/them/", views.plan_create, name="plan_create"),
    path("giam-sat/ke-hoach/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("giam-sat/ke-hoach/<int:pk>/sua/", views.plan_update, name="plan_update"),
    path("giam-sat/ke-hoach/<int:pk>/chon/", views.plan_schedule, name="plan_schedule"),
    path("giam-sat/ke-hoach/<int:pk>/van-ban/", views.plan_document, name="plan_document"),
    path("giam-sat/kiem-tra/", views.inspection_list, name="inspection_list"),
    path("giam-sat/kiem-tra/xuat-excel/", views.inspection_export, name="inspection_export"),
    path("giam-sat/kiem-tra/dot-xuat/", views.inspection_create, name="inspection_create"),
    path("giam-sat/kiem-tra/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("giam-sat/kiem-tra/<int:pk>/bien-ban/", views.inspection_record, name="inspection_record"),
    path("giam-sat/kiem-tra/<int:pk>/anh/", views.inspection_photo_add, name="inspection_photo_add"),
    path("giam-sat/kiem-tra/<int:pk>/ket-luan/", views.inspection_conclude, name="inspection_conclude"),
    path("giam-sat/anh/<int:pk>/", views.inspection_photo, name="inspection_photo"),
    path("giam-sat/anh/<int:pk>/nho/", views.inspection_photo, {"size": "thumb"}, name="inspection_photo_thumb"),
    path("giam-sat/khac-phuc/<int:pk>/bao-cao/", views.remedy_answer, name="remedy_answer"),
    path("giam-sat/khac-phuc/<int:pk>/xem-xet/", views.remedy_review, name="remedy_review"),
    path("giam-sat/minh-chung/<int:pk>/", views.remedy_evidence, name="remedy_evidence"),
    path("giam-sat/phan-anh/", views.complaint_list, name="complaint_list"),
    path("giam-sat/phan-anh/them/", views.complaint_create, name="complaint_create"),
    path("giam-sat/phan-anh/<int:pk>/", views.complaint_detail, name="complaint_detail"),
    path("giam-sat/phan-anh/<int:pk>/anh/", views.complaint_photo, name="complaint_photo"),
    path("giam-sat/ngung-san-xuat/<int:pk>/", views.stop_confirm, name="stop_confirm"),
    path("giam-sat/ket-luan-vi-pham/<int:pk>/", views.agency_conclusion, name="agency_conclusion"),
    path("giam-sat/thu-hoi/<int:pk>/", views.case_detail, name="case_detail"),
    path("giam-sat/thu-hoi/<int:pk>/dong/", views.case_close, name="case_close"),
    # The public product page's complaint form (no account; linked from portal/_product_detail_body.html).
    path("san-pham/<int:pk>/phan-anh/", views.complaint_public, name="complaint_public"),
    # Its receipt, where the form redirects: the address carries the form's one-time token.
    path("phan-anh/<uuid:submission>/", views.complaint_receipt, name="complaint_receipt"),
]
