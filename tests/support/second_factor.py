"""What the tests of the second factor and of confirming who you are share: an authenticator
app's code for a key, and a login made to look older than the confirmation window."""

import time
from binascii import unhexlify

from django.contrib.auth import SESSION_KEY
from django_otp.oath import TOTP

from accounts.models import User, UserSession
from accounts.second_factor import AUTHENTICATED_AT
from config.sessions import SessionStore


def totp_code(key: str, steps_from_now: int = 0) -> str:
    """The code an authenticator app shows for the hex `key`, `steps_from_now` windows on."""
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + steps_from_now * 30
    return f"{totp.token():06d}"


def logged_in_long_ago(user: User, minutes: int = 16) -> None:
    """As if the person's sessions (as the server keeps them) logged in `minutes` ago."""
    for row in UserSession.objects.filter(user=user):
        store = SessionStore(row.session_key)
        if str(store.get(SESSION_KEY)) == str(user.pk):
            store[AUTHENTICATED_AT] -= minutes * 60
            store.save()
