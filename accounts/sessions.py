"""Where a person is logged in: their sessions, to see on the profile page and to end.

A session is a row of `UserSession` (config/sessions.py keeps it); a page names it by its
`public_id`, never by the key in the cookie. Ending one deletes the row, so its browser is
logged out at its next request.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import record_event
from .models import AuditAction, User, UserSession

# Most specific first: Edge and Opera also say "Chrome", Chrome also says "Safari".
BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)
HEADLESS = re.compile(r"Headless", re.IGNORECASE)


@dataclass(frozen=True)
class SessionRow:
    """One session as the profile page shows it."""

    public_id: UUID
    browser: str
    started: datetime
    last_seen: datetime
    current: bool


def describe_browser(user_agent: str) -> str:
    """ "Firefox op Windows" from a User-Agent header; what it cannot read it says so."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in SYSTEMS if marker in user_agent), None)
    if browser is None:
        return _("Onbekende browser")
    if HEADLESS.search(user_agent):
        browser = _("%(browser)s (zonder venster)") % {"browser": browser}
    if system is None:
        return browser
    return _("%(browser)s op %(system)s") % {"browser": browser, "system": system}


def live_sessions(user: User):
    """The person's sessions that still count: not expired, not idle too long."""
    now = timezone.now()
    return UserSession.objects.filter(
        user=user,
        expire_date__gt=now,
        last_seen_at__gt=now - timedelta(minutes=settings.SESSION_IDLE_MINUTES),
    ).order_by("-last_seen_at", "-created_at")


def sessions_of(*, user: User, current_key: str | None) -> list[SessionRow]:
    """The person's live sessions for the profile page, the one of this request marked."""
    return [
        SessionRow(
            public_id=session.public_id,
            browser=describe_browser(session.user_agent),
            started=session.created_at,
            last_seen=session.last_seen_at,
            current=session.session_key == current_key,
        )
        for session in live_sessions(user).only(
            "session_key", "public_id", "user_agent", "created_at", "last_seen_at"
        )
    ]


@transaction.atomic
def end_session(*, user: User, public_id: UUID, current_key: str | None) -> None:
    """End one of the person's own sessions (not the one they are using: that is logging out)."""
    session = live_sessions(user).filter(public_id=public_id).first()
    if session is None:
        raise ValidationError(
            _("Deze sessie bestaat niet (meer); misschien is ze al beëindigd."), code="unknown"
        )
    if session.session_key == current_key:
        raise ValidationError(
            _("Dit is de sessie die je nu gebruikt. Log uit om haar te beëindigen."),
            code="current",
        )
    session.delete()
    record_event(
        actor=user,
        action=AuditAction.SESSION_ENDED,
        target=user,
        changes={"browser": [describe_browser(session.user_agent), None]},
    )


@transaction.atomic
def end_other_sessions(*, user: User, current_key: str | None) -> int:
    """End every session of the person but the one they are using; how many were ended."""
    others = UserSession.objects.filter(user=user).exclude(session_key=current_key or "")
    ended = others.count()
    if ended:
        others.delete()
        record_event(
            actor=user,
            action=AuditAction.SESSION_ENDED,
            target=user,
            changes={"sessions": [ended, 0]},
        )
    return ended
