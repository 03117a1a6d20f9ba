from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from api.web import api_token_revoke, api_tokens
from config.views import favicon, health

urlpatterns = [
    path("gezond/", health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("", include("agreements.urls")),
    path("api/v1/", include("api.urls")),
    path("profiel/api-sleutels/", api_tokens, name="api_tokens"),
    path(
        "profiel/api-sleutels/<uuid:token_id>/intrekken/",
        api_token_revoke,
        name="api_token_revoke",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
