"""The page shell: a skip link to the content, the current menu entry announced, the scripts local."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_shell_has_a_skip_link_and_marks_the_current_page(cast, login):
    body = login(cast.commune_officer).get(reverse("products:product_list")).content.decode()
    assert 'href="#main"' in body and '<main class="container-lg py-3" id="main"' in body
    current = body.split('aria-current="page"')
    assert len(current) == 2  # exactly one entry is the current page: the product list
    assert current[1].lstrip().startswith(f'href="{reverse("products:product_list")}"')
    assert '<script src="/static/js/cascade.js">' in body
