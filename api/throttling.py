"""Rate limits of the API (DRF's throttling, counted in the shared cache): per personal token,
per logged-in person without a token (the session), and per address for anyone else. Past the
limit the API answers 429 with `Retry-After`. The rates are settings (API_RATE_TOKEN,
API_RATE_ANONYMOUS; docs/deploy.md). With several web servers the cache must be shared
(CACHE_URL=redis://…): a per-process cache counts per process."""

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from api.models import ApiToken


class PerToken(SimpleRateThrottle):
    """Requests with a personal token, counted per token; a session's per person."""

    scope = "token"

    def get_cache_key(self, request, view) -> str | None:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            return None  # PerAddress counts it
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PerAddress(AnonRateThrottle):
    """Requests of anyone not logged in, counted per address (X-Forwarded-For behind the
    number of proxies REST_FRAMEWORK["NUM_PROXIES"] says)."""

    scope = "anonymous"
