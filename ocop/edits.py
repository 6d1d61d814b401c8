"""Two people editing one record at once: an edit page sends back, beside each field, the value it showed
(ocop.forms.OwnChangesMixin), and the service writes only the fields the person changed there (edit_changes)."""

import datetime
import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent
from .text import nfc


# --- Two people editing one record at once ---------------------------------------------------------------------
# An edit page sends back, beside each field, the value it showed (ocop.forms.OwnChangesMixin), and the service
# writes only the fields the person changed there: what someone else saved meanwhile in the other fields stays.
# Where both changed the same field, the later save would silently undo the earlier one; it is refused instead,
# next to the field, naming who changed it to what, and the page starts again from the record as it is now: saving
# once more (the person has now seen the other change) writes what they typed.
class EditConflict(ValidationError):
    """Fields someone else changed after the person's page showed them; `current` holds their values now."""

    def __init__(self, errors: dict, current: dict):
        super().__init__(errors, code="edit_conflict")
        self.current = current


def edit_changes(
    *,
    record: models.Model,
    data: dict,
    seen: dict | None,
    audit_target: models.Model | None = None,
    together: bool = False,
) -> dict:
    """What of `data` (a person's edit of `record`, read under the caller's row lock) to write: the fields they
    changed from what their page showed (`seen`), without those they left as shown, which keeps what someone else
    saved there meanwhile. A field both changed (its value now is neither what the page showed nor what the person
    typed) raises EditConflict, naming who changed it (from the audit trail of `audit_target`, the record by
    default). Without a page's value for a field (a script's post, an import) it is written. `together`: the fields
    hold together (a checklist area's result, severity and note): a change to one writes all of them as typed."""
    seen = seen or {}
    changed = {name: value for name, value in data.items() if name not in seen or not same_value(value, seen[name])}
    if together and changed:
        changed = dict(data)
    current = {
        name: getattr(record, name)
        for name, value in changed.items()
        if name in seen
        and not same_value(getattr(record, name), seen[name])
        and not same_value(getattr(record, name), value)
    }
    if current:
        target = audit_target or record
        raise EditConflict(
            {name: _conflict_message(record, name, value, target) for name, value in current.items()}, current
        )
    return changed


# --- A compare-and-swap write that finds its record moved on ---------------------------------------------------------
# A status change (a dossier's, a round's) is written only if the record is still where it was read. When it is not,
# the audit trail says who moved it: a double click, or the same person's second tab, had the other copy do it a
# moment before, and "someone else changed it" blamed a person who does not exist.
MOVED_ON_RECENTLY = datetime.timedelta(minutes=10)


class AlreadyDone(ValidationError):
    """The act was done a moment before by the same person, with the same content (a double click, a second tab):
    nothing is left to do. Pages show it as done, not as a refusal."""


def moved_on_refusal(
    *, target: models.Model, by, action: str, changes: dict, fallback, refusal: type[ValidationError] = ValidationError
) -> ValidationError:
    """The refusal of a compare-and-swap write of `action` with `changes` (its audit row's) by `by` that found `target`
    moved on since it was read, as the latest audit row of `target` explains it: AlreadyDone when it is `by`'s own
    `action` with the same changes, a moment before; "you did it a moment ago, with other content" when the changes
    differ; "<who> changed it at <when>" for another person; `fallback` when the trail does not say. Refusals are
    of the caller's `refusal` class."""
    event = (
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(target),
            target_id=str(target.pk),
            at__gte=timezone.now() - MOVED_ON_RECENTLY,
        )
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    author = change_author(event)
    if author is None:
        return refusal(fallback)
    if by is not None and event.actor_id == by.pk and event.action == action:
        if _as_stored(event.changes) == _as_stored(changes):
            return AlreadyDone(
                _(
                    "Việc này đã được chính bạn thực hiện lúc %(when)s (có thể do bấm hai lần hoặc mở hai thẻ) và đã "
                    "được lưu: không cần làm lại."
                )
                % author,
                code="already_done",
            )
        return refusal(
            _(
                "Bạn đã thực hiện việc này lúc %(when)s (ở một thẻ khác hoặc lần bấm trước) với nội dung khác; nội dung "
                "lần này không được lưu. Tải lại trang để xem bản đã lưu."
            )
            % author
        )
    return refusal(_("%(who)s vừa thay đổi mục này lúc %(when)s; tải lại trang để xem bản mới nhất.") % author)


def _as_stored(changes: dict) -> str:
    """`changes` as the audit trail keeps them (JSON), to compare one about to be written with one written."""
    return json.dumps(changes or {}, sort_keys=True, default=str, ensure_ascii=False)


def last_change_of(target: models.Model, name: str) -> AuditEvent | None:
    """The latest audit row that changed `name` of `target` (a field, or a key such as a plan's "targets")."""
    return (
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk), changes__has_key=name
        )
        .select_related("actor")
        .first()
    )


def change_author(event: AuditEvent | None) -> dict | None:
    """{"who", "when"} of an audit row for a message, or None when no person is recorded."""
    if event is None or event.actor is None:
        return None
    return {"who": str(event.actor), "when": formats.date_format(timezone.localtime(event.at), "SHORT_DATETIME_FORMAT")}


def _conflict_message(record: models.Model, name: str, value, target: models.Model) -> str:
    author = change_author(last_change_of(target, name))
    values = {"value": _value_text(record, name, value)}
    if author:
        message = _("%(who)s đã sửa mục này thành “%(value)s” lúc %(when)s, sau khi bạn mở trang.")
        values |= author
    else:
        message = _("Mục này đã được sửa thành “%(value)s” sau khi bạn mở trang.")
    again = _("Xem lại; nếu vẫn giữ giá trị bạn nhập, bấm lưu lần nữa.")
    return f"{message % values} {again}"


def same_value(a, b) -> bool:
    """Equal as a page shows them: text without its outer spaces and in one form of line break and of Unicode."""
    if isinstance(a, str) or isinstance(b, str):
        return _plain(a) == _plain(b)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return sorted(map(str, a)) == sorted(map(str, b))
    return a == b


def _plain(value) -> str:
    return nfc("" if value is None else str(value)).replace("\r\n", "\n").strip()


def _value_text(record: models.Model, name: str, value) -> str:
    """A field's value as a person reads it in a message: its choice's label, a date as dd/mm/yyyy, "(trống)"."""
    field = record._meta.get_field(name)
    if value in (None, "", []):
        return str(_("(trống)"))
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    elif isinstance(value, datetime.datetime):
        value = formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    elif isinstance(value, datetime.date):
        value = formats.date_format(value, "SHORT_DATE_FORMAT")
    elif isinstance(value, bool):
        value = _("Có") if value else _("Không")
    elif isinstance(value, list | tuple):
        value = ", ".join(map(str, value))
    text = str(value)
    return text if len(text) <= 120 else f"{text[:119]}…"
