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

from .reference import RoleKind, RoleOption


class Theme(models.TextChoices):
    ENERGIE = "energie", _("Energie")
    WARMTE = "warmte", _("Warmte")
    WONEN = "wonen", _("Wonen")
    KLIMAATADAPTATIE = "klimaatadaptatie", _("Klimaatadaptatie")
    MOBILITEIT = "mobiliteit", _("Mobiliteit")
    SOCIAAL_DOMEIN = "sociaal_domein", _("Sociaal domein")
    OVERIG = "overig", _("Overig")


class GovernanceStyle(models.TextChoices):
    HIERARCHISCH = "hierarchisch", _("Hiërarchisch: één partij stuurt met regels en besluiten")
    NETWERK = "netwerk", _("Netwerk: gelijkwaardige partijen sturen samen op vertrouwen")
    MARKT = "markt", _("Markt: sturen met prikkels, contracten en prestatieafspraken")


class RuleSet(models.TextChoices):
    AANWIJZINGEN = "aanwijzingen", _("Aanwijzingen voor convenanten (rijk is partij)")
    HANDREIKING = "handreiking", _("Decentrale handreiking (zonder het rijk)")


class Enforceability(models.TextChoices):
    AFDWINGBAAR = "afdwingbaar", _("Juridisch afdwingbaar")
    NIET_AFDWINGBAAR = "niet_afdwingbaar", _("Niet juridisch afdwingbaar (inspanningsverplichting)")


class Publication(models.TextChoices):
    OPENBAAR = "openbaar", _("Openbaar onder de Woo")
    NIET_OPENBAAR = "niet_openbaar", _("Niet openbaar")


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
    template = models.ForeignKey(
        "AgreementTemplate",
        verbose_name=_("sjabloon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Step 1: opgave en doel
    title = models.CharField(_("titel"), max_length=250)
    task = models.TextField(
        _("opgave"), blank=True, help_text=_("De maatschappelijke opgave waar het om gaat.")
    )
    theme = models.CharField(_("thema"), max_length=20, choices=Theme.choices, blank=True)
    why = models.TextField(
        _("waarom samenwerken"), blank=True, help_text=_("Waarom kan geen partij dit alleen?")
    )
    intended_result = models.TextField(_("beoogd resultaat"), blank=True)
    governance_style = models.CharField(
        _("sturingsstijl"), max_length=20, choices=GovernanceStyle.choices, blank=True
    )
    rule_set = models.CharField(_("regelset"), max_length=20, choices=RuleSet.choices, blank=True)
    enforceability = models.CharField(
        _("afdwingbaarheid"), max_length=20, choices=Enforceability.choices, blank=True
    )

    # Step 6: waarden en samenwerking (the values themselves are ValueCommitment rows)
    relationship = models.TextField(
        _("afspraken over de relatie"),
        blank=True,
        help_text=_("Hoe blijft de ambtelijke lijn praten als het bestuurlijk schuurt?"),
    )
    informal_contact = models.TextField(_("elkaar buiten de formele tafels ontmoeten"), blank=True)

    # Step 7: looptijd, evaluatie en wijziging
    start_date = models.DateField(_("ingangsdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    indefinite = models.BooleanField(_("voor onbepaalde tijd"), default=False)
    extension = models.TextField(_("verlenging"), blank=True)
    termination = models.TextField(
        _("opzegging"),
        blank=True,
        help_text=_("Hoe een partij kan opzeggen en wat daarvan de gevolgen zijn."),
    )
    notice_period_months = models.PositiveSmallIntegerField(
        _("opzegtermijn in maanden"), null=True, blank=True
    )
    accession = models.TextField(_("toetreding van nieuwe partijen"), blank=True)
    amendment = models.TextField(_("wijzigingsprocedure"), blank=True)
    evaluation_cadence = models.CharField(
        _("evaluatie: wanneer"),
        max_length=200,
        blank=True,
        help_text=_("Zoals ‘jaarlijks in het voorjaar’."),
    )
    evaluation_by = models.CharField(_("evaluatie: door wie"), max_length=200, blank=True)
    next_evaluation = models.DateField(_("eerstvolgende evaluatie"), null=True, blank=True)
    financial = models.TextField(_("financiële afspraken"), blank=True)
    publication = models.CharField(
        _("openbaarheid"), max_length=20, choices=Publication.choices, blank=True
    )
    non_publication_ground = models.TextField(_("grond om niet openbaar te maken"), blank=True)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="agreement_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CouncilControl(models.TextChoices):
    GEINFORMEERD = "geinformeerd", _("Wordt geïnformeerd")
    WENSEN_BEDENKINGEN = "wensen_bedenkingen", _("Wensen en bedenkingen vooraf")
    ZIENSWIJZE = "zienswijze", _("Zienswijze")
    INSTEMMING = "instemming", _("Instemming vooraf")


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
    political_representative = models.CharField(
        _("bestuurlijk vertegenwoordiger"),
        max_length=200,
        blank=True,
        help_text=_("Naam en functie, zoals ‘wethouder energie’."),
    )
    civil_contact = models.CharField(
        _("ambtelijk contactpersoon"), max_length=200, blank=True, help_text=_("Naam en functie.")
    )
    formal_roles = models.ManyToManyField(
        RoleOption,
        verbose_name=_("formele rollen"),
        blank=True,
        related_name="+",
        limit_choices_to={"kind": RoleKind.FORMAL},
    )
    ladder_role = models.ForeignKey(
        RoleOption,
        verbose_name=_("rol op de participatieladder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": RoleKind.LADDER},
    )
    network_role = models.ForeignKey(
        RoleOption,
        verbose_name=_("netwerkrol"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": RoleKind.NETWORK},
    )
    contributes_capacity = models.CharField(_("inbreng: capaciteit"), max_length=300, blank=True)
    contributes_money = models.CharField(_("inbreng: geld"), max_length=300, blank=True)
    contributes_knowledge = models.CharField(_("inbreng: kennis"), max_length=300, blank=True)
    council_control = models.CharField(
        _("sturing door de volksvertegenwoordiging"),
        max_length=30,
        choices=CouncilControl.choices,
        blank=True,
        help_text=_("Hoe ver kan de raad, Staten of het algemeen bestuur nog meepraten?"),
    )
    council_control_note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        ordering = ["agreement", "position", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="party_one_per_organisation"
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
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    name = models.CharField(_("werkpakket"), max_length=200)
    description = models.CharField(_("omschrijving"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("werkpakket")
        verbose_name_plural = _("werkpakketten")
        ordering = ["agreement", "position", "name"]

    def __str__(self) -> str:
        return self.name


class Raci(models.TextChoices):
    RESPONSIBLE = "R", _("R — voert uit (responsible)")
    ACCOUNTABLE = "A", _("A — eindverantwoordelijk (accountable)")
    CONSULTED = "C", _("C — wordt geraadpleegd (consulted)")
    INFORMED = "I", _("I — wordt geïnformeerd (informed)")


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


class TableLevel(models.TextChoices):
    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk")
    AMBTELIJK = "ambtelijk", _("Ambtelijk")


class Table(models.Model):
    """A table (overleg) where parties meet, and what it decides."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="tables"
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    name = models.CharField(_("naam van het overleg"), max_length=200)
    level = models.CharField(_("niveau"), max_length=20, choices=TableLevel.choices, blank=True)
    members = models.ManyToManyField(
        Party, verbose_name=_("deelnemende partijen"), blank=True, related_name="tables"
    )
    chair = models.ForeignKey(
        Party,
        verbose_name=_("voorzitter (partij)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_tables",
    )
    independent_chair = models.CharField(
        _("onafhankelijk voorzitter"),
        max_length=200,
        blank=True,
        help_text=_("Alleen invullen als geen van de partijen voorzit."),
    )
    cadence = models.CharField(_("hoe vaak"), max_length=200, blank=True)
    decides = models.TextField(_("wat deze tafel beslist"), blank=True)

    class Meta:
        verbose_name = _("tafel")
        verbose_name_plural = _("tafels")
        ordering = ["agreement", "position", "name"]

    def __str__(self) -> str:
        return self.name


class MandateBasis(models.TextChoices):
    COLLEGEBESLUIT = "collegebesluit", _("Collegebesluit (of GS-, DB-besluit)")
    RAADSBESLUIT = "raadsbesluit", _("Raadsbesluit (of Statenbesluit, AB-besluit)")
    DELEGATIEBESLUIT = "delegatiebesluit", _("Delegatiebesluit")
    MANDAATBESLUIT = "mandaatbesluit", _("Mandaatbesluit")
    MINISTERIEEL = "ministerieel", _("Ministerieel besluit of mandaatregeling")
    STATUTEN = "statuten", _("Statuten of volmacht (partner)")


class Mandate(models.Model):
    """Who may decide what, within which limits, on which basis."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="mandates"
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    party = models.ForeignKey(
        Party, verbose_name=_("partij"), on_delete=models.CASCADE, related_name="mandates"
    )
    function = models.CharField(_("functie"), max_length=200)
    subject = models.CharField(_("waarover"), max_length=300)
    max_amount = models.DecimalField(
        _("tot bedrag (euro)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    limits = models.CharField(_("overige grenzen"), max_length=300, blank=True)
    basis = models.CharField(
        _("grondslag"), max_length=20, choices=MandateBasis.choices, blank=True
    )
    basis_date = models.DateField(_("datum besluit"), null=True, blank=True)
    basis_reference = models.CharField(
        _("kenmerk besluit"),
        max_length=100,
        blank=True,
        help_text=_("Zoals een collegebesluitnummer."),
    )

    class Meta:
        verbose_name = _("mandaat")
        verbose_name_plural = _("mandaten")
        ordering = ["agreement", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gte=0),
                name="mandate_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.function}: {self.subject}"


class DeadlockResolution(models.TextChoices):
    ONAFHANKELIJK_VOORZITTER = "onafhankelijk_voorzitter", _("Onafhankelijk voorzitter")
    MEDIATION = "mediation", _("Mediation")
    BINDEND_ADVIES = "bindend_advies", _("Bindend advies")
    RECHTER = "rechter", _("Rechter of geschillenregeling")


class EscalationStep(models.Model):
    """One rung of the escalation ladder: what to do when it gets hard."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("afspraak"),
        on_delete=models.CASCADE,
        related_name="escalation_steps",
    )
    position = models.PositiveSmallIntegerField(_("trede"), default=0)
    trigger = models.CharField(_("aanleiding"), max_length=300)
    handler = models.CharField(
        _("wie pakt het op"), max_length=200, help_text=_("Een tafel of een rol.")
    )
    deadline_days = models.PositiveSmallIntegerField(_("binnen werkdagen"), null=True, blank=True)
    outcome = models.CharField(_("mogelijke uitkomst"), max_length=300, blank=True)
    deadlock_resolution = models.CharField(
        _("als het vastloopt"),
        max_length=30,
        choices=DeadlockResolution.choices,
        blank=True,
        help_text=_("Verplicht op de laatste trede: hoe een impasse eindigt."),
    )

    class Meta:
        verbose_name = _("escalatietrede")
        verbose_name_plural = _("escalatieladder")
        ordering = ["agreement", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.trigger}"


class CoreValue(models.TextChoices):
    TRANSPARANTIE = "transparantie", _("Transparantie")
    RECHTMATIGHEID = "rechtmatigheid", _("Rechtmatigheid")
    RECHTSGELIJKHEID = "rechtsgelijkheid", _("Rechtsgelijkheid")
    GELIJKE_BEHANDELING = "gelijke_behandeling", _("Gelijke behandeling")
    DEMOCRATISCHE_LEGITIMITEIT = "democratische_legitimiteit", _("Democratische legitimiteit")


class ValueCommitment(models.Model):
    """How the parties secure one core value of good governance."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="values"
    )
    value = models.CharField(_("kernwaarde"), max_length=30, choices=CoreValue.choices)
    how = models.TextField(_("hoe we dit borgen"), blank=True)

    class Meta:
        verbose_name = _("kernwaarde")
        verbose_name_plural = _("kernwaarden")
        ordering = ["agreement", "value"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "value"], name="value_once_per_agreement"),
        ]

    def __str__(self) -> str:
        return self.get_value_display()
