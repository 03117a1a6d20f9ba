"""The codes the canonical document uses for its choices, with their Dutch labels.

Stored values never change (adopted versions are hashed and sealed); their labels may. The
models, the forms, the vocabulary and every reader of a document use these classes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class CouncilControl(models.TextChoices):
    GEINFORMEERD = "geinformeerd", _("Wordt geïnformeerd")
    WENSEN_BEDENKINGEN = "wensen_bedenkingen", _("Wensen en bedenkingen vooraf")
    ZIENSWIJZE = "zienswijze", _("Zienswijze")
    INSTEMMING = "instemming", _("Instemming vooraf")


class Raci(models.TextChoices):
    RESPONSIBLE = "R", _("R — voert uit (responsible)")
    ACCOUNTABLE = "A", _("A — eindverantwoordelijk (accountable)")
    CONSULTED = "C", _("C — wordt geraadpleegd (consulted)")
    INFORMED = "I", _("I — wordt geïnformeerd (informed)")


class TableLevel(models.TextChoices):
    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk")
    AMBTELIJK = "ambtelijk", _("Ambtelijk")


class MandateBasis(models.TextChoices):
    COLLEGEBESLUIT = "collegebesluit", _("Collegebesluit (of GS-, DB-besluit)")
    RAADSBESLUIT = "raadsbesluit", _("Raadsbesluit (of Statenbesluit, AB-besluit)")
    DELEGATIEBESLUIT = "delegatiebesluit", _("Delegatiebesluit")
    MANDAATBESLUIT = "mandaatbesluit", _("Mandaatbesluit")
    MINISTERIEEL = "ministerieel", _("Ministerieel besluit of mandaatregeling")
    STATUTEN = "statuten", _("Statuten of volmacht (partner)")


class DeadlockResolution(models.TextChoices):
    ONAFHANKELIJK_VOORZITTER = "onafhankelijk_voorzitter", _("Onafhankelijk voorzitter")
    MEDIATION = "mediation", _("Mediation")
    BINDEND_ADVIES = "bindend_advies", _("Bindend advies")
    RECHTER = "rechter", _("Rechter of geschillenregeling")


class CoreValue(models.TextChoices):
    TRANSPARANTIE = "transparantie", _("Transparantie")
    RECHTMATIGHEID = "rechtmatigheid", _("Rechtmatigheid")
    RECHTSGELIJKHEID = "rechtsgelijkheid", _("Rechtsgelijkheid")
    GELIJKE_BEHANDELING = "gelijke_behandeling", _("Gelijke behandeling")
    DEMOCRATISCHE_LEGITIMITEIT = "democratische_legitimiteit", _("Democratische legitimiteit")
