"""Personal API tokens: create, revoke and authenticate.

A token is `spr_` plus 32 random bytes (URL-safe base64); only its SHA-256 is stored, so a
database leak reveals no usable key. The user sees the key once, when it is created. A revoked
token, or the token of a deactivated user, authenticates nobody. Creating and revoking are
audited like every other write.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.audit import record_event
from accounts.models import AuditAction, User

from .models import ApiToken

KEY_PREFIX = "spr_"
# Recording every use would make each API request a write; once a minute is enough to see
# whether a key is still in use.
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_token(*, user: User, name: str, acting_user: User) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it and the key, which is not stored anywhere."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=key[: len(KEY_PREFIX) + 4], key_hash=_hash(key)
    )
    record_event(
        actor=acting_user,
        action=AuditAction.API_TOKEN_CREATED,
        target=user,
        changes={"token": [None, str(token)]},
    )
    return token, key


@transaction.atomic
def revoke_token(*, token: ApiToken, acting_user: User) -> ApiToken:
    """Revoke the token from now on (once; revoking again changes nothing)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=acting_user,
            action=AuditAction.API_TOKEN_REVOKED,
            target=token.user,
            changes={"token": [str(token), None]},
        )
    return token


def token_for_key(key: str) -> ApiToken | None:
    """The active token of an active user that this key opens (its user read with it), or
    None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
