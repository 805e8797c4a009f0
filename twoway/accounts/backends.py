from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Authenticates by email, case-insensitively (emails are stored lower-case)."""

    def authenticate(self, request, username=None, password=None, **kwargs):  # type: ignore[no-untyped-def]
        email = (username or kwargs.get("email") or "").strip().lower()
        return super().authenticate(request, username=email, password=password, **kwargs)
