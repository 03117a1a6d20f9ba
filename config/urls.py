from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.views import health

urlpatterns = [
    path("gezond/", health, name="health"),
    path("", include("accounts.urls")),
    path("", include("agreements.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
