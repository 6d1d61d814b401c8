"""Reads: every list, export and detail starts from `for_user` and loads its relations up front."""

import ast
import datetime as dt
import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Exists, Field, JSONField, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_filters.conf import settings as filter_settings

from ocop.models import AuditEvent, User
from ocop.selectors import audit_vocabulary
from ocop.text import vi_order

from . import hooks
from .models import PRODUCT_CODE, Producer, Product, ProductSet
from .permissions import products_acted_for


def producer_list(*, user: User, filters: dict | None = None, counted: bool = True) -> QuerySet[Producer]:
    """`counted=False` leaves out each producer's product count: the list page counts its page's rows only
    (`with_product_counts`), instead of grouping every producer of the country before paging."""
    from .filters import ProducerFilter

    qs = Producer.objects.for_user(user).select_related("commune__parent", "historic_commune")
    if counted:
        qs = qs.annotate(product_count=Count("products", distinct=True))
    qs = qs.order_by(vi_order("name"), "pk")
    if filters is not None:
        qs = ProducerFilter(filters, queryset=qs, user=user).qs
    return qs


def with_product_counts(producers) -> list[Producer]:
    """Set `product_count` on the given producers (a page of the list), in one query."""
    producers = list(producers)
    counts = dict(
        Product.objects.filter(producer__in=[p.pk for p in producers])
        .order_by()
        .values_list("producer_id")
        .annotate(n=Count("pk"))
        .values_list("producer_id", "n")
    )
    for producer in producers:
        producer.product_count = counts.get(producer.pk, 0)
    return producers


# What the export and the API read of each product's neighbours (its province, its sector), and what the list page
# shows (the commune, the set): each table joined costs PostgreSQL's planner more than a page's query takes to run
# (a province's first page: 1.5 ms of planning with seven tables, ~0.5 ms with four).
PRODUCT_RELATED = ("producer__commune__parent", "product_set__group__sector")
PRODUCT_PAGE_RELATED = ("producer__commune", "product_set")


def product_list(*, user: User, filters: dict | None = None, related=PRODUCT_RELATED) -> QuerySet[Product]:
    from .filters import ProductFilter

    qs = Product.objects.for_user(user).select_related(*related).order_by(vi_order("name"), "pk")
    if filters is not None:
        qs = ProductFilter(filters, queryset=qs, user=user).qs
    return qs


def producer_products(*, producer: Producer, user: User) -> QuerySet[Product]:
    """The producer's products, each with `openable`: whether `user` may open its page (Product.for_user), so the
    producer's page links only what would not answer 404, in the same query."""
    openable = Exists(Product.objects.for_user(user).filter(pk=OuterRef("pk")))
    return producer.products.select_related("product_set").annotate(openable=openable).order_by(vi_order("name"), "pk")


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}.*")
# The keys under which an act keeps a photo's storage path (a product's photos, an inspection's photo added).
PHOTO_KEYS = {"photos", "photo"}
CRITERION_NUMBER = re.compile(r"\d+(\.\d+)*")  # a self-assessment's change: the scorecard's criterion number


def _readable(field, value, choices=None, as_text=None):
    """One side of an audited change as text. `field` is whatever the model answers for the name (a field, a
    reverse relation, or None for a name it no longer has); a value is looked up in a concrete field's choices, then
    in the `choices` the app declares for the key (ocop.hooks.AuditVocabulary.key_choices). `as_text`: the app's
    writer of a key it keeps as data (AuditVocabulary.key_values)."""
    if as_text is not None and value not in (None, "", []):
        try:
            return as_text(value)
        except Exception:  # noqa: BLE001 — a malformed row is shown as stored below: the page still opens
            pass
    if isinstance(field, JSONField) and isinstance(value, str) and value.startswith("["):
        try:  # the audit trail keeps a list as its repr: "['tax_code', 'name']"
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            pass
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, str | int):
        field_choices = field.flatchoices if isinstance(field, Field) and field.choices else ()
        for options in (field_choices, choices.choices if choices is not None else ()):
            labels = dict(options)
            if value in labels:
                return labels[value]
    if isinstance(value, str):
        return _readable_moment(value)
    if isinstance(value, list | tuple):  # verified_fields: names of fields; relations: ids or names
        model = field.model if isinstance(field, Field) else None
        labels = dict(field.flatchoices) if isinstance(field, Field) and field.choices else {}  # a list of choices
        return ", ".join(
            str(labels[v])
            if isinstance(v, str) and v in labels
            else str(_label(model, v))
            if isinstance(v, str)
            else str(v)
            for v in value
        )
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return value


def _readable_moment(value: str) -> str:
    """A date or a moment the audit trail kept as ISO text, as the interface writes it (dd/mm/yyyy)."""
    try:
        if ISO_DATE.fullmatch(value):
            return formats.date_format(dt.date.fromisoformat(value), "d/m/Y")
        if ISO_DATETIME.fullmatch(value):
            moment = dt.datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "d/m/Y H:i")
    except ValueError:
        pass
    return value


def _field(models, name):
    """The concrete field `name` of the first of `models` that has one, else None."""
    for model in models:
        try:
            field = model._meta.get_field(name)
        except (AttributeError, LookupError, TypeError, FieldDoesNotExist):
            continue
        if getattr(field, "concrete", False):
            return field
    return None


def _named(field) -> bool:
    """Whether the field was given a name of its own (Django otherwise makes one up from the attribute, in English)."""
    return field._verbose_name is not None  # what Field.deconstruct() reads too


def _label(model, name, vocabulary=None) -> str:
    """A changed key's name: the verbose name of the target's field, or the label the app gives the key
    (ocop.hooks.AuditVocabulary), or that of a field of the app's other models, or the key as it is stored."""
    fields = [_field((model,), name)]
    if vocabulary is not None:
        if name in vocabulary.keys and not (fields[0] is not None and _named(fields[0])):
            return str(vocabulary.keys[name])
        fields.append(_field(vocabulary.models, name))
    for field in fields:
        if field is not None and _named(field):
            return capfirst(str(field.verbose_name))
    if isinstance(name, str) and CRITERION_NUMBER.fullmatch(name):
        return _("Tiêu chí %(number)s") % {"number": name}
    return {"photos": _("Ảnh"), "members": _("Người dùng")}.get(name, str(name))


def _photo_change(old, new) -> str:
    """A photo's audit change ([None, stored path] when added, [stored path, None] when removed) in words: the
    stored path ("products/photos/2026/<hash>.jpg") means nothing to a reader."""
    if new not in (None, "", []):
        return _("thêm ảnh mới")
    if old not in (None, "", []):
        return _("xoá ảnh")
    return "—"


def _names_a_record(field) -> bool:
    """Whether an audited key is a foreign key (to a user, a product, a dossier…): the audit keeps the id, the reader
    wants the record's name."""
    return bool(getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False)) and (
        getattr(field, "related_model", None) is not None
    )


def _pairs(changes: dict, whole=()):
    """An audit row's (name, old, new, fact): a single value is a fact the act recorded, [old, new] a change; the
    keys in `whole` are facts whatever their value (a list of two inspectors is no change from one to the other)."""
    for name, pair in (changes or {}).items() if isinstance(changes, dict) else ():
        fact = name in whole or not (isinstance(pair, list | tuple) and len(pair) == 2)
        old, new = (None, pair) if fact else pair
        yield name, old, new, fact


def _named_record(model, name, vocabulary):
    """The model of the record a changed key names by its id, and what writes that record as text: a foreign key's
    (the record's own name), or a key the app says names one (AuditVocabulary.key_records: a dossier's site visit,
    test request, council result), over the field of the app's other models that bears its name (a referral's
    "result"); None for any other key."""
    own = _field((model,), name)
    if own is None and name in vocabulary.key_records:
        return vocabulary.key_records[name]
    field = own or _field(vocabulary.models, name)
    if _names_a_record(field):
        return field.related_model, str
    return vocabulary.key_records.get(name)


def _ids(value) -> list[int]:
    """The ids a changed key's value holds: one id, or a list of them (an inspection's inspectors)."""
    values = value if isinstance(value, list | tuple) else [value]
    return [v for v in values if type(v) is int]


def _named_as(records: dict):
    """What writes a value naming records by id: each id as its record's name (the id of one since deleted)."""

    def as_text(value):
        if isinstance(value, list | tuple):
            return ", ".join(str(records.get(v, v)) if type(v) is int else str(v) for v in value)
        return records.get(value, value) if type(value) is int else value

    return as_text


def _record_names(model, rows, vocabulary) -> dict[type, dict[int, str]]:
    """The names of the records the audit rows' changes name by id (a dossier's product, a revocation's proposer, a
    dossier's site visit), by model: one query per kind of record named, whatever the number of rows. What a
    record's name reads (a dossier's names its product) comes in the same query."""
    ids: dict[type, set] = {}
    writers: dict[type, object] = {}
    for changes in rows:
        for name, old, new, _fact in _pairs(changes):
            named = _named_record(model, name, vocabulary)
            if named is None:
                continue
            pks = {pk for value in (old, new) for pk in _ids(value)}
            if pks:
                ids.setdefault(named[0], set()).update(pks)
                writers.setdefault(named[0], named[1])
    names = {}
    for related, pks in ids.items():
        # the record's own non-null relations, for a name built from them (a dossier's "product (kind, year)")
        joined = [f.name for f in related._meta.concrete_fields if f.many_to_one and not f.null]
        writer = writers[related]
        names[related] = {
            record.pk: writer(record) for record in related._base_manager.filter(pk__in=pks).select_related(*joined)
        }
    return names


def readable_changes(
    model, changes: dict, vocabulary=None, *, created: bool = False, action: str = "", names: dict | None = None
) -> list[dict]:
    """An audit row's {field: [old, new]} as the user reads it: the field's name in the reader's language (the
    label the act gives the key (AuditVocabulary.action_keys), the model's verbose name, or the label the app that
    wrote the row gives a key that is no field of it), choice labels, Có/Không, a user's name for a user's id, dates
    as dd/mm/yyyy, and — for an empty value; the keys the act keeps for itself (a PDF's version) are left out. Any
    name is accepted (a field, a relation, a name since removed) and a malformed pair is shown as it is stored: the
    history must never stop a page from opening. `names`: the names of the records the rows name by id
    (_record_names), when the caller read them for many rows at once; a record since deleted shows its id."""
    vocabulary = vocabulary or audit_vocabulary()
    act_labels = vocabulary.action_keys.get(action, {})
    if names is None:
        names = _record_names(model, [changes], vocabulary)
    rows = []
    for name, old, new, fact in _pairs(changes, vocabulary.fact_keys.get(action, ())):
        if name in act_labels and act_labels[name] is None:
            continue  # internal to the act
        # a single value is a fact the act recorded (an upload's file name), and so is what a record was `created`
        # with: `fact` rows read "label: value", not a change from nothing.
        fact = fact or (created and old in (None, "", []))
        label = str(act_labels[name]) if name in act_labels else _label(model, name, vocabulary)
        if name in PHOTO_KEYS:  # a photo added or removed: the audit keeps its storage path, never shown
            rows.append({"label": label, "old": "—", "new": _photo_change(old, new), "fact": True})
            continue
        field = _field((model,), name) or _field(vocabulary.models, name)
        choices, as_text = vocabulary.key_choices.get(name), vocabulary.key_values.get(name)
        named = _named_record(model, name, vocabulary)
        if named is not None:
            records = names.get(named[0], {})
            as_text = as_text or _named_as(records)
        rows.append(
            {
                "label": label,
                "old": _readable(field, old, choices, as_text),
                "new": _readable(field, new, choices, as_text),
                "fact": fact,
            }
        )
    return rows


def audit_history(*, target, limit: int = 200, where: Q | None = None) -> list[AuditEvent]:
    """The change history of one record, newest first (only the events `where` keeps, when given); each event
    carries the act's name in the reader's language (`label`) and `change_rows` to display."""
    content_type = ContentType.objects.get_for_model(target)
    events = AuditEvent.objects.filter(target_type=content_type, target_id=str(target.pk))
    events = list((events.filter(where) if where is not None else events).select_related("actor")[:limit])
    vocabulary = audit_vocabulary()
    names = _record_names(type(target), [event.changes for event in events], vocabulary)
    for event in events:
        event.label = str(vocabulary.actions.get(event.action, event.action))
        created = event.action.endswith(".create")
        event.change_rows = readable_changes(
            type(target), event.changes, vocabulary, created=created, action=event.action, names=names
        )
    return events


def audit_history_for(*, user: User, target, limit: int = 200) -> list[AuditEvent] | None:
    """The history of a record the user already opened through its chokepoint, for the officers who handle it;
    None for everyone else (the page then shows no history)."""
    from ocop.permissions import sees_audit_history

    if not sees_audit_history(user):
        return None
    return audit_history(target=target, limit=limit)


def product_commune_ids(*product_ids: int) -> list[int | None]:
    """The communes of the products' producers: the units whose programme figures a change to them moves
    (ocop.cache.statistics_cache_bump)."""
    return list(Product.objects.filter(pk__in=product_ids).values_list("producer__commune_id", flat=True).distinct())


def products_by_code(products: QuerySet[Product], codes) -> dict[str, Product]:
    """The products of `products` whose code (`Product.code`: the OCOP code, or the one a product had before this
    system) is among `codes`, by the code asked for. An OCOP code's last part is the year of an evaluation
    (Product.code_in), so the same product answers to its code of any year. The code is no column of its own: one
    query by its parts, checked here."""
    asked: dict = {}
    for code in set(codes):
        asked.setdefault(_code_identity(code), []).append(code)
    parts = [identity for identity in asked if isinstance(identity, tuple)]
    wanted = Q(code_serial__isnull=True, legacy_code__in=[identity for identity in asked if isinstance(identity, str)])
    if parts:
        wanted |= Q(code_commune__in={p[1] for p in parts}, code_serial__in={int(p[2]) for p in parts})
    return {
        code: product for product in products.filter(wanted) for code in asked.get(_code_identity(product.code), ())
    }


def _code_identity(code: str):
    """What names the product in a code: province, commune and serial of an OCOP code; a code from before this
    system as a whole."""
    match = PRODUCT_CODE.match(code)
    return match.groups()[:3] if match else code


def communes_by_province(communes) -> list:
    """Choices grouped under their province (<optgroup>), for a national officer's list of 3,321 communes
    when no province is chosen yet (and the browser runs no JavaScript to narrow it). One query."""
    groups: dict[str, list] = {}
    for pk, name, province in communes.order_by(vi_order("parent__name"), vi_order("name"), "pk").values_list(
        "pk", "name", "parent__name"
    ):
        groups.setdefault(province or "", []).append((pk, name))
    return [("", filter_settings.EMPTY_CHOICE_LABEL), *groups.items()]


def product_sets() -> QuerySet[ProductSet]:
    return ProductSet.objects.select_related("group__sector").order_by("number")


def timeline_at(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))


def timeline_url(name: str, pk) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def product_timeline(*, product: Product, user) -> list[dict]:
    """Registrations, council results, certificates and audit events of a product, newest first.
    The apps above products add their entries through `hooks.product_timeline_entries` (evaluation: dossiers and
    council results, masked for a producer until announced; certificates: certificates). A fixed number of
    queries whatever the history's length."""
    entries = [
        entry for app_entries in hooks.product_timeline_entries(product=product, user=user) for entry in app_entries
    ]
    for event in audit_history(target=product):
        entries.append(
            {
                "at": event.at,
                "kind": "audit",
                "icon": "pencil-square",
                "title": event.label,
                "detail": " · ".join(str(part) for part in (event.actor, event.summary) if part),
                "changes": event.change_rows,
                "url": "",
            }
        )
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries


def products_counts(*, user: User) -> dict:
    """Counts for the home page panels (two queries)."""
    from .choices import ProductStatus

    producers = Producer.objects.for_user(user).count()
    products = Product.objects.for_user(user).aggregate(
        total=Count("pk"), recognised=Count("pk", filter=Q(status=ProductStatus.RECOGNISED))
    )
    return {"producers": producers, **products}


def product_options(*, user: User, province_id: int | None, filing: bool = False) -> list[dict]:
    """A province's products in `user`'s scope, as a national user's product choice offers them
    (ocop.forms.ProvinceFirstMixin): "name — producer", in name order. `filing`: only those it may file a dossier
    for (permissions.products_acted_for)."""
    if province_id is None:
        return []
    rows = (
        (products_acted_for(user) if filing else Product.objects.for_user(user))
        .filter(province_id=province_id)
        .order_by(vi_order("name"), "pk")
        .values_list("pk", "name", "producer__name")
    )
    return [{"id": pk, "name": product_label(name, producer)} for pk, name, producer in rows]


def product_label(name: str, producer_name: str) -> str:
    return f"{name} — {producer_name}"


def producer_options(*, user: User, province_id: int | None) -> list[dict]:
    """A province's producers in `user`'s scope, as a national user's producer choice offers them: "name —
    commune" (producers of the same name in different communes stay apart)."""
    if province_id is None:
        return []
    rows = (
        Producer.objects.for_user(user)
        .filter(province_id=province_id)
        .order_by(vi_order("name"), "pk")
        .values_list("pk", "name", "commune__name")
    )
    return [{"id": pk, "name": producer_label(name, commune)} for pk, name, commune in rows]


def producer_label(name: str, commune_name: str) -> str:
    return f"{name} — {commune_name}"


def producer_links_out_of_scope() -> list[tuple[Producer, User, User]]:
    """The memberships (producer, account, officer who linked it) that products.permissions.can_link_account refuses
    today: when the officer linked the account, it was already a member of a producer outside their scope (links
    made before that rule existed). A link is read from the audit trail (the officer's latest "producer.invite" of
    that producer for the account, found by its id, or for a row without one by the address the account had when
    it was invited: _accounts_by_address_then); a membership with none (the producer's own account, one from the
    admin) is counted as the oldest and never flagged. Each link is judged against the memberships older than it, so the
    producer the account first belonged to keeps it and the link that reached across is the one flagged. The
    officer's scope is read as it is now (Producer.objects.for_user)."""
    through = Producer.members.through
    shared = through.objects.values("user_id").annotate(n=Count("producer_id")).filter(n__gt=1).values("user_id")
    accounts = {user.pk: user for user in User.objects.filter(pk__in=shared)}
    if not accounts:
        return []
    memberships: dict[int, list[int]] = {}
    for user_id, producer_id in through.objects.filter(user_id__in=accounts).values_list("user_id", "producer_id"):
        memberships.setdefault(user_id, []).append(producer_id)
    producer_ids = {pk for ids in memberships.values() for pk in ids}
    account_then = _accounts_by_address_then(accounts)
    links = {}  # (producer id, user id) -> the invite row that made it (the latest)
    invites = AuditEvent.objects.filter(
        action="producer.invite",
        target_type=ContentType.objects.get_for_model(Producer),
        target_id__in=[str(pk) for pk in producer_ids],
        actor__isnull=False,
    ).select_related("actor__unit")
    for event in invites.order_by("at", "pk"):
        user_id = event.changes.get("member_id")
        if user_id is None:
            user_id = account_then(str((event.changes.get("members") or [None, ""])[-1] or ""), event.at)
        if user_id in accounts:
            links[(int(event.target_id), user_id)] = event
    producers = Producer.objects.in_bulk(producer_ids)
    flagged = []
    for user_id, ids in memberships.items():

        def linked_at(pk, user_id=user_id):
            event = links.get((pk, user_id))
            return (1, event.at, pk) if event else (0, pk)

        oldest_first = sorted(ids, key=linked_at)
        for position, producer_id in enumerate(oldest_first):
            event = links.get((producer_id, user_id))
            earlier = oldest_first[:position]
            if event is None or not earlier:
                continue
            reach = set(Producer.objects.for_user(event.actor).filter(pk__in=earlier).values_list("pk", flat=True))
            if set(earlier) - reach:
                flagged.append((producers[producer_id], accounts[user_id], event.actor))
    return flagged


def _accounts_by_address_then(accounts: dict[int, User]):
    """What finds the account of `accounts` an invitation row without its id named by its address (the rows written
    before "member_id"): the one that had that address when the row was written. An account's address may have been
    corrected since (accounts.services.account_update, the admin: each a "user.update" row with the address before
    and after), so the address the row names is matched against each account's address at the row's time, read
    back from those rows, not against today's. None when no account had it then."""
    changes: dict[int, list[tuple[dt.datetime, str]]] = {}  # user id -> (when, the address before), oldest first
    held: dict[str, set[int]] = {}  # every address an account has had -> the accounts
    for user in accounts.values():
        held.setdefault((user.email or "").lower(), set()).add(user.pk)
    rows = AuditEvent.objects.filter(
        action="user.update",
        target_type=ContentType.objects.get_for_model(User),
        target_id__in=[str(pk) for pk in accounts],
        changes__has_key="email",
    ).order_by("at", "pk")
    for target_id, at, change in rows.values_list("target_id", "at", "changes"):
        pair = change.get("email")
        if isinstance(pair, list) and len(pair) == 2:
            before = str(pair[0] or "").lower()
            changes.setdefault(int(target_id), []).append((at, before))
            held.setdefault(before, set()).add(int(target_id))

    def address_at(user_id: int, at: dt.datetime) -> str:
        later = [before for when, before in changes.get(user_id, ()) if when > at]
        return later[0] if later else (accounts[user_id].email or "").lower()

    def account_then(address: str, at: dt.datetime) -> int | None:
        address = address.lower()
        if not address:
            return None
        return next((pk for pk in sorted(held.get(address, ())) if address_at(pk, at) == address), None)

    return account_then
