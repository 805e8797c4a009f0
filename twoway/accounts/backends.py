"""The one authentication backend: every ``authenticate()`` call goes through the login limits."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class EmailBackend(ModelBackend):
    """Authenticates by email, case-insensitively, through ``user_authenticate``.

    So a surface that calls ``authenticate()`` directly (Django's own forms, the test client, a
    future endpoint) is rate limited like the login page; ``user_authenticate`` itself checks the
    password without calling back here. Permissions come from ModelBackend as usual.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        from twoway.accounts import services

        email = username or kwargs.get("email")
        if not email or password is None:
            return None
        try:
            return services.user_authenticate(request=request, email=email, password=password)
        except (ValidationError, services.LoginLimited):
            return None

    def get_user(self, user_id: Any) -> Any:
        """The signed-in member with their profile, in the one query every request makes: the
        top bar, the reader's time zone and most pages read the profile."""
        model = get_user_model()
        try:
            # get(), not first(): a primary key needs no ORDER BY, and ordering by the model's
            # ordering makes Django hash every selected column of both tables as it compiles.
            user = model._default_manager.select_related("profile").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
