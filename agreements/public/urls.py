"""The public register (Woo): published versions for anyone, without login."""

from django.urls import path

from agreements.public import views

urlpatterns = [
    path("openbaar/", views.register, name="public_register"),
    path("openbaar/feed/", views.public_feed, name="public_feed"),
    path("openbaar/sitemap.xml", views.woo_sitemap_index, name="public_sitemap"),
    path(
        "openbaar/sitemap-<slug:section>.xml",
        views.woo_sitemap,
        name="public_sitemap_section",
    ),
    path(
        "openbaar/<uuid:publication_id>/metadata/",
        views.woo_metadata,
        name="public_version_metadata",
    ),
    path("robots.txt", views.robots, name="robots"),
    path("openbaar/<uuid:publication_id>/", views.published_version, name="public_version"),
    path(
        "openbaar/<uuid:publication_id>/pdf/",
        views.public_version_pdf,
        name="public_version_pdf",
    ),
]
