"""/api/v1/: the versioned machine API. Every GET answer carries an ETag (If-None-Match → 304)."""

from django.middleware.http import ConditionalGetMiddleware
from django.urls import path, re_path, register_converter
from django.utils.decorators import decorator_from_middleware

from . import views, views_docs, views_history, views_statistics, views_sync
from .problems import not_found

app_name = "api"

etag = decorator_from_middleware(ConditionalGetMiddleware)


class IdConverter:
    """A record id in a path: at most 18 digits (a longer number would overflow the database's bigint: a 500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "api_id")


def v(view_class):
    return etag(view_class.as_view())


urlpatterns = [
    path("", v(views.ApiRoot), name="root"),
    path("schema/", etag(views_docs.SchemaView.as_view()), name="schema"),
    path("docs/", views_docs.docs, name="docs"),
    # Public
    path("public/products/", v(views.PublicProductList), name="public_product_list"),
    path("public/products/<api_id:pk>/", v(views.PublicProductDetail), name="public_product_detail"),
    path("public/producers/<api_id:pk>/", v(views.PublicProducerDetail), name="public_producer_detail"),
    path("public/certificates/", v(views.PublicCertificateByNumber), name="public_certificate_list"),
    path("public/certificates/<str:token>/", v(views.PublicCertificateByToken), name="public_certificate_verify"),
    # Integration clients
    path("producers/", v(views.ProducerList), name="producer_list"),
    path("producers/<api_id:pk>/", v(views.ProducerDetail), name="producer_detail"),
    path("products/", v(views.ProductList), name="product_list"),
    path("products/<api_id:pk>/", v(views.ProductDetail), name="product_detail"),
    path("registrations/", v(views.RegistrationList), name="registration_list"),
    path("registrations/<api_id:pk>/", v(views.RegistrationDetail), name="registration_detail"),
    path("council-results/", v(views.CouncilResultList), name="council_result_list"),
    path("decisions/", v(views.DecisionList), name="decision_list"),
    path("certificates/", v(views.CertificateList), name="certificate_list"),
    path("certificates/historic/", v(views.HistoricCertificateCreate), name="certificate_historic_create"),
    path("certificates/<api_id:pk>/", v(views.CertificateDetail), name="certificate_detail"),
    path("historic-evaluations/", v(views_history.HistoricEvaluationList), name="historic_evaluation_list"),
    path(
        "historic-evaluations/<api_id:pk>/",
        v(views_history.HistoricEvaluationDetail),
        name="historic_evaluation_detail",
    ),
    path("statistics/", v(views_statistics.Statistics), name="statistics"),
    path("sync/provinces/<api_id:pk>/", v(views_sync.SyncProvince), name="sync_province"),
    path("sync/provinces/<api_id:pk>/xlsx/", v(views_sync.SyncProvinceXlsx), name="sync_province_xlsx"),
    re_path(r"^[\s\S]*\Z", not_found),  # any other path (newlines included): a problem document
]
