"""The authentication backend: Django's ModelBackend, reading a signed-in user with their unit in one query. Nearly
every page asks the user's unit (the province of their scope, `User.province_id`): a second query on each request
otherwise (issue 15)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UnitModelBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("unit").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
