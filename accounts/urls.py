from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import login_views, oidc, views
from .forms import PasswordChangeForm, SetPasswordForm

urlpatterns = [
    # Django's login, which sends a person who needs a second factor on to it.
    path("inloggen/", login_views.LoginView.as_view(), name="login"),
    path("inloggen/code/", login_views.login_code, name="login_code"),
    # Single sign-on through the organisation's identity provider (accounts/oidc.py).
    path("inloggen/sso/<int:provider_id>/", oidc.StartView.as_view(), name="sso_start"),
    path("inloggen/sso/terug/", oidc.CallbackView.as_view(), name="sso_callback"),
    path("uitloggen/organisatie/", login_views.sso_logout, name="sso_logout"),
    path("inloggen/tweede-factor/", login_views.login_enrol, name="login_enrol"),
    path("inloggen/bevestigen/", login_views.reauthenticate, name="reauthenticate"),
    path(
        "profiel/tweede-factor/herstelcodes/",
        login_views.second_factor_codes,
        name="second_factor_codes",
    ),
    path(
        "profiel/tweede-factor/uitzetten/",
        login_views.second_factor_remove,
        name="second_factor_remove",
    ),
    path("uitloggen/", login_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord/wijzigen/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "wachtwoord/vergeten/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord/vergeten/verzonden/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord/herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/hersteld/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profiel/", views.profile, name="profile"),
    path("profiel/sessies/<uuid:session_id>/beeindigen/", views.session_end, name="session_end"),
    path(
        "profiel/sessies/andere-beeindigen/",
        views.sessions_end_others,
        name="sessions_end_others",
    ),
    path("uitnodiging/<str:secret>/", views.invitation_accept, name="invitation_accept"),
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path(
        "organisaties/<uuid:organisation_id>/",
        views.organisation_detail,
        name="organisation_detail",
    ),
    path("organisaties/<uuid:organisation_id>/leden/", views.member_list, name="member_list"),
    path(
        "organisaties/<uuid:organisation_id>/leden/<uuid:membership_id>/rol/",
        views.member_role,
        name="member_role",
    ),
    path(
        "organisaties/<uuid:organisation_id>/leden/<uuid:membership_id>/verwijderen/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "organisaties/<uuid:organisation_id>/uitnodigingen/<uuid:request_id>/",
        views.invitation_answer,
        name="invitation_answer",
    ),
    path(
        "organisaties/<uuid:organisation_id>/audittrail/",
        views.organisation_audit,
        name="organisation_audit",
    ),
    path(
        "organisaties/<uuid:organisation_id>/audittrail.csv",
        views.organisation_audit_csv,
        name="organisation_audit_csv",
    ),
]
