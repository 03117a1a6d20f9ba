"""An agreement and the rows its builder steps fill in: parties, work packages with their RACI
cells, tables, mandates, escalation steps and value commitments.

An agreement's working content is relational; `revision` counts saves, so a save based on
stale data can be refused (optimistic concurrency). Adopted versions freeze it as a canonical
document (`versions.py`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from agreements.document import vocabulary
from agreements.document.choices import (
    CoreValue,
    Raci,
)
from agreements.lib.dates import SubtractMonths

from .reference import RoleKind, RoleOption


def row_key() -> models.UUIDField:
    """A row's stable id in the canonical document: kept by every save of the builder and by
    the import, so that versions can be compared (and later merged) row by row."""
    return models.UUIDField(_("vaste sleutel"), default=uuid.uuid4, editable=False)


def row_key_constraint(model: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["agreement", "key"], name=f"{model}_key_per_agreement")


# What comes due (records/reminders.py), each kind along its own index (Meta.indexes): a
# version not signed by every party by its adoption; the last day to give notice.
AWAITING_SIGNATURES = Q(current_version__isnull=False) & (
    Q(signed_version__isnull=True) | ~Q(signed_version=models.F("current_version"))
)
HAS_NOTICE_PERIOD = Q(notice_period_months__gt=0)
NOTICE_DEADLINE = SubtractMonths("in_force_end", "notice_period_months")


class Agreement(models.Model):
    """A collaboration's rules of the game, drafted and adopted together by its parties."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    revision = models.PositiveIntegerField(
        _("revisie"),
        default=0,
        help_text=_("Telt elke opslag; voorkomt dat wijzigingen verloren gaan."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    draft_open = models.BooleanField(
        _("concept open"),
        default=True,
        help_text=_("Aan tijdens het opstellen en tijdens een wijziging; uit na vaststellen."),
    )
    terminated_on = models.DateField(_("beëindigd per"), null=True, blank=True)
    # Kept by versioning and signing (one write each) so the registry derives every status
    # from two joins instead of subqueries per agreement.
    current_version = models.ForeignKey(
        "Version",
        verbose_name=_("laatst vastgestelde versie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    signed_version = models.ForeignKey(
        "Version",
        verbose_name=_("laatst ondertekende versie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("De laatste versie die door alle partijen is ondertekend: die geldt."),
    )
    # The dates of the version in force (signed_version, or current_version while none is
    # signed), copied so that status and year filters read this row alone.
    in_force_start = models.DateField(
        _("ingangsdatum geldende versie"), null=True, blank=True, editable=False
    )
    in_force_end = models.DateField(
        _("einddatum geldende versie"), null=True, blank=True, editable=False
    )
    # The date of the current version's "awaiting signatures" item, for its index.
    current_adopted_at = models.DateTimeField(
        _("vastgesteld op (laatste versie)"), null=True, blank=True, editable=False
    )
    template = models.ForeignKey(
        "AgreementTemplate",
        verbose_name=_("sjabloon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Step 1: opgave en doel. Labels, help and limits come from the document's vocabulary.
    title = models.CharField(
        **vocabulary.labels("task.title"), max_length=vocabulary.TITLE
    )  # required: not blank
    task = vocabulary.text_field("task.task")
    theme = vocabulary.choice_field("task.theme", 20)
    why = vocabulary.text_field("task.why")
    intended_result = vocabulary.text_field("task.intended_result")
    governance_style = vocabulary.choice_field("task.governance_style", 20)
    rule_set = vocabulary.choice_field("task.rule_set", 20)
    enforceability = vocabulary.choice_field("task.enforceability", 20)

    # Step 6: waarden en samenwerking (the values themselves are ValueCommitment rows)
    relationship = vocabulary.text_field("values.relationship")
    informal_contact = vocabulary.text_field("values.informal_contact")

    # Step 7: looptijd, evaluatie en wijziging
    start_date = models.DateField(**vocabulary.labels("term.start_date"), null=True, blank=True)
    end_date = models.DateField(**vocabulary.labels("term.end_date"), null=True, blank=True)
    indefinite = models.BooleanField(**vocabulary.labels("term.indefinite"), default=False)
    extension = vocabulary.text_field("term.extension")
    termination = vocabulary.text_field("term.termination")
    notice_period_months = models.PositiveSmallIntegerField(
        **vocabulary.labels("term.notice_period_months"),
        null=True,
        blank=True,
        validators=vocabulary.range_validators("term.notice_period_months"),
    )
    accession = vocabulary.text_field("term.accession")
    amendment = vocabulary.text_field("term.amendment")
    evaluation_cadence = vocabulary.text_field("term.evaluation_cadence")
    evaluation_by = vocabulary.text_field("term.evaluation_by")
    next_evaluation = models.DateField(
        **vocabulary.labels("term.next_evaluation"), null=True, blank=True
    )
    financial = vocabulary.text_field("term.financial")
    publication = vocabulary.choice_field("term.publication", 20)
    non_publication_ground = vocabulary.text_field("term.non_publication_ground")

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["next_evaluation"], name="agreement_next_evaluation"),
            models.Index(fields=["in_force_end"], name="agreement_in_force_end"),
            models.Index(
                fields=["current_adopted_at"],
                name="agreement_awaiting_signatures",
                condition=AWAITING_SIGNATURES,
            ),
            models.Index(
                NOTICE_DEADLINE, name="agreement_notice_deadline", condition=HAS_NOTICE_PERIOD
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="agreement_end_after_start",
            ),
            *vocabulary.length_constraints(
                "agreement",
                {
                    "title": "task.title",
                    "task": "task.task",
                    "why": "task.why",
                    "intended_result": "task.intended_result",
                    "relationship": "values.relationship",
                    "informal_contact": "values.informal_contact",
                    "extension": "term.extension",
                    "termination": "term.termination",
                    "accession": "term.accession",
                    "amendment": "term.amendment",
                    "evaluation_cadence": "term.evaluation_cadence",
                    "evaluation_by": "term.evaluation_by",
                    "financial": "term.financial",
                    "non_publication_ground": "term.non_publication_ground",
                },
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Party(models.Model):
    """An organisation taking part in an agreement, with its people and roles."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        db_index=False,  # party_organisation_agreement starts with it
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    political_representative = vocabulary.text_field("parties.political_representative")
    civil_contact = vocabulary.text_field("parties.civil_contact")
    formal_roles = models.ManyToManyField(
        RoleOption,
        **vocabulary.labels("parties.formal_roles"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": RoleKind.FORMAL},
    )
    ladder_role = models.ForeignKey(
        RoleOption,
        **vocabulary.labels("parties.ladder_role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": RoleKind.LADDER},
    )
    network_role = models.ForeignKey(
        RoleOption,
        **vocabulary.labels("parties.network_role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": RoleKind.NETWORK},
    )
    contributes_capacity = vocabulary.text_field("parties.contributes.capacity")
    contributes_money = vocabulary.text_field("parties.contributes.money")
    contributes_knowledge = vocabulary.text_field("parties.contributes.knowledge")
    council_control = vocabulary.choice_field("governance.council_control.control", 30)
    council_control_note = vocabulary.text_field("governance.council_control.note")

    class Meta:
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        ordering = ["agreement", "position", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="party_one_per_organisation"
            ),
            *vocabulary.length_constraints(
                "party",
                {
                    "political_representative": "parties.political_representative",
                    "civil_contact": "parties.civil_contact",
                    "contributes_capacity": "parties.contributes.capacity",
                    "contributes_money": "parties.contributes.money",
                    "contributes_knowledge": "parties.contributes.knowledge",
                    "council_control_note": "governance.council_control.note",
                },
            ),
        ]
        indexes = [
            # Visibility: "the agreements my organisations are party to", answered from the
            # index alone (the registry's semi-join at thousands of agreements).
            models.Index(fields=["organisation", "agreement"], name="party_organisation_agreement"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class WorkPackage(models.Model):
    """A part of the work (werkpakket or deliverable): a row of the RACI matrix."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("afspraak"),
        on_delete=models.CASCADE,
        related_name="work_packages",
    )
    key = row_key()
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    name = vocabulary.text_field("ownership.work_packages.name", required=True)
    description = vocabulary.text_field("ownership.work_packages.description")

    class Meta:
        verbose_name = _("werkpakket")
        verbose_name_plural = _("werkpakketten")
        ordering = ["agreement", "position", "name"]
        constraints = [
            row_key_constraint("workpackage"),
            *vocabulary.length_constraints(
                "workpackage",
                {
                    "name": "ownership.work_packages.name",
                    "description": "ownership.work_packages.description",
                },
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RaciCell(models.Model):
    """One party's letter in one row of the RACI matrix."""

    work_package = models.ForeignKey(
        WorkPackage, verbose_name=_("werkpakket"), on_delete=models.CASCADE, related_name="cells"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("partij"), on_delete=models.CASCADE, related_name="raci_cells"
    )
    letter = models.CharField(_("RACI"), max_length=1, choices=Raci.choices)

    class Meta:
        verbose_name = _("RACI-cel")
        verbose_name_plural = _("RACI-cellen")
        ordering = ["work_package", "party"]
        constraints = [
            models.UniqueConstraint(fields=["work_package", "party"], name="raci_one_per_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.work_package}: {self.party} {self.letter}"


class Table(models.Model):
    """A table (overleg) where parties meet, and what it decides."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="tables"
    )
    key = row_key()
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    name = vocabulary.text_field("governance.tables.name", required=True)
    level = vocabulary.choice_field("governance.tables.level", 20)
    members = models.ManyToManyField(
        Party, **vocabulary.labels("governance.tables.members"), blank=True, related_name="tables"
    )
    chair = models.ForeignKey(
        Party,
        **vocabulary.labels("governance.tables.chair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_tables",
    )
    independent_chair = vocabulary.text_field("governance.tables.independent_chair")
    cadence = vocabulary.text_field("governance.tables.cadence")
    decides = vocabulary.text_field("governance.tables.decides")

    class Meta:
        verbose_name = _("tafel")
        verbose_name_plural = _("tafels")
        ordering = ["agreement", "position", "name"]
        constraints = [
            row_key_constraint("table"),
            *vocabulary.length_constraints(
                "table",
                {
                    "name": "governance.tables.name",
                    "independent_chair": "governance.tables.independent_chair",
                    "cadence": "governance.tables.cadence",
                    "decides": "governance.tables.decides",
                },
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Mandate(models.Model):
    """Who may decide what, within which limits, on which basis."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="mandates"
    )
    key = row_key()
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    party = models.ForeignKey(
        Party,
        **vocabulary.labels("governance.mandates.party"),
        on_delete=models.CASCADE,
        related_name="mandates",
    )
    function = vocabulary.text_field("governance.mandates.function", required=True)
    subject = vocabulary.text_field("governance.mandates.subject", required=True)
    max_amount = models.DecimalField(
        **vocabulary.labels("governance.mandates.max_amount"),
        max_digits=vocabulary.AMOUNT_DIGITS,
        decimal_places=2,
        null=True,
        blank=True,
    )
    limits = vocabulary.text_field("governance.mandates.limits")
    basis = vocabulary.choice_field("governance.mandates.basis", 20)
    basis_date = models.DateField(
        **vocabulary.labels("governance.mandates.basis_date"), null=True, blank=True
    )
    basis_reference = vocabulary.text_field("governance.mandates.basis_reference")

    class Meta:
        verbose_name = _("mandaat")
        verbose_name_plural = _("mandaten")
        ordering = ["agreement", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gte=0),
                name="mandate_amount_not_negative",
            ),
            row_key_constraint("mandate"),
            *vocabulary.length_constraints(
                "mandate",
                {
                    "function": "governance.mandates.function",
                    "subject": "governance.mandates.subject",
                    "limits": "governance.mandates.limits",
                    "basis_reference": "governance.mandates.basis_reference",
                },
            ),
        ]

    def __str__(self) -> str:
        return vocabulary.mandate_label(self.function, self.subject)


class EscalationStep(models.Model):
    """One rung of the escalation ladder: what to do when it gets hard."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("afspraak"),
        on_delete=models.CASCADE,
        related_name="escalation_steps",
    )
    key = row_key()
    position = models.PositiveSmallIntegerField(_("trede"), default=0)
    trigger = vocabulary.text_field("escalation.trigger", required=True)
    handler = vocabulary.text_field("escalation.handler", required=True)
    deadline_days = models.PositiveSmallIntegerField(
        **vocabulary.labels("escalation.deadline_days"),
        null=True,
        blank=True,
        validators=vocabulary.range_validators("escalation.deadline_days"),
    )
    outcome = vocabulary.text_field("escalation.outcome")
    deadlock_resolution = vocabulary.choice_field("escalation.deadlock_resolution", 30)

    class Meta:
        verbose_name = _("escalatietrede")
        verbose_name_plural = _("escalatieladder")
        ordering = ["agreement", "position"]
        constraints = [
            row_key_constraint("escalationstep"),
            *vocabulary.length_constraints(
                "escalationstep",
                {
                    "trigger": "escalation.trigger",
                    "handler": "escalation.handler",
                    "outcome": "escalation.outcome",
                },
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.trigger}"


class ValueCommitment(models.Model):
    """How the parties secure one core value of good governance."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="values"
    )
    value = models.CharField(_("kernwaarde"), max_length=30, choices=CoreValue.choices)
    how = vocabulary.text_field("values.core_values")

    class Meta:
        verbose_name = _("kernwaarde")
        verbose_name_plural = _("kernwaarden")
        ordering = ["agreement", "value"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "value"], name="value_once_per_agreement"),
            *vocabulary.length_constraints("valuecommitment", {"how": "values.core_values"}),
        ]

    def __str__(self) -> str:
        return self.get_value_display()
