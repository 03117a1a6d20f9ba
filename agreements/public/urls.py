"""The public register (Woo): published versions for anyone, without login."""

from django.urls import path

from agreements.public import views

urlpatterns = [
    path("openbaar/", views.register, name="public_register"),
    path("openbaar/feed/", views.public_feed, name="public_feed"),
    path("openbaar/<uuid:publication_id>/", views.published_version, name="public_version"),
    path(
        "openbaar/<uuid:publication_id>/pdf/",
        views.public_version_pdf,
        name="public_version_pdf",
    ),
]
