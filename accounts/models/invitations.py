"""Invitations: a person asked to join an organisation with a role (`accounts/invitations.py`)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import Organisation, Role


class InvitationStatus(models.TextChoices):
    REQUESTED = "aangevraagd", _("Aangevraagd bij de beheerder")
    OPEN = "open", _("Verstuurd")
    ACCEPTED = "aangenomen", _("Aangenomen")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")
    DECLINED = "afgewezen", _("Afgewezen door de beheerder")


# The roles a person can be invited with; beheerder comes with being the first (`manages`).
INVITED_ROLES = (Role.ONDERTEKENAAR, Role.OPSTELLER, Role.LEZER)


class Invitation(models.Model):
    """An invitation for a person to join an organisation with a role, by a link in an e-mail.

    Only a digest of the link's secret is stored. An invitation to an organisation that has
    members is first a request to its beheerder (REQUESTED), who sends it or declines."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mailadres"))
    full_name = models.CharField(_("naam"), max_length=150, blank=True)
    role = models.CharField(
        _("rol"), max_length=20, choices=[(r.value, r.label) for r in INVITED_ROLES]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.OPEN
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        Organisation,
        verbose_name=_("namens"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Where the link lands after accepting, and what it is about (an agreement's page and title).
    landing = models.CharField(_("landingspagina"), max_length=200, blank=True)
    about = models.CharField(_("over"), max_length=250, blank=True)
    secret_digest = models.CharField(_("kenmerk van de link"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    answered_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(status__in=["aangevraagd", "open"]),
                name="invitation_one_pending_per_address",
            ),
            models.UniqueConstraint(
                fields=["secret_digest"],
                condition=~Q(secret_digest=""),
                name="invitation_secret_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation} ({self.get_role_display()})"
