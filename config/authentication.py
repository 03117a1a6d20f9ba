"""The authentication backend: Django's ModelBackend, whose per-request read of the logged-in
user is a query compiled once per process.

`AuthenticationMiddleware` reads the user of the session on every page. Django builds and
compiles that query anew each time (docs/benchmarks.md, "The agreement page under wrk");
here it is compiled once (agreements/lib/precompiled.py) and prepared on PostgreSQL. Logging
in, passwords and permissions are ModelBackend's own.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

from accounts.models import User
from agreements.lib.precompiled import STAND_IN_ID, Precompiled


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
