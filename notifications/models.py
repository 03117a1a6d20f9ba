"""Notifications: in the application (the bell and its list) and by e-mail.

One `Notification` per recipient and item; its `key` names the item, so the same item never
reaches the same person twice. A person chooses per kind how the e-mail comes
(`NotificationPreference`); without a choice it comes immediately (`DEFAULT_DELIVERY`).
"""

import re
import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Kind(models.TextChoices):
    PARTY_INVITED = "party_invited", _("Uitgenodigd als partij")
    MENTIONED = "mentioned", _("Genoemd in een opmerking")
    REPLY = "reply", _("Reactie in een gesprek waaraan je deelneemt")
    REVIEW_REQUESTED = "review_requested", _("Gevraagd om mee te lezen")
    AWAITING_SIGNATURE = "awaiting_signature", _("Vastgestelde versie wacht op je handtekening")
    ALL_SIGNED = "all_signed", _("Alle partijen hebben getekend")
    DUE = "due", _("Evaluatie, einddatum of opzegtermijn komt eraan")
    PARTNER_ADDED = "partner_added", _("Nieuwe partner toegevoegd: controleren")
    INVITATION_REQUESTED = "invitation_requested", _("Gevraagd iemand uit te nodigen")


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("Direct per e-mail")
    DAILY = "daily", _("Eén keer per dag, in een overzicht")
    NEVER = "never", _("Niet per e-mail (alleen in de applicatie)")


# Every kind asks for attention from a specific person, and before notifications existed the
# reminders (kind DUE) were mailed at once; so without a choice, e-mail comes immediately.
DEFAULT_DELIVERY = Delivery.IMMEDIATELY


def translated(message: str, params: dict[str, Any]) -> str:
    """`message` (a Dutch message id) in the active language, filled in with `params`; an ISO
    date among them is written in words ("18 december 2026")."""
    shown = {
        key: formats.date_format(date.fromisoformat(value), "j F Y")
        if isinstance(value, str) and ISO_DATE.match(value)
        else value
        for key, value in params.items()
    }
    try:
        return gettext(message) % shown
    except (KeyError, TypeError, ValueError):  # a translation that does not fit its message
        return message


class Notification(models.Model):
    """One item for one person: shown under the bell, and e-mailed as they chose."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvanger"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    title = models.CharField(
        _("titel"),
        max_length=250,
        help_text=_("In de taal van de site; getoond als er geen bericht-id is."),
    )
    # The title as a message id (Dutch source text) and what fills it in: translated into the
    # reader's language when shown or mailed. Empty for titles made before (they show `title`).
    title_message = models.CharField(_("titel (bericht-id)"), max_length=250, blank=True)
    title_params = models.JSONField(_("titel (invulling)"), default=dict, blank=True)
    body = models.TextField(_("toelichting"), blank=True)
    url = models.CharField(
        _("link"),
        max_length=500,
        help_text=_("Pad binnen de applicatie, zoals ‘/afspraken/…/’; nooit een ander domein."),
    )
    key = models.CharField(
        _("sleutel"),
        max_length=200,
        help_text=_("Noemt het onderwerp; iets bereikt dezelfde persoon maar één keer."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("gemaild op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="notification_once_per_recipient_and_key"
            ),
            models.CheckConstraint(
                condition=Q(url__startswith="/")
                & ~Q(url__startswith="//")
                & ~Q(url__startswith="/\\"),
                name="notification_url_is_relative_path",
            ),
        ]
        indexes = [
            # The list under the bell: one person's notifications, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_new"),
            # Counting and marking a person's unread ones.
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # The daily digest looks for what has not been e-mailed yet.
            models.Index(
                fields=["recipient", "kind"],
                condition=Q(emailed_at__isnull=True),
                name="notification_not_emailed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.title}"

    @property
    def shown_title(self) -> str:
        """The title in the active language: the message translated, dates in words."""
        if not self.title_message:
            return self.title
        return translated(self.title_message, self.title_params)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How a person wants one kind of notification by e-mail; absent means `DEFAULT_DELIVERY`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    delivery = models.CharField(
        _("per e-mail"),
        max_length=20,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY,
        help_text=_("Meldingen staan altijd in de applicatie; dit gaat over de e-mail."),
    )

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notification_preference_one_per_user_and_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} — {self.get_delivery_display()}"
