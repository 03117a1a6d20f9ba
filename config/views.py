"""Project-level views."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: the application answers. Touches no database."""
    return HttpResponse("ok", content_type="text/plain")
