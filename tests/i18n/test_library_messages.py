"""Every message of the libraries that a page or an API answer can show reads in Vietnamese on a Vietnamese page.

The project's own texts are Vietnamese at the source. The libraries' are English, translated by their own
catalogues: Django's Vietnamese lacks about eighty of its messages and Django REST framework's has about twenty of
its own, so a Vietnamese page showed "Null characters are not allowed." and an API client was told "A valid
integer is required." under a Vietnamese title. Those the project's forms, formsets, models and API serializers can
give are worded in ocop/locale/vi; these tests find them by walking what the project declares, so a new field whose
library message has no Vietnamese fails here."""

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import polib
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.forms.formsets import BaseFormSet
from django.utils import translation
from rest_framework import serializers

VI_CATALOGUE = Path(settings.BASE_DIR) / "ocop" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|\{\w*\}")


def _project_apps():
    """The apps in the checkout's own folders (not the libraries installed in its virtual environment)."""
    return [config for config in apps.get_app_configs() if Path(config.path).parent == Path(settings.BASE_DIR)]


def _project_classes():
    """Every class defined or named at the top of a runtime module of the project's apps (not tests, migrations)."""
    for config in _project_apps():
        package = importlib.import_module(config.name)
        for info in pkgutil.walk_packages(package.__path__, f"{config.name}."):
            if ".tests" in info.name or ".migrations" in info.name:
                continue
            yield from (value for value in vars(importlib.import_module(info.name)).values() if inspect.isclass(value))


def _field_messages(field):
    yield from field.error_messages.values()
    yield from (validator.message for validator in field.validators if getattr(validator, "message", None))


def _serializer_fields(field):
    yield field
    if getattr(field, "child", None) is not None:
        yield from _serializer_fields(field.child)
    if isinstance(field, serializers.Serializer):
        for nested in field.fields.values():
            yield from _serializer_fields(nested)


def _library_messages():
    """(where, message) for every error message of a field, formset, model field or API serializer field."""
    project_modules = {config.name for config in _project_apps()}
    for declared in set(_project_classes()):
        if declared.__module__.split(".")[0] not in project_modules:
            continue
        if issubclass(declared, forms.BaseForm):
            for name, field in declared.base_fields.items():
                yield from ((f"{declared.__name__}.{name}", m) for m in _field_messages(field))
        elif issubclass(declared, BaseFormSet):
            yield from ((declared.__name__, m) for m in declared.default_error_messages.values())
        elif issubclass(declared, serializers.Serializer):
            for field in _serializer_fields(declared()):
                yield from ((f"{declared.__name__}.{field.field_name}", m) for m in field.error_messages.values())
    for config in _project_apps():
        for model in config.get_models():
            for field in model._meta.get_fields():
                if hasattr(field, "error_messages") and hasattr(field, "validators"):
                    yield from ((f"{model.__name__}.{field.name}", m) for m in _field_messages(field))


def test_every_library_message_the_project_can_show_has_its_vietnamese_wording():
    untranslated, counted = {}, 0
    for where, message in _library_messages():
        counted += 1
        with translation.override("en"):
            english = str(message)
        with translation.override("vi"):
            vietnamese = str(message)
        if english and vietnamese == english:  # (a plural message reads "" until it is given its number)
            untranslated.setdefault(english, where)
    assert counted > 1000  # the walk reached the forms, models and serializers
    assert untranslated == {}


@pytest.fixture(scope="module")
def catalogue():
    return [entry for entry in polib.pofile(str(VI_CATALOGUE)) if not entry.obsolete]


def test_the_vietnamese_wording_keeps_every_placeholder(catalogue):
    assert len(catalogue) > 30  # both packages' messages
    changed = [
        entry.msgid
        for entry in catalogue
        if not entry.msgstr or sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr))
    ]
    assert changed == []


def test_a_page_shows_the_vietnamese_wording(client):
    # The sign-in form is Django's own: its username field keeps Django's refusal of a NUL character.
    response = client.post("/accounts/login/", {"username": "ho\x00ang", "password": "x"})
    assert "Không được chứa ký tự NUL (U+0000)." in response.content.decode()
