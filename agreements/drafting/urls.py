"""Drafting: a new agreement, the builder's steps, adding parties, importing a document."""

from django.urls import include, path

from agreements.drafting import views

urlpatterns = [
    path("", include("agreements.drafting.joining.urls")),
    path("afspraken/nieuw/", views.agreement_new, name="agreement_new"),
    path("afspraken/importeren/", views.agreement_import, name="agreement_import"),
    path(
        "afspraken/<uuid:agreement_id>/stappen/<slug:step_slug>/",
        views.agreement_step,
        name="agreement_step",
    ),
    path(
        "afspraken/<uuid:agreement_id>/stappen/<slug:step_slug>/aanwezig/",
        views.agreement_step_presence,
        name="agreement_step_presence",
    ),
    path(
        "afspraken/<uuid:agreement_id>/partijen/toevoegen/",
        views.agreement_add_party,
        name="agreement_add_party",
    ),
    path(
        "afspraken/<uuid:agreement_id>/escalatie/modelladder/",
        views.agreement_model_ladder,
        name="agreement_model_ladder",
    ),
]
