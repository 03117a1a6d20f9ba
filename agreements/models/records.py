"""What happens under an agreement: decisions (besluitenlijst) with their attachments,
evaluations with follow-up actions, and the reminders already sent.

Decisions and evaluations are records that stay written (append-only, as versions and the
audit trail): a mistake is put right by a new record that `corrects` the old one
(`records.corrections`), and the old one stays readable, marked as corrected.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import AppendOnlyModel, Organisation
from agreements.document import vocabulary

from .agreement import Agreement


class Decision(AppendOnlyModel):
    """A decision taken under an agreement (besluitenlijst)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.PROTECT, related_name="decisions"
    )
    version = models.ForeignKey(
        "Version",
        verbose_name=_("versie die gold"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        help_text=_("De versie die op de besluitdatum gold; wordt automatisch bepaald."),
    )
    decided_on = models.DateField(_("datum besluit"))
    table_name = models.CharField(_("tafel"), max_length=vocabulary.NAME)
    what = vocabulary.long_text(_("wat is besloten"))
    mandate_label = models.CharField(
        _("onder welk mandaat"), max_length=vocabulary.MANDATE_LABEL, blank=True
    )
    reference = models.CharField(
        _("kenmerk"),
        max_length=vocabulary.REFERENCE,
        blank=True,
        help_text=_("Zoals een collegebesluitnummer."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrigeert"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        help_text=_("Het eerder vastgelegde besluit dat dit besluit corrigeert."),
    )
    correction_reason = models.CharField(
        _("wat er niet klopte"), max_length=vocabulary.SHORT_TEXT, blank=True
    )

    changed_message = _("Een besluit kan niet worden gewijzigd; leg een correctie vast.")
    deleted_message = _("Een besluit kan niet worden verwijderd; leg een correctie vast.")

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["agreement", "-decided_on", "-recorded_at"]
        indexes = [
            # The besluitenlijst of one agreement, newest first.
            models.Index(fields=["agreement", "-decided_on"], name="decision_agreement_date"),
        ]

    def __str__(self) -> str:
        return f"{vocabulary.format_date(self.decided_on)}: {self.what[:60]}"


class DecisionAttachment(models.Model):
    """A PDF that belongs to a decision, such as the signed collegebesluit."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("besluit"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("bestand"), upload_to="besluiten/%Y/")
    name = models.CharField(_("naam"), max_length=250)
    size = models.PositiveIntegerField(_("grootte in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["decision", "name"]

    def __str__(self) -> str:
        return self.name


class Score(models.IntegerChoices):
    SLECHT = 1, _("1 — gaat slecht")
    MATIG = 2, _("2 — matig")
    REDELIJK = 3, _("3 — redelijk")
    GOED = 4, _("4 — goed")
    UITSTEKEND = 5, _("5 — uitstekend")


class Evaluation(AppendOnlyModel):
    """How is the collaboration going: on content, process and relationship."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.PROTECT, related_name="evaluations"
    )
    version = models.ForeignKey(
        "Version",
        verbose_name=_("versie die gold"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    held_on = models.DateField(_("datum evaluatie"))
    content_score = models.PositiveSmallIntegerField(_("inhoud: score"), choices=Score.choices)
    content_note = vocabulary.long_text(_("inhoud: toelichting"))
    process_score = models.PositiveSmallIntegerField(_("proces: score"), choices=Score.choices)
    process_note = vocabulary.long_text(_("proces: toelichting"))
    relationship_score = models.PositiveSmallIntegerField(
        _("relatie: score"), choices=Score.choices
    )
    relationship_note = vocabulary.long_text(_("relatie: toelichting"))
    leads_to_amendment = models.BooleanField(
        _("leidt tot een wijziging van de afspraak"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrigeert"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        help_text=_("De eerder vastgelegde evaluatie die deze evaluatie corrigeert."),
    )
    correction_reason = models.CharField(
        _("wat er niet klopte"), max_length=vocabulary.SHORT_TEXT, blank=True
    )

    changed_message = _("Een evaluatie kan niet worden gewijzigd; leg een correctie vast.")
    deleted_message = _("Een evaluatie kan niet worden verwijderd; leg een correctie vast.")

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ["agreement", "-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_score__gte=1, content_score__lte=5)
                & Q(process_score__gte=1, process_score__lte=5)
                & Q(relationship_score__gte=1, relationship_score__lte=5),
                name="evaluation_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {vocabulary.format_date(self.held_on)}"


class ActionStatus(models.TextChoices):
    """Where a follow-up action stands: open, being worked on (bezig) or done (klaar)."""

    OPEN = "open", _("open")
    BEZIG = "bezig", _("bezig")
    KLAAR = "klaar", _("klaar")


class FollowUpAction(models.Model):
    """What the parties will do after an evaluation: which party owns it (and, if named, which
    of its people), where it stands and by when it is due."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluatie"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(_("actie"), max_length=vocabulary.SHORT_TEXT)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De partij die de actie uitvoert."),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Iemand van de eigenaar die de actie trekt (niet verplicht)."),
    )
    owner_note = models.CharField(
        _("eigenaar zoals eerder genoteerd"),
        max_length=vocabulary.NAME,
        blank=True,
        help_text=_("De eigenaar zoals die vroeger als vrije tekst werd vastgelegd."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    due_on = models.DateField(_("uiterlijk"), null=True, blank=True)

    class Meta:
        verbose_name = _("vervolgactie")
        verbose_name_plural = _("vervolgacties")
        ordering = ["evaluation", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "bezig", "klaar"]),
                name="followupaction_status_valid",
            ),
        ]
        indexes = [
            # What comes due: the open actions by date (start page, overview, reminders).
            models.Index(fields=["due_on", "status"], name="followupaction_due_status"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status != ActionStatus.KLAAR


class ReminderSent(models.Model):
    """One reminder e-mail sent: makes `send_reminders` idempotent."""

    key = models.CharField(_("sleutel"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.key
