from django.urls import path

from . import views

urlpatterns = [
    path("meldingen/", views.notification_list, name="notification_list"),
    path("meldingen/aantal/", views.notification_count, name="notification_count"),
    path(
        "meldingen/alles-gelezen/",
        views.notification_mark_all_read,
        name="notification_mark_all_read",
    ),
    path("meldingen/voorkeuren/", views.notification_preferences, name="notification_preferences"),
    path("meldingen/<uuid:notification_id>/", views.notification_open, name="notification_open"),
]
