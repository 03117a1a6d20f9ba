"""Every page of agreements, from the concept packages' own URL lists."""

from django.urls import include, path

urlpatterns = [
    path("", include("agreements.registry.urls")),
    path("", include("agreements.drafting.urls")),
    path("", include("agreements.discussion.urls")),
    path("", include("agreements.versions.urls")),
    path("", include("agreements.records.urls")),
    path("", include("agreements.printing.urls")),
    path("", include("agreements.public.urls")),
]
