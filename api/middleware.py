"""What every answer of the API carries, and conditional requests.

For paths under /api/ only:
- `API-Version`: the API's full version (settings.API_VERSION), as the NLGov API Design Rules
  ask (/core/version-header); the major version is in the path (/api/v1/).
- `If-None-Match` answered with 304 (Django's ConditionalGetMiddleware): an answer that brings
  its own ETag keeps it (a version's SHA-256, a step's revision), every other JSON answer gets
  one made from its bytes. Different readers get different bytes and so different ETags.
  Files (a version's PDF) stream and get no ETag of their own.
The web pages are not touched: they vary per request (CSRF tokens)."""

from django.conf import settings
from django.middleware.http import ConditionalGetMiddleware


class ApiResponsesMiddleware(ConditionalGetMiddleware):
    def process_response(self, request, response):
        if not request.path_info.startswith("/api/"):
            return response
        # After the 304 is made: it keeps only the caching headers of the answer it replaces.
        # A refusal gets no ETag: there is nothing to revalidate.
        if response.status_code < 400:
            response = super().process_response(request, response)
        response["API-Version"] = settings.API_VERSION
        return response
