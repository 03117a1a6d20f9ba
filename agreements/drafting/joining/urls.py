"""Joining: a new partner and invitations, from the parties step."""

from django.urls import path

from agreements.drafting.joining import views

urlpatterns = [
    path(
        "afspraken/<uuid:agreement_id>/partijen/nieuwe-organisatie/",
        views.agreement_new_partner,
        name="agreement_new_partner",
    ),
    path(
        "afspraken/<uuid:agreement_id>/partijen/<uuid:organisation_id>/uitnodigen/",
        views.agreement_invite,
        name="agreement_invite",
    ),
    path(
        "afspraken/<uuid:agreement_id>/uitnodigingen/<uuid:invitation_id>/opnieuw/",
        views.agreement_invitation,
        {"action": "opnieuw"},
        name="agreement_invitation_resend",
    ),
    path(
        "afspraken/<uuid:agreement_id>/uitnodigingen/<uuid:invitation_id>/intrekken/",
        views.agreement_invitation,
        {"action": "intrekken"},
        name="agreement_invitation_withdraw",
    ),
]
