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


class WebhookEvent(models.TextChoices):
    """What a webhook can be told about an agreement its organisation is party to. The values
    are the `type` of the payload (Standard Webhooks); they never change."""

    DRAFT_STARTED = "draft.started", _("Concept of wijziging begonnen")
    SECTION_SAVED = "section.saved", _("Onderdeel opgeslagen")
    VERSION_ADOPTED = "version.adopted", _("Versie vastgesteld")
    VERSION_SIGNED = "version.signed", _("Ondertekend door een partij")
    VERSION_SIGNED_BY_ALL = "version.signed_by_all", _("Ondertekend door alle partijen")
    VERSION_PUBLISHED = "version.published", _("Versie openbaar gemaakt")
    COMMENT_PLACED = "comment.placed", _("Opmerking geplaatst")


class WebhookSubscription(models.Model):
    """An organisation's URL that is told of events (api/webhooks.py), signed with `secret`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="webhooks",
    )
    url = models.URLField(_("adres"), max_length=500)
    events = models.JSONField(_("gebeurtenissen"), default=list)
    secret = models.CharField(_("geheim"), max_length=100, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemeld door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation"], condition=Q(ended_at=None), name="webhook_active")
        ]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "bezig", _("Wordt bezorgd")
    DELIVERED = "bezorgd", _("Bezorgd")
    FAILED = "mislukt", _("Mislukt")


class WebhookDelivery(models.Model):
    """One event for one subscription: its `id` is the message's `webhook-id`, the same in every
    attempt, so a receiver can tell a retry from a new event."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("webhook"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    audit_event_id = models.BigIntegerField(_("auditgebeurtenis"))
    event = models.CharField(_("gebeurtenis"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("inhoud"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("bezorgd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bezorging van een webhook")
        verbose_name_plural = _("bezorgingen van webhooks")
        ordering = ["-created_at"]
        constraints = [
            # Each event once per subscription (a last signature is two events: signed, and
            # signed by all).
            models.UniqueConstraint(
                fields=["subscription", "audit_event_id", "event"],
                name="webhookdelivery_once_per_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription}"


class WebhookAttempt(models.Model):
    """One try to deliver: what the receiver answered, or why it could not be reached."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        verbose_name=_("bezorging"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    at = models.DateTimeField(_("tijdstip"))
    status_code = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    error = models.CharField(_("fout"), max_length=300, blank=True)
    milliseconds = models.PositiveIntegerField(_("duur (ms)"))

    class Meta:
        verbose_name = _("poging")
        verbose_name_plural = _("pogingen")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"
