"""Agreements (spelregels) between organisations, and the rows their builder steps fill in.

An agreement's working content is relational: parties, work packages with RACI cells, tables,
mandates, escalation steps and value commitments. `revision` counts saves, so a save based on
stale data can be refused (optimistic concurrency).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import AppendOnlyModel, Organisation


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
    note = models.TextField(_("toelichting op de wijziging"), blank=True)
    title = models.CharField(_("titel"), max_length=250)
    theme = models.CharField(_("thema"), max_length=20, choices=Theme.choices, blank=True)
    start_date = models.DateField(_("ingangsdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)

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
        return f"{self.title} — versie {self.number}"


class Decision(models.Model):
    """A decision taken under an agreement (besluitenlijst)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.PROTECT, related_name="decisions"
    )
    version = models.ForeignKey(
        Version,
        verbose_name=_("versie die gold"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        help_text=_("De versie die op de besluitdatum gold; wordt automatisch bepaald."),
    )
    decided_on = models.DateField(_("datum besluit"))
    table_name = models.CharField(_("tafel"), max_length=200)
    what = models.TextField(_("wat is besloten"))
    mandate_label = models.CharField(_("onder welk mandaat"), max_length=300, blank=True)
    reference = models.CharField(
        _("kenmerk"), max_length=100, blank=True, help_text=_("Zoals een collegebesluitnummer.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["agreement", "-decided_on", "-recorded_at"]
        indexes = [
            # The besluitenlijst of one agreement, newest first.
            models.Index(fields=["agreement", "-decided_on"], name="decision_agreement_date"),
        ]

    def __str__(self) -> str:
        return f"{self.decided_on}: {self.what[:60]}"


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


class Evaluation(models.Model):
    """How is the collaboration going: on content, process and relationship."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.PROTECT, related_name="evaluations"
    )
    version = models.ForeignKey(
        Version,
        verbose_name=_("versie die gold"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    held_on = models.DateField(_("datum evaluatie"))
    content_score = models.PositiveSmallIntegerField(_("inhoud: score"), choices=Score.choices)
    content_note = models.TextField(_("inhoud: toelichting"))
    process_score = models.PositiveSmallIntegerField(_("proces: score"), choices=Score.choices)
    process_note = models.TextField(_("proces: toelichting"))
    relationship_score = models.PositiveSmallIntegerField(
        _("relatie: score"), choices=Score.choices
    )
    relationship_note = models.TextField(_("relatie: toelichting"))
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
        return f"{self.agreement} — {self.held_on}"


class FollowUpAction(models.Model):
    """What the parties will do after an evaluation, and who owns it."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluatie"), on_delete=models.CASCADE, related_name="actions"
    )
    description = models.CharField(_("actie"), max_length=300)
    owner = models.CharField(_("eigenaar"), max_length=200)
    due_on = models.DateField(_("uiterlijk"), null=True, blank=True)

    class Meta:
        verbose_name = _("vervolgactie")
        verbose_name_plural = _("vervolgacties")
        ordering = ["evaluation", "id"]

    def __str__(self) -> str:
        return self.description


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


class SignatureMethod(models.TextChoices):
    DIGITAL = "digitaal", _("In de applicatie")
    PAPER = "papier", _("Op papier (scan)")


class Signature(AppendOnlyModel):
    """A party's signature under one version: who signed, when, and on what authority.

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
        Decision,
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
            models.UniqueConstraint(
                fields=["version", "organisation"], name="signature_once_per_party"
            ),
            models.CheckConstraint(
                condition=Q(method="digitaal") | ~Q(scan_sha256=""),
                name="signature_paper_has_scan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.signatory_name}"


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
        return f"{self.version} (openbaar)"


class CommentVisibility(models.TextChoices):
    SHARED = "gedeeld", _("Gedeeld met alle partijen")
    INTERNAL = "intern", _("Intern: alleen mijn organisatie")


class CommentThread(models.Model):
    """A discussion on one step of a draft, or on one row of it (a party, mandate, RACI row…).

    Internal threads are seen by the members of `organisation` only; shared ones by the members
    of every party (`comments.visible_threads`). `draft_number` is the version number the draft
    was to become, so a thread stays with the draft it was made on after adoption.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="threads"
    )
    step = models.CharField(_("stap"), max_length=20)
    anchor = models.CharField(
        _("onderdeel"),
        max_length=60,
        blank=True,
        help_text=_("Een rij van de stap, zoals ‘mandate:<id>’ of ‘party:<organisatie-id>’."),
    )
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=10, choices=CommentVisibility.choices
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie van de schrijver"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Bij een interne opmerking: de enige organisatie die haar ziet."),
    )
    draft_number = models.PositiveIntegerField(
        _("concept voor versie"), help_text=_("Het versienummer dat het concept zou worden.")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("begonnen door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("begonnen op"))
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("opmerkingendraad")
        verbose_name_plural = _("opmerkingendraden")
        ordering = ["agreement", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility__in=["gedeeld", "intern"]),
                name="commentthread_visibility_valid",
            ),
            models.CheckConstraint(
                condition=Q(draft_number__gte=1), name="commentthread_draft_number_positive"
            ),
        ]
        indexes = [
            # The open threads of a draft per step: the progress indicator's grouped count.
            models.Index(
                fields=["agreement", "draft_number", "resolved_at"],
                name="commentthread_agreement_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.step} ({self.get_visibility_display()})"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class Comment(models.Model):
    """One message in a thread: the first starts it, the others reply."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    thread = models.ForeignKey(
        CommentThread,
        verbose_name=_("draad"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("schrijver"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    author_label = models.CharField(_("schrijver (naam)"), max_length=250)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie van de schrijver"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("opmerking"))
    created_at = models.DateTimeField(_("geschreven op"))
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("genoemde personen"),
        blank=True,
        related_name="comment_mentions",
    )

    class Meta:
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        ordering = ["thread", "created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
        ]
        indexes = [
            # A thread's messages in order (the panel and the timeline read them per thread).
            models.Index(fields=["thread", "created_at"], name="comment_thread_created"),
        ]

    def __str__(self) -> str:
        return f"{self.author_label}: {self.body[:60]}"


class ReviewAnswer(models.TextChoices):
    AKKOORD = "akkoord", _("Akkoord")
    OPMERKINGEN = "opmerkingen", _("Opmerkingen")


class ReviewRequest(models.Model):
    """An editor asks people or whole parties to review a draft by a date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("afspraak"),
        on_delete=models.CASCADE,
        related_name="review_requests",
    )
    draft_number = models.PositiveIntegerField(_("concept voor versie"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_by_label = models.CharField(_("gevraagd door (naam)"), max_length=250)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("namens"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("reageren vóór"))
    note = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("gevraagd op"))

    class Meta:
        verbose_name = _("reviewverzoek")
        verbose_name_plural = _("reviewverzoeken")
        ordering = ["agreement", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(draft_number__gte=1), name="reviewrequest_draft_number_positive"
            ),
        ]
        indexes = [
            # The review round of the open draft.
            models.Index(fields=["agreement", "draft_number"], name="reviewrequest_agreement"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — review vóór {self.due_date}"


class Reviewer(models.Model):
    """Who is asked in a review round (a named person or a whole party), and the answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(
        ReviewRequest,
        verbose_name=_("reviewverzoek"),
        on_delete=models.CASCADE,
        related_name="reviewers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partij"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Een hele partij: elk lid van de organisatie kan namens haar antwoorden."),
    )
    answer = models.CharField(
        _("antwoord"), max_length=20, choices=ReviewAnswer.choices, blank=True
    )
    comment = models.TextField(_("opmerkingen"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geantwoord door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("geantwoord op"), null=True, blank=True)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        ordering = ["request", "organisation", "user"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, organisation__isnull=True)
                | Q(user__isnull=True, organisation__isnull=False),
                name="reviewer_person_or_party",
            ),
            models.UniqueConstraint(
                fields=["request", "user"], name="reviewer_person_once_per_request"
            ),
            models.UniqueConstraint(
                fields=["request", "organisation"], name="reviewer_party_once_per_request"
            ),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answer="akkoord") | ~Q(comment=""),
                name="reviewer_remarks_have_comment",
            ),
        ]
        indexes = [
            # "What am I asked to review?": a person's open invitations.
            models.Index(fields=["user", "answer"], name="reviewer_user_answer"),
        ]

    def __str__(self) -> str:
        who = self.user or self.organisation
        return f"{who}: {self.get_answer_display() or 'nog geen antwoord'}"
