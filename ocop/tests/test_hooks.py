"""The one inversion mechanism (ocop/hooks.py): a lower app asks, a higher app answers, a missing answer is loud."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from evaluation import hooks as evaluation_hooks
from ocop.hooks import Hook
from products import hooks as product_hooks


def test_it_raises_when_nobody_provided_the_hook():
    hook = Hook("nobody")
    with pytest.raises(ImproperlyConfigured, match="nobody"):
        hook()


def test_it_refuses_a_second_provider_of_a_single_hook_but_accepts_the_same_one_again():
    hook = Hook("single")

    def first():
        return 1

    hook.provide(first)
    hook.provide(first)  # ready() may run twice
    with pytest.raises(ImproperlyConfigured):
        hook.provide(lambda: 2)
    assert hook() == 1


def test_a_many_hook_collects_every_answer_in_order():
    hook = Hook("many", many=True)
    hook.provide(lambda x: x + 1)
    hook.provide(lambda x: x * 10)
    assert hook(2) == [3, 20]


def test_override_answers_alone_inside_the_block_only():
    hook = Hook("over")
    hook.provide(lambda: "real")
    with hook.override(lambda: "fake"):
        assert hook() == "fake"
    assert hook() == "real"


def test_every_hook_of_the_apps_has_its_provider_once_django_is_ready():
    hooks = [
        evaluation_hooks.certificate_expiry,
        evaluation_hooks.registration_certificates,
        evaluation_hooks.registration_actions,
        product_hooks.product_status,
        product_hooks.product_timeline_entries,
        product_hooks.product_evaluation_state,
    ]
    for hook in hooks:
        assert hook._providers, hook.name
    assert len(product_hooks.product_timeline_entries._providers) == 2
