"""A task worker's heartbeat (worker/leases.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerBeat(models.Model):
    """The last time a task worker said it was alive; one row per worker process."""

    worker_id = models.CharField(_("verwerker"), max_length=64, primary_key=True)
    host = models.CharField(_("machine"), max_length=255)
    pid = models.PositiveIntegerField(_("proces"))
    started_at = models.DateTimeField(_("gestart op"))
    beat_at = models.DateTimeField(_("laatst in leven op"), db_index=True)

    class Meta:
        verbose_name = _("hartslag van een taakverwerker")
        verbose_name_plural = _("hartslagen van taakverwerkers")

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
