"""The authentication backend: Django's ModelBackend, reading a signed-in user with their unit in one query. Nearly
every page asks the user's unit (the province of their scope, `User.province_id`): a second query on each request
otherwise (issue 15). The user name is matched whatever case it is typed in when the account's is lower case."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UnitModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        """User names made by the app are lower case (an account's or a producer's is their e-mail, stored in
        lower case), but people type "Nguyen.Van.A@..." from their address book or with caps lock on. A name
        typed in another case signs in to the lower-case account of that name; an account whose own name has
        capitals (made in the admin) is still matched exactly, so two accounts never answer to one name."""
        model = get_user_model()
        if username is None:
            username = kwargs.pop(model.USERNAME_FIELD, None)
        if username and username != username.lower():
            if not model._default_manager.filter(**{model.USERNAME_FIELD: username}).exists():
                username = username.lower()
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and model._default_manager.filter(pk=user.pk, api_client__isnull=False).exists():
            # An integration client's service account opens the API with its token only (api.services), even
            # with a password set on it somehow (the admin set one before it refused to). A lookup path, not an
            # import: ocop sits below api.
            return None
        return user

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("unit").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
