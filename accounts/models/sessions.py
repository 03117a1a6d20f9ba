"""Login sessions: Django's database session with whose it is and in what browser, so that a
person sees where they are logged in and can end a session (the profile page), and so that the
session and its person are read in one query on every page (config/sessions.py)."""

import uuid

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserSession(AbstractBaseSession):
    """One session. `user` is set from the session's data whenever it is saved (empty before
    login); `last_seen_at` is moved on at most once a minute, for the idle timeout."""

    # The session key is the secret in the cookie: pages and forms name a session by this id.
    public_id = models.UUIDField(_("kenmerk"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
    )
    created_at = models.DateTimeField(_("begonnen"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("laatst gebruikt"), default=timezone.now)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="session_user_seen")]

    def __str__(self) -> str:
        return f"{self.user_id or '-'} {self.last_seen_at:%Y-%m-%d %H:%M}"
