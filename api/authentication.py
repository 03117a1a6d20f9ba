"""DRF authentication with a personal API token: `Authorization: Bearer spr_…`.

Guessing tokens is throttled like guessing passwords: after API_TOKEN_FAILURE_LIMIT unknown
tokens from one client address (read as the login's throttling reads it) within
AXES_COOLOFF_MINUTES, that address gets 429 for any token, the right one included. DRF's own
rate limits come after authentication, so they never saw a refused token.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.http import AuthenticatedRequest
from accounts.models import User
from accounts.throttling import client_address

from .tokens import token_for_key


class AuthenticatedAPIRequest(Request, AuthenticatedRequest):
    """The request of an API view behind `IsAuthenticated`, the default permission: its user is
    a `User`. Only for type annotations, as `accounts.http.AuthenticatedRequest` (which the
    permission helpers take, so that API views pass their request to them)."""

    user: User


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Geef precies één API-sleutel mee."))
        key = f"api-token-failures:{client_address(request)}"
        cooloff = int(settings.AXES_COOLOFF_TIME.total_seconds())
        if cache.get(key, 0) >= settings.API_TOKEN_FAILURE_LIMIT:
            raise exceptions.Throttled(
                wait=cooloff,
                detail=_("Vanaf dit adres zijn te veel onbekende API-sleutels geprobeerd."),
            )
        token = token_for_key(header[1].decode(errors="replace"))
        if token is None:
            cache.add(key, 0, cooloff)
            cache.incr(key)
            raise exceptions.AuthenticationFailed(_("Deze API-sleutel is onbekend of ingetrokken."))
        return token.user, token  # request.auth: the token, which the rate limit counts by

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'
