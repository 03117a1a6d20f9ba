"""Conditional requests for the API: `If-None-Match` answered with 304.

Django's ConditionalGetMiddleware, for paths under /api/ only: an answer that brings its own
ETag keeps it (a version's SHA-256, a step's revision), every other JSON answer gets one made
from its bytes, and a GET or HEAD whose `If-None-Match` names it gets 304 without a body.
Different readers get different bytes and so different ETags. Files (a version's PDF) stream
and are left alone. The web pages are not touched: they vary per request (CSRF tokens)."""

from django.middleware.http import ConditionalGetMiddleware


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    def process_response(self, request, response):
        if not request.path_info.startswith("/api/"):
            return response
        return super().process_response(request, response)
