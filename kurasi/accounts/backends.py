"""Log in with an e-mail address or an Indonesian phone number, however it is typed."""

from django.contrib.auth.backends import ModelBackend

from kurasi.lib.phone import try_normalise_phone

from .models import User


def canonical_login(raw: str) -> str:
    """One spelling per account, so `Budi@X.id` and `0812-…`/`+62812…` count as the same login.

    Also used by the lock-out counter: variants of one account must not get fresh attempts.
    """
    value = (raw or "").strip()
    if "@" in value:
        return value.lower()
    return try_normalise_phone(value) or value.lower()


def axes_username(request, credentials):
    return canonical_login((credentials or {}).get("username", ""))


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        login = canonical_login(username)
        field = "email" if "@" in login else "phone"
        user = User.objects.filter(**{field: login}).first()
        if user is None:
            # Hash anyway so a missing account takes as long as a wrong password.
            User().set_password(password)
        elif user.check_password(password) and self.user_can_authenticate(user):
            return user
        # Only here was a password checked and failed: the address's count (a locked account
        # never reaches this backend, axes refuses it first).
        from .login_guard import record_failure  # not at the top: login_guard imports this module

        record_failure(request)
        return None
