"""Every message of the libraries that a page or an API answer can show reads in Vietnamese on a Vietnamese page.

The project's own texts are Vietnamese at the source. The libraries' are English, translated by their own
catalogues, which lack many: a new account's first password, too short, was refused with "This password is too
short. It must contain at least 12 characters.", a NUL in the sign-in name with "Null characters are not allowed.",
an API client was told "A valid integer is required." under a Vietnamese title, and the system administrator's
admin read "Show counts" and "Access attempts". What they lack is worded in ocop/locale/vi; these tests find the
messages by walking what the project declares and the catalogues of the libraries' pages it uses, so a new field, or
a library upgrade with new messages, fails here until they have their Vietnamese."""

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import axes
import django
import django_filters
import polib
import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from rest_framework import serializers

from ocop.testing import project_apps

VI_CATALOGUES = sorted((Path(settings.BASE_DIR) / "ocop" / "locale" / "vi" / "LC_MESSAGES").glob("*.po"))
DJANGO_CONTRIB = Path(django.__file__).parent / "contrib"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}")


def _project_classes():
    """Every class defined or named at the top of a runtime module of the project's apps (not tests, migrations)."""
    for config in project_apps():
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
    """(where, message) for every error message of a form, filter, formset, model field or API serializer field."""
    project_modules = {config.name for config in project_apps()}
    for declared in set(_project_classes()):
        if declared.__module__.split(".")[0] not in project_modules:
            continue
        if issubclass(declared, forms.BaseForm):
            for name, field in declared.base_fields.items():
                yield from ((f"{declared.__name__}.{name}", m) for m in _field_messages(field))
        elif issubclass(declared, django_filters.FilterSet):  # the lists' filter forms
            for name, declared_filter in declared.base_filters.items():
                yield from ((f"{declared.__name__}.{name}", m) for m in _field_messages(declared_filter.field))
        elif issubclass(declared, BaseFormSet):
            yield from ((declared.__name__, m) for m in declared.default_error_messages.values())
        elif issubclass(declared, serializers.Serializer):
            for field in _serializer_fields(declared()):
                yield from ((f"{declared.__name__}.{field.field_name}", m) for m in field.error_messages.values())
    for config in project_apps():
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


def _without_wording(entries, catalogue) -> list[str]:
    """The messages of `entries` (a source catalogue's) for which `catalogue` has no wording (the wording may be the
    English word itself: "Email")."""
    left = []
    for entry in entries:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if not entry.obsolete and ((key, 0) if entry.msgid_plural else key) not in catalogue._catalog:
            left.append(entry.msgid)
    return left


# The pages of Django's apps that the project shows: the admin (the system administrator's) and its scripts, the
# accounts' forms and password rules (every user's password pages), and the names of the apps in the admin.
@pytest.mark.parametrize(
    "app, domain",
    [
        ("admin", "django"),
        ("admin", "djangojs"),
        ("auth", "django"),
        ("contenttypes", "django"),
        ("sessions", "django"),
    ],
)
def test_every_message_of_djangos_admin_and_accounts_has_its_vietnamese_wording(app, domain):
    locale = DJANGO_CONTRIB / app / "locale"
    source = polib.pofile(str(locale / "en" / "LC_MESSAGES" / f"{domain}.po"))
    # The catalogue a page reads: the admin's scripts get theirs from its JavaScript catalogue view, whose catalogue
    # is built as here (the package's, then LOCALE_PATHS'); the pages get the merged catalogue of every app.
    if domain == "django":
        catalogue = trans_real.translation("vi")
    else:
        catalogue = trans_real.DjangoTranslation("vi", domain=domain, localedirs=[str(locale)])
    assert len(source) > 5 and _without_wording(source, catalogue) == []


def _axes_messages() -> set[str]:
    """django-axes ships no English catalogue: its messages are the literals it marks for translation."""
    messages = set()
    for path in Path(axes.__file__).parent.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in {"_", "gettext", "gettext_lazy"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                messages.add(node.args[0].value)
    return messages


def test_every_message_of_django_axes_has_its_vietnamese_wording():
    messages = _axes_messages()
    catalogue = trans_real.translation("vi")._catalog
    assert len(messages) > 20 and sorted(message for message in messages if message not in catalogue) == []


@pytest.mark.parametrize("password", ["ngan", "password123", "20262026202620", "hoidong.chutich"])
def test_every_refusal_of_a_password_is_in_vietnamese(django_user_model, password):
    user = django_user_model(username="hoidong.chutich", email="chutich@example.vn")
    refusals = {}
    for language in ("vi", "en"):
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                validate_password(password, user)
            refusals[language] = refused.value.messages
    assert refusals["vi"] and not set(refusals["vi"]) & set(refusals["en"]), refusals["vi"]


@pytest.mark.django_db
def test_the_admin_speaks_vietnamese(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Quản trị hệ thống OCOP" in index and "Đăng nhập sai (django-axes)" in index
    assert "Django administration" not in index and "Trang quản trị cho Django" not in index
    changes = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Hiện số lượng" in changes or "Ẩn số lượng" in changes
    assert "Show counts" not in changes and "Access attempts" not in changes
    calendar = admin_client.get(reverse("admin:jsi18n")).content.decode()
    assert "Ch\\u1ee7 nh\\u1eadt" in calendar or "Chủ nhật" in calendar  # the date fields' calendar


@pytest.fixture(params=VI_CATALOGUES, ids=lambda path: path.name)
def catalogue(request):
    return [entry for entry in polib.pofile(str(request.param)) if not entry.obsolete]


def _wording(entry) -> str:
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def test_the_vietnamese_wording_keeps_every_placeholder(catalogue):
    assert len(catalogue) > 20
    changed = [
        entry.msgid
        for entry in catalogue
        if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(_wording(entry)))
    ]
    assert changed == []


@pytest.mark.django_db
def test_a_page_shows_the_vietnamese_wording(client):
    # The sign-in form is Django's own: its username field keeps Django's refusal of a NUL character.
    page = client.post("/accounts/login/", {"username": "ho\x00ang", "password": "x"}).content.decode()
    assert "Không được chứa ký tự NUL (U+0000)." in page and "Null characters" not in page


# A space before the closing punctuation: Django's Vietnamese has "lớn hơn hoặc bằng với %(limit_value)s ." and a few
# more, so a year typed too small read "… bằng với 2018 ." next to its field.
STRAY_SPACE = re.compile(r"[^\S\n][.,;:!?](?=\s|$)")


def _stray_spaces(catalogue) -> list[str]:
    """The messages whose wording, as a page reads it (the first catalogue that has it: the project's before the
    packages'), has a space before its punctuation."""
    return sorted(
        {
            key if isinstance(key, str) else key[0]
            for key in catalogue.keys()
            if isinstance(catalogue[key], str) and STRAY_SPACE.search(catalogue[key].replace("...", ""))
        }
    )


def test_no_vietnamese_message_has_a_space_before_its_punctuation():
    assert _stray_spaces(trans_real.translation("vi")._catalog) == []
    admin_scripts = DJANGO_CONTRIB / "admin" / "locale"
    scripts = trans_real.DjangoTranslation("vi", domain="djangojs", localedirs=[str(admin_scripts)])
    assert _stray_spaces(scripts._catalog) == []


def test_a_number_out_of_its_range_is_refused_without_a_stray_space():
    """The year of a report typed as 2017 (the forms' years start at 2018, the programme's first)."""
    year = forms.IntegerField(min_value=2018, max_value=2100)
    with translation.override("vi"):
        for typed, said in (
            ("2017", "Giá trị phải lớn hơn hoặc bằng 2018."),
            ("2101", "Giá trị phải nhỏ hơn hoặc bằng 2100."),
        ):
            with pytest.raises(ValidationError) as refused:
                year.clean(typed)
            assert refused.value.messages == [said]


@pytest.mark.parametrize(
    "field, typed, said",
    [
        # Django's own Vietnamese: "Nhập một số tổng thể." (a year typed as "năm nay")
        (forms.IntegerField(), "năm nay", "Nhập một số nguyên."),
        # "Nhập một thời gian hợp lệ." (a meeting's hour typed as 25:00)
        (forms.TimeField(), "25:00", "Nhập một giờ hợp lệ."),
        # "Đảm bảo rằng tối đa không có nhiều hơn 5 số." (a double negative)
        (
            forms.DecimalField(max_digits=5, decimal_places=2),
            "1234.5",
            "Phần nguyên của số này có nhiều nhất 3 chữ số.",
        ),
        (forms.DecimalField(max_digits=5, decimal_places=2), "1.234", "Số này có nhiều nhất 2 chữ số thập phân."),
        (forms.DecimalField(max_digits=5, decimal_places=5), "1.23456", "Số này có nhiều nhất 5 chữ số."),
    ],
)
def test_a_refused_number_or_time_reads_as_plain_vietnamese(field, typed, said):
    with translation.override("vi"):
        with pytest.raises(ValidationError) as refused:
            field.clean(typed)
    assert refused.value.messages == [said]
