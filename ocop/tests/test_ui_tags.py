"""The row-level template tags that replace per-row includes and URL reversing (ocop/templatetags/ocop_ui.py)."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from ocop.templatetags.ocop_ui import pk_url, stars


@pytest.mark.parametrize(
    "name",
    [
        "certificates:certificate_detail",
        "certificates:certificate_download",
        "products:product_detail",
        "evaluation:registration_detail",
    ],
)
@pytest.mark.parametrize("pk", [1, 7, 123456])
def test_pk_url_is_the_reversed_url(name, pk):
    assert pk_url(name, pk) == reverse(name, args=[pk])


def test_pk_url_follows_the_script_prefix():
    from django.urls import set_script_prefix

    try:
        set_script_prefix("/ocop/")
        assert pk_url("products:product_detail", 5) == reverse("products:product_detail", args=[5])
        assert pk_url("products:product_detail", 5).startswith("/ocop/")
    finally:
        set_script_prefix("/")


def test_pk_url_refuses_what_is_not_an_id():
    with pytest.raises(ValueError):
        pk_url("products:product_detail", "1/../admin")


def test_stars_draws_n_stars_labelled_in_the_language():
    html = stars(4)
    assert html.count("<svg") == 4 and 'aria-label="4 sao"' in html
    with translation.override("en"):
        assert 'aria-label="1 star"' in stars(1) and 'aria-label="3 stars"' in stars(3)
    assert stars(None) == "" and stars(0) == "" and stars("x") == ""
    assert Template("{% load ocop_ui %}{% stars n %}").render(Context({"n": 5})).count("<svg") == 5


@pytest.mark.django_db
def test_label_of_is_get_field_display(cast):
    from products.models import Producer

    producer = Producer.objects.get(pk=cast.producer.pk)
    assert Template('{% load ocop_ui %}{{ p|label_of:"kind" }}').render(Context({"p": producer})) == (
        producer.get_kind_display()
    )
    with translation.override("en"):
        assert Template('{% load ocop_ui %}{{ p|label_of:"kind" }}').render(Context({"p": producer})) == (
            producer.get_kind_display()
        )
    producer.kind = "unknown"
    assert Template('{% load ocop_ui %}{{ p|label_of:"kind" }}').render(Context({"p": producer})) == "unknown"
