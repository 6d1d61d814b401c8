"""Every field and model of the project's own apps is named in Vietnamese, marked for translation.

A field without a verbose_name is labelled by Django from its attribute name: the system administrator's admin, in
Vietnamese, read "registration", "created at" or "knocked out" (CouncilResult.registration, …) beside the
Vietnamese ones, and a model without verbose_name or verbose_name_plural was listed as "Council results"."""

from django.utils.functional import Promise

from ocop.testing import project_apps


def _unnamed():
    for config in project_apps():
        for model in config.get_models():
            where = f"{config.label}.{model.__name__}"
            for attr in ("verbose_name", "verbose_name_plural"):
                if not isinstance(model._meta.original_attrs.get(attr), Promise):
                    yield f"{where} Meta.{attr}"
            for field in model._meta.concrete_fields:
                if field.auto_created:  # the id, a child model's link to its parent
                    continue
                if not isinstance(field._verbose_name, Promise):
                    yield f"{where}.{field.name}"


def test_every_field_and_model_of_the_project_has_its_vietnamese_name():
    assert sum(len(list(config.get_models())) for config in project_apps()) > 50  # the walk reached the apps' models
    assert list(_unnamed()) == []
