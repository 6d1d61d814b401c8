"""Writes to the registry: producers, products, photos, invitations, derived product status (the Excel import of
both is products.imports).

Every write is atomic, checks the actor's scope again, validates with full_clean() and leaves an
audit row in the same transaction; e-mails and Celery tasks only run on commit.
"""

import io
import uuid
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.cache import public_cache_bump, statistics_cache_bump
from ocop.choices import Role, UnitEra, UnitLevel
from ocop.edits import edit_changes
from ocop.emails import password_choose_path, reader_language, send_templated
from ocop.models import AdministrativeUnit, User, province_copies_refresh
from ocop.services import (
    audit_record,
    counter_next,
    duplicates_refused,
    model_changes,
    outbox_enqueue,
    stored_files_undone_on_error,
)
from ocop.text import fold, nfc

from . import hooks
from .choices import VERIFIABLE_FIELDS, ProducerKind
from .models import TOURISM_SET, Producer, Product, ProductPhoto
from .names import producer_named, product_named
from .permissions import (
    PRODUCER_OFFICER_FIELDS,
    can_change_producer,
    can_create_producer,
    can_create_product,
    can_link_account,
    communes_for_user,
    is_registry_officer,
    producer_editable_fields,
    product_locked_fields,
)
from .photos import photo_without_metadata
from .selectors import product_commune_ids
from .validators import normalise_tax_code, validate_photo

PRODUCT_FIELDS = (
    "product_set",
    "legacy_category",
    "name",
    "description",
    "ingredients",
    "ingredient_origin",
    "brand",
    "legacy_code",
)
THUMBNAIL_SIZE = (360, 360)


# --- producers -------------------------------------------------------------------------------------


def _public_cache_bump_if_certified(*, product: Product | None = None, producer: Producer | None = None) -> None:
    """The public pages show only products that hold a certificate (and their producers): an edit of a product
    or producer that never had one changes nothing a visitor sees, so it leaves the public cache warm. At national
    scale most edits are dossiers in preparation; bumping on each would empty every cached public page all day."""
    products = (
        Product.objects.filter(pk=product.pk) if product is not None else Product.objects.filter(producer=producer)
    )
    if products.filter(certificates__isnull=False).exists():
        # A product's set gives the sector its certificates count under: its province's figures move too.
        public_cache_bump(units=[(producer or product.producer).commune_id])


def _producer_search_text(producer: Producer) -> str:
    parts = [
        producer.name,
        producer.tax_code or "",
        producer.legal_rep_name,
        producer.contact_person,
        producer.address,
        producer.phone,
        producer.email,
    ]
    return fold(" ".join(p for p in parts if p))


def _check_commune(by: User, commune: AdministrativeUnit | None) -> None:
    if commune is not None and not communes_for_user(by).filter(pk=commune.pk).exists():
        raise ValidationError({"commune": _("Xã, phường này ngoài phạm vi bạn quản lý.")})


def _check_historic_commune(producer: Producer) -> None:
    """The commune before 1 July 2025 must be one that was merged into the producer's current commune."""
    historic = producer.historic_commune if producer.historic_commune_id else None
    if historic is None:
        return
    if historic.era != UnitEra.HISTORIC or historic.level != UnitLevel.COMMUNE:
        raise ValidationError({"historic_commune": _("Hãy chọn một xã trước ngày 01/07/2025.")})
    if producer.commune_id and not historic.succession_out.filter(new_id=producer.commune_id).exists():
        raise ValidationError({"historic_commune": _("Xã cũ này không nhập vào xã, phường hiện nay đã chọn.")})


def _check_association_products(producer: Producer) -> None:
    """A producer becomes an association only when all its products are tourism services (D26 Điều 2.3)."""
    if producer.products.exclude(product_set__number=TOURISM_SET).exists():
        raise ValidationError(
            {
                "kind": _(
                    "Hội, hiệp hội, trung tâm chỉ có sản phẩm dịch vụ du lịch (bộ 26); chủ thể này có sản phẩm khác."
                )
            }
        )


def _clean_text(data: dict) -> dict:
    cleaned = {k: nfc(v) for k, v in data.items()}
    if "tax_code" in cleaned:
        cleaned["tax_code"] = normalise_tax_code(cleaned["tax_code"] or "") or None
    return cleaned


@transaction.atomic
def province_refresh(*, producer_ids: list[int] | None = None) -> int:
    """Bring every `province` copy (ocop.models.province_copy_field) of the given producers' records (None: of
    all records) in line with the communes' provinces today; returns the rows changed. Run when a producer moves to
    another province and when the administrative units change; saves keep the copies otherwise."""
    producers = Producer.objects.all() if producer_ids is None else Producer.objects.filter(pk__in=producer_ids)
    changed = province_copies_refresh(producers, "commune__parent_id")
    changed += province_copies_refresh(Product.objects.filter(producer__in=producers), "producer__province_id")
    return changed + sum(hooks.province_refresh(producer_ids))


def _created_before(*, under: models.Model, find) -> models.Model | None:
    """The record that a creation under `under` (a commune's producers, a producer's products) would repeat, as
    `find()` finds it (names.producer_named, product_named: the name however written) once the creations under `under`
    have taken its row's lock in turn: the form saved again after the back button, sent from two tabs or retried by
    the network finds the first instead of making a second one, which nothing can delete. In the transaction."""
    type(under).objects.select_for_update().filter(pk=under.pk).first()
    return find()


@transaction.atomic
def producer_create(*, by: User, data: dict) -> Producer:
    """An officer registers a producer in a commune of their scope."""
    if not can_create_producer(by):
        raise PermissionDenied
    data = _clean_text(data)
    unknown = set(data) - set(PRODUCER_OFFICER_FIELDS) - {"verified_fields"}
    if unknown:
        raise ValueError(f"unexpected fields {sorted(unknown)}")
    producer = Producer(**data)
    _check_commune(by, producer.commune if producer.commune_id else None)
    _check_historic_commune(producer)
    # Without a tax code nothing else tells a producer sent twice from a second one (with one, the tax code's unique
    # constraint does): the same name in the same commune is refused, as a producer's products are (product_create).
    if not producer.tax_code and producer.commune_id and producer.name.strip():
        find = partial(producer_named, commune=producer.commune, name=producer.name)
        same = _created_before(under=producer.commune, find=find)
        if same is not None:
            raise ValidationError(
                {
                    "name": _("%(commune)s đã có chủ thể “%(name)s”: mở chủ thể đó để sửa.")
                    % {"commune": producer.commune.name, "name": same.name}
                }
            )
    producer.verified_fields = [f for f in producer.verified_fields if f in VERIFIABLE_FIELDS]
    producer.search_text = _producer_search_text(producer)
    producer.full_clean()
    with duplicates_refused(Producer):  # the same tax code registered from two tabs at once
        producer.save()
    audit_record(
        actor=by,
        action="producer.create",
        target=producer,
        changes=model_changes(producer, {}, [*data.keys()]),
    )
    statistics_cache_bump(units=[producer.commune_id])  # the dashboards count producers by legal type and unit
    return producer


@transaction.atomic
def producer_update(*, producer: Producer, by: User, data: dict, seen: dict | None = None) -> Producer:
    """Change a producer. Producers may change only their own, unverified fields; officers may
    also mark fields verified (`verified_fields`). `seen`: what the person's page showed of those fields
    (a field someone else changed meanwhile is refused, ocop.edits.edit_changes)."""
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    if not can_change_producer(by, producer):
        raise PermissionDenied
    data = edit_changes(record=producer, data=_clean_text(data), seen=seen)
    allowed = set(producer_editable_fields(by, producer))
    if is_registry_officer(by):
        allowed.add("verified_fields")
    locked = [f for f in data if f not in allowed and data[f] != getattr(producer, f)]
    if locked:
        raise ValidationError({f: _("Thông tin đã được cán bộ xác minh, bạn không thể sửa.") for f in locked})
    fields = [f for f in data if f in allowed]
    before = {f: getattr(producer, f) for f in fields}
    for f in fields:
        setattr(producer, f, data[f])
    if "commune" in fields and producer.commune_id != getattr(before.get("commune"), "pk", None):
        _check_commune(by, producer.commune)
    if {"commune", "historic_commune"} & set(fields):
        _check_historic_commune(producer)
    if producer.kind == ProducerKind.ASSOCIATION and before.get("kind", ProducerKind.ASSOCIATION) != producer.kind:
        _check_association_products(producer)
    if "verified_fields" in fields:
        producer.verified_fields = sorted(f for f in set(producer.verified_fields) if f in VERIFIABLE_FIELDS)
    producer.search_text = _producer_search_text(producer)
    producer.full_clean()
    changes = model_changes(producer, before, fields)
    if not changes:
        return producer
    with duplicates_refused(Producer):
        producer.save(update_fields=[*fields, "search_text", "updated_at"])
    audit_record(
        actor=by,
        action="producer.update",
        target=producer,
        changes=changes,
    )
    if before.get("commune") is not None and producer.province_id != before["commune"].parent_id:
        province_refresh(producer_ids=[producer.pk])  # it moved province: its records follow it
    _public_cache_bump_if_certified(producer=producer)  # the catalogue shows its name, place, consented contacts
    # Its legal type or unit may have changed: the dashboards count them (in the commune it left and the new one).
    left = [getattr(before["commune"], "pk", None)] if "commune" in before else []
    statistics_cache_bump(units=[producer.commune_id, *left])
    if "name" in changes:  # products search on their producer's name too
        for product in producer.products.select_related("producer"):
            Product.objects.filter(pk=product.pk).update(search_text=_product_search_text(product))
    return producer


@transaction.atomic
def producer_invite_member(*, producer: Producer, email: str, by: User) -> User:
    """Give a producer's person an account: a producer User without a usable password, linked to the
    producer, and an e-mail with a link to choose the password (sent on commit)."""
    if not is_registry_officer(by) or by.is_read_only:
        raise PermissionDenied
    email = User.objects.normalize_email(nfc(email).strip()).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and producer.members.filter(pk=user.pk).exists():  # shown on the producer's page already
        raise ValidationError({"email": _("Người dùng này đã là thành viên của chủ thể.")})
    if user is not None and (user.role != Role.PRODUCER or not can_link_account(by, user)):
        # Said as of an address that cannot be given, never whose it is (a staff account, another producer's):
        # whoever types an address learns nothing of the accounts outside their scope.
        raise ValidationError({"email": _("Không thể gán e-mail này cho chủ thể.")})
    if user is None:
        username = email if not User.objects.filter(username=email).exists() else f"{email}-{uuid.uuid4().hex[:6]}"
        user = User(username=username, email=email, role=Role.PRODUCER)
        user.set_full_name(producer.contact_person)  # "Nguyễn Thị Hoan", as Vietnamese write it
        user.set_unusable_password()
        user.full_clean()
        user.save()
    producer.members.add(user)
    audit_record(
        actor=by,
        action="producer.invite",
        target=producer,
        # The account by its id as well as its address: the address may be corrected later, the id names the
        # account the link was made for (products.selectors.producer_links_out_of_scope reads it).
        changes={"members": [None, email], "member_id": user.pk},
    )
    # Like every mail, through the outbox: a mail server that is down must not turn the officer's committed
    # invitation into an error page, nor lose the mail (the task retries; the relay sends what is left).
    from .tasks import producer_invite_send_task

    outbox_enqueue(task=producer_invite_send_task, args=[user.pk, producer.pk, by.pk], robust=True)
    return user


@transaction.atomic
def producer_member_unlink(*, producer: Producer, user: User, by: User | None, reason: str = "") -> bool:
    """Take `user` out of `producer`'s members (a link products.selectors.producer_links_out_of_scope found past its
    officer's scope), with an audit row against the producer. False, with nothing recorded, when they were no
    member any more."""
    if not producer.members.filter(pk=user.pk).exists():
        return False
    producer.members.remove(user)
    audit_record(
        actor=by,
        action="producer.unlink",
        target=producer,
        summary=reason,
        changes={"members": [user.email or user.get_username(), None]},
    )
    return True


def producer_invite_send(*, user_id: int, producer_id: int, by_id: int) -> int:
    """The invitation mail with its link to choose a password (made when the mail is written, so it is fresh), in
    the person's language. Nothing is sent when the account or the producer is gone, or the person is no longer a
    member."""
    user = User.objects.filter(pk=user_id, is_active=True, producers=producer_id).first()
    producer = Producer.objects.filter(pk=producer_id).first()
    if user is None or producer is None or not user.email:
        return 0
    invited_by = User.objects.filter(pk=by_id).first()
    return send_templated(
        "producer_invite",
        to=[user.email],
        context={"user": user, "producer": producer, "invited_by": invited_by, "path": password_choose_path(user)},
        language=reader_language(user),  # an existing account's choice; a new one reads the site's language
    )


# --- products --------------------------------------------------------------------------------------


def _product_search_text(product: Product) -> str:
    parts = [product.name, product.brand, product.code, product.legacy_code, product.producer.name]
    return fold(" ".join(p for p in parts if p))


def _check_kind_fits_set(product: Product) -> None:
    """Associations and operating centres are OCOP producers only for tourism (D26 Điều 2.3)."""
    if (
        product.producer.kind == ProducerKind.ASSOCIATION
        and product.product_set_id
        and not product.product_set.is_tourism
    ):
        raise ValidationError(
            {"product_set": _("Hội, hiệp hội, trung tâm chỉ đăng ký sản phẩm dịch vụ du lịch (bộ 26).")}
        )


def _allocate_code(product: Product) -> None:
    """(T)-(X)-(STT)-(năm): T and X are the official codes of the producer's current province and
    commune, STT the commune's next serial from its counter row, năm the year the product is entered, until a
    dossier of it for a later year's evaluation is submitted (product_code_year_follow). T, X and STT are allocated
    once, at creation, and never change afterwards."""
    commune = product.producer.commune
    serial = counter_next(f"product-code:{commune.pk}")
    product.code_province = commune.parent.code if commune.parent_id else ""
    product.code_commune = commune.code
    product.code_serial = serial
    product.code_year = timezone.localdate().year


@transaction.atomic
def product_create(*, producer: Producer, by: User, data: dict) -> Product:
    if not can_create_product(by, producer):
        raise PermissionDenied
    data = {k: nfc(v) for k, v in data.items() if k in PRODUCT_FIELDS}
    same = _created_before(
        under=producer, find=partial(product_named, producer=producer, name=str(data.get("name", "")))
    )
    if same is not None:
        raise ValidationError(
            {
                "name": _("Chủ thể đã có sản phẩm “%(name)s” (mã %(code)s): mở sản phẩm đó để sửa.")
                % {"name": same.name, "code": same.code}
            }
        )
    product = Product(producer=producer, **data)
    _check_kind_fits_set(product)
    _allocate_code(product)
    product.search_text = _product_search_text(product)
    product.full_clean()
    product.save()
    audit_record(
        actor=by,
        action="product.create",
        target=product,
        summary=product.code,
        changes=model_changes(product, {}, ["name", "product_set", "code_serial"]),
    )
    return product


@transaction.atomic
def product_update(*, product: Product, by: User, data: dict, seen: dict | None = None) -> Product:
    """Change a product's fields; `seen` as for producer_update."""
    product = Product.objects.select_for_update().select_related("producer").get(pk=product.pk)
    if not can_change_producer(by, product.producer):
        raise PermissionDenied
    data = edit_changes(record=product, data={f: v for f, v in data.items() if f in PRODUCT_FIELDS}, seen=seen)
    locked = product_locked_fields(by, product)
    refused = {f: locked[f] for f in data if f in locked and nfc(data[f]) != getattr(product, f)}
    if refused:
        raise ValidationError(refused)
    fields = list(data)
    before = {f: getattr(product, f) for f in fields}
    for f in fields:
        setattr(product, f, nfc(data[f]))
    _check_kind_fits_set(product)
    product.search_text = _product_search_text(product)
    product.full_clean()
    changes = model_changes(product, before, fields)
    if not changes:
        return product
    product.save(update_fields=[*fields, "search_text", "updated_at"])
    audit_record(
        actor=by,
        action="product.update",
        target=product,
        changes=changes,
    )
    _public_cache_bump_if_certified(product=product)
    return product


def photo_thumbnail(upload) -> ContentFile:
    """A JPEG thumbnail (at most THUMBNAIL_SIZE) of a validated photo, upright as the camera held it."""
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMBNAIL_SIZE)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=82)
    upload.seek(0)
    return ContentFile(out.getvalue())


@transaction.atomic
def product_add_photo(*, product: Product, by: User, upload, caption: str = "") -> ProductPhoto:
    """Store a validated photo (JPEG/PNG/WebP ≤ 10 MB) under a random name, with a JPEG thumbnail."""
    if not can_change_producer(by, product.producer):
        raise PermissionDenied
    try:
        ext = validate_photo(upload)
        image = photo_without_metadata(upload, ext=ext)  # served on the public portal: no GPS, no camera
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    name = uuid.uuid4().hex
    photo = ProductPhoto(product=product, caption=nfc(caption), uploaded_by=by)
    with stored_files_undone_on_error(photo):  # a thumbnail or a row that fails takes the stored image with it
        photo.image.save(f"{name}.{ext}", image, save=False)
        photo.thumbnail.save(f"{name}.jpg", photo_thumbnail(upload), save=False)
        photo.save()
    audit_record(
        actor=by,
        action="product.photo_add",
        target=product,
        changes={"photos": [None, photo.image.name]},
    )
    _public_cache_bump_if_certified(product=product)
    return photo


@transaction.atomic
def product_delete_photo(*, photo: ProductPhoto, by: User) -> None:
    product = photo.product
    if not can_change_producer(by, product.producer):
        raise PermissionDenied
    name = photo.image.name
    storage, files = photo.image.storage, [photo.image.name, photo.thumbnail.name]
    photo.delete()
    audit_record(
        actor=by,
        action="product.photo_delete",
        target=product,
        changes={"photos": [name, None]},
    )
    _public_cache_bump_if_certified(product=product)
    transaction.on_commit(lambda: [storage.delete(f) for f in files if f])


@transaction.atomic
def product_refresh_status(*, product: Product, derived: tuple[str, int | None] | None = None) -> Product:
    """Store the product's status and current star as its registrations and certificates make them (`derived`:
    that pair, when the caller has just read it).

    The rule needs evaluation and certificates, which sit above products: the certificates app provides it through
    `products.hooks.product_status` (certificates.services.product_status.product_derive_status). Other apps call
    this after their transitions."""
    status, star = derived or hooks.product_status(product=product)
    # updated_at by hand (update() skips auto_now): the national sync's changes feed reads it.
    Product.objects.filter(pk=product.pk).update(status=status, current_star=star, updated_at=timezone.now())
    product.status, product.current_star = status, star
    # Called after every certificate issue, revocation and decision: the catalogue and the product's figures change.
    public_cache_bump(units=product_commune_ids(product.pk))
    return product


def product_code_year_follow(*, product: Product, year: int) -> None:
    """The code's last part is the year of the product's evaluation (D26 Phụ lục II: "Năm đánh giá"): a product
    entered one year and submitted for a later year's evaluation takes that year (registration_submit calls this).
    Each evaluation's own papers print its year (Product.code_in); a code from before this system stays."""
    if product.code_serial is None or (product.code_year or 0) >= year:
        return
    product.code_year = year
    product.search_text = _product_search_text(product)
    Product.objects.filter(pk=product.pk).update(
        code_year=year, search_text=product.search_text, updated_at=timezone.now()
    )
    public_cache_bump(units=product_commune_ids(product.pk))
