"""Logging in with a second factor, setting one up, and confirming who you are again
(accounts/second_factor.py says when each is asked)."""

import time
from typing import Any
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import oidc, second_factor
from .audit import record_event
from .forms import LoginForm, _helper
from .http import AuthenticatedRequest
from .models import AuditAction, IdentityProvider, User
from .second_factor import PENDING_BACKEND, PENDING_SINCE, PENDING_USER
from .views import locked_out


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy(
            "De zes cijfers die je authenticator-app nu toont, of een van je herstelcodes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )


class CodeForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"] = _code_field()
        self.helper = _helper(gettext_lazy("Inloggen"))


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code uit de app"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(gettext_lazy("Tweede factor instellen"))


class ConfirmForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Wachtwoord"),
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, with_code: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if with_code:
            self.fields["code"] = _code_field()
        self.helper = _helper(gettext_lazy("Bevestigen"))


class LoginView(auth_views.LoginView):
    """Django's login; a person who needs a second factor is not logged in yet but sent on to
    the code page (or to set one up)."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Home-realm discovery: an address of an organisation with its own identity provider
        # logs in there, whatever was typed as a password (accounts/oidc.py).
        provider = oidc.provider_for(str(request.POST.get("username", ""))[:254])
        if provider is not None:
            return redirect(oidc.start_url(provider, next_url=self.get_redirect_url()))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        has_device = second_factor.has_device(user)
        if not has_device and not second_factor.is_required(user):
            return super().form_valid(form)
        session = self.request.session
        session.cycle_key()  # a fresh key for the half-way state too
        session[PENDING_USER] = user.pk
        session[PENDING_BACKEND] = user.backend  # type: ignore[attr-defined]
        session[PENDING_SINCE] = int(time.time())
        target = reverse("login_code" if has_device else "login_enrol")
        next_url = self.get_redirect_url()
        return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)


class LogoutView(auth_views.LogoutView):
    """Django's logout; after single sign-on, on to the provider to end its session too."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get("oidc_id_token")
        user = request.user
        provider = oidc.provider_for(user.email) if id_token and user.is_authenticated else None
        response = super().post(request, *args, **kwargs)
        if provider is not None:
            after = request.build_absolute_uri(reverse("login"))
            end = oidc.end_session_url(provider, str(id_token), after)
            if end is not None:
                # On through a page of our own (see oidc.onward), from the new, empty session.
                request.session[LEAVING] = [provider.pk, end]
                return redirect("sso_logout")
        return response


LEAVING = "_oidc_end_session"


def sso_logout(request: HttpRequest) -> HttpResponse:
    """After logging out here: on to the organisation's provider to log out there too."""
    leaving = request.session.pop(LEAVING, None)
    provider = (
        IdentityProvider.objects.filter(pk=leaving[0]).first()
        if isinstance(leaving, list) and len(leaving) == 2
        else None
    )
    if provider is None:
        return redirect("login")
    return oidc.onward(request, provider, str(leaving[1]), leaving=True)


def _pending(request: HttpRequest) -> User | None:
    """The person whose password was right, if that was less than PENDING_MINUTES ago."""
    since = request.session.get(PENDING_SINCE, 0)
    if time.time() - since > second_factor.PENDING_MINUTES * 60:
        return None
    pending = request.session.get(PENDING_USER)
    if not isinstance(pending, int):
        return None
    return User.objects.filter(pk=pending, is_active=True).first()


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _log_in(request: HttpRequest, user: User) -> None:
    backend = request.session.get(PENDING_BACKEND)
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_SINCE):
        request.session.pop(key, None)
    login(request, user, backend=backend)


def _start_again(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Log opnieuw in met je e-mailadres en wachtwoord."))
    return redirect("login")


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of a login: the code from the app, or a recovery code."""
    user = _pending(request)
    if user is None:
        return _start_again(request)
    credentials = {"username": user.email}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return locked_out(request)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(user, form.cleaned_data["code"]):
            _log_in(request, user)
            return redirect(_next(request))
        second_factor.failed(request, user, "code")
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        form.add_error(
            "code",
            _("Deze code klopt niet, of is al gebruikt. Wacht op de volgende code van de app en "
              "probeer het opnieuw."),
        )  # fmt: skip
    return render(
        request,
        "accounts/login_code.html",
        {"form": form, "next": _next(request)},
    )


def login_enrol(request: HttpRequest) -> HttpResponse:
    """Set up the second factor: at a login that requires it, or from the profile page."""
    logged_in = request.user.is_authenticated
    user = request.user if logged_in else _pending(request)
    if user is None:
        return _start_again(request)
    assert isinstance(user, User)  # noqa: S101 -- logged in, or the pending person
    form = EnrolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.confirm_enrolment(
                request=request, user=user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            if not logged_in:
                _log_in(request, user)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next(request), "new": True},
            )
    return render(
        request,
        "accounts/login_enrol.html",
        {
            "form": form,
            "enrolment": second_factor.enrolment(request, user),
            "required": second_factor.is_required(user),
            "logging_in": not logged_in,
            "next": _next(request),
        },
    )


@login_required
def reauthenticate(request: AuthenticatedRequest) -> HttpResponse:
    """Confirm who you are (password, and code if set up) before signing or managing members."""
    user = request.user
    provider = oidc.provider_for(user.email)
    if provider is not None and request.session.get(BACKEND_SESSION_KEY) == "accounts.oidc.Backend":
        # Logged in through their organisation: confirmed there too (prompt=login).
        return render(
            request,
            "accounts/reauthenticate.html",
            {
                "provider": provider,
                "sso_url": oidc.start_url(provider, next_url=_next(request), confirm=True),
                "minutes": settings.REAUTHENTICATE_MINUTES,
            },
        )
    needs_code = second_factor.has_device(user)
    form = ConfirmForm(request.POST if request.method == "POST" else None, with_code=needs_code)
    credentials = {"username": user.email}
    if request.method == "POST" and not AxesProxyHandler.is_allowed(request, credentials):
        return locked_out(request)
    if request.method == "POST" and form.is_valid():
        right = user.check_password(form.cleaned_data["password"]) and (
            not needs_code or second_factor.verify(user, form.cleaned_data["code"])
        )
        if right:
            second_factor.mark_authenticated(request)
            record_event(actor=user, action=AuditAction.USER_REAUTHENTICATED, target=user)
            return redirect(_next(request))
        second_factor.failed(request, user, "confirm")
        if getattr(request, "axes_locked_out", False):
            return locked_out(request)
        form.add_error(
            None,
            _("Het wachtwoord of de code klopt niet. Probeer het opnieuw.")
            if needs_code
            else _("Dit wachtwoord klopt niet. Probeer het opnieuw."),
        )
    return render(
        request,
        "accounts/reauthenticate.html",
        {
            "form": form,
            "next": _next(request),
            "minutes": settings.REAUTHENTICATE_MINUTES,
        },
    )


@login_required
@require_POST
@second_factor.recently_authenticated
def second_factor_codes(request: AuthenticatedRequest) -> HttpResponse:
    """Ten new recovery codes, shown once."""
    try:
        codes = second_factor.renew_recovery_codes(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("profile")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("profile"), "new": False},
    )


@login_required
@require_POST
@second_factor.recently_authenticated
def second_factor_remove(request: AuthenticatedRequest) -> HttpResponse:
    """Stop using the second factor (where it is not required)."""
    try:
        second_factor.remove(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De tweede factor staat uit."))
    return redirect("profile")
