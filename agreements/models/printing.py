"""The stored PDFs of a version: rendered once per kind, served from storage."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .versions import Version


class PdfKind(models.TextChoices):
    VERSION = "versie", _("Vastgestelde versie")
    SEALED = "verzegeld", _("Ondertekend en verzegeld")
    # The publieksversie: the public document (no civil contacts), for the public register.
    PUBLIC = "openbaar", _("Openbare versie (Woo)")


class PdfStatus(models.TextChoices):
    PENDING = "bezig", _("Wordt gemaakt")
    READY = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")


class ArchivedPdf(models.Model):
    """A version's PDF, rendered once and then served from storage.

    A version has at most one PDF per kind: its text with empty signature blocks, once every
    party has signed the sealed PDF with the signatures and the certificate of completion, and,
    once published, the public version without civil servants' contact details. All are named
    after the version's hash.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.ForeignKey(
        Version, verbose_name=_("versie"), on_delete=models.PROTECT, related_name="pdfs"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=PdfKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PdfStatus.choices, default=PdfStatus.PENDING
    )
    file = models.FileField(_("bestand"), upload_to="pdf/", blank=True)
    sha256 = models.CharField(_("SHA-256 van het bestand"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("grootte in bytes"), default=0)
    pages = models.PositiveSmallIntegerField(_("pagina's"), default=0)
    error = models.TextField(_("foutmelding"), blank=True)
    requested_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("gemaakt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("PDF van een versie")
        verbose_name_plural = _("PDF's van versies")
        ordering = ["version", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="archivedpdf_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.get_kind_display()})"
