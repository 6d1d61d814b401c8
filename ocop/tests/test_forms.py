import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from ocop.forms import BaseForm, add_service_errors


class Dated(BaseForm):
    day = forms.DateField()
    name = forms.CharField()


def test_it_normalises_typed_text_to_nfc():
    form = Dated({"day": "15/03/2025", "name": "Mie\u0302\u0301n dong"})  # NFD, as some IMEs type it
    assert form.is_valid()
    assert form.cleaned_data["name"] == "Miến dong"


def test_it_reads_dates_as_day_month_year():
    form = Dated({"day": "03/04/2025", "name": "x"})
    assert form.is_valid()
    assert (form.cleaned_data["day"].day, form.cleaned_data["day"].month) == (3, 4)


def test_it_says_how_to_write_a_date_it_cannot_read():
    form = Dated({"day": "31/02/2026", "name": "x"})
    assert not form.is_valid()
    assert "ngày/tháng/năm" in form.errors["day"][0]
    assert form["day"].value() == "31/02/2026"  # what was typed stays


@pytest.mark.django_db
def test_round_dates_use_the_same_message(cast, login):
    from django.urls import reverse

    response = login(cast.province_officer).post(
        reverse("evaluation:round_create"),
        {"level": "province", "year": 2026, "number": 3, "proposals_due": "30/02/2026", "done_by": "30/06/2026"},
    )
    assert "ngày/tháng/năm" in response.content.decode()


def test_service_errors_land_next_to_their_field():
    from django.core.exceptions import ValidationError

    form = Dated({"day": "15/03/2025", "name": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError({"name": "Tên đã có.", "other": "Lỗi chung."}))
    assert form.errors["name"] == ["Tên đã có."]
    assert form.non_field_errors() == ["Lỗi chung."]


@pytest.mark.parametrize(
    "name",
    [
        "Mật ong\u202e rừng",  # right-to-left override
        "Mật\u200bong",  # zero-width space
        "Mật\u200dong",  # zero-width joiner
        "\ufeffMật ong",  # byte-order mark
        "Mật\u2066ong\u2069",  # direction isolates
        "Mật\x00ong",  # NUL
        "Mật\x1bong",  # escape
        "Mật\x85ong",  # C1 next-line
        "Mật\u2028ong",  # line separator
        "Mật\ue000ong",  # private use
    ],
)
def test_it_refuses_invisible_and_control_characters_next_to_the_field(name):
    form = Dated({"day": "15/03/2025", "name": name})
    assert not form.is_valid()
    assert list(form.errors) == ["name"]
    assert len(form.errors["name"]) == 1  # not Django's "Null characters are not allowed." beside it
    assert "ký tự ẩn" in form.errors["name"][0] and "U+" in form.errors["name"][0]
    assert form["name"].value() == name  # what was typed stays, to be corrected


@pytest.mark.parametrize(
    "name",
    [
        "Miến dong Đồng Nai — Ỷ Lan, Ưng Hoà, Bắc Kạn",
        "Mie\u0302\u0301n dong",  # NFD: normalised, not refused
        "Dòng một\r\nDòng hai\tcột",
    ],
)
def test_it_keeps_vietnamese_text_and_ordinary_whitespace(name):
    form = Dated({"day": "15/03/2025", "name": name})
    assert form.is_valid(), form.errors


class WithDocument(BaseForm):
    day = forms.DateField()
    document = forms.FileField(required=False)
    photos = forms.FileField(required=False)


def _pdf(name="ke-hoach.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4", content_type="application/pdf")


def test_a_form_sent_back_with_errors_names_the_files_to_choose_again():
    # A browser shows a file input empty after the page comes back: the plan was then saved without its document.
    form = WithDocument({"day": "31/02/2026"}, {"document": _pdf()})
    assert not form.is_valid()
    assert form.errors["document"] == [
        "Tệp “ke-hoach.pdf” chưa được lưu vì biểu mẫu còn lỗi: hãy chọn lại tệp trước khi gửi."
    ]
    assert "photos" not in form.errors  # no file was chosen there
    with translation.override("en"):
        form = WithDocument({"day": "x"}, {"document": _pdf("a.pdf")})
        form.is_valid()
        assert form.errors["document"] == [
            "The file “a.pdf” was not saved because the form has errors: choose it again before sending."
        ]


def test_a_valid_form_keeps_its_files_without_a_word():
    form = WithDocument({"day": "15/03/2025"}, {"document": _pdf()})
    assert form.is_valid() and form.cleaned_data["document"].name == "ke-hoach.pdf"


def test_a_service_refusal_also_names_the_files_to_choose_again():
    from django.core.exceptions import ValidationError

    form = WithDocument({"day": "15/03/2025"}, {"document": _pdf()})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"day": "Ngày này đã có kế hoạch."}))
    assert form.errors["day"] == ["Ngày này đã có kế hoạch."]
    assert "“ke-hoach.pdf”" in form.errors["document"][0]


class WithPhoto(BaseForm):
    photo = forms.FileField(widget=forms.ClearableFileInput(attrs={"data-max-bytes": 10 * 1024 * 1024}))


def test_a_file_input_carries_its_upload_limit_for_the_browser(settings):
    settings.OCOP_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    attrs = WithDocument().fields["document"].widget.attrs
    assert attrs["data-max-bytes"] == 50 * 1024 * 1024
    assert attrs["data-too-large"] == "Tệp “{name}” lớn hơn 50 MB, mức tối đa được nhận: hãy chọn tệp nhỏ hơn."
    photo = WithPhoto().fields["photo"].widget.attrs  # a field's own limit (photos) is kept
    assert photo["data-max-bytes"] == 10 * 1024 * 1024 and "lớn hơn 10 MB" in photo["data-too-large"]
    with translation.override("en"):
        assert "larger than 50 MB" in WithDocument().fields["document"].widget.attrs["data-too-large"]
    assert "data-too-large" not in WithDocument.base_fields["document"].widget.attrs  # per form, in its language


class _Choices(BaseForm):
    unit = forms.ModelChoiceField(queryset=None)
    parent = forms.ModelChoiceField(queryset=None, required=False)
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)

    def __init__(self, *args, **kwargs):
        from ocop.models import AdministrativeUnit

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = self.fields["parent"].queryset = AdministrativeUnit.objects.none()


def test_a_selects_empty_choice_says_choose_or_none_instead_of_dashes():
    # Django's "---------" on every select of a data-entry form: to choose, or to leave empty?
    form = _Choices()
    assert form.fields["unit"].empty_label == "— Chọn —"  # required
    assert form.fields["parent"].empty_label == "— Không chọn —"  # optional
    assert list(form.fields["kind"].choices)[0] == ("", "— Không chọn —")
    assert "— Chọn —" in str(form["unit"]) and "---------" not in str(form["kind"])
    with translation.override("en"):
        assert str(_Choices().fields["unit"].empty_label) == "— Choose —"


def test_choices_given_by_a_function_are_not_read_when_the_form_is_built():
    # A function's choices may query; they are read when the select is written, as Django does.
    calls = []

    class Lazy(BaseForm):
        kind = forms.ChoiceField(choices=lambda: calls.append(1) or [("", "---------"), ("a", "A")])

    Lazy()
    assert calls == []
