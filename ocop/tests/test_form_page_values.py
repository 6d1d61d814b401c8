"""An edit page sends back, beside each field, the value it showed (ocop.forms.OwnChangesMixin). crispy-bootstrap5
draws radio buttons and checkbox lists with a template of its own that leaves that value out, so a checklist
area's result on the inspection record, or a producer's verified fields, went back as if the page had shown
nothing: another inspector's finding was overwritten by "not checked". The project overrides that one template
with the library's own text plus the value."""

from pathlib import Path

import crispy_bootstrap5
from django import forms
from django.conf import settings
from django.template import Context, Template

from ocop.forms import BaseForm, OwnChangesMixin

TEMPLATE = "bootstrap5/layout/radio_checkbox_select.html"
LIBRARY = Path(crispy_bootstrap5.__file__).parent / "templates" / TEMPLATE
OURS = Path(settings.BASE_DIR) / "templates" / TEMPLATE


def test_the_override_is_the_librarys_template_and_the_page_value():
    ours = OURS.read_text(encoding="utf-8")
    library = LIBRARY.read_text(encoding="utf-8")
    assert ours.startswith(library), "crispy-bootstrap5 changed the template: copy it again and keep the last lines"
    assert ours[len(library) :].strip().splitlines()[-1] == (
        "{% if field.field.show_hidden_initial %}{{ field.page_value }}{% endif %}"
    )


class _Form(OwnChangesMixin, BaseForm):
    edits_fields = ("result", "areas")
    result = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    areas = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple)


def test_radios_and_checkbox_lists_send_back_what_the_page_showed():
    form = _Form(initial={"result": "b", "areas": ["x", "y"]})
    html = Template("{% load crispy_forms_tags %}{{ form.result|as_crispy_field }}{{ form.areas|as_crispy_field }}")
    rendered = html.render(Context({"form": form}))
    assert '<input type="hidden" name="initial-result" value="b"' in rendered
    assert rendered.count('type="hidden" name="initial-areas"') == 2


def test_a_plain_form_without_a_record_sends_no_page_values():
    rendered = Template("{% load crispy_forms_tags %}{{ form.result|as_crispy_field }}").render(
        Context({"form": _Form()})
    )
    assert "initial-result" not in rendered
