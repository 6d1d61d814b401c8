"""Writes to the registry: producers, products, photos, invitations, derived product status, imports.

Every write is atomic, checks the actor's scope again, validates with full_clean() and leaves an
audit row in the same transaction; e-mails and Celery tasks only run on commit.
"""

import io
import uuid

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ocop.cache import public_cache_bump
from ocop.choices import Role, UnitEra, UnitLevel
from ocop.emails import send_templated
from ocop.models import AdministrativeUnit, User
from ocop.services import audit_record, counter_next, model_changes
from ocop.text import fold, nfc

from .choices import VERIFIABLE_FIELDS, ImportStatus, ProducerKind, ProductStatus
from .models import TOURISM_SET, ImportJob, Producer, Product, ProductPhoto
from .permissions import (
    PRODUCER_OFFICER_FIELDS,
    can_change_producer,
    can_create_producer,
    can_create_product,
    communes_for_user,
    is_registry_officer,
    producer_editable_fields,
)
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
    producer.verified_fields = [f for f in producer.verified_fields if f in VERIFIABLE_FIELDS]
    producer.search_text = _producer_search_text(producer)
    producer.full_clean()
    producer.save()
    audit_record(
        actor=by,
        action="producer.create",
        target=producer,
        summary=_("Tạo chủ thể %(name)s") % {"name": producer},
        changes=model_changes(producer, {}, [*data.keys()]),
    )
    return producer


@transaction.atomic
def producer_update(*, producer: Producer, by: User, data: dict) -> Producer:
    """Change a producer. Producers may change only their own, unverified fields; officers may
    also mark fields verified (`verified_fields`)."""
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    if not can_change_producer(by, producer):
        raise PermissionDenied
    data = _clean_text(data)
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
    producer.save(update_fields=[*fields, "search_text", "updated_at"])
    audit_record(
        actor=by,
        action="producer.update",
        target=producer,
        summary=_("Cập nhật chủ thể %(name)s") % {"name": producer},
        changes=changes,
    )
    public_cache_bump()  # the public catalogue shows the producer's name, place and consented contacts
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
    if user is not None and user.role != Role.PRODUCER:
        raise ValidationError({"email": _("E-mail này thuộc tài khoản cán bộ, không thể gán cho chủ thể.")})
    if user is not None and producer.members.filter(pk=user.pk).exists():
        raise ValidationError({"email": _("Người dùng này đã là thành viên của chủ thể.")})
    if user is None:
        username = email if not User.objects.filter(username=email).exists() else f"{email}-{uuid.uuid4().hex[:6]}"
        user = User(username=username, email=email, role=Role.PRODUCER, first_name=producer.contact_person[:150])
        user.set_unusable_password()
        user.full_clean()
        user.save()
    producer.members.add(user)
    audit_record(
        actor=by,
        action="producer.invite",
        target=producer,
        summary=_("Mời %(email)s vào chủ thể") % {"email": email},
        changes={"members": [None, email]},
    )
    transaction.on_commit(lambda: _send_invite(user=user, producer=producer, by=by))
    return user


def _send_invite(*, user: User, producer: Producer, by: User) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    send_templated(
        "producer_invite",
        to=[user.email],
        context={"user": user, "producer": producer, "invited_by": by, "path": path},
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
    commune, STT the commune's next serial from its counter row, năm the year the product is entered.
    The product's code is allocated once, at creation, and never changes afterwards."""
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
        summary=_("Tạo sản phẩm %(name)s, mã %(code)s") % {"name": product, "code": product.code},
        changes=model_changes(product, {}, ["name", "product_set", "code_serial"]),
    )
    return product


@transaction.atomic
def product_update(*, product: Product, by: User, data: dict) -> Product:
    product = Product.objects.select_for_update().select_related("producer").get(pk=product.pk)
    if not can_change_producer(by, product.producer):
        raise PermissionDenied
    fields = [f for f in data if f in PRODUCT_FIELDS]
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
        summary=_("Cập nhật sản phẩm %(name)s") % {"name": product},
        changes=changes,
    )
    public_cache_bump()
    return product


def _thumbnail(upload) -> ContentFile:
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
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from exc
    name = uuid.uuid4().hex
    photo = ProductPhoto(product=product, caption=nfc(caption), uploaded_by=by)
    photo.image.save(f"{name}.{ext}", upload, save=False)
    photo.thumbnail.save(f"{name}.jpg", _thumbnail(upload), save=False)
    photo.save()
    audit_record(
        actor=by,
        action="product.photo_add",
        target=product,
        summary=_("Thêm ảnh sản phẩm"),
        changes={"photos": [None, photo.image.name]},
    )
    public_cache_bump()
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
        summary=_("Xoá ảnh sản phẩm"),
        changes={"photos": [name, None]},
    )
    public_cache_bump()
    transaction.on_commit(lambda: [storage.delete(f) for f in files if f])


@transaction.atomic
def product_refresh_status(*, product: Product) -> Product:
    """Derive status and current star from the product's registrations and certificates.

    - a live certificate (valid, renewal window, expiring, extended) → recognised, with its star;
    - otherwise a registration under way → in evaluation;
    - otherwise the newest ended record decides: revoked / expired (or superseded) certificate,
      or a registration that did not reach 3 stars → not recognised; nothing at all → new.
    Other apps call this after their transitions; it imports them lazily (imports flow one way).
    """
    from certificates.choices import LIVE_STATUSES, CertificateStatus
    from evaluation.choices import RegistrationStatus as RS
    from evaluation.models.registrations import RESULT_MASKED

    in_progress = {
        RS.SUBMITTED,
        RS.FORWARDED,
        RS.ADVISORY_REVIEW,
        RS.SUPPLEMENT_REQUESTED,
        RS.READY_FOR_COUNCIL,
        RS.SCORED,
        RS.FORWARDED_TO_CENTRAL,
    }
    failed = {RS.NOT_RECOGNISED, RS.ELIMINATED, RS.REJECTED}

    certificates = list(product.certificates.order_by("-issued_on", "-id").values("status", "star", "issued_on"))
    registrations = list(
        product.registrations.order_by("-created_at", "-id").values("status", "created_at", "result_notified_status")
    )
    for r in registrations:  # an outcome not yet announced to the producer is still "in evaluation" (Điều 7.3g)
        if r["status"] in RESULT_MASKED and r["result_notified_status"] != r["status"]:
            r["status"] = RS.SCORED
    live = [c for c in certificates if c["status"] in LIVE_STATUSES]
    star = None
    if live:
        status, star = ProductStatus.RECOGNISED, max(c["star"] for c in live)
    elif any(r["status"] in in_progress for r in registrations):
        status = ProductStatus.IN_EVALUATION
    else:
        latest_cert = certificates[0] if certificates else None
        latest_reg = next((r for r in registrations if r["status"] not in {RS.DRAFT, RS.WITHDRAWN, RS.RETURNED}), None)
        reg_after_cert = latest_reg is not None and (
            latest_cert is None or latest_reg["created_at"].date() > latest_cert["issued_on"]
        )
        if reg_after_cert and latest_reg["status"] in failed:
            status = ProductStatus.NOT_RECOGNISED
        elif latest_cert is not None and latest_cert["status"] == CertificateStatus.REVOKED:
            status = ProductStatus.REVOKED
        elif latest_cert is not None:
            status = ProductStatus.EXPIRED
        elif latest_reg is not None and latest_reg["status"] in failed:
            status = ProductStatus.NOT_RECOGNISED
        else:
            status = ProductStatus.NEW
    Product.objects.filter(pk=product.pk).update(status=status, current_star=star)
    product.status, product.current_star = status, star
    public_cache_bump()  # called after every certificate issue, revocation and decision: the catalogue changes
    return product


# --- Excel import ----------------------------------------------------------------------------------


def import_start(*, kind: str, upload, by: User) -> tuple[ImportJob, dict | None]:
    """Read the file; small files are checked and imported at once (result returned), large ones get a
    job row and a Celery task (result None). Nothing is written when any row has an error."""
    from . import excel

    if not is_registry_officer(by) or by.is_read_only:
        raise PermissionDenied
    rows = excel.read_rows(kind=kind, upload=upload)
    upload.seek(0)
    job = ImportJob(kind=kind, created_by=by, file_name=getattr(upload, "name", "")[:255], total_rows=len(rows))
    if len(rows) <= excel.IMPORT_ASYNC_ROWS:
        result = import_apply(kind=kind, rows=rows, by=by)
        job.status = ImportStatus.FAILED if result["errors"] else ImportStatus.DONE
        job.errors, job.processed_rows = result["errors"], len(rows)
        job.created_count, job.updated_count = result["created"], result["updated"]
        job.finished_at = timezone.now()
        job.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
        job.save()
        return job, result
    with transaction.atomic():
        job.file.save(f"{uuid.uuid4().hex}.xlsx", upload, save=False)
        job.save()
        from .tasks import import_job_run_task

        transaction.on_commit(lambda: import_job_run_task.delay(job.pk))
    return job, None


def import_apply(*, kind: str, rows: list[dict], by: User, progress=None) -> dict:
    """Check every row, then write all of them in one transaction, or none if any row is wrong."""
    from . import excel

    checked, errors = excel.validate_rows(kind=kind, rows=rows, by=by, progress=progress)
    if errors:
        return {"created": 0, "updated": 0, "errors": errors}
    created = updated = 0
    with transaction.atomic():
        for row in checked:
            try:
                if kind == "producers":
                    obj = row.pop("_existing")
                    if obj is None:
                        producer_create(by=by, data=row["data"])
                        created += 1
                    else:
                        producer_update(producer=obj, by=by, data=row["data"])
                        updated += 1
                else:
                    obj, producer = row.pop("_existing"), row.pop("_producer")
                    if obj is None:
                        product_create(producer=producer, by=by, data=row["data"])
                        created += 1
                    else:
                        product_update(product=obj, by=by, data=row["data"])
                        updated += 1
            except ValidationError as exc:
                # A rule only the database knows (e.g. a race on a tax code): undo everything.
                transaction.set_rollback(True)
                return {"created": 0, "updated": 0, "errors": excel.errors_from(row["row"], exc, kind)}
        audit_record(
            actor=by,
            action=f"{kind}.import",
            summary=_("Nhập Excel: %(c)s mới, %(u)s cập nhật") % {"c": created, "u": updated},
        )
    return {"created": created, "updated": updated, "errors": []}


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued import once: claim PENDING → RUNNING, check with progress, write all or nothing."""
    from . import excel

    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING).update(status=ImportStatus.RUNNING)
    if claimed != 1:
        return None
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with job.file.open("rb") as handle:
        rows = excel.read_rows(kind=job.kind, upload=handle)

    def progress(done: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    try:
        result = import_apply(kind=job.kind, rows=rows, by=job.created_by, progress=progress)
    except ValidationError as exc:
        result = {
            "created": 0,
            "updated": 0,
            "errors": [{"row": None, "column": "", "message": m} for m in exc.messages],
        }
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED if result["errors"] else ImportStatus.DONE,
        errors=result["errors"],
        created_count=result["created"],
        updated_count=result["updated"],
        processed_rows=len(rows),
        total_rows=len(rows),
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job
