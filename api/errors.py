"""How the API says what went wrong: DRF's exception handler, with the messages DRF has no
good Dutch for. (The API's errors are `{"detail": …}` or `{"errors": …}` today; issue 20 moves
them to problem+json, RFC 9457, here.)"""

import math

from django.utils.translation import ngettext
from rest_framework.exceptions import Throttled
from rest_framework.views import exception_handler as drf_exception_handler


class TooManyRequests(Throttled):
    """429, with DRF's `Retry-After`; DRF's own Dutch is half English ("Aanvraag was verstikt.
    Expected available in 30 seconds.")."""

    def __init__(self, wait: float | None) -> None:
        seconds = math.ceil(wait or 1)
        detail = ngettext(
            "Te veel verzoeken. Probeer het over %(seconds)d seconde opnieuw.",
            "Te veel verzoeken. Probeer het over %(seconds)d seconden opnieuw.",
            seconds,
        ) % {"seconds": seconds}
        super().__init__(detail=detail)
        self.wait = seconds  # DRF's handler sends it as Retry-After


def exception_handler(exc, context):
    if isinstance(exc, Throttled) and not isinstance(exc, TooManyRequests):
        exc = TooManyRequests(wait=getattr(exc, "wait", None))
    return drf_exception_handler(exc, context)
