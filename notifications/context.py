"""The bell in every page's header: how often the page asks for its count (static/js/bell.js)."""

from django.conf import settings
from django.http import HttpRequest


def bell(request: HttpRequest) -> dict[str, int]:
    """Context processor: `bell_poll_seconds` (no query)."""
    return {"bell_poll_seconds": settings.BELL_POLL_SECONDS}
