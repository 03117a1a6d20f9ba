"""Authentication: Django's ModelBackend and AuthenticationMiddleware, with the per-request
read of the logged-in user taken from the session's own query.

`AuthenticationMiddleware` reads the user of the session on every page. The session store
(config/sessions.py) reads the session row together with its person in one precompiled
query; `user_of_session` takes that person when the session's data vouches for them exactly
as Django checks it (same id, this backend, an active account, the session hash of the
current password and secret). In every other case, and with any other session store, Django's
own `auth.get_user` decides, which reads the user by `Backend.get_user`: also a query compiled
once per process. Logging in, passwords and permissions are ModelBackend's own.
"""

from typing import Any

from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from accounts.models import User
from agreements.lib.precompiled import STAND_IN_ID, Precompiled

# The backends a session may name whose user is an ordinary, active User (a password login, or
# single sign-on through accounts.oidc).
BACKENDS = frozenset({"config.authentication.Backend", "accounts.oidc.Backend"})


def _user(user_id: int) -> QuerySet[User]:
    return User._default_manager.filter(pk=user_id)


USER: Precompiled[User] = Precompiled(
    User,
    _user,
    fields=tuple(field.attname for field in User._meta.concrete_fields),
    stand_ins={"user_id": STAND_IN_ID},
)


class Backend(ModelBackend):
    """ModelBackend with the read of the session's user precompiled."""

    def get_user(self, user_id: Any) -> User | None:
        # The session's id, already converted by the primary key's field (auth.get_user).
        user = USER.first(user_id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def user_of_session(request: HttpRequest) -> User | None:
    """The person read with the session, if the session vouches for them; else None (and
    Django's `auth.get_user` decides)."""
    session = request.session
    try:
        user_id = session[SESSION_KEY]
        backend = session[BACKEND_SESSION_KEY]
        session_hash = session[HASH_SESSION_KEY]
    except KeyError:
        return None
    user = getattr(session, "loaded_user", None)
    if (
        user is None
        or backend not in BACKENDS
        or str(user.pk) != str(user_id)
        or not Backend().user_can_authenticate(user)
        or not constant_time_compare(session_hash, user.get_session_auth_hash())
    ):
        return None
    return user


def _cached_user(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        request._cached_user = user_of_session(request) or auth.get_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


class AuthenticationMiddleware(DjangoAuthentication):
    """Django's, with the user taken from the session's query where it may be."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_user(request))  # type: ignore[assignment]
