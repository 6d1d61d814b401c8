"""The client lists' rows straight from `.values()`: the same JSON as the endpoint's serializer gives for a model
instance, field by field, without building the ~7 model instances a row that `select_related` makes and without
DRF's per-field attribute lookups (together about half of a 100-row page's time at the national scale, issue 18).

The serializer stays the one description of every field (and so of the OpenAPI schema): `values_plan` reads its
fields once, turns each `source` into a `values()` lookup (`commune.parent` → `commune__parent__…`) and keeps the
field's own `to_representation` for the types whose database value is not already the JSON one (dates, times,
decimals). A nested serializer is null when its `id` is; a field computed from several columns names them in
`values_sources` and computes from their values in `from_values`. `api/tests/test_rows.py` checks that every client list
gives exactly what its serializer gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rest_framework import fields as drf_fields
from rest_framework import serializers

# Database values of these fields are already what the serializer writes (str, int, bool): no conversion. Exact
# types only: a subclass may write something else.
_AS_IS = frozenset({drf_fields.CharField, drf_fields.IntegerField, drf_fields.BooleanField})


@dataclass(frozen=True)
class _Part:
    name: str
    key: str | None  # the values() lookup of a plain field
    convert: Callable | None  # None: the value as the database gives it
    nested: ValuesPlan | None = None  # a nested serializer's plan (keys prefixed)
    combined: tuple[str, ...] = ()  # the lookups of a field computed from several columns (`from_values`)


@dataclass(frozen=True)
class ValuesPlan:
    keys: tuple[str, ...]
    parts: tuple[_Part, ...]
    null_key: str | None = None  # a nested object is null when this lookup is

    def row(self, values: dict) -> dict | None:
        if self.null_key is not None and values[self.null_key] is None:
            return None
        out = {}
        for part in self.parts:
            if part.nested is not None:
                out[part.name] = part.nested.row(values)
                continue
            if part.combined:
                out[part.name] = part.convert(*(values[key] for key in part.combined))
                continue
            value = values[part.key]
            out[part.name] = value if value is None or part.convert is None else part.convert(value)
        return out


@cache
def values_plan(serializer_class: type[serializers.Serializer]) -> ValuesPlan:
    return _plan(serializer_class(), prefix="", nullable=False)


def _plan(serializer: serializers.Serializer, *, prefix: str, nullable: bool) -> ValuesPlan:
    keys: list[str] = []
    parts: list[_Part] = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        if hasattr(field, "values_sources"):  # computed from several columns: `from_values(*their values)`
            combined = tuple(prefix + source.replace(".", "__") for source in field.values_sources)
            keys.extend(combined)
            parts.append(_Part(name, None, field.from_values, combined=combined))
            continue
        if isinstance(field, serializers.SerializerMethodField):
            raise TypeError(f"{type(serializer).__name__}.{name}: a method field has no values() lookup")
        if isinstance(field, serializers.ListSerializer) or field.source == "*":
            raise TypeError(f"{type(serializer).__name__}.{name}: a list or '*' field has no values() lookup")
        lookup = prefix + field.source.replace(".", "__")
        if isinstance(field, serializers.Serializer):
            nested = _plan(field, prefix=lookup + "__", nullable=field.allow_null)
            keys.extend(nested.keys)
            parts.append(_Part(name, None, None, nested))
            continue
        keys.append(lookup)
        parts.append(_Part(name, lookup, None if type(field) in _AS_IS else field.to_representation))
    null_key = None
    if nullable:
        if prefix + "id" not in keys:
            raise TypeError(f"{type(serializer).__name__}: a nullable nested object needs its id field")
        null_key = prefix + "id"
    return ValuesPlan(tuple(dict.fromkeys(keys)), tuple(parts), null_key)
