"""What the API's writes share: every refusal of a body in one answer. A write reads its body with its serializer
(the JSON types), validates it with the web's form and runs the web's service, whose rules a form cannot hold. A
client used to hear of them in turn, a round each: the types, then the form's fields, then the service's rules. Here a
field refused for its type keeps none of the others from being judged, and the service's checks run on what the form
could read (ocop.forms.check_with_the_form), so one 400 lists them all, keyed by field."""

from collections.abc import Mapping

from rest_framework import exceptions
from rest_framework.fields import SkipField


def body_read(serializer_class, data) -> tuple[dict, dict]:
    """The values of the fields the serializer could read, and the refusals of those it could not."""
    body = serializer_class(data=data)
    if body.is_valid():
        return dict(body.validated_data), {}
    if not isinstance(data, Mapping):  # not an object at all: nothing to read field by field
        raise exceptions.ValidationError(body.errors)
    refused = dict(body.errors)
    values = {}
    for name, field in body.fields.items():
        if name in refused or field.read_only:
            continue
        try:
            values[field.source] = field.run_validation(field.get_value(data))
        except (exceptions.ValidationError, SkipField):
            continue
    return values, refused


def form_errors(form) -> dict:
    return {("non_field_errors" if k == "__all__" else k): [str(e) for e in v] for k, v in form.errors.items()}


def refuse_together(form, refused: dict) -> None:
    """A 400 with the form's refusals (the service's checks already added to it) and the serializer's, the latter
    kept for a field they both name: the form only missed the value the serializer could not read."""
    raise exceptions.ValidationError({**form_errors(form), **refused})
