"""ocop.filters.FilterSet: every list's FilterSet builds its own form fields, whatever built the class-level ones.
No database: the form is built on an empty queryset."""

import django_filters

from ocop.filters import FilterSet
from ocop.models import AdministrativeUnit


class ChoicesPerUser(FilterSet):
    kind = django_filters.ChoiceFilter(choices=[("a", "A")])

    class Meta:
        model = AdministrativeUnit
        fields = ["kind"]

    def __init__(self, *args, more=False, **kwargs):
        super().__init__(*args, **kwargs)
        if more:  # as RegistrationFilter gives a producer its status group
            self.filters["kind"].extra["choices"] = [("a", "A"), ("b", "B")]


def offered(filterset) -> set:
    return {value for value, _label in filterset.form.fields["kind"].choices} - {""}


def test_choices_set_in_init_reach_the_form_after_something_built_the_class_level_field():
    ChoicesPerUser.base_filters["kind"].field  # noqa: B018 — what the API schema generation does
    assert offered(ChoicesPerUser(queryset=AdministrativeUnit.objects.none(), more=True)) == {"a", "b"}
    assert offered(ChoicesPerUser(queryset=AdministrativeUnit.objects.none())) == {"a"}
    one, two = (ChoicesPerUser(queryset=AdministrativeUnit.objects.none()) for _ in range(2))
    assert one.form.fields["kind"] is not two.form.fields["kind"]
