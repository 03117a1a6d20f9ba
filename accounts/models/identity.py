"""An organisation's own identity provider (OpenID Connect): its people log in there instead of
with a password here (accounts/oidc.py). Configured by site staff in the admin."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IdentityProvider(models.Model):
    """Single sign-on for the people of one organisation, found by their e-mail domain."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="identity_providers",
    )
    name = models.CharField(
        _("naam"), max_length=100, help_text=_("Zoals 'Microsoft Entra ID van Bernheze'.")
    )
    issuer = models.URLField(
        _("issuer"),
        help_text=_(
            "De issuer-URL van de provider; de configuratie staat onder "
            "/.well-known/openid-configuration."
        ),
    )
    client_id = models.CharField(_("client-id"), max_length=255)
    client_secret = models.CharField(_("client-secret"), max_length=255)
    email_domains = models.CharField(
        _("e-maildomeinen"),
        max_length=500,
        help_text=_("Met komma's gescheiden, zoals 'bernheze.nl, gemeentebernheze.nl'."),
    )
    active = models.BooleanField(_("in gebruik"), default=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)

    class Meta:
        verbose_name = _("identiteitsprovider")
        verbose_name_plural = _("identiteitsproviders")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "client_id"], name="identity_provider_one_per_client"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.split(",") if d.strip()]
