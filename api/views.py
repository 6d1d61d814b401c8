"""The /api/v1/ endpoints. Thin: a selector or a web form + service, a serializer, a response. What every view
shares lives in `ApiView`: the client's language for errors (Accept-Language), one audit row per client call (of
the calls the throttle refuses, one per client and window), and the Vary/Cache-Control headers of per-client answers. ETag/If-None-Match is added in urls.py."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from certificates.filters import CertificateFilter, DecisionFilter
from certificates.forms import HistoricCertificateForm
from certificates.models import Certificate, RecognitionDecision
from certificates.selectors.certificates import certificate_list
from certificates.selectors.decisions import decision_list
from certificates.services import certificates as certificate_services
from evaluation.filters import RegistrationFilter
from evaluation.forms.filing import RegistrationCreateForm
from evaluation.models import CouncilResult, Registration
from evaluation.selectors.registrations import registration_list
from evaluation.services.dossier import registration_file, registration_file_check
from ocop.forms import check_with_the_form
from portal import selectors as portal_selectors
from portal.choices import SEARCH_MAX_LENGTH
from products.filters import ProducerFilter, ProductFilter
from products.models import Producer, Product
from products.selectors import producer_list, product_list

from . import serializers as s
from .choices import ApiTag
from .pagination import IdCursorPagination
from .parameters import UNKNOWN_PARAMETERS_RESPONSE, NoQueryMixin, StrictQueryMixin, refuse_unknown_parameters
from .permissions import Public, client_of
from .problems import client_language, product_gone_problem
from .rows import values_plan
from .schema import PRODUCT_GONE_RESPONSE
from .selectors import certificate_verification, certificates_verify_by_number
from .services import api_call_record
from .throttles import refusal_window_to_record
from .writes import body_read, refuse_together

# ---------------------------------------------------------------------------------------------------------
# Shared


class ApiView(GenericAPIView):
    def throttled(self, request, wait):
        request.api_throttled = True  # told apart from any other 429 in finalize_response
        super().throttled(request, wait)

    def dispatch(self, request, *args, **kwargs):
        with translation.override(client_language(request)):
            return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ["Accept-Language", "Authorization"])
        client = client_of(request)
        if client is not None:
            patch_cache_control(response, private=True, no_cache=True)  # revalidate with the ETag
            throttled_for = None
            if getattr(request, "api_throttled", False):
                # A refused call writes nothing but the first of its window: the throttle protects the database.
                throttled_for = refusal_window_to_record(client)
                if throttled_for is None:
                    return response
            api_call_record(
                client=client,
                method=request.method,
                path=request.path,
                status=response.status_code,
                query=request.META.get("QUERY_STRING", ""),
                throttled_for=throttled_for,
            )
        return response


class ScopedFilterBackend(DjangoFilterBackend):
    """The web lists' FilterSets, given the user (the registry's filters need it to limit their choices). An
    invalid filter value is a 400, not silently ignored as on the web. Nothing is rendered, so the choices of
    the selects are not listed (`list_choices`): a value sent is checked against its queryset instead.

    Every client list filters through it, one without a FilterSet too: a parameter that is neither one of the
    FilterSet's filters for this client nor the paging's is a 400 naming it. A province's client has no `province`
    filter (its FilterSet drops it, as the web page does): `?province=<another>` was answered with the client's own
    province's rows, as if they were the other's."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        filters = set(filterset.filters) if filterset is not None else set()
        declared = set(type(filterset).base_filters) if filterset is not None else set()
        paginator = view.pagination_class
        refuse_unknown_parameters(
            request,
            filters | set(paginator.query_parameters),
            out_of_scope=declared - filters,
            refused_elsewhere=paginator.refused_parameters,
        )
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise filter_utils.translate_validation(filterset.errors)
        return filterset.qs

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        if getattr(view, "filterset_needs_user", False):
            kwargs.pop("request")
            kwargs["user"] = request.user
        return kwargs

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None and hasattr(filterset, "list_choices"):
            filterset.list_choices = False
        return filterset


class ScopedQuerysetMixin:
    """`scoped(user)`: the records the client's service account may see (a `for_user` selector). The schema
    generator has no client: it gets an empty queryset of `model`."""

    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.scoped(self.request.user)

    def scoped(self, user):
        raise NotImplementedError


class ClientListView(ScopedQuerysetMixin, ApiView, generics.ListAPIView):
    """A page of the client's records, read as `.values()` rows and written as the serializer would write their
    model instances (api/rows.py): a 100-row page without ~700 model instances."""

    pagination_class = IdCursorPagination
    filter_backends = [ScopedFilterBackend]

    def list(self, request, *args, **kwargs):
        plan = values_plan(self.get_serializer_class())
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values(*plan.keys))
        return self.get_paginated_response([plan.row(values) for values in page])


class ClientDetailView(NoQueryMixin, ScopedQuerysetMixin, ApiView, generics.RetrieveAPIView):
    filter_backends: list = []


class PublicView(ApiView):
    authentication_classes: list = []
    permission_classes = [Public]


# ---------------------------------------------------------------------------------------------------------
# Public


class CatalogueQuery(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=SEARCH_MAX_LENGTH, help_text=_("Tìm theo tên sản phẩm, chủ thể")
    )
    star = serializers.ChoiceField(choices=[3, 4, 5], required=False, help_text=_("Hạng sao"))
    province = serializers.IntegerField(required=False, min_value=1, max_value=2**62, help_text=_("Mã số tỉnh"))
    commune = serializers.IntegerField(required=False, min_value=1, max_value=2**62, help_text=_("Mã số xã, phường"))
    sector = serializers.IntegerField(required=False, min_value=1, max_value=2**62, help_text=_("Mã số ngành"))
    set = serializers.IntegerField(required=False, min_value=1, max_value=2**62, help_text=_("Mã số bộ sản phẩm"))


@extend_schema_view(
    get=extend_schema(parameters=[CatalogueQuery], tags=[ApiTag.PUBLIC], operation_id="public_products_list"),
)
class PublicProductList(StrictQueryMixin, PublicView, generics.ListAPIView):
    """Certified products (a live certificate today), filtered as the public catalogue is, paged by cursor in
    the order of their ids (stable while products are recognised or lapse; the web catalogue's sort orders are
    for people). The portal's selectors decide what is listed and every field of a card."""

    serializer_class = s.PublicProductCardSerializer
    query_class = CatalogueQuery
    pagination_class = IdCursorPagination
    filter_backends: list = []

    def get_queryset(self):
        paging = self.pagination_class
        query = self.read_query(self.request, also=paging.query_parameters, refused_elsewhere=paging.refused_parameters)
        filters = {k: v for k, v in query.items() if v not in (None, "")}
        return portal_selectors.catalogue_products(filters=filters).values("id")

    def list(self, request, *args, **kwargs):
        def build():
            page = self.paginate_queryset(self.get_queryset())
            cards = portal_selectors.catalogue_cards([row["id"] for row in page])
            return self.get_paginated_response(self.get_serializer(cards, many=True).data).data

        # Cached as the portal's pages are (under the public version and today's date: a revocation or a lapse
        # shows at once), per address: the links to the next and previous pages name the host.
        return Response(portal_selectors.cached("api_catalogue", request.build_absolute_uri(), build))


@extend_schema(tags=[ApiTag.PUBLIC], responses={200: s.PublicProductSerializer, 410: PRODUCT_GONE_RESPONSE})
class PublicProductDetail(NoQueryMixin, PublicView):
    """A certified product with its producer's public data, its live certificate and its history of stars. A product
    no longer certified, its last certificate revoked or expired, answers 410 saying so, as the portal's page does."""

    serializer_class = s.PublicProductSerializer

    def get(self, request, pk):
        found = portal_selectors.public_product(pk=pk)
        if found is not None:
            return Response(self.get_serializer(found).data)
        gone = portal_selectors.product_gone(pk=pk)
        if gone is None:
            raise exceptions.NotFound(_("Không có sản phẩm OCOP đang được công nhận với mã này."))
        raise product_gone_problem(gone)


@extend_schema(tags=[ApiTag.PUBLIC])
class PublicProducerDetail(NoQueryMixin, PublicView):
    """A producer with at least one certified product: its public data and products."""

    serializer_class = s.PublicProducerDetailSerializer

    def get(self, request, pk):
        found = portal_selectors.public_producer(pk=pk)
        if found is None:
            raise exceptions.NotFound(_("Không có chủ thể có sản phẩm OCOP đang được công nhận với mã này."))
        return Response(self.get_serializer(found).data)


class VerifyQuery(serializers.Serializer):
    number = serializers.CharField(
        max_length=60,
        help_text=_(
            "Số giấy chứng nhận như in trên giấy; không phân biệt chữ hoa, chữ thường và khoảng trắng hai đầu."
        ),
    )


class PublicCertificateByNumber(StrictQueryMixin, PublicView):
    """Verify a certificate by its printed number (any status: a revoked or expired one says so). Not a list: any
    parameter but `number` is refused."""

    serializer_class = s.CertificateVerificationListSerializer
    query_class = VerifyQuery

    @extend_schema(
        parameters=[VerifyQuery],
        responses={200: s.CertificateVerificationListSerializer, 400: UNKNOWN_PARAMETERS_RESPONSE},
        tags=[ApiTag.PUBLIC],
        operation_id="public_certificates_by_number",
    )
    def get(self, request):
        found = certificates_verify_by_number(number=self.read_query(request)["number"])
        return Response(self.get_serializer({"results": found}).data)


@extend_schema(tags=[ApiTag.PUBLIC])
class PublicCertificateByToken(NoQueryMixin, PublicView):
    """Verify a certificate by the token of its QR code."""

    serializer_class = s.CertificateVerificationSerializer

    def get(self, request, token):
        found = certificate_verification(token=token)
        if found is None:
            raise exceptions.NotFound(_("Không có giấy chứng nhận với mã xác minh này."))
        return Response(self.get_serializer(found).data)


# ---------------------------------------------------------------------------------------------------------
# Integration clients: registry


@extend_schema(tags=[ApiTag.REGISTRY])
class ProducerList(ClientListView):
    """Producers in the client's scope, filtered as the web list is (products.filters.ProducerFilter)."""

    model = Producer
    serializer_class = s.ProducerSerializer
    filterset_class = ProducerFilter
    filterset_needs_user = True

    def scoped(self, user):
        return producer_list(user=user)


@extend_schema(tags=[ApiTag.REGISTRY])
class ProducerDetail(ClientDetailView):
    """A producer in the client's scope (404 outside it)."""

    model = Producer
    serializer_class = s.ProducerSerializer

    def scoped(self, user):
        return producer_list(user=user)


@extend_schema(tags=[ApiTag.REGISTRY])
class ProductList(ClientListView):
    """Products in the client's scope, filtered as the web list is (products.filters.ProductFilter)."""

    model = Product
    serializer_class = s.ProductSerializer
    filterset_class = ProductFilter
    filterset_needs_user = True

    def scoped(self, user):
        return product_list(user=user)


@extend_schema(tags=[ApiTag.REGISTRY])
class ProductDetail(ClientDetailView):
    """A product in the client's scope (404 outside it)."""

    model = Product
    serializer_class = s.ProductSerializer

    def scoped(self, user):
        return product_list(user=user)


# ---------------------------------------------------------------------------------------------------------
# Registrations, council results


class ApiRegistrationFilter(RegistrationFilter):
    """The web list's filters without its ordering `o`: the API pages by cursor in id order (IdCursorPagination)."""

    o = None

    class Meta(RegistrationFilter.Meta):
        fields = [name for name in RegistrationFilter.Meta.fields if name != "o"]


@extend_schema_view(
    post=extend_schema(request=s.RegistrationCreateSerializer, responses={201: s.RegistrationSerializer}),
)
@extend_schema(tags=[ApiTag.REGISTRATIONS])
class RegistrationList(ClientListView):
    """Registrations and their status; POST enters a Mẫu 01 on a producer's behalf (read-write clients), with the
    web form's validation and the web's service (a draft the producer or the officer then completes)."""

    model = Registration
    serializer_class = s.RegistrationSerializer
    filterset_class = ApiRegistrationFilter

    def scoped(self, user):
        return _registrations(user)

    def post(self, request):
        data, refused = body_read(s.RegistrationCreateSerializer, request.data)
        form = RegistrationCreateForm(
            {
                "product": data.get("product"),
                "kind": data.get("kind"),
                "round": data.get("round") or "",
                "case_variant": data.get("case_variant") or "",
            },
            user=request.user,
        )
        if not form.is_valid() or refused:  # the service's rules in the same answer as the fields' refusals
            read = form.cleaned_data.get
            check_with_the_form(
                form,
                registration_file_check,
                product=read("product"),
                kind=read("kind"),
                evaluation_round=read("round"),
                case_variant=read("case_variant"),
                by=request.user,
            )
            refuse_together(form, refused)
        registration = registration_file(
            product=form.cleaned_data["product"],
            kind=form.cleaned_data["kind"],
            by=request.user,
            evaluation_round=form.cleaned_data["round"],
            case_variant=form.cleaned_data.get("case_variant", 0),
        )
        registration = get_object_or_404(self.scoped(request.user), pk=registration.pk)
        return Response(s.RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[ApiTag.REGISTRATIONS])
class RegistrationDetail(ClientDetailView):
    """A registration and its status (404 outside the client's scope)."""

    model = Registration
    serializer_class = s.RegistrationSerializer

    def scoped(self, user):
        return _registrations(user)


def _registrations(user):
    """The registrations in scope, with only what the serializer reads joined (the web list's product, producer
    and round would be six model instances a row for nothing)."""
    return registration_list(user=user).qs.select_related(None).select_related("commune")


@extend_schema(tags=[ApiTag.REGISTRATIONS])
class CouncilResultList(ClientListView):
    """The councils' results (mean score, band, awarded star) of the registrations in scope. A province's potential
    5★ awards no star: final_star 0 with potential_five true (D26 Điều 7.3e)."""

    model = CouncilResult
    serializer_class = s.CouncilResultSerializer

    def scoped(self, user):
        return CouncilResult.objects.filter(registration__in=Registration.objects.for_user(user))


# ---------------------------------------------------------------------------------------------------------
# Decisions and certificates


@extend_schema(tags=[ApiTag.CERTIFICATES])
class DecisionList(ClientListView):
    """Recognition decisions in the client's scope (certificates.filters.DecisionFilter)."""

    model = RecognitionDecision
    serializer_class = s.DecisionSerializer
    filterset_class = DecisionFilter

    def scoped(self, user):
        return decision_list(user=user)


@extend_schema(tags=[ApiTag.CERTIFICATES])
class CertificateList(ClientListView):
    """Certificates in the client's scope, filtered as the web list is: by the status each item shows, today's
    (certificates.filters.CertificateFilter)."""

    model = Certificate
    serializer_class = s.CertificateSerializer
    filterset_class = CertificateFilter

    def scoped(self, user):
        return certificate_list(user=user).with_reevaluation_pending()


@extend_schema(tags=[ApiTag.CERTIFICATES])
class CertificateDetail(ClientDetailView):
    """A certificate in the client's scope (404 outside it)."""

    model = Certificate
    serializer_class = s.CertificateSerializer

    def scoped(self, user):
        return certificate_list(user=user)


@extend_schema(
    request=s.HistoricCertificateCreateSerializer, responses={201: s.CertificateSerializer}, tags=[ApiTag.CERTIFICATES]
)
class HistoricCertificateCreate(ApiView):
    """Record a certificate issued before this system (read-write clients): the web form's validation and the
    web's service, which checks issuer level × star × date × legal basis against the rules then in force."""

    serializer_class = s.HistoricCertificateCreateSerializer

    def post(self, request):
        values, refused = body_read(s.HistoricCertificateCreateSerializer, request.data)
        form = HistoricCertificateForm(values, user=request.user)
        if not form.is_valid() or refused:  # the service's rules in the same answer as the fields' refusals
            form.check_with_the_service()
            refuse_together(form, refused)
        certificate = certificate_services.certificate_record_historic(by=request.user, **form.cleaned_data)
        certificate = get_object_or_404(certificate_list(user=request.user), pk=certificate.pk)
        return Response(s.CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------------------
# Documentation

# The collections the index lists, by their route's name: the lists a client starts from (the records, the sync
# export of a province and the writes are reached from them and described in the documentation).
ROOT_ENDPOINTS = (
    "public_product_list",
    "public_certificate_list",
    "producer_list",
    "product_list",
    "registration_list",
    "council_result_list",
    "decision_list",
    "certificate_list",
    "historic_evaluation_list",
    "statistics",
)


class ApiRoot(NoQueryMixin, PublicView):
    """The API's index: where its documentation and OpenAPI schema are, and the address of each collection. /api/v1/
    answered 404, and nothing said where the documentation was."""

    serializer_class = s.ApiRootSerializer

    # On the method, not the class: an operation id on a view class is refused by `check --deploy` (drf_spectacular.W002).
    @extend_schema(tags=[ApiTag.PUBLIC], operation_id="api_root")
    def get(self, request):
        paths = {
            "docs": reverse("api:docs"),
            "schema": reverse("api:schema"),
            "endpoints": {name: reverse(f"api:{name}") for name in ROOT_ENDPOINTS},
        }
        return Response(self.get_serializer(paths).data)
