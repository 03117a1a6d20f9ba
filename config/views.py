"""Project-level views."""

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: the application answers. Touches no database."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for on pages that name no icon (the admin, the API
    docs): the site's icon (base.html links it on our own pages)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))
