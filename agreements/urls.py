from django.urls import path

from . import views

urlpatterns = [
    path("contacten/", views.contact_book, name="contact_book"),
    path("afspraken/", views.agreement_list, name="agreement_list"),
    path("afspraken/nieuw/", views.agreement_new, name="agreement_new"),
    path("afspraken/<uuid:agreement_id>/", views.agreement_detail, name="agreement_detail"),
    path(
        "afspraken/<uuid:agreement_id>/stappen/<slug:step_slug>/",
        views.agreement_step,
        name="agreement_step",
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
