import calendar
import re

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.forms.boundfield import BoundField
from django.forms.utils import pretty_name
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.choices import BlankChoiceIterator
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .edits import EditConflict
from .services import outbox_enqueue
from .tasks import password_reset_send_task
from .text import nfc, reject_unsafe_characters
from .uploads import MB

# Django's own Vietnamese ("Nhập một ngày hợp lệ.") does not say what to type, and neither it nor Django's length
# message says which field it is about: on a long form, or in an Excel import's list of errors, the user had to guess.
# Both name the field by its label (NFCFormMixin, for every form of the project).
DATE_INVALID = _("%(label)s: nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2025.")
# A date written as one (dd/mm/yyyy or ISO) that names no day says what is wrong with it: told to "write it as
# day/month/year", someone who had typed 31/06/2026 so had nothing to correct. Forms and the lists' date filters
# (ocop.filters.date_problem) say it alike.
DATE_NO_SUCH_MONTH = _(
    "%(label)s: “%(value)s” có tháng %(month)s, nhưng tháng chỉ từ 1 đến 12. Nhập theo dạng dd/mm/yyyy "
    "(ngày/tháng/năm), ví dụ 15/03/2026."
)
DATE_NO_SUCH_DAY = _(
    "%(label)s: không có ngày “%(value)s”, tháng %(month)s/%(year)s chỉ có ngày 1 đến ngày %(days)s. Nhập theo dạng "
    "dd/mm/yyyy (ngày/tháng/năm), ví dụ 15/03/2026."
)
# The shapes DATE_INPUT_FORMATS reads (ocop/formats): day first with "/" or "-", or the ISO year first.
_DAY_FIRST = re.compile(r"([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4})")
_YEAR_FIRST = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def date_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a text written in one of the shapes a date is read in, whether or not such a day
    exists; None for anything else."""
    if found := _DAY_FIRST.fullmatch(text):
        day, _sep, month, year = found.groups()
    elif found := _YEAR_FIRST.fullmatch(text):
        year, month, day = found.groups()
    else:
        return None
    return int(year), int(month), int(day)


def impossible_date(label, text: str, *, years: tuple[int, int] = (1, 9999), year_out=None) -> str | None:
    """Why `text`, written as a date is (date_parts), names no day, as the field `label` says it: a 13th month, a year
    outside `years`, a 31 February; None when it is not written as a date or names a day. A year outside `years` is
    said with `year_out` after the month is checked (the lists' filters, ocop.filters.date_problem); without
    `year_out` it is not this function's to explain (None at once: a form leaves the year 0 to DATE_INVALID)."""
    parts = date_parts(text)
    if parts is None:
        return None
    year, month, day = parts
    in_years = years[0] <= year <= years[1]
    if not in_years and year_out is None:
        return None
    params = {"label": capfirst(str(label)), "value": Truncator(text).chars(30)}
    if not 1 <= month <= 12:
        return DATE_NO_SUCH_MONTH % (params | {"month": month})
    if not in_years:
        return year_out % (params | {"year": year, "min": years[0], "max": years[1]})
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return None
    return DATE_NO_SUCH_DAY % (params | {"month": month, "year": year, "days": days})


def _date_saying_why(field, name: str) -> None:
    """The form's copy of a date field refuses a date that names no day saying why (impossible_date), and anything
    else it cannot read with DATE_INVALID."""
    read = field.to_python
    label = field.label if field.label else pretty_name(name)

    def to_python(value):
        try:
            return read(value)
        except ValidationError as exc:
            typed = str(value).strip() if isinstance(value, str) else ""
            why = impossible_date(label, typed) if exc.code == "invalid" else None
            if why is None:
                raise
            raise ValidationError(why, code="invalid") from None

    field.to_python = to_python


# limit_value and show_value are filled in by Django's MaxLengthValidator when the error is shown.
TOO_LONG = _("%(label)s: tối đa %(limit_value)s ký tự (hiện có %(show_value)s).")
# The calendar button static/js/datepicker.js puts beside every date field (its accessible name).
DATE_PICKER_LABEL = _("Chọn ngày trên lịch")


def date_picker_widget(widget):
    """A date field is a text input in dd/mm/yyyy (what people type, and what headless and English browsers would
    not show in a type=date), with a companion calendar button that opens the browser's own date picker and
    writes its choice back as dd/mm/yyyy. The server reads dd/mm/yyyy and the ISO yyyy-mm-dd alike
    (DATE_INPUT_FORMATS). Without JavaScript the plain text input remains."""
    widget.attrs.setdefault("placeholder", "dd/mm/yyyy")
    widget.attrs.setdefault("inputmode", "numeric")
    widget.attrs.setdefault("autocomplete", "off")
    widget.attrs["data-datepicker"] = DATE_PICKER_LABEL
    if isinstance(widget, forms.DateInput):
        widget.format = "%d/%m/%Y"
    return widget


def upload_limit_widget(widget):
    """A file input that names a chosen file over the upload limit at once and keeps the form from being sent with
    it (static/js/ui.js): on a phone's connection, the server's refusal came only after minutes of uploading. The
    limit is the site's (OCOP_MAX_UPLOAD_MB) unless the field declares its own `data-max-bytes` (photos: 10 MB);
    the server checks again whatever the browser did."""
    limit = int(widget.attrs.setdefault("data-max-bytes", settings.OCOP_MAX_UPLOAD_BYTES))
    widget.attrs["data-too-large"] = _(
        "Tệp “{name}” lớn hơn %(mb)s MB, mức tối đa được nhận: hãy chọn tệp nhỏ hơn."
    ) % {"mb": limit // MB}
    return widget


def file_choice_widget(widget):
    """A file input whose button and "no file chosen" read in the page's language (static/js/ui.js): the browser
    words its own in the language it was installed with, English on many officials' machines. Without JavaScript
    the browser's own input stays."""
    widget.attrs["data-choose"] = _("Chọn tệp")
    widget.attrs["data-none-chosen"] = _("Chưa chọn tệp")
    return widget


def nfc_data(data):
    """A copy of submitted form data with every text value in NFC."""
    if data is None:
        return None
    if isinstance(data, QueryDict):
        normalised = QueryDict(mutable=True)
        for key, values in data.lists():
            normalised.setlist(key, [nfc(v) for v in values])
        return normalised
    return {key: nfc(value) for key, value in data.items()}


def prepare_field(name: str, field) -> None:
    """What NFCFormMixin gives every field (unsafe characters, dates, a file input's limit and wording, the empty
    choice); a form that adds a field after its __init__ (one per document kind) calls it on that field."""
    if isinstance(field, forms.CharField):  # self.fields are copies: the class's fields stay untouched
        # Ours refuses NUL too, and says where it came from: Django's would add a second message for it.
        field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
        field.validators.append(reject_unsafe_characters)
        if field.max_length is not None:
            field.error_messages["max_length"] = field_message(TOO_LONG, name, field, "limit_value", "show_value")
    if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
        field.error_messages["invalid"] = field_message(DATE_INVALID, name, field)
        _date_saying_why(field, name)
        date_picker_widget(field.widget)
    if isinstance(field, forms.FileField):
        upload_limit_widget(field.widget)
        file_choice_widget(field.widget)
    name_the_empty_choice(field)


class NFCFormMixin:
    """Normalise every submitted text value to NFC before any validation (uniqueness included), refuse
    invisible and control characters in every text field (the message shows next to the field), say
    how to write a date when one cannot be read, and say which chosen files must be chosen again when the
    form is sent back with errors (a browser never fills a file input in again)."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(nfc_data(data), *args, **kwargs)
        for name, field in self.fields.items():
            prepare_field(name, field)

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors:
            ask_to_choose_files_again(self)


def field_message(message, name: str, field, *later: str) -> str:
    """`message` naming the field by its label (capitalised; its name when it has none), in the active language. The
    placeholders `later` stay for the validator that raises the error to fill in (a "%" in the label is kept as one)."""
    label = capfirst(str(field.label if field.label else pretty_name(name)))
    filled = {"label": label.replace("%", "%%") if later else label}
    return str(message) % (filled | {key: f"%({key})s" for key in later})


DJANGO_BLANK = "---------"  # Django's label of a select's empty choice (BLANK_CHOICE_DASH, ModelChoiceField)
CHOOSE = _("— Chọn —")
NONE_CHOSEN = _("— Không chọn —")


def name_the_empty_choice(field) -> None:
    """A select's empty choice says what it means, "— Chọn —" (required) or "— Không chọn —" (optional), instead
    of Django's "---------". Choices given by a function are left as they are (reading them could query)."""
    label = CHOOSE if field.required else NONE_CHOSEN
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_BLANK:
            field.empty_label = label
    elif isinstance(field, forms.ChoiceField) and isinstance(field.choices, BlankChoiceIterator):
        # A model field's choices (Django 5 adds the blank one lazily): the same choices behind our blank one.
        if [tuple(choice) for choice in field.choices.blank_choice] == [("", DJANGO_BLANK)]:
            field.choices = BlankChoiceIterator(field.choices.choices, [("", label)])
    elif isinstance(field, forms.ChoiceField) and isinstance(field.choices, list):
        if field.choices and tuple(field.choices[0]) == ("", DJANGO_BLANK):
            field.choices = [("", label), *field.choices[1:]]


def choose_the_only_choice(form, name: str) -> None:
    """A new form whose select `name` offers one row (a cooperative's own producer, its one product) comes with it
    chosen, instead of asking the user to pick the only answer. Two rows at most are read."""
    if form.is_bound or form.initial.get(name) or name not in form.fields:
        return
    rows = list(form.fields[name].queryset.values_list("pk", flat=True)[:2])
    if len(rows) == 1:
        form.initial[name] = rows[0]


def planning_year(today) -> int:
    """The year a plan recorded today is most likely for, as its form suggests it: next year in December, when
    offices issue the coming year's plans, this one otherwise."""
    return today.year + 1 if today.month == 12 else today.year


def ask_to_choose_files_again(form) -> None:
    """A form sent back with errors shows its file inputs empty: the files chosen were not stored. Next to each such
    input, the names of its files and that they must be chosen again, so that the form is not sent a second time
    without them (a plan saved without its document). An input with an error of its own already asks for a file."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.FileField) or name in form.errors:
            continue
        key = form.add_prefix(name)
        uploads = form.files.getlist(key) if hasattr(form.files, "getlist") else [form.files.get(key)]
        chosen = [upload.name for upload in uploads if upload]
        if chosen:
            names = ", ".join(f"“{file_name}”" for file_name in chosen)
            message = ngettext(
                "Tệp %(names)s chưa được lưu vì biểu mẫu còn lỗi: hãy chọn lại tệp trước khi gửi.",
                "Các tệp %(names)s chưa được lưu vì biểu mẫu còn lỗi: hãy chọn lại các tệp trước khi gửi.",
                len(chosen),
            )
            form.add_error(name, message % {"names": names})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (`<input type="file" multiple accept=…>`); cleans to a list, empty entries left
    out. Each file is checked by the field as a single one would be; the service checks what it stores."""

    def __init__(self, *args, accept: str, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        single = super().clean
        return [single(item, initial) for item in items if item]


class _BoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if (widget or self.field.widget).is_hidden:
            attrs.pop("aria-describedby", None)  # Django 5.2 describes the hidden initial value too (invalid HTML)
        return attrs

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        if only_initial and self.name in getattr(self.form, "proposed", ()) and not self.form.is_bound:
            # A value the page proposes (today's date on a new record) is none of the record's: the page sends back
            # the record's own (empty), so that keeping the proposal writes it.
            widget, attrs = widget or self.field.hidden_widget(), {**(attrs or {}), "id": self.html_initial_id}
            return widget.render(self.html_initial_name, None, attrs=attrs, renderer=self.form.renderer)
        return super().as_widget(widget, attrs, only_initial)

    @property
    def page_value(self):
        """The hidden input with the value the page showed (rendered beside the field by Django's templates, and by
        the project's copy of crispy-bootstrap5's radio and checkbox-list template)."""
        return self.as_hidden(only_initial=True)


class OwnChangesMixin:
    """An edit form that sends back, beside each field, the value the page showed (Django's show_hidden_initial), so
    that `changed_data` is what the person changed on the page, not what differs from the record now. Saving only
    those (`own_changes`) keeps what someone else saved meanwhile in the other fields: two officers, or an officer
    and the producer, editing one record at once. Where both changed the same field, the service refuses the later
    save next to the field (ocop.edits.edit_changes, given `seen()`), and `show_current()` lets the page
    start again from the record as it is now. A model form edits its instance; a plain form edits the record its
    `initial` shows (every field, or those `edits_fields` names). `proposals`: values the page offers where the record has none
    (today's date), shown in the field but sent back as the record's empty value."""

    bound_field_class = _BoundField
    edits_fields: tuple[str, ...] | None = None  # a plain form's fields that show a record's values (None: all)

    def __init__(self, *args, proposals: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposed = set()
        for name, value in (proposals or {}).items():
            if self.initial.get(name) in (None, ""):
                self.initial[name] = value
                self.proposed.add(name)
        self.send_page_values()

    def send_page_values(self) -> None:
        """Each edited field sends back the value the page showed (again after a form adds fields of its own)."""
        for name in self._edited_fields():
            self.fields[name].show_hidden_initial = True

    def _edited_fields(self) -> tuple[str, ...]:
        instance = getattr(self, "instance", None)
        if instance is not None:
            return tuple(self.fields) if instance.pk else ()
        if not self.initial:
            return ()
        return (
            tuple(self.fields) if self.edits_fields is None else tuple(n for n in self.edits_fields if n in self.fields)
        )

    def own_changes(self, data: dict) -> dict:
        """`data` narrowed to the fields the person changed on the page (all of them for a new record)."""
        edited = self._edited_fields()
        if not edited:
            return data
        return {name: value for name, value in data.items() if name not in edited or name in self.changed_data}

    def seen(self) -> dict:
        """The value the page showed of each field it edits, as the page sent it back; nothing for a field whose
        post carried no such value (a script's)."""
        seen = {}
        for name in self._edited_fields():
            bound, field = self[name], self.fields[name]
            if bound.html_initial_name not in self.data:
                continue
            try:
                seen[name] = field.to_python(self._widget_data_value(field.hidden_widget(), bound.html_initial_name))
            except forms.ValidationError:
                continue
        return seen

    def show_current(self, current: dict) -> None:
        """After an edit conflict: the page goes on from the record's values now, keeping what the person typed, so
        that saving again writes it."""
        data = self.data.copy()
        for name, value in current.items():
            if name not in self.fields:  # a value the form does not show (a province officer's own province)
                continue
            field, key = self.fields[name], self[name].html_initial_name
            shown = field.hidden_widget().format_value(field.prepare_value(value))
            if isinstance(shown, list | tuple) and hasattr(data, "setlist"):
                data.setlist(key, [str(v) for v in shown])
            else:
                data[key] = "" if shown is None else shown
        self.data = data


class BaseForm(NFCFormMixin, forms.Form):
    pass


class BaseModelForm(NFCFormMixin, forms.ModelForm):
    pass


PROVINCE_FIRST_PROMPT = _("— Chọn tỉnh, thành phố trước —")


def cascade_attrs(*, source_id: str, url: str, param: str = "province", prompt=PROVINCE_FIRST_PROMPT) -> dict:
    """The attributes by which static/js/cascade.js fills a select from the options at `url` once the select
    `source_id` is chosen (`param` names that choice in the query; `prompt` shows until then)."""
    return {
        "data-cascade-from": source_id,
        "data-cascade-url": url,
        "data-cascade-param": param,
        "data-cascade-prompt": str(prompt),
    }


class ProvinceFirstMixin:
    """A national user's choice among the whole country's records (42,000 products, 20,000 producers: a page of
    megabytes that took 8 s to write) starts from a province. The form gains a `province` select before the field
    `province_first = (field name, the records' province lookup, URL name of their options)`; the field offers
    only that province's records (or only the current choice, with no province yet), and cascade.js fetches a
    province's records from the options URL when one is picked. Validation still reads the field's whole queryset
    (the user's scope): what is offered narrows, what is accepted does not (the API posts ids without a province).
    The province is a means of choosing, not data: it leaves cleaned_data. Call `province_first_setup(user)` at
    the end of __init__, once the field's queryset is set."""

    province_first: tuple[str, str, str] | None = None

    def province_first_setup(self, user) -> None:
        from .models import AdministrativeUnit

        if (
            self.province_first is None
            or user is None
            or not user.is_national
            or self.province_first[0] not in self.fields
        ):
            return
        name, lookup, url_name = self.province_first
        field = self.fields[name]
        province = forms.ModelChoiceField(
            label=_("Tỉnh, thành phố"),
            queryset=AdministrativeUnit.objects.current().provinces().by_name(),
            required=False,
            empty_label=CHOOSE,  # not "— Không chọn —": the province is how the list below is reached
        )
        fields = {}
        for key, value in self.fields.items():
            if key == name:
                fields["province"] = province
            fields[key] = value
        self.fields = fields
        source = self.data if self.is_bound else self.initial
        province_id = parse_pk(source.get(self.add_prefix("province") if self.is_bound else "province"))
        current = source.get(self.add_prefix(name) if self.is_bound else name)
        current = getattr(current, "pk", current)
        records = field.queryset
        if province_id is None and parse_pk(current) is not None:
            province_id = records.filter(pk=parse_pk(current)).values_list(lookup, flat=True).first()
            self.initial.setdefault("province", province_id)
        blank = field.empty_label or NONE_CHOSEN

        def offered():
            shown = records.filter(**{lookup: province_id}) if province_id else records.none()
            return [("", blank if province_id else PROVINCE_FIRST_PROMPT)] + [
                (obj.pk, field.label_from_instance(obj)) for obj in shown
            ]

        field.choices = offered  # read when the select is written, never for validation
        source_id = self.auto_id % self.add_prefix("province") if self.auto_id else "province"
        field.widget.attrs.update(cascade_attrs(source_id=source_id, url=reverse(url_name)))

    def clean(self):
        data = super().clean()
        if data is not None:
            data.pop("province", None)
        return data


def add_service_errors(form, exc) -> None:
    """Show a service's ValidationError on the form: next to its field when it names one the form has,
    otherwise at the top. What the user typed stays in the form."""
    if isinstance(exc, EditConflict) and isinstance(form, OwnChangesMixin):
        form.show_current(exc.current)
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
    ask_to_choose_files_again(form)  # the service stored none of them either


def check_with_the_form(form, check, /, **values) -> bool:
    """Run a service's `check` from a form's clean() (or its view) on the values the form could read, so that its
    refusals show in the same answer as the form's own (a required field left empty did not let the service run, and
    a wrong day typed beside it was refused only at the next submit). The rule stays the service's; a field the form
    already refused keeps its own message. Whether the check passed."""
    try:
        check(**values)
    except forms.ValidationError as exc:  # django.core.exceptions.ValidationError, as services raise it
        if not hasattr(exc, "error_dict"):
            form.add_error(None, exc)
            return False
        for field, errors in exc.error_dict.items():
            if field not in form.fields:
                form.add_error(None, errors)
            elif field not in form.errors:
                form.add_error(field, errors)
        return False
    return True


def valid_and_checked(form, check, fields, /, **values) -> bool:
    """form.is_valid() and the service's `check` on `values` and the form's `fields`, before an act's confirmation step
    (ocop/confirm.py: never a confirmation of an act the service would refuse once confirmed), the check run even
    when the form is not valid, with None for each field the form could not read (the check judges what it can), so
    every refusal shows at the first submit."""
    valid = form.is_valid()
    if not form.is_bound:  # a post with no data (`request.POST or None`): nothing typed to judge
        return False
    read = {name: form.cleaned_data.get(name) for name in fields}
    return check_with_the_form(form, check, **values, **read) and valid


def parse_pk(value) -> int | None:
    """A primary key typed in a URL or a form, or None: digits only and within a 64-bit integer (a longer
    number would overflow the database driver and answer 500)."""
    text = str(value or "").strip()
    # ASCII only: "²".isdigit() is true but int("²") fails, and "٣" is no id anyone typed.
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


class UsernameLengthMixin:
    """Django's sign-in forms give the username field its maximum length after the field is built, so the browser is
    told (maxlength) but the server never checks: a longer name sent by a script reached authenticate(), and
    django-axes' record of the failed attempt (a 255-character column) answered 500 on PostgreSQL. The name is
    refused next to the field instead, before any sign-in attempt."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]  # a copy per form: the class's field stays untouched
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(UsernameLengthMixin, auth_forms.AuthenticationForm):
    pass


class AdminLoginForm(UsernameLengthMixin, AdminAuthenticationForm):
    pass


class PasswordResetForm(NFCFormMixin, auth_forms.PasswordResetForm):
    """Django's reset form, but the mail is built like every other (ocop.emails) and its link comes from
    SITE_URL: Django's default follows the request's Host header, which a caller can forge. The mail goes through
    the outbox like every other: the page answers at once whether the address has an account or not (talking to
    the mail server only for the ones that do told them apart by the time taken), and a mail server that is down
    neither shows an error page nor loses the mail (the task retries; the relay sends what is left)."""

    def get_users(self, email):
        """Django's choice (active accounts of that address with a password), and also an invited person who has
        not chosen a password yet (never signed in): their invitation link may have expired or been lost, and
        "Quên mật khẩu?" is where they look. An account that signed in keeps Django's rule."""
        from django.contrib.auth import get_user_model

        wanted = nfc(email).casefold()
        accounts = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (
            user
            for user in accounts
            if (user.has_usable_password() or user.last_login is None) and nfc(user.email).casefold() == wanted
        )

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        user = context["user"]
        # the account's language, else the page's where the reset was asked for
        language = user.language or translation.get_language() or settings.LANGUAGE_CODE
        outbox_enqueue(task=password_reset_send_task, args=[user.pk, language], robust=True)
