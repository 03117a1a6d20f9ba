"""Finding and reading agreements: the start page, the registry, an agreement, the overview."""

from django.urls import path

from agreements.registry import views

urlpatterns = [
    path("", views.home, name="home"),
    path("contacten/", views.contact_book, name="contact_book"),
    path("afspraken/", views.agreement_list, name="agreement_list"),
    path("afspraken/<uuid:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path(
        "afspraken/<uuid:agreement_id>/briefing/",
        views.agreement_briefing,
        name="agreement_briefing",
    ),
    path("overzicht/", views.overview, name="overview"),
]
