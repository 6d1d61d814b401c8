"""The registration list's sort choices, ascending and descending, in the language of the page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "ascending", "descending"),
    [
        ("vi", "Hạn xã kiểm tra", "Hạn xã kiểm tra (giảm dần)"),
        ("en", "Commune check deadline", "Commune check deadline (descending)"),
    ],
)
def test_the_sort_choices_are_in_the_language_of_the_page(cast, login, language, ascending, descending):
    # django-filter wrote the descending choices once, at import: Vietnamese labels on the English page, and its own
    # untranslated "(descending)" on the Vietnamese one.
    client = login(cast.commune_officer)
    client.cookies["django_language"] = language
    page = client.get(reverse("evaluation:registration_list")).content.decode()
    assert f'<option value="commune_due_on">{ascending}</option>' in page
    assert f'<option value="-commune_due_on">{descending}</option>' in page
