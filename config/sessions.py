"""The session store: Django's database sessions, read by a query compiled once per process.

Every page of a logged-in person reads their session first. Django builds and compiles that
query anew on each request, which cost more Python than the rest of the lookup
(docs/benchmarks.md, "The agreement page under wrk"). Here it is compiled once
(agreements/lib/precompiled.py) and prepared on PostgreSQL; writing, expiry and clean-up stay
Django's own (`SESSION_ENGINE = "config.sessions"`, same table, same cookies).
"""

import logging

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.utils import timezone

from agreements.lib.precompiled import Precompiled

# A session key of Django's own alphabet and length that no session can have (keys are
# lowercase letters and digits).
STAND_IN_KEY = "stand-in-session-key-0000000000"


def _session(session_key: str) -> QuerySet[Session]:
    return Session.objects.filter(session_key=session_key)


# By key only: whether it has expired is checked in Python, so that no timestamp has to be
# swapped in as the driver would receive it (a string on SQLite).
SESSION: Precompiled[Session] = Precompiled(
    Session,
    _session,
    fields=("session_key", "session_data", "expire_date"),
    stand_ins={"session_key": STAND_IN_KEY},
)


class SessionStore(db.SessionStore):
    """Django's database session store with the hot read precompiled."""

    def _get_session_from_db(self) -> Session | None:
        # As Django's own store, but by the precompiled query and with the expiry in Python.
        try:
            session = SESSION.first(session_key=self.session_key)
        except SuspiciousOperation as error:
            logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
            logger.warning(str(error))
            session = None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
