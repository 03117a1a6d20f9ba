"""Reference data an administrator can change: the roles a party can take and the templates a
draft can start from.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    FORMAL = "formal", _("Formele rol")
    LADDER = "ladder", _("Participatieladder")
    NETWORK = "network", _("Netwerkrol")


class RoleOption(models.Model):
    """A role a party can take; reference data that an administrator can change."""

    kind = models.CharField(_("soort"), max_length=10, choices=RoleKind.choices)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=100)
    description = models.CharField(_("uitleg"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("roloptie")
        verbose_name_plural = _("rolopties")
        ordering = ["kind", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="roleoption_code_per_kind"),
        ]

    def __str__(self) -> str:
        return self.name


class AgreementTemplate(models.Model):
    """A starting point that pre-fills tables, escalation ladder and values; editable data."""

    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.CharField(_("omschrijving"), max_length=500, blank=True)
    content = models.JSONField(
        _("inhoud"),
        default=dict,
        help_text=_(
            "Sleutels: theme, governance_style, tables [{name, level, cadence, decides}], "
            "escalation [{trigger, handler, deadline_days, outcome, deadlock_resolution}], "
            "values {kernwaarde: hoe}, work_packages [{name, description}]."
        ),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("sjabloon")
        verbose_name_plural = _("sjablonen")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
