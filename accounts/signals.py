"""Logins and failed logins go into the audit trail."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from accounts.models import AuditAction

from .audit import record_event
from .second_factor import mark_authenticated

# Where the session store looks for the browser's description (config/sessions.py reads the
# same key; accounts cannot import config).
USER_AGENT_KEY = "_user_agent"


@receiver(user_logged_in)
def _record_login(sender, request, user, **kwargs) -> None:
    record_event(actor=user, action=AuditAction.USER_LOGGED_IN, target=user)
    if request is not None and hasattr(request, "session"):
        # Signing and managing members ask again after a while (accounts/second_factor.py).
        mark_authenticated(request)
        # Shown in the list of sessions on the profile page (accounts/sessions.py).
        request.session[USER_AGENT_KEY] = request.META.get("HTTP_USER_AGENT", "")[:300]


@receiver(user_login_failed)
def _record_login_failure(sender, credentials, request=None, **kwargs) -> None:
    # Only the e-mail address typed, never the password.
    changes: dict[str, list] = {"email": [None, str(credentials.get("username", ""))[:254]]}
    if "second_factor" in credentials:  # the password was right, the code was not
        changes["second_factor"] = [None, True]
    record_event(actor=None, action=AuditAction.USER_LOGIN_FAILED, changes=changes)
