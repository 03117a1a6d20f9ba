"""The session store: Django's database sessions in our own table (`accounts.UserSession`),
which also holds whose session it is, in what browser, and when it was last used.

- **One query per page for the session and its person.** Every page of a logged-in person
  reads their session first and then their user. Here both come from one query, compiled once
  per process (agreements/lib/precompiled.py) and prepared on PostgreSQL; the authentication
  middleware (config/authentication.py) takes the user from it when the session vouches for
  them, and otherwise asks Django (docs/benchmarks.md, "The agreement page under wrk").
- **An idle timeout** (`SESSION_IDLE_MINUTES`): a session not used for that long is no session.
  `last_seen_at` is moved on at most once a minute, so a page costs no write.
- **Sessions a person can see and end** (accounts/sessions.py, the profile page): the row names
  its person, its browser and its times; the cookie's key never leaves the server.

Writing, expiry and `clearsessions` stay Django's own (`SESSION_ENGINE = "config.sessions"`).
"""

import logging
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User, UserSession
from accounts.signals import USER_AGENT_KEY
from agreements.lib.precompiled import Precompiled

# A session key of Django's own alphabet and length that no session can have (keys are
# lowercase letters and digits).
STAND_IN_KEY = "stand-in-session-key-0000000000"
# How stale `last_seen_at` may be before a request writes it anew.
TOUCH_EVERY = timedelta(minutes=1)

USER_FIELDS = tuple(field.attname for field in User._meta.concrete_fields)


def _session(session_key: str) -> QuerySet[UserSession]:
    return UserSession.objects.filter(session_key=session_key)


# By key only: whether it has expired is checked in Python, so that no timestamp has to be
# swapped in as the driver would receive it (a string on SQLite). The person's columns come
# along (a LEFT JOIN: a session before login has none).
SESSION: Precompiled[UserSession] = Precompiled(
    UserSession,
    _session,
    fields=(
        "session_key",
        "session_data",
        "expire_date",
        "public_id",
        "created_at",
        "last_seen_at",
        "user_agent",
        "user_id",
    ),
    annotations=tuple(f"user__{name}" for name in USER_FIELDS),
    stand_ins={"session_key": STAND_IN_KEY},
)


def idle_limit() -> timedelta:
    return timedelta(minutes=settings.SESSION_IDLE_MINUTES)


class SessionStore(db.SessionStore):
    """Django's database session store on `UserSession`, with the hot read precompiled."""

    # The person the session row names, read with it; config.authentication decides whether
    # the session's data vouches for them.
    loaded_user: User | None = None
    _row: UserSession | None = None

    @classmethod
    def get_model_class(cls) -> type[UserSession]:
        return UserSession

    def _get_session_from_db(self) -> UserSession | None:
        # As Django's own store, but by the precompiled query, with the expiry and the idle
        # timeout in Python.
        try:
            row = SESSION.first(session_key=self.session_key)
        except SuspiciousOperation as error:
            logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
            logger.warning(str(error))
            row = None
        now = timezone.now()
        if row is None or row.expire_date <= now or row.last_seen_at <= now - idle_limit():
            self._session_key = None
            return None
        if now - row.last_seen_at >= TOUCH_EVERY:
            UserSession.objects.filter(pk=row.pk).update(last_seen_at=now)
            row.last_seen_at = now
        self._row = row
        self.loaded_user = _user_of(row)
        return row

    def create_model_instance(self, data: dict[str, Any]) -> UserSession:
        session = cast(UserSession, super().create_model_instance(data))
        user_id = data.get(SESSION_KEY)
        session.user_id = int(user_id) if user_id is not None else None
        session.user_agent = str(data.get(USER_AGENT_KEY, ""))[:300]
        session.last_seen_at = timezone.now()
        if self._row is not None and self._row.session_key == session.session_key:
            # Saving writes every column: keep what the row was born with.
            session.public_id = self._row.public_id
            session.created_at = self._row.created_at
        return session


def _user_of(row: UserSession) -> User | None:
    if row.user_id is None:
        return None
    values = [getattr(row, f"user__{name}") for name in USER_FIELDS]
    return User.from_db(row._state.db, list(USER_FIELDS), values)
