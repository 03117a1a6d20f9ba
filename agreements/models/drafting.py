"""Drafting together: each builder step's revisions, so that saves merge instead of colliding.

Every save of a step stores what the step's forms hold afterwards, numbered per step. A save
names the revision it started from; the merge (`drafting/merge.py`) compares the editor's data
with that revision and with the latest one. Steps count separately, so editors on different
steps never meet; adoption still freezes one document, as it locks the agreement.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .agreement import Agreement


class StepRevision(models.Model):
    """What one builder step's forms held after a save (revision `number` of that step)."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("afspraak"),
        on_delete=models.CASCADE,
        related_name="step_revisions",
    )
    step = models.CharField(_("stap"), max_length=20)
    number = models.PositiveIntegerField(_("revisie"))
    data = models.JSONField(_("gegevens"), default=dict)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgeslagen door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("opgeslagen op"), default=timezone.now)

    class Meta:
        verbose_name = _("revisie van een stap")
        verbose_name_plural = _("revisies van stappen")
        ordering = ["agreement", "step", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "step", "number"], name="steprevision_number_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.number}"


class StepPresence(models.Model):
    """Who has a builder step open: refreshed while their page is open (a light poll)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="+"
    )
    step = models.CharField(_("stap"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    seen_at = models.DateTimeField(_("laatst gezien"), default=timezone.now)

    class Meta:
        verbose_name = _("aanwezigheid in een stap")
        verbose_name_plural = _("aanwezigheid in stappen")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "step", "user"], name="steppresence_once_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.step}"
