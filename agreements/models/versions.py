"""Adopted versions and what happens to them: the parties' signatures and the publication in the
public register. All three are append-only.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import AppendOnlyModel, Organisation
from agreements.document import vocabulary
from agreements.document.choices import Theme

from .agreement import Agreement


class Version(AppendOnlyModel):
    """An adopted version: the full canonical document, frozen, with its hash.

    Nothing changes a version afterwards; on PostgreSQL a trigger refuses UPDATE and DELETE.
    The title, theme and dates are copied out of the document so the registry can filter
    without opening JSON.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("versienummer"))
    document = models.JSONField(_("document"))
    schema_version = models.PositiveSmallIntegerField(_("schemaversie"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    adopted_by_label = models.CharField(_("vastgesteld door (naam)"), max_length=250)
    adopted_at = models.DateTimeField(_("vastgesteld op"))
    note = vocabulary.long_text(_("toelichting op de wijziging"), blank=True)
    title = models.CharField(_("titel"), max_length=250)
    theme = models.CharField(_("thema"), max_length=20, choices=Theme.choices, blank=True)
    start_date = models.DateField(_("ingangsdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    # Frozen at adoption from the draft's plan (signing.py of the models); null: no plan.
    signing_plan = models.JSONField(_("ondertekenvolgorde"), null=True, blank=True, editable=False)

    changed_message = _("Een vastgestelde versie kan niet worden gewijzigd.")
    deleted_message = _("Een vastgestelde versie kan niet worden verwijderd.")

    class Meta:
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]
        indexes = [
            # "What was in force on date X" looks up an agreement's versions by adoption time.
            models.Index(fields=["agreement", "adopted_at"], name="version_agreement_adopted"),
        ]

    def __str__(self) -> str:
        return gettext("%(title)s — versie %(number)d") % {
            "title": self.title,
            "number": self.number,
        }


class SignatureMethod(models.TextChoices):
    DIGITAL = "digitaal", _("In de applicatie")
    PAPER = "papier", _("Op papier (scan)")


class Signature(AppendOnlyModel):
    """A party's signature under one version: who signed, when, and on what authority. A party
    whose quorum (in the version's signing plan) is more than one signs several times.

    Append-only like versions: a signature is never changed or withdrawn; on PostgreSQL a
    trigger refuses UPDATE and DELETE.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.ForeignKey(
        Version, verbose_name=_("versie"), on_delete=models.PROTECT, related_name="signatures"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partij"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    method = models.CharField(
        _("manier van ondertekenen"), max_length=10, choices=SignatureMethod.choices
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    signatory_name = models.CharField(_("naam ondertekenaar"), max_length=200)
    signatory_function = models.CharField(_("functie"), max_length=200)
    basis = models.CharField(
        _("bevoegd op grond van"),
        max_length=300,
        help_text=_("Het mandaat of besluit waarop de ondertekenaar tekent."),
    )
    decision = models.ForeignKey(
        "Decision",
        verbose_name=_("besluit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
    )
    place = models.CharField(_("plaats"), max_length=100)
    signed_on = models.DateField(_("datum ondertekening"))
    recorded_at = models.DateTimeField(_("vastgelegd op"))
    scan = models.FileField(_("scan"), upload_to="handtekeningen/%Y/", blank=True)
    scan_sha256 = models.CharField(_("SHA-256 van de scan"), max_length=64, blank=True)

    changed_message = _("Een handtekening kan niet worden gewijzigd.")
    deleted_message = _("Een handtekening kan niet worden verwijderd.")

    class Meta:
        verbose_name = _("handtekening")
        verbose_name_plural = _("handtekeningen")
        ordering = ["version", "recorded_at"]
        constraints = [
            # A party may need several signatures (its quorum in the signing plan), each by
            # another representative; the domain stops at the quorum (versions/signing.py).
            models.UniqueConstraint(
                "version",
                "organisation",
                Lower("signatory_name"),
                name="signature_once_per_signatory",
            ),
            models.CheckConstraint(
                condition=Q(method="digitaal") | ~Q(scan_sha256=""),
                name="signature_paper_has_scan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.signatory_name}"


class PublishedVersion(AppendOnlyModel):
    """A version made public under the Woo: anyone may read it in the public register.

    Only a version whose parties agreed it is public (`Publication.OPENBAAR` in its document)
    can be published, by an opsteller of one of its parties. Append-only: a publication is a
    fact, like a signature; on PostgreSQL a trigger refuses UPDATE and DELETE.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.OneToOneField(
        Version, verbose_name=_("versie"), on_delete=models.PROTECT, related_name="publication"
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("afspraak"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("gepubliceerd namens"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepubliceerd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    published_by_label = models.CharField(_("gepubliceerd door (naam)"), max_length=250)
    published_at = models.DateTimeField(_("gepubliceerd op"))

    changed_message = _("Een publicatie kan niet worden gewijzigd.")
    deleted_message = _("Een publicatie kan niet worden ingetrokken.")

    class Meta:
        verbose_name = _("publicatie")
        verbose_name_plural = _("publicaties")
        ordering = ["-published_at"]
        indexes = [
            # The public register lists the latest publication per agreement, newest first.
            models.Index(
                fields=["agreement", "-published_at"], name="publication_agreement_latest"
            ),
            models.Index(fields=["-published_at"], name="publication_recent"),
        ]

    def __str__(self) -> str:
        return gettext("%(version)s (openbaar)") % {"version": self.version}
