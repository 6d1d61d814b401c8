"""Access to producers and products: one chokepoint per model (404 outside scope, 403 read-only)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ocop.choices import JobKind, Role, UnitLevel
from ocop.models import AdministrativeUnit, BackgroundJob, User

from . import hooks
from .choices import VERIFIABLE_FIELDS, ProductStatus
from .models import Producer, Product, ProductPhoto

# Officers who keep the registry (viewers, advisory and council members only read it).
REGISTRY_ROLES = {Role.COMMUNE_OFFICER, Role.PROVINCE_OFFICER, Role.CENTRAL_OFFICER, Role.ADMIN}

# What a producer may edit on its own record (never its commune, kind or verification marks).
PRODUCER_SELF_FIELDS = (
    "name",
    "tax_code",
    "business_registration_no",
    "business_registration_date",
    "legal_rep_name",
    "legal_rep_position",
    "legal_rep_gender",
    "legal_rep_ethnicity",
    "legal_rep_disability",
    "address",
    "phone",
    "email",
    "contact_person",
    "public_contact",
)
# The producer's own consent to publish its contacts on the public catalogue: only the producer sets it.
PRODUCER_CONSENT_FIELDS = ("public_contact",)
PRODUCER_OFFICER_FIELDS = (
    "kind",
    "commune",
    "historic_commune",
    *(f for f in PRODUCER_SELF_FIELDS if f not in PRODUCER_CONSENT_FIELDS),
)


def is_registry_officer(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in REGISTRY_ROLES)


def is_producer_user(user: User) -> bool:
    return user.is_authenticated and user.role == Role.PRODUCER and not user.is_superuser


def acts_for_every_producer(user: User) -> bool:
    """The producer's own acts are its members' and the administrator's to do (acts_for_producer asks no more)."""
    return user.is_superuser or user.role in {Role.PRODUCER, Role.ADMIN}


def acts_for_producer(user: User, producer: Producer) -> bool:
    """Whether `user` may do the producer's own acts for `producer`: file its dossier (a new one, or a copy of an
    earlier one for an upgrade or a re-evaluation), complete, submit, supply and withdraw it (D26 Điều 7.1: the
    producer prepares its dossier, puts it in the system and answers for it; evaluation.workflow's `own` rows). Its
    members do them, and the administrator. An officer does them only for a producer that has no active account of
    its own, whose paper dossier it types in; one with an account acts itself."""
    if acts_for_every_producer(user):
        return True
    return not producer.members.filter(is_active=True).exists()


def producers_acting_themselves(user: User, producer_ids) -> set[int]:
    """Of `producer_ids`, those whose own acts `user` may not do for them (acts_for_producer, for a list's rows in one
    query): none for their members and the administrator; for an officer, those with an active account."""
    if acts_for_every_producer(user) or not producer_ids:
        return set()
    members = Producer.members.through.objects.filter(producer_id__in=producer_ids, user__is_active=True)
    return set(members.values_list("producer_id", flat=True))


def products_acted_for(user: User):
    """The products of `user`'s scope whose producer it acts for (acts_for_producer, in one query): what it may file a
    dossier for. An officer's are those of producers without an active account."""
    products = Product.objects.for_user(user)
    if acts_for_every_producer(user):
        return products
    return products.exclude(producer__members__is_active=True)


def communes_for_user(user: User):
    """Current communes in which `user` may create or move records."""
    communes = AdministrativeUnit.objects.current().communes()
    if not is_registry_officer(user):
        return communes.none()
    if user.is_national:
        return communes
    if user.unit_id is None:
        return communes.none()
    if user.unit.level == UnitLevel.PROVINCE:
        return communes.filter(parent_id=user.unit_id)
    if user.unit.level == UnitLevel.COMMUNE:
        return communes.filter(pk=user.unit_id)
    return communes.none()


def can_create_producer(user: User) -> bool:
    return is_registry_officer(user)


def can_change_producer(user: User, producer: Producer) -> bool:
    """For a producer already visible to `user` (through `for_user`)."""
    if is_registry_officer(user):
        return True
    return is_producer_user(user) and producer.members.filter(pk=user.pk).exists()


def can_link_account(user: User, account: User) -> bool:
    """Whether officer `user` may make the existing producer account `account` a member of a producer of their
    scope: only one that is no member of a producer outside it (none at all, or all within). A member is read on
    the producer's page and its lockouts are lifted by the province's officer (ocop.selectors.lockouts_for_user):
    linking another province's or commune's account would reach past the scope."""
    return not account.producers.exclude(pk__in=Producer.objects.for_user(user).values("pk")).exists()


def producer_editable_fields(user: User, producer: Producer | None) -> tuple[str, ...]:
    if is_registry_officer(user):
        return PRODUCER_OFFICER_FIELDS
    verified = set(producer.verified_fields if producer else VERIFIABLE_FIELDS)
    return tuple(f for f in PRODUCER_SELF_FIELDS if f not in verified)


def can_create_product(user: User, producer: Producer) -> bool:
    return can_change_producer(user, producer)


def can_change_product(user: User, product: Product) -> bool:
    return can_change_producer(user, product.producer)


# What the product's certificate is issued to and its dossier is scored by (the scorecard follows the set).
PRODUCT_IDENTITY_FIELDS = ("name", "product_set")


def product_locked_fields(user: User, product: Product) -> dict[str, str]:
    """The product fields `user` may not change now, each with its reason. The producer keeps the name and the set
    of a product that holds a live certificate (it was issued to them) or whose dossier was filed and is being
    handled (its scorecard and signed Mẫu 01 follow them); officers may still correct them (audited)."""
    if is_registry_officer(user) or not product.pk:
        return {}
    status, _star = hooks.product_status(product=product)  # derived now: the stored copy may lag a transition
    if status == ProductStatus.RECOGNISED:
        reason = _("Sản phẩm đang có giấy chứng nhận OCOP cấp theo tên và bộ sản phẩm này: không sửa được.")
    elif status == ProductStatus.IN_EVALUATION:
        reason = _("Hồ sơ đánh giá của sản phẩm đã nộp và đang được xử lý: không sửa được cho đến khi có kết quả.")
    else:
        return {}
    return dict.fromkeys(PRODUCT_IDENTITY_FIELDS, reason)


def get_producer_for_user(user: User, pk: int, *, write: bool = False) -> Producer:
    """The producer if `user` may see it: 404 outside scope, 403 when write=True for read-only roles."""
    producer = get_object_or_404(Producer.objects.for_user(user).select_related("commune__parent"), pk=pk)
    if write and not can_change_producer(user, producer):
        raise PermissionDenied
    return producer


def get_product_for_user(user: User, pk: int, *, write: bool = False) -> Product:
    product = get_object_or_404(
        Product.objects.for_user(user).select_related(
            "producer__commune__parent", "product_set__group__sector", "legacy_category"
        ),
        pk=pk,
    )
    if write and not can_change_product(user, product):
        raise PermissionDenied
    return product


def get_photo_for_user(user: User, pk: int) -> ProductPhoto:
    visible = Product.objects.for_user(user).values("pk")
    return get_object_or_404(ProductPhoto.objects.filter(product__in=visible), pk=pk)


def get_import_job_for_user(user: User, pk: int) -> BackgroundJob:
    """An Excel import job that `user` started (anyone else gets a 404)."""
    jobs = BackgroundJob.objects.filter(
        created_by_id=user.pk, kind__in=[JobKind.IMPORT_PRODUCERS, JobKind.IMPORT_PRODUCTS]
    )
    return get_object_or_404(jobs, pk=pk)


def detail_pages() -> dict:
    """The producer and product pages (ocop.hooks.detail_pages): what each gives a user is
    what its `get_*_for_user` opens."""
    return {"products:producer_detail": Producer.objects.for_user, "products:product_detail": Product.objects.for_user}
