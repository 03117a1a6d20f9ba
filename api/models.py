"""Personal API tokens: a user's key for machines, created and revoked on the profile page."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """One personal API token. Only its SHA-256 is stored; the key is shown once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("naam"), max_length=100, help_text=_("Waarvoor de sleutel dient, zoals ‘zaaksysteem’.")
    )
    prefix = models.CharField(
        _("begin van de sleutel"), max_length=12, help_text=_("Om de sleutel te herkennen.")
    )
    key_hash = models.CharField(_("SHA-256 van de sleutel"), max_length=64)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-created_at"]
        constraints = [
            # Every request looks its token up by hash.
            models.UniqueConstraint(fields=["key_hash"], name="apitoken_key_hash_unique"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=models.F("created_at")),
                name="apitoken_revoked_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
