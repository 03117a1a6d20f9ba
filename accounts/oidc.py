"""Single sign-on per organisation: OpenID Connect with mozilla-django-oidc, one identity
provider per organisation (`IdentityProvider`, configured by site staff in the admin).

- **Home-realm discovery**: the login page takes the e-mail address; when its domain belongs to
  an organisation's provider, the person is sent there (`StartView`) instead of being asked for
  a password (accounts/login_views.py).
- **Per provider**: mozilla-django-oidc reads one provider from the settings; here the start
  and the callback take the endpoints from the provider's discovery document
  (`/.well-known/openid-configuration`, cached an hour) and its client from the database.
- **What is checked**, beyond mozilla-django-oidc's state, nonce and PKCE and the ID token's
  signature (the provider's JWKS) and expiry: the token's issuer is this provider and its
  audience this client (so a token of another organisation's provider is refused), and the
  e-mail address is verified by the provider and in its domains.
- **Who logs in**: the person with that e-mail address, linked to the organisation as a lezer
  if they were not a member; a new person is created so. Their beheerder gives another role.
  Their provider's own second factor counts: no code is asked here.
- **Confirming again** (`?bevestigen=1`: `prompt=login`, `max_age` of a minute) also requires
  the ID token's `auth_time` to be after the request, so a provider that ignores the prompt
  cannot pass an older login off as a confirmation. Not `max_age=0`: a provider that counts a
  login's age in whole seconds (django-oidc-provider) takes a login of the previous second for
  too old and asks again, and again.
- **Every failure** (a wrong state, an expired or replayed code, a token from elsewhere, an
  unverified address, a provider that is down) is audited and said in Dutch on the login page;
  no account is made.
"""

import logging
import time
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from . import second_factor
from .audit import record_event
from .models import AuditAction, IdentityProvider, Membership, Role, User

logger = logging.getLogger(__name__)

SESSION_PROVIDER = "_oidc_provider"  # the provider of this login (a round trip under way)
CONFIRM_SINCE = "_oidc_confirm_since"  # a confirmation asked at this time (epoch seconds)
CLOCK_SKEW_SECONDS = 60
# Asked with a confirmation: the provider must say when the person logged in (auth_time) and
# should log in anyone whose login is older; the check against CONFIRM_SINCE does the rest.
CONFIRM_MAX_AGE_SECONDS = 60
DISCOVERY_SECONDS = 60 * 60
TIMEOUT_SECONDS = 10

# Why a single sign-on failed (the audit event's `reason`), and what the login page says.
FAILURES = {
    "unavailable": _(
        "De inlogdienst van je organisatie is nu niet bereikbaar. Probeer het over een paar "
        "minuten opnieuw."
    ),
    "state": _(
        "Het inloggen via je organisatie is verlopen of al gebruikt. Begin opnieuw door je "
        "e-mailadres in te vullen."
    ),
    "token": _(
        "Je organisatie gaf een bewijs van inloggen dat we niet kunnen controleren. Begin "
        "opnieuw; blijft het misgaan, neem dan contact op met het beheer van Spelregels."
    ),
    "email": _(
        "Je organisatie gaf geen bevestigd e-mailadres van haar eigen domein door. Vraag de "
        "ICT-afdeling van je organisatie om hulp."
    ),
    "refused": _("Het inloggen via je organisatie is afgebroken of geweigerd."),
}


def onward(request: HttpRequest, provider: IdentityProvider, url: str, *, leaving: bool):
    """A page of our own that sends the browser on to the provider (a meta refresh, and a link).

    Not a redirect: a login or logout is a form submission, and the pages' Content Security
    Policy allows forms to go to this site only (form-action 'self'), redirects included, so
    the browser would stop a redirect from the form to the provider."""
    return render(
        request,
        "accounts/sso_redirect.html",
        {"url": url, "provider": provider, "leaving": leaving},
    )


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read."""


def provider_for(email: str) -> IdentityProvider | None:
    """The active provider of the organisation whose domain the e-mail address has."""
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return None
    for provider in IdentityProvider.objects.filter(active=True).select_related("organisation"):
        if domain in provider.domains:
            return provider
    return None


def configuration(provider: IdentityProvider) -> dict[str, Any]:
    """The provider's discovery document (cached), or ProviderUnavailable."""
    key = f"oidc-discovery:{provider.pk}:{provider.issuer}"
    found = cache.get(key)
    if found is not None:
        return found
    url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(str(error)) from error
    needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
    if not isinstance(document, dict) or any(not document.get(name) for name in needed):
        raise ProviderUnavailable("incomplete discovery document")
    if document["issuer"].rstrip("/") != provider.issuer.rstrip("/"):
        raise ProviderUnavailable("the discovery document names another issuer")
    cache.set(key, document, DISCOVERY_SECONDS)
    return document


def fail(request: HttpRequest, reason: str, provider: IdentityProvider | None) -> HttpResponse:
    """Audit a failed single sign-on and send the person back to the login page, told why."""
    record_event(
        actor=None,
        action=AuditAction.SSO_LOGIN_FAILED,
        organisation=provider.organisation if provider else None,
        target=provider,
        changes={"reason": [None, reason]},
    )
    request.session.pop(SESSION_PROVIDER, None)
    messages.error(request, FAILURES[reason])
    return redirect("login")


def _provider_of(request: HttpRequest) -> IdentityProvider | None:
    pk = request.session.get(SESSION_PROVIDER)
    if not isinstance(pk, int):
        return None
    return (
        IdentityProvider.objects.filter(pk=pk, active=True).select_related("organisation").first()
    )


class StartView(OIDCAuthenticationRequestView):
    """Send the person to their organisation's provider; `?bevestigen=1` asks the provider to
    log them in again (confirming who they are before signing, accounts/second_factor.py)."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the provider's settings come in `get`

    def get(self, request: HttpRequest, provider_id: int) -> HttpResponse:
        provider = get_object_or_404(IdentityProvider, pk=provider_id, active=True)
        try:
            document = configuration(provider)
        except ProviderUnavailable as error:
            logger.warning("identity provider %s unavailable: %s", provider.pk, error)
            return fail(request, "unavailable", provider)
        self.OIDC_OP_AUTH_ENDPOINT = document["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        request.session[SESSION_PROVIDER] = provider.pk
        if request.GET.get("bevestigen"):
            request.session[CONFIRM_SINCE] = int(time.time())
        else:
            request.session.pop(CONFIRM_SINCE, None)
        authorize = super().get(request)["Location"]
        return onward(request, provider, authorize, leaving=False)

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        if request.GET.get("bevestigen"):
            return {"prompt": "login", "max_age": str(CONFIRM_MAX_AGE_SECONDS)}
        return {}


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: mozilla-django-oidc's checks, each failure said and audited."""

    def get(self, request: HttpRequest) -> HttpResponse:
        provider = _provider_of(request)
        if provider is None:
            return fail(request, "state", None)
        request.oidc_failure = "refused"  # type: ignore[attr-defined]
        try:
            return super().get(request)
        except SuspiciousOperation:  # a state this session did not start
            return fail(request, "state", provider)
        except (requests.RequestException, ProviderUnavailable) as error:
            logger.warning("identity provider %s failed: %s", provider.pk, error)
            return fail(request, "unavailable", provider)

    def login_failure(self) -> HttpResponse:
        reason = getattr(self.request, "oidc_failure", "refused")
        return fail(self.request, reason, _provider_of(self.request))

    def login_success(self) -> HttpResponse:
        was = self.request.user if self.request.user.is_authenticated else None
        response = super().login_success()
        self.request.session.pop(SESSION_PROVIDER, None)
        self.request.session.pop(CONFIRM_SINCE, None)
        if was is not None and was == self.user:
            # A confirmation round trip (prompt=login) for a person already logged in.
            second_factor.mark_authenticated(self.request)
            record_event(actor=self.user, action=AuditAction.USER_REAUTHENTICATED, target=self.user)
        return response


class Backend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend for the provider of this login (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = User  # the provider's settings come in `authenticate`

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or "nonce" not in kwargs:
            return None  # not the callback of a single sign-on
        provider = _provider_of(request)
        if provider is None:
            return None
        document = configuration(provider)
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = provider.client_secret
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, **kwargs)
        except requests.HTTPError as error:
            # The token endpoint refused the code: expired, used before, or not ours.
            logger.warning("identity provider %s refused the code: %s", provider.pk, error)
            request.oidc_failure = "token"  # type: ignore[attr-defined]
            return None
        except (SuspiciousOperation, jwt.PyJWTError) as error:
            logger.warning("identity provider %s: %s", provider.pk, error)
            request.oidc_failure = "token"  # type: ignore[attr-defined]
            return None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload = super().verify_token(token, **kwargs)
        if kwargs.get("nonce") is None:
            return payload  # a signed userinfo answer, not the ID token
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if str(payload.get("iss", "")).rstrip("/") != self.provider.issuer.rstrip("/"):
            raise SuspiciousOperation("ID token of another issuer")
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        since = self.request.session.get(CONFIRM_SINCE)
        if since is not None:
            # A confirmation: the provider must have logged the person in after it was asked
            # (prompt=login), not handed back an older login.
            logged_in_at = payload.get("auth_time")
            if not isinstance(logged_in_at, int | float) or (
                logged_in_at < since - CLOCK_SKEW_SECONDS
            ):
                raise SuspiciousOperation("the provider did not log the person in again")
        return payload

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        email = str(claims.get("email") or "")
        # Entra ID sends no email_verified; its optional claim xms_edov says the same (the
        # address's domain is verified for the tenant).
        verified = claims.get("email_verified") is True or claims.get("xms_edov") is True
        if not (verified and email.rpartition("@")[2].lower() in self.provider.domains):
            self.request.oidc_failure = "email"
            return False
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]):
        return User.objects.filter(email__iexact=str(claims["email"]))

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> User:
        name = str(claims.get("name") or "").strip()
        user = User.objects.create_user(str(claims["email"]), password=None, full_name=name[:150])
        self._join(user, AuditAction.SSO_ACCOUNT_CREATED)
        return user

    @transaction.atomic
    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        if not Membership.objects.filter(
            user=user, organisation=self.provider.organisation
        ).exists():
            self._join(user, AuditAction.SSO_ACCOUNT_LINKED)
        return user

    def get_user(self, user_id: Any) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True).first()

    def _join(self, user: User, action: AuditAction) -> None:
        """A member of the provider's organisation as a lezer, until the beheerder decides."""
        Membership.objects.get_or_create(
            user=user, organisation=self.provider.organisation, defaults={"role": Role.LEZER}
        )
        record_event(
            actor=user,
            action=action,
            target=user,
            organisation=self.provider.organisation,
            changes={"role": [None, Role.LEZER.value]},
        )


def end_session_url(provider: IdentityProvider, id_token: str, after: str) -> str | None:
    """Where to end the person's session at their provider too (RP-initiated logout), if it
    offers that; None when it does not or cannot be reached."""
    try:
        endpoint = configuration(provider).get("end_session_endpoint")
    except ProviderUnavailable:
        return None
    if not endpoint:
        return None
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": after})
    return f"{endpoint}?{query}"


def start_url(provider: IdentityProvider, next_url: str = "", confirm: bool = False) -> str:
    """Where single sign-on at `provider` starts (`confirm`: asking it to log in again)."""
    query = {k: v for k, v in (("next", next_url), ("bevestigen", "1" if confirm else "")) if v}
    url = reverse("sso_start", args=[provider.pk])
    return f"{url}?{urlencode(query)}" if query else url
