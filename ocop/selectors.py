import datetime
import re
import unicodedata
from collections import defaultdict
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.db.models import Count, Min
from django.urls import Resolver404, resolve


def health_status() -> dict:
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure of the database means "not healthy"
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"error: {exc.__class__.__name__}"
    if checks["database"] == "ok":  # what the administrator's home page shows, for the monitoring
        checks.update(_operations_checks(operations_status()))
    return checks


def _operations_checks(status: dict) -> dict:
    from django.utils import timezone

    def minute(moment) -> str:
        return timezone.localtime(moment).isoformat(timespec="minutes")

    backup = status["backup"]
    if backup is None:
        backup_check = "none"
    else:
        backup_check = f"late: last {minute(backup.at)}" if status["backup_late"] else "ok"
    outbox_check = "ok"
    if status["outbox_late"]:
        outbox_check = f"late: {status['outbox_waiting']} waiting since {minute(status['outbox_oldest'])}"
    return {"backup": backup_check, "outbox": outbox_check}


# Work queued more than this long ago and still not handed to the broker: Redis or the relay is down.
OUTBOX_LATE = datetime.timedelta(minutes=5)


def operations_status() -> dict:
    """What the administrator watches to lose nothing (their home page): the last backup (`manage.py backup` records
    each), late when older than BACKUP_STALE_HOURS, and the work waiting in the outbox for the broker. Two queries."""
    from django.utils import timezone

    from .choices import AuditAction
    from .models import AuditEvent, OutboxMessage

    now = timezone.now()
    backup = AuditEvent.objects.filter(action=AuditAction.BACKUP_CREATE).order_by("-at").only("at", "summary").first()
    waiting = OutboxMessage.objects.filter(sent_at=None).aggregate(n=Count("pk"), oldest=Min("created_at"))
    return {
        "backup": backup,
        "backup_late": backup is None or now - backup.at > datetime.timedelta(hours=settings.BACKUP_STALE_HOURS),
        "backup_stale_hours": settings.BACKUP_STALE_HOURS,
        "outbox_waiting": waiting["n"],
        "outbox_oldest": waiting["oldest"],
        "outbox_late": waiting["oldest"] is not None and now - waiting["oldest"] > OUTBOX_LATE,
    }


def commune_options(*, province_id: int | None = None, successor_id: int | None = None) -> list[dict]:
    """Choices for the cascading selects (one query): the current communes of a province, or the
    communes before 1 July 2025 that were merged into a current commune (labelled with their old
    district and province, since many old communes share a name)."""
    from .choices import UnitEra, UnitLevel
    from .models import AdministrativeUnit
    from .text import vi_order

    if successor_id is not None:
        units = AdministrativeUnit.objects.filter(
            era=UnitEra.HISTORIC, level=UnitLevel.COMMUNE, succession_out__new_id=successor_id
        ).order_by(vi_order("full_name"), "pk")
        return [{"id": u.pk, "name": str(u)} for u in units.only("pk", "name", "full_name")]
    if province_id is not None:
        units = (
            AdministrativeUnit.objects.current()
            .communes()
            .filter(parent_id=province_id)
            .order_by(vi_order("name"), "pk")
        )
        return [{"id": u.pk, "name": u.name} for u in units.only("pk", "name")]
    return []


def job_status_data(*, job) -> dict:
    """The one status shape every job page polls (static/js/job-progress.js)."""
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "error": job.error,
        "finished": job.finished,
    }


LOCKOUT_LIST_DAYS = 90


def lockouts_for_user(user):
    """The lockouts `user` may see and lift (audit action "auth.lockout") of the last 90 days. National roles see
    every lockout, including names that match no account; a provincial officer sees those of the accounts of the
    province (its staff, communes, and the members of its producers); other roles none."""
    from datetime import timedelta

    from django.db.models import Q
    from django.utils import timezone

    from .models import AuditEvent, User
    from .permissions import can_see_lockouts

    qs = AuditEvent.objects.filter(action="auth.lockout", at__gte=timezone.now() - timedelta(days=LOCKOUT_LIST_DAYS))
    if not can_see_lockouts(user):
        return qs.none()
    if not user.is_national:
        province_id = user.province_id
        if province_id is None:
            return qs.none()
        # A lookup path, not an import: ocop does not import the products app (producers__ is its reverse relation).
        # A producer account is the province's when all its producers are (products.permissions.can_link_account):
        # one also a member of another province's producer is lifted by the ministry, not by either province.
        elsewhere = User.producers.through.objects.exclude(producer__province_id=province_id).values("user_id")
        accounts = User.objects.filter(
            Q(unit_id=province_id)
            | Q(unit__parent_id=province_id)
            | (Q(producers__province_id=province_id) & ~Q(pk__in=elsewhere))
        ).values("pk")
        qs = qs.filter(actor__in=accounts)
    return qs


def lockout_list(*, user, limit: int = 200):
    """Lockouts of the last 90 days (lockouts_for_user), newest first, with the locked account."""
    return lockouts_for_user(user).select_related("actor__unit")[:limit]


def notifications_out_of_reach(user, notifications) -> set[int]:
    """The ids of the `notifications` whose link `user` can no longer open: a record page (ocop.hooks.detail_pages)
    of a record now out of their scope (the advisory team's dossier once the council has it, a producer's product
    after they left it), or a page that no longer exists. One query per kind of record page among them."""
    from .hooks import detail_pages

    pages = {name: records for provided in detail_pages() for name, records in provided.items()}
    out, linked = set(), defaultdict(dict)  # view name -> {notice id: record id}
    for notice in notifications:
        if not notice.url:
            continue
        try:
            match = resolve(urlsplit(notice.url).path)
        except Resolver404:
            out.add(notice.pk)
            continue
        if match.view_name in pages and "pk" in match.kwargs:
            linked[match.view_name][notice.pk] = match.kwargs["pk"]
    for name, records in linked.items():
        reachable = set(pages[name](user).filter(pk__in=set(records.values())).values_list("pk", flat=True))
        out |= {notice for notice, pk in records.items() if pk not in reachable}
    return out


def audit_vocabulary():
    """Every app's `AuditVocabulary` (ocop.hooks) as one: what the change history shows for an act and its keys."""
    from .hooks import AuditVocabulary
    from .hooks import audit_vocabulary as provided

    actions, keys, key_choices, key_values, models, action_keys, key_records = {}, {}, {}, {}, [], {}, {}
    fact_keys = {}
    for vocabulary in provided():
        for action, labels in vocabulary.action_keys.items():
            action_keys[action] = {**action_keys.get(action, {}), **labels}
        for action, names in vocabulary.fact_keys.items():
            fact_keys[action] = fact_keys.get(action, frozenset()) | frozenset(names)
        actions |= vocabulary.actions
        keys |= vocabulary.keys
        key_choices |= vocabulary.key_choices
        key_values |= vocabulary.key_values
        key_records |= vocabulary.key_records
        models += vocabulary.models
    return AuditVocabulary(
        actions=actions,
        keys=keys,
        key_choices=key_choices,
        models=tuple(models),
        key_values=key_values,
        action_keys=action_keys,
        key_records=key_records,
        fact_keys=fact_keys,
    )


# --- decision numbers ------------------------------------------------------------------------------------

MINISTRY_NAME = "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
# "Ủy ban nhân dân" as a name may spell it, its tone mark on either letter, or "UBND" (issuer_key).
PEOPLES_COMMITTEE = re.compile(r"\b(?:ủy|uỷ) ban nhân dân\b")


def decision_issuer_name(unit) -> str:
    """Who issues a decision that the Chủ tịch UBND of `unit` (a province, a former district) signs, as decisions
    print it: "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"; the ministry when `unit` is None (5★, the central council)."""
    if unit is None:
        return MINISTRY_NAME
    return f"ỦY BAN NHÂN DÂN {unit.name.upper()}"


# An issuer written as a document's heading prints it, in capitals: "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN".
HEADING_ISSUER = re.compile(r"(?:ỦY|UỶ) BAN NHÂN DÂN (TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ) (.+)")


def issuer_in_text(decision) -> str:
    """The issuer as a sentence names it ("theo Quyết định số … của Ủy ban nhân dân tỉnh Thái Nguyên"): the
    heading's capitals belong to the heading only (Nghị định 30/2020). A name typed otherwise (a historic
    decision's "UBND huyện Na Rì") is printed as typed, but for its unit's kind (text.unit_name_in_text: "UBND Huyện
    Na Rì" → "UBND huyện Na Rì")."""
    from .text import unit_name_in_text

    name = unicodedata.normalize("NFC", decision.issuer_name or "").strip()
    if not name or name != name.upper():
        return unit_name_in_text(name)
    if decision.issuer_level == "ministry" and name == MINISTRY_NAME:
        return "Bộ Nông nghiệp và Môi trường"
    match = HEADING_ISSUER.fullmatch(name)
    if match is None:
        return name
    unit = decision.issuer_unit if decision.issuer_unit_id else None
    if unit is not None and unit.name.upper() == f"{match[1]} {match[2]}":
        return f"Ủy ban nhân dân {unit.name_in_text}"  # the unit's own spelling: "thành phố Hồ Chí Minh"
    words = " ".join(word[:1] + word[1:].lower() for word in match[2].split())
    return f"Ủy ban nhân dân {unit_name_in_text(f'{match[1].capitalize()} {words}')}"


def issuer_key(name: str) -> str:
    """One issuer however its name is written: "UBND tỉnh Bắc Kạn" and "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN" give the same
    key (case, spaces and the spelled-out "Ủy ban nhân dân" aside)."""
    from .text import nfc

    key = " ".join(nfc(name or "").casefold().split())
    return PEOPLES_COMMITTEE.sub("ubnd", key)


def decision_number_holder(*, issuer: str, number: str, year: int, decision: tuple):
    """The other decision of `issuer` that bears `number` in `year`, or None. An issuer numbers all its decisions of
    a year in one sequence ("số …/QĐ-UBND", Nghị định 30/2020/NĐ-CP, Phụ lục I: the order of its documents of that
    year), whatever they decide: a province's recognition decision, its approval of a potential 5★, its revocation
    of a certificate and its decision establishing a council never share a number, and a former district's recorded
    decisions neither. Every app answers for the decisions it records (ocop.hooks.decision_numbers); `decision` says
    which decision is being written (DecisionNumber.decision: the records of that same decision are not another).
    A number is the same however a clerk typed it: "12/QD-UBND" is "12/QĐ-UBND" (ocop.text.decision_number_key)."""
    from .hooks import decision_numbers
    from .text import decision_number_key

    key, number = issuer_key(issuer), decision_number_key(number)
    if not key or not number:
        return None
    for found in decision_numbers(number, year):
        for other in found:
            same = other.decision != decision and decision_number_key(other.number) == number
            if same and issuer_key(other.issuer) == key:
                return other
    return None


class NumberClash(NamedTuple):
    """Records that bear one number however typed (`key`, ocop.text.decision_number_key) in one issuer's sequence
    of a year: the issuer's name as the first of them writes it, the year, and the records, oldest first."""

    issuer: str
    year: int
    key: str
    records: list


def decision_number_clashes() -> list[NumberClash]:
    """The decisions of one issuer and year whose numbers are one number however typed, the pairs that
    decision_number_holder refuses since it compares keys ("12/QD-UBND" after "12/QĐ-UBND", a council's "012/qđ-ubnd")
    but that were written before: every app's records (ocop.hooks.decision_numbers, every number of every year),
    grouped by issuer (issuer_key), year and number key, where a group holds more than one decision (the several
    records of one decision, the certificates one revocation decision revokes, are not a clash). Nothing is merged
    or renumbered: the office finds which decision bears the number and has the other corrected. By issuer, year and
    number."""
    from .hooks import decision_numbers

    return number_clashes(record for found in decision_numbers(None, None) for record in found)


def number_clashes(records) -> list[NumberClash]:
    """The `records` (ocop.hooks.DecisionNumber) of one issuer (issuer_key) and year whose numbers are one number
    however typed (ocop.text.decision_number_key), where a group holds more than one document (`decision`: the several
    records of one document are not a clash). The one grouping of decision_number_clashes and of any other sequence
    of numbered papers an app lists so (evaluation's result notices). By issuer, year and number."""
    from .text import decision_number_key

    groups = defaultdict(list)
    for record in records:
        issuer, key = issuer_key(record.issuer), decision_number_key(record.number)
        if issuer and key and record.date is not None:
            groups[(issuer, record.date.year, key)].append(record)
    clashes = []
    for (_issuer, year, key), group in sorted(groups.items()):
        if len({record.decision for record in group}) > 1:
            group.sort(key=lambda r: (r.date, r.decision[0], r.pk or 0))
            clashes.append(NumberClash(group[0].issuer, year, key, group))
    return clashes
