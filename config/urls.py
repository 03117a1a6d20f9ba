from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views import defaults

from api.errors import api_aware
from api.protocol import UnknownPath
from api.web import (
    api_token_revoke,
    api_tokens,
    webhook_deliveries,
    webhook_end,
    webhook_list,
)
from config.views import favicon, health

urlpatterns = [
    path("gezond/", health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("", include("agreements.urls")),
    # The API's paths have no trailing slash (NLGov API Design Rules, /core/no-trailing-slash).
    path("api/v1/", include("api.urls")),
    path("api/v1", UnknownPath.as_view()),
    path("profiel/api-sleutels/", api_tokens, name="api_tokens"),
    path(
        "profiel/api-sleutels/<uuid:token_id>/intrekken/",
        api_token_revoke,
        name="api_token_revoke",
    ),
    path("organisaties/<uuid:organisation_id>/webhooks/", webhook_list, name="webhook_list"),
    path(
        "organisaties/<uuid:organisation_id>/webhooks/<uuid:subscription_id>/beeindigen/",
        webhook_end,
        name="webhook_end",
    ),
    path(
        "organisaties/<uuid:organisation_id>/webhooks/<uuid:subscription_id>/",
        webhook_deliveries,
        name="webhook_deliveries",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Django's error pages, and problem details (RFC 9457) under /api/ (api/errors.py).
handler400 = api_aware(defaults.bad_request, 400)
handler403 = api_aware(defaults.permission_denied, 403)
handler404 = api_aware(defaults.page_not_found, 404)
handler500 = api_aware(defaults.server_error, 500)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
