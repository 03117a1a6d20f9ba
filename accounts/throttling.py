"""Login throttling that a forged header or many accounts do not get around.

django-axes locks an e-mail address from one client address after AXES_FAILURE_LIMIT wrong
passwords. Two ways around that are closed here:

- **A forged `X-Forwarded-For`.** axes read the address through django-ipware, which with no
  proxy configured still took the header's first address: each request with another value
  started a fresh count. `client_address` trusts the header only behind AXES_PROXY_COUNT
  proxies and then reads the address the outermost trusted proxy saw (counted from the
  right, as DRF's NUM_PROXIES does for the API's rate limits); otherwise it is the
  connection's own address.
- **Password spraying and a distributed attack**, which try one password on many accounts, or
  one account from many addresses, and never reach the limit of one pair. `Backend` refuses a
  password login from an address that failed on LOGIN_ACCOUNTS_PER_ADDRESS different
  accounts, and for an account that failed LOGIN_FAILURES_PER_ACCOUNT times from anywhere,
  within AXES_COOLOFF_TIME. It counts axes' own failure log (the database: every web server
  sees the same counts) and refuses as axes does, so the refusal is a failed login in the
  audit trail and the lockout page (429) says which limit was reached.
"""

import ipaddress
from typing import Any

from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessFailureLog
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

# Why a login was refused (request.login_refusal, read by the lockout page).
BY_ADDRESS = "address"
BY_ACCOUNT = "account"


def client_address(request: HttpRequest) -> str:
    """The client's address (AXES_CLIENT_IP_CALLABLE): see the module."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    if not addresses:
        return remote
    candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # a proxy passed on garbage: the connection's address is all we know
        return remote


def refusal(request: HttpRequest, username: str) -> str | None:
    """BY_ADDRESS or BY_ACCOUNT when a password login must be refused now, else None."""
    failures = AccessFailureLog.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )
    accounts = (
        failures.filter(ip_address=client_address(request)).values("username").distinct().count()
    )
    if accounts >= settings.LOGIN_ACCOUNTS_PER_ADDRESS:
        return BY_ADDRESS
    if username and (
        failures.filter(username__iexact=username.strip()).count()
        >= settings.LOGIN_FAILURES_PER_ACCOUNT
    ):
        return BY_ACCOUNT
    return None


class Backend:
    """The first authentication backend after axes': refuses a password login as `refusal`
    says, before any password is checked."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None or password is None:
            return None  # not a password login (single sign-on has its provider's limits)
        reason = refusal(request, username or "")
        if reason is None:
            return None
        # As axes refuses: the middleware turns the flag into the lockout page.
        request.axes_locked_out = True  # type: ignore[attr-defined]
        request.login_refusal = reason  # type: ignore[attr-defined]
        raise AxesBackendPermissionDenied(f"login refused: too many failures by {reason}")

    # No get_user: this backend never logs anyone in, so no session names it (and Django's
    # test client's force_login looks for the first backend that has one).
