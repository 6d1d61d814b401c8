"""What each endpoint returns, field by field (and so what the OpenAPI schema documents). Read-only
serializers over the selectors' rows; writes go through the web forms and services (api/views.py)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from certificates.choices import IssuerLevel, PublicVerdict
from certificates.models.status import effective_status
from dashboard.choices import HistoricLevel
from evaluation.choices import RegistrationKind, RegistrationStatus
from evaluation.workflow import star_given
from ocop.site import site_url
from products.models import PRODUCT_CODE_FIELDS, product_code


class SiteLinkField(serializers.CharField):
    """A page of the site as its full address (SITE_URL and the path), as the open data and the QR code give it: an
    integrator follows it without knowing the host."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Địa chỉ đầy đủ của trang trên cổng thông tin."))
        super().__init__(**kwargs)

    def to_representation(self, value):
        return f"{site_url()}{value}"


VERIFY_URL_HELP = _("Địa chỉ đầy đủ của trang xác minh, như mã QR in trên giấy chứng nhận.")


@extend_schema_serializer(description=_("Mục lục của API: địa chỉ của tài liệu, của lược đồ và của các danh sách."))
class ApiRootSerializer(serializers.Serializer):
    """The API's index (api.views.ApiRoot): where its documentation and schema are, and its collections."""

    docs = SiteLinkField(help_text=_("Tài liệu API: các thao tác, tham số và câu trả lời."))
    schema = SiteLinkField(help_text=_("Lược đồ OpenAPI 3 của API (YAML; JSON với ?format=json)."))
    endpoints = serializers.DictField(
        child=SiteLinkField(),
        help_text=_(
            "Địa chỉ đầy đủ của từng danh sách, theo tên: danh sách công khai không cần mã truy cập, các danh sách "
            "khác cần mã của ứng dụng tích hợp."
        ),
    )


# ---------------------------------------------------------------------------------------------------------
# Public (the same rows as the public portal: portal/selectors.py decides every field)


class PublicProductCardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    star = serializers.IntegerField(source="public_star")
    recognised_on = serializers.DateField(source="public_since")
    producer_id = serializers.IntegerField()
    producer_name = serializers.CharField(source="producer__name")
    commune = serializers.CharField(source="producer__commune__name")
    province = serializers.CharField(source="producer__commune__parent__name", allow_null=True)
    product_set = serializers.CharField(source="product_set__name")
    url = SiteLinkField()


class PublicContactSerializer(serializers.Serializer):
    address = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)
    email = serializers.CharField(required=False)
    contact_person = serializers.CharField(required=False)


class PublicProducerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    commune_id = serializers.IntegerField()
    commune = serializers.CharField()
    province_id = serializers.IntegerField(allow_null=True)
    province = serializers.CharField(allow_null=True)
    contact = PublicContactSerializer(help_text=_("Chỉ khi chủ thể đồng ý công khai thông tin liên hệ."))
    url = SiteLinkField()


class PublicProducerDetailSerializer(PublicProducerSerializer):
    products = PublicProductCardSerializer(many=True)


class PublicLiveCertificateSerializer(serializers.Serializer):
    number = serializers.CharField()
    issued_on = serializers.DateField()
    valid_until = serializers.DateField()
    verdict = serializers.ChoiceField(choices=PublicVerdict.values)
    extended_until = serializers.DateField(allow_null=True)
    verify_url = SiteLinkField(help_text=VERIFY_URL_HELP)


class PublicHistorySerializer(serializers.Serializer):
    star = serializers.IntegerField()
    issued_on = serializers.DateField()
    valid_until = serializers.DateField()
    verdict = serializers.ChoiceField(choices=PublicVerdict.values)


class PublicPhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    caption = serializers.CharField(allow_blank=True)


class PublicProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    brand = serializers.CharField(allow_blank=True)
    star = serializers.IntegerField()
    code = serializers.CharField(allow_blank=True)
    product_set_id = serializers.IntegerField()
    product_set = serializers.CharField()
    sector = serializers.CharField(allow_null=True)
    url = SiteLinkField()
    producer = PublicProducerSerializer()
    certificate = PublicLiveCertificateSerializer()
    history = PublicHistorySerializer(many=True)
    photos = PublicPhotoSerializer(many=True)


@extend_schema_serializer(
    description=_(
        "Những gì mã QR được phép cho biết: các thông tin in trên giấy chứng nhận và trạng thái hôm "
        "nay, không có gì của hồ sơ."
    )
)
class CertificateVerificationSerializer(serializers.Serializer):
    """What the QR code may reveal (certificates.selectors.verification.certificate_public): the printed fields and
    the live status, nothing of the dossier."""

    number = serializers.CharField()
    product_id = serializers.IntegerField(allow_null=True)
    product_name = serializers.CharField()
    product_code = serializers.CharField(allow_blank=True)
    producer_name = serializers.CharField()
    producer_address = serializers.CharField(
        allow_blank=True,
        help_text=_(
            "Địa chỉ in trên giấy chứng nhận khi chủ thể đồng ý công khai thông tin liên hệ; nếu không, chỉ xã, "
            "phường và tỉnh, thành phố."
        ),
    )
    star = serializers.IntegerField()
    issued_on = serializers.DateField()
    valid_until = serializers.DateField()
    decision_number = serializers.CharField(allow_blank=True)
    decision_date = serializers.DateField(allow_null=True)
    issuer_name = serializers.CharField()
    verdict = serializers.ChoiceField(choices=PublicVerdict.values)
    is_live = serializers.BooleanField()
    is_historic = serializers.BooleanField()
    extended_until = serializers.DateField(allow_null=True)
    verify_url = SiteLinkField(help_text=VERIFY_URL_HELP)


class CertificateVerificationListSerializer(serializers.Serializer):
    results = CertificateVerificationSerializer(many=True)


# ---------------------------------------------------------------------------------------------------------
# Integration clients (scope of the client's service account)


class ChoiceLabelField(serializers.CharField):
    """The label of a stored choice, in the client's language, as get_…_display gives it, without rebuilding
    (and translating) the whole choice list for every row: that cost a page of 100 registrations a third of its
    time."""

    def __init__(self, *, choices: type, **kwargs):
        self.choices_class = choices
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return str(self.choices_class(value).label)


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class ProducerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    tax_code = serializers.CharField(allow_null=True)
    business_registration_no = serializers.CharField(allow_blank=True)
    business_registration_date = serializers.DateField(allow_null=True)
    legal_rep_name = serializers.CharField(allow_blank=True)
    legal_rep_position = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    contact_person = serializers.CharField(allow_blank=True)
    public_contact = serializers.BooleanField()
    commune = UnitRefSerializer()
    province = UnitRefSerializer(source="commune.parent", allow_null=True)
    historic_commune = UnitRefSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


# The one way the API writes a moment: ISO 8601 in the site's time zone, with its offset (…T10:04:05+07:00), as every
# serializer's DateTimeField writes it. The sync export, whose rows are built from `.values()` without a serializer,
# writes its times with it too (it wrote them in UTC, +00:00, where the lists said +07:00).
api_datetime = serializers.DateTimeField().to_representation


class ProductCodeField(serializers.CharField):
    """The product's OCOP code (products.models.product_code), from the instance or from its columns' values."""

    values_sources = PRODUCT_CODE_FIELDS

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, allow_blank=True, **kwargs)

    def to_representation(self, product) -> str:
        return product.code

    def from_values(self, *columns) -> str:
        return product_code(*columns)


class ProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    producer_id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    brand = serializers.CharField(allow_blank=True)
    code = ProductCodeField()
    product_set = serializers.IntegerField(source="product_set.number")
    product_set_name = serializers.CharField(source="product_set.name")
    sector = serializers.CharField(source="product_set.group.sector.code", allow_null=True)
    status = serializers.CharField()
    current_star = serializers.IntegerField(allow_null=True)
    commune = UnitRefSerializer(source="producer.commune")
    province = UnitRefSerializer(source="producer.commune.parent", allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class RegistrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    status_label = ChoiceLabelField(source="status", choices=RegistrationStatus)
    round_id = serializers.IntegerField(allow_null=True)
    year = serializers.IntegerField()
    case_variant = serializers.IntegerField()
    commune = UnitRefSerializer()
    form_number = serializers.CharField(allow_blank=True)
    previous_id = serializers.IntegerField(allow_null=True)
    entered_by_officer = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(
        allow_null=True, help_text=_("Lần nộp gần nhất (sau khi hoàn thiện hồ sơ bị trả lại, là lần nộp lại).")
    )
    first_submitted_at = serializers.DateTimeField(
        allow_null=True,
        help_text=_("Lần nộp đầu tiên: ngày nộp hồ sơ, căn cứ xét thời hạn nộp hồ sơ đánh giá lại (Điều 7.6)."),
    )
    commune_due_on = serializers.DateField(allow_null=True)
    completion_due_on = serializers.DateField(
        allow_null=True, help_text=_("Hạn hoàn thiện, bổ sung hồ sơ do cán bộ đặt khi trả lại hoặc yêu cầu bổ sung.")
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


@extend_schema_serializer(
    description=_(
        "Phiếu đăng ký (Mẫu 01) nhập thay chủ thể: được kiểm tra như biểu mẫu trên trang web và tạo "
        "bằng cùng nghiệp vụ."
    )
)
class RegistrationCreateSerializer(serializers.Serializer):
    """Mẫu 01 entered on the behalf of a producer without an account (one with an account files itself): validated by
    the web's RegistrationCreateForm and created by the same service as the web page
    (evaluation.services.registration_file)."""

    product = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=RegistrationKind.values)
    round = serializers.IntegerField(required=False, allow_null=True)
    case_variant = serializers.IntegerField(required=False, allow_null=True)


class StarGivenField(serializers.IntegerField):
    """The stars a council's result gives (evaluation.workflow.star_given, as the result's pages show them), from
    the instance or from its columns' values: none for a province's potential 5★, which the stored final_star keeps
    as the star rule computed it."""

    values_sources = ("final_star", "potential_five", "eliminated")

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, result) -> int:
        return result.star_shown

    def from_values(self, final_star, potential_five, eliminated) -> int:
        return star_given(final_star=final_star, potential_five=potential_five, eliminated=eliminated)


class CouncilResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    registration_id = serializers.IntegerField()
    level = serializers.CharField()
    mean_score = serializers.DecimalField(max_digits=5, decimal_places=2)
    band_star = serializers.IntegerField(
        help_text=_(
            "Hạng sao theo điểm trung bình (Điều 3.3), trước khi xét yêu cầu tối thiểu của từng hạng sao: không phải "
            "hạng sao được công nhận (từ 90 điểm là 5, cả khi kết quả cấp tỉnh là tiềm năng 5 sao)."
        )
    )
    final_star = StarGivenField(
        help_text=_(
            "Hạng sao Hội đồng kết luận, như trang kết quả hiển thị: 0 khi hồ sơ bị loại, và 0 khi kết quả của Hội "
            "đồng cấp tỉnh là tiềm năng 5 sao (potential_five): UBND tỉnh phê duyệt kết quả, gửi Bộ đánh giá, không "
            "công nhận hạng sao (Điều 7.3e). Trước đây trường này trả 5 (hoặc 4) cho kết quả tiềm năng 5 sao."
        )
    )
    potential_five = serializers.BooleanField(
        help_text=_(
            "Kết quả của Hội đồng cấp tỉnh từ 90 điểm: tiềm năng 5 sao, UBND tỉnh phê duyệt kết quả và gửi Bộ Nông "
            "nghiệp và Môi trường đánh giá, phân hạng (Điều 7.3e); final_star là 0."
        )
    )
    eliminated = serializers.BooleanField()
    recognisable = serializers.BooleanField()
    scoring_round = serializers.IntegerField()
    decided_at = serializers.DateTimeField()


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(allow_blank=True)
    date = serializers.DateField(allow_null=True)
    issuer_level = serializers.CharField()
    issuer_name = serializers.CharField()
    issuer_unit_id = serializers.IntegerField(allow_null=True)
    legal_basis = serializers.CharField()
    status = serializers.CharField()
    is_historic = serializers.BooleanField()
    corrects_id = serializers.IntegerField(allow_null=True)
    certificate_count = serializers.IntegerField()
    issued_at = serializers.DateTimeField(allow_null=True)


class CertificateStatusTodayField(serializers.CharField):
    """A certificate's status today (certificates.models.status.effective_status), from the instance or from the
    columns of a row read as values (the list's queryset carries `reevaluation_pending`: CertificateQuerySet)."""

    values_sources = ("status", "valid_until", "reevaluation_pending")

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, certificate) -> str:
        return certificate.effective_status(timezone.localdate())

    def from_values(self, status, valid_until, reevaluation_pending) -> str:
        return effective_status(status, valid_until, timezone.localdate(), reevaluation_pending=reevaluation_pending)


class CertificateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    decision_id = serializers.IntegerField()
    registration_id = serializers.IntegerField(allow_null=True)
    product_id = serializers.IntegerField()
    star = serializers.IntegerField()
    mean_score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    product_name = serializers.CharField()
    product_code = serializers.CharField(allow_blank=True)
    producer_name = serializers.CharField()
    producer_address = serializers.CharField(allow_blank=True)
    issued_on = serializers.DateField()
    valid_until = serializers.DateField()
    status = CertificateStatusTodayField(
        help_text=_(
            "Trạng thái hôm nay: hết hạn từ ngày sau ngày hiệu lực cuối, trừ khi hồ sơ đánh giá lại đã nộp và chưa có "
            "kết quả (gia hạn đến 180 ngày, Điều 12.3)."
        )
    )
    legal_basis = serializers.CharField()
    is_historic = serializers.BooleanField()
    superseded_by_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


@extend_schema_serializer(
    description=_(
        "Giấy chứng nhận cấp trước khi có hệ thống, được kiểm tra và ghi như trên trang web. Ngày theo "
        "dạng YYYY-MM-DD (hoặc dd/mm/yyyy)."
    )
)
class HistoricCertificateCreateSerializer(serializers.Serializer):
    """A certificate issued before this system, validated by the web's HistoricCertificateForm and recorded by
    certificates.services.certificate_record_historic. Dates as YYYY-MM-DD (or dd/mm/yyyy)."""

    product = serializers.IntegerField()
    number = serializers.CharField(max_length=60)
    star = serializers.IntegerField()
    issuer_level = serializers.ChoiceField(choices=IssuerLevel.values)
    issuer_name = serializers.CharField(max_length=200)
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.CharField()
    legal_basis = serializers.CharField()
    valid_until = serializers.CharField(required=False, allow_blank=True)
    product_name = serializers.CharField(required=False, allow_blank=True, max_length=300)
    product_code = serializers.CharField(required=False, allow_blank=True, max_length=60)
    producer_name = serializers.CharField(required=False, allow_blank=True, max_length=300)
    producer_address = serializers.CharField(required=False, allow_blank=True, max_length=400)
    submission_number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        help_text=_("Số tờ trình đề nghị mà quyết định trích dẫn, ví dụ 12/TTr-SNNMT (tuỳ chọn, ghi kèm ngày)."),
    )
    submission_date = serializers.CharField(required=False, allow_blank=True)
    signer_title = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=150,
        help_text=_("Chức vụ người ký quyết định, như trên bản gốc, ví dụ “KT. CHỦ TỊCH PHÓ CHỦ TỊCH” (tuỳ chọn)."),
    )
    signer_name = serializers.CharField(
        required=False, allow_blank=True, max_length=150, help_text=_("Họ và tên người ký quyết định (tuỳ chọn).")
    )


@extend_schema_serializer(description=_("Kết quả đánh giá của một đợt trước không dẫn đến công nhận."))
class HistoricEvaluationSerializer(serializers.Serializer):
    """A past round's evaluation that did not lead to recognition (dashboard.models.HistoricEvaluation)."""

    id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    product_name = serializers.CharField(source="product.name")
    evaluated_on = serializers.DateField()
    mean_score = serializers.DecimalField(max_digits=5, decimal_places=2)
    star = serializers.IntegerField()
    level = serializers.CharField()
    unit = UnitRefSerializer(help_text=_("Đơn vị có hội đồng đánh giá, như lúc đó (có thể là đơn vị cũ)."))
    issuer_name = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


@extend_schema_serializer(
    description=_(
        "Kết quả đánh giá trước đây không được công nhận, được kiểm tra và ghi theo cùng quy tắc như "
        "trang nhập kết quả cũ trên web."
    )
)
class HistoricEvaluationCreateSerializer(serializers.Serializer):
    """A past evaluation that was not recognised, validated by the web's HistoricEvaluationForm and recorded by
    dashboard.services.historic_evaluations_record (the same rules as the page /danh-gia-cu/ and its Excel
    import). The fields' types only: every rule is the form's and the service's."""

    product = serializers.IntegerField()
    evaluated_on = serializers.DateField(help_text=_("Ngày đánh giá (YYYY-MM-DD)."))
    mean_score = serializers.DecimalField(max_digits=None, decimal_places=None, coerce_to_string=False)
    star = serializers.IntegerField(help_text=_("0 nếu không xếp hạng"))
    level = serializers.ChoiceField(choices=HistoricLevel.values)
    unit = serializers.IntegerField(help_text=_("Đơn vị lúc đánh giá (huyện, tỉnh cũ hoặc tỉnh hiện nay)."))
    issuer_name = serializers.CharField(required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


@extend_schema_serializer(description=_("Số liệu của các trang thống kê, không kèm đường dẫn tới trang web."))
class StatisticsSerializer(serializers.Serializer):
    """The figures of the dashboards (dashboard.selectors.statistics.programme_statistics), without their web links."""

    live_total = serializers.IntegerField()
    unit_level = serializers.CharField(allow_null=True)
    historic_units = serializers.BooleanField()
    stars = serializers.ListField(child=serializers.DictField())
    sectors = serializers.ListField(child=serializers.DictField())
    product_sets = serializers.ListField(child=serializers.DictField())
    units = serializers.ListField(child=serializers.DictField())
    years = serializers.ListField(child=serializers.DictField())
    evaluated = serializers.ListField(child=serializers.DictField())
    expiring = serializers.ListField(child=serializers.DictField())
    producer_kinds = serializers.ListField(child=serializers.DictField())
