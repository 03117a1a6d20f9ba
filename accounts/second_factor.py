"""The second factor of a password login, and asking again before signing or managing members.

- **Devices** are django-otp's: one TOTP device (an authenticator app) and one set of ten
  single-use recovery codes per person. django-otp refuses a code used before (the TOTP
  device remembers the last time step) or from outside one step of the clock, and slows down
  guessing per device (1, 2, 4, ... seconds after each wrong code).
- **When it is asked** (`settings.SECOND_FACTOR`): of everyone who has set one up; of
  ondertekenaars, beheerders and site staff too ("roles", the default outside DEBUG), who set it
  up at their next login; or of everyone ("everyone").
- **Logging in**: the password form does not log in a person who needs a code. It keeps them in
  the session as pending (`PENDING_USER`, for PENDING_MINUTES), and the code page (or, without
  a device yet, the page that sets one up) logs them in. A wrong code is a failed login for
  django-axes (the same limit and pause as a wrong password) and in the audit trail.
- **Asking again** (`recently_authenticated`): signing and managing members need a login, or a
  confirmation of the password (and code), within REAUTHENTICATE_MINUTES.
"""

import time
from base64 import b32encode
from binascii import unhexlify
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import record_event
from .models import AuditAction, Role, User

# Session keys.
PENDING_USER = "_second_factor_user"  # the person whose password was right
PENDING_BACKEND = "_second_factor_backend"
PENDING_SINCE = "_second_factor_since"
AUTHENTICATED_AT = "_authenticated_at"  # the last login or confirmation, in epoch seconds
ENROLMENT_KEY = "_second_factor_key"  # the TOTP secret being set up, until confirmed

PENDING_MINUTES = 5
RECOVERY_CODES = 10
REQUIRED_ROLES = (Role.ONDERTEKENAAR, Role.BEHEERDER)


def is_required(user: User) -> bool:
    """Whether this person must use a second factor with a password."""
    if settings.SECOND_FACTOR == "everyone":
        return True
    if settings.SECOND_FACTOR == "roles":
        return (
            user.is_staff
            or user.memberships.filter(Q(role__in=REQUIRED_ROLES) | Q(manages=True)).exists()
        )
    return False


def device_of(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def verify(user: User, code: str) -> bool:
    """A code from the authenticator app, or one of the recovery codes (used up)."""
    code = "".join(code.split()).lower()
    device = device_of(user)
    if device is not None and code.isdigit() and device.verify_token(code):
        return True
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return recovery is not None and not code.isdigit() and recovery.verify_token(code)


def failed(request: HttpRequest, user: User, why: str) -> None:
    """A wrong code counts as a failed login (django-axes' limit, the audit trail)."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.email, "second_factor": why}, request=request
    )


# --- Setting up ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    secret: str  # base32, for typing into an app
    qr_svg: SafeString  # the otpauth:// URL as a QR code


def enrolment(request: HttpRequest, user: User) -> Enrolment:
    """The secret being set up, kept in the session until confirmed (a reload shows the same)."""
    key = request.session.get(ENROLMENT_KEY)
    if not key:
        key = request.session[ENROLMENT_KEY] = TOTPDevice().key  # a fresh random key
    device = TOTPDevice(user=user, key=key, name=_("Authenticator-app"))
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title=_("QR-code voor je authenticator-app")
    )
    secret = b32encode(unhexlify(key.encode())).decode()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return Enrolment(secret=grouped, qr_svg=mark_safe(svg))  # noqa: S308 -- segno's SVG, no input


@transaction.atomic
def confirm_enrolment(*, request: HttpRequest, user: User, code: str) -> list[str]:
    """Set up the second factor with the secret of `enrolment`, if `code` is its current code;
    returns the recovery codes (shown once)."""
    key = request.session.get(ENROLMENT_KEY)
    if not key:
        raise ValidationError(_("Begin opnieuw: de code hoort bij een oude QR-code."), code="stale")
    # Checked before anything is saved: a wrong code must leave no device behind.
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6, drift=0)
    code = "".join(code.split())
    if not (code.isdigit() and totp.verify(int(code), tolerance=1)):
        raise ValidationError(
            _("Deze code klopt niet. Kijk of de klok van je telefoon goed staat en probeer de "
              "code die de app nu toont."),
            code="wrong_code",
        )  # fmt: skip
    # last_t: the code just used cannot be used again to log in.
    device = TOTPDevice.objects.create(
        user=user, key=key, name=_("Authenticator-app"), confirmed=True, last_t=totp.t()
    )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    del request.session[ENROLMENT_KEY]
    codes = _new_recovery_codes(user)
    record_event(actor=user, action=AuditAction.SECOND_FACTOR_ADDED, target=user)
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Herstelcodes"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def renew_recovery_codes(*, user: User) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    if not has_device(user):
        raise ValidationError(_("Stel eerst een tweede factor in."), code="no_device")
    codes = _new_recovery_codes(user)
    record_event(actor=user, action=AuditAction.RECOVERY_CODES_RENEWED, target=user)
    return codes


@transaction.atomic
def remove(*, user: User) -> None:
    """Stop using a second factor, where it is not required."""
    if is_required(user):
        raise ValidationError(
            _("Voor jouw rol is een tweede factor verplicht; je kunt hem niet uitzetten."),
            code="required",
        )
    if not has_device(user):
        raise ValidationError(_("Je had geen tweede factor ingesteld."), code="no_device")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record_event(actor=user, action=AuditAction.SECOND_FACTOR_REMOVED, target=user)


# --- Asking again ----------------------------------------------------------------------------


def mark_authenticated(request: HttpRequest) -> None:
    request.session[AUTHENTICATED_AT] = int(time.time())


def is_recent(request: HttpRequest) -> bool:
    at = request.session.get(AUTHENTICATED_AT, 0)
    return time.time() - at < settings.REAUTHENTICATE_MINUTES * 60


def recently_authenticated(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view needs a login or a confirmation within REAUTHENTICATE_MINUTES; otherwise the
    person confirms their password (and code) first and then comes back (GET)."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not is_recent(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('reauthenticate')}?{query}")
        return view(request, *args, **kwargs)

    return checked
