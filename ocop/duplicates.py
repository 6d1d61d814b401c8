"""A duplicate refused before anything is written, as the model's own unique constraints judge it."""

from django.core.exceptions import ValidationError
from django.db import models


def duplicates_check(*, model: type[models.Model], values: dict, field: str, pk=None) -> None:
    """Refuse, beside `field`, a row of `model` with `values` that a unique field or constraint of the model forbids
    (the constraint's own message, as full_clean() gives it). Only what the values tell is judged: a value not known
    (None, "") leaves out every constraint over it. `pk`: the row being corrected, no duplicate of itself.
    A form asks it as it is cleaned, so that a number already used shows with the form's other refusals at the first
    submit instead of after them; the database constraint stays the guard against a row written meanwhile
    (ocop.services.duplicates_refused)."""
    known = {name: value for name, value in values.items() if value not in (None, "")}
    instance = model(**known)
    if pk is not None:
        instance.pk = pk
        instance._state.adding = False  # the row itself is left out of the search
    exclude = {f.name for f in model._meta.fields if f.name not in known}
    messages = []
    try:
        instance.validate_unique(exclude=exclude)
    except ValidationError as exc:
        messages.extend(exc.messages)
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            try:
                constraint.validate(model, instance, exclude=exclude)
            except ValidationError as exc:
                messages.extend(exc.messages)
    if messages:
        raise ValidationError({field: messages})
