"""Organisations, people and their memberships, and the append-only audit trail."""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Layer(models.TextChoices):
    RIJK = "rijk", _("Rijk")
    PROVINCIE = "provincie", _("Provincie")
    GEMEENTE = "gemeente", _("Gemeente")
    WATERSCHAP = "waterschap", _("Waterschap")
    PARTNER = "partner", _("Partner")


class PartnerKind(models.TextChoices):
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    NETBEHEERDER = "netbeheerder", _("Netbeheerder")
    ENERGIE = "energie", _("Energiebedrijf of -coöperatie")
    KENNISINSTELLING = "kennisinstelling", _("Kennisinstelling")
    MAATSCHAPPELIJK = "maatschappelijk", _("Maatschappelijke organisatie")
    BEDRIJF = "bedrijf", _("Bedrijf")
    KOEPEL = "koepel", _("Koepel (zoals VNG, IPO, UvW)")
    OVERIG = "overig", _("Overige organisatie")


# Elected and executive bodies follow from the layer (Gemeentewet, Provinciewet,
# Waterschapswet, Grondwet); partners have neither in the public-law sense.
BODIES_BY_LAYER: dict[str, tuple["StrOrPromise", "StrOrPromise"]] = {
    Layer.RIJK: (_("Tweede Kamer"), _("minister")),
    Layer.PROVINCIE: (_("Provinciale Staten"), _("Gedeputeerde Staten")),
    Layer.GEMEENTE: (_("gemeenteraad"), _("college van B&W")),
    Layer.WATERSCHAP: (_("algemeen bestuur"), _("dagelijks bestuur")),
}


class Organisation(models.Model):
    """A public body or partner that can be party to an agreement."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("naam"), max_length=200, help_text=_("Korte naam, zoals ‘Bernheze’."))
    official_name = models.CharField(
        _("officiële naam"),
        max_length=250,
        help_text=_("Naam met soort, zoals ‘Gemeente Bernheze’."),
    )
    layer = models.CharField(_("bestuurslaag"), max_length=20, choices=Layer.choices)
    partner_kind = models.CharField(
        _("soort partner"),
        max_length=30,
        choices=PartnerKind.choices,
        blank=True,
        help_text=_("Alleen voor partners, niet voor overheden."),
    )
    code = models.CharField(
        _("code"),
        max_length=20,
        blank=True,
        help_text=_("Officiële code: CBS-code (GM1721, PV30) of TOOI-code (ws0654, mnre1034)."),
    )
    abbreviation = models.CharField(_("afkorting"), max_length=20, blank=True)
    province = models.ForeignKey(
        "self",
        verbose_name=_("provincie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gemeenten",
        limit_choices_to={"layer": Layer.PROVINCIE},
        help_text=_("De provincie waarin een gemeente ligt."),
    )
    tooi_uri = models.URLField(_("TOOI-URI"), blank=True)
    oin = models.CharField(_("OIN"), max_length=20, blank=True)
    valid_on = models.DateField(_("peildatum"), null=True, blank=True)
    end_date = models.DateField(
        _("opgeheven per"),
        null=True,
        blank=True,
        help_text=_(
            "Datum waarop de organisatie ophield te bestaan, bijvoorbeeld na een herindeling."
        ),
    )
    source = models.CharField(_("bron"), max_length=200, blank=True)
    kvk_number = models.CharField(
        _("KvK-nummer"),
        max_length=8,
        blank=True,
        help_text=_("Het nummer in het Handelsregister: acht cijfers."),
    )
    place = models.CharField(_("vestigingsplaats"), max_length=100, blank=True)
    # A partner an editor added from the builder, until site staff verified it.
    added_by = models.ForeignKey(
        "self",
        verbose_name=_("toegevoegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("De organisatie wier opsteller deze partner toevoegde."),
    )
    verified_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="organisation_code_unique"
            ),
            models.UniqueConstraint(
                fields=["kvk_number"], condition=~Q(kvk_number=""), name="organisation_kvk_unique"
            ),
            models.CheckConstraint(
                condition=(Q(layer=Layer.PARTNER) & ~Q(partner_kind=""))
                | (~Q(layer=Layer.PARTNER) & Q(partner_kind="")),
                name="organisation_partner_kind_only_for_partners",
            ),
            models.CheckConstraint(
                condition=Q(province__isnull=True) | Q(layer=Layer.GEMEENTE),
                name="organisation_province_only_for_gemeenten",
            ),
        ]
        indexes = [
            # The registry filters by layer and sorts by name.
            models.Index(fields=["layer", "name"], name="organisation_layer_name"),
        ]

    def __str__(self) -> str:
        return self.official_name or self.name

    @property
    def elected_body(self) -> "StrOrPromise":
        return BODIES_BY_LAYER.get(self.layer, ("", ""))[0]

    @property
    def executive_body(self) -> "StrOrPromise":
        return BODIES_BY_LAYER.get(self.layer, ("", ""))[1]

    @property
    def is_active(self) -> bool:
        return self.end_date is None or self.end_date > timezone.localdate()


class UserManager(BaseUserManager["User"]):
    """Users log in with their e-mail address."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("Een e-mailadres is verplicht.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who works with Spelregels, identified by e-mail address."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=200)
    function = models.CharField(
        _("functie"), max_length=200, blank=True, help_text=_("Zoals ‘beleidsadviseur energie’.")
    )
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    is_staff = models.BooleanField(
        _("beheerder van de site"),
        default=False,
        help_text=_("Mag inloggen op de beheeromgeving."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    # Kept by notifications/sending.py (F() increments, recounted when read), so the bell in
    # every page's header costs no query of its own.
    unread_notifications = models.PositiveIntegerField(
        _("ongelezen meldingen"),
        default=0,
        editable=False,
        help_text=_("Aantal ongelezen meldingen, voor de bel bovenaan elke pagina."),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    LEZER = "lezer", _("Lezer")
    OPSTELLER = "opsteller", _("Opsteller")
    ONDERTEKENAAR = "ondertekenaar", _("Ondertekenaar")
    BEHEERDER = "beheerder", _("Beheerder")


class Membership(models.Model):
    """A person's membership of an organisation, with one role."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.LEZER)
    manages = models.BooleanField(
        _("ook beheerder"),
        default=False,
        help_text=_(
            "Beheert ook de leden, naast de eigen rol: zo wordt de eerste uitgenodigde van een "
            "nieuwe partner haar beheerder en blijft die ondertekenaar of opsteller."
        ),
    )
    created_at = models.DateTimeField(_("lid sinds"), auto_now_add=True)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["organisation__name", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_per_user_and_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class AppendOnly(Exception):
    """Something tried to change or delete a row that may only be added."""


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes are refused too."""

    def update(self, **kwargs):
        raise AppendOnly(self.model.changed_message)

    def delete(self):
        raise AppendOnly(self.model.deleted_message)


class AppendOnlyModel(models.Model):
    """Rows that are only ever added: the audit trail, versions, signatures.

    The model, its queryset and (read-only) admins refuse changes; on PostgreSQL a trigger does
    too (`spelregels_append_only`, migration accounts/0002).
    """

    changed_message = _("Dit gegeven kan niet worden gewijzigd.")
    deleted_message = _("Dit gegeven kan niet worden verwijderd.")

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly(self.changed_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(self.deleted_message)


class AuditAction(models.TextChoices):
    """Every kind of event in the audit trail: what the writers record and what the timeline and
    the exports read. Stored values never change (the trail is append-only); a new kind of
    write gets a new member. The admin's events are `<model>.added`, `.changed` and `.deleted`
    for the models it edits (`admin_audit.action_for`)."""

    # People and organisations
    USER_LOGGED_IN = "user.logged_in", _("Ingelogd")
    USER_LOGIN_FAILED = "user.login_failed", _("Inloggen mislukt")
    USER_PROFILE_CHANGED = "user.profile_changed", _("Profiel gewijzigd")
    USER_PASSWORD_CHANGED = "user.password_changed", _("Wachtwoord gewijzigd")
    SESSION_ENDED = "session.ended", _("Sessie beëindigd")
    USER_REAUTHENTICATED = "user.reauthenticated", _("Opnieuw bevestigd wie je bent")
    SSO_LOGIN_FAILED = "sso.login_failed", _("Inloggen via de eigen organisatie mislukt")
    SSO_ACCOUNT_CREATED = "sso.account_created", _("Account aangemaakt via de eigen organisatie")
    SSO_ACCOUNT_LINKED = "sso.account_linked", _("Account gekoppeld aan de eigen organisatie")
    SECOND_FACTOR_ADDED = "second_factor.added", _("Tweede factor ingesteld")
    SECOND_FACTOR_REMOVED = "second_factor.removed", _("Tweede factor uitgezet")
    RECOVERY_CODES_RENEWED = "second_factor.codes_renewed", _("Nieuwe herstelcodes gemaakt")
    MEMBERSHIP_ADDED = "membership.added", _("Lid toegevoegd")
    MEMBERSHIP_ROLE_CHANGED = "membership.role_changed", _("Rol gewijzigd")
    MEMBERSHIP_REMOVED = "membership.removed", _("Lid verwijderd")
    API_TOKEN_CREATED = "api_token.created", _("API-sleutel gemaakt")
    API_TOKEN_REVOKED = "api_token.revoked", _("API-sleutel ingetrokken")
    WEBHOOK_SUBSCRIBED = "webhook.subscribed", _("Webhook aangemeld")
    WEBHOOK_ENDED = "webhook.ended", _("Webhook beëindigd")
    NOTIFICATION_PREFERENCES_CHANGED = (
        "notification.preferences_changed",
        _("Meldingsvoorkeuren gewijzigd"),
    )
    NOTIFICATION_READ = "notification.read", _("Melding gelezen")
    NOTIFICATION_ALL_READ = "notification.all_read", _("Alle meldingen gelezen")
    PARTNER_ADDED = "organisation.partner_added", _("Partner toegevoegd")
    PARTNER_VERIFIED = "organisation.partner_verified", _("Partner gecontroleerd")
    INVITATION_SENT = "invitation.sent", _("Uitnodiging verstuurd")
    INVITATION_REQUESTED = "invitation.requested", _("Uitnodiging aangevraagd bij de beheerder")
    INVITATION_DECLINED = "invitation.declined", _("Aanvraag voor een uitnodiging afgewezen")
    INVITATION_RESENT = "invitation.resent", _("Uitnodiging opnieuw verstuurd")
    INVITATION_WITHDRAWN = "invitation.withdrawn", _("Uitnodiging ingetrokken")
    INVITATION_ACCEPTED = "invitation.accepted", _("Uitnodiging aangenomen")
    # Agreements
    AGREEMENT_CREATED = "agreement.created", _("Afspraak begonnen")
    AGREEMENT_IMPORTED = "agreement.imported", _("Afspraak geïmporteerd")
    STEP_SAVED = "agreement.step_saved", _("Stap opgeslagen")
    DRAFT_STARTED = "draft.started", _("Wijziging begonnen")
    SIGNING_PLAN_SET = "signing_plan.set", _("Volgorde van ondertekenen ingesteld")
    VERSION_ADOPTED = "version.adopted", _("Versie vastgesteld")
    VERSION_SIGNED = "version.signed", _("Versie ondertekend")
    VERSION_PUBLISHED = "version.published", _("Versie openbaar gemaakt")
    ARCHIVE_EXPORTED = "version.archive_exported", _("Versie als archiefpakket uitgevoerd")
    PDF_RETRIED = "pdf.retried", _("PDF opnieuw aangevraagd")
    DECISION_RECORDED = "decision.recorded", _("Besluit vastgelegd")
    EVALUATION_RECORDED = "evaluation.recorded", _("Evaluatie vastgelegd")
    DECISION_CORRECTED = "decision.corrected", _("Besluit gecorrigeerd")
    EVALUATION_CORRECTED = "evaluation.corrected", _("Evaluatie gecorrigeerd")
    ACTION_STATUS_CHANGED = "action.status_changed", _("Status van een vervolgactie gewijzigd")
    REVIEW_REQUESTED = "review.requested", _("Leesronde gevraagd")
    REVIEW_ANSWERED = "review.answered", _("Leesronde beantwoord")
    COMMENT_THREAD_STARTED = "comment.thread_started", _("Opmerking geplaatst")
    COMMENT_REPLIED = "comment.replied", _("Gereageerd op een opmerking")
    COMMENT_THREAD_RESOLVED = "comment.thread_resolved", _("Opmerking afgehandeld")
    COMMENT_THREAD_REOPENED = "comment.thread_reopened", _("Opmerking heropend")
    COMMENT_EDITED = "comment.edited", _("Opmerking gewijzigd")
    COMMENT_DELETED = "comment.deleted", _("Opmerking verwijderd")
    # The admin (site staff)
    ORGANISATION_ADDED = "organisation.added", _("Organisatie toegevoegd (beheer)")
    ORGANISATION_CHANGED = "organisation.changed", _("Organisatie gewijzigd (beheer)")
    ORGANISATION_DELETED = "organisation.deleted", _("Organisatie verwijderd (beheer)")
    USER_ADDED = "user.added", _("Persoon toegevoegd (beheer)")
    USER_CHANGED = "user.changed", _("Persoon gewijzigd (beheer)")
    USER_DELETED = "user.deleted", _("Persoon verwijderd (beheer)")
    MEMBERSHIP_CHANGED = "membership.changed", _("Lidmaatschap gewijzigd (beheer)")
    GROUP_ADDED = "group.added", _("Groep toegevoegd (beheer)")
    GROUP_CHANGED = "group.changed", _("Groep gewijzigd (beheer)")
    GROUP_DELETED = "group.deleted", _("Groep verwijderd (beheer)")
    ROLEOPTION_ADDED = "roleoption.added", _("Roloptie toegevoegd (beheer)")
    ROLEOPTION_CHANGED = "roleoption.changed", _("Roloptie gewijzigd (beheer)")
    ROLEOPTION_DELETED = "roleoption.deleted", _("Roloptie verwijderd (beheer)")
    AGREEMENTTEMPLATE_ADDED = "agreementtemplate.added", _("Sjabloon toegevoegd (beheer)")
    AGREEMENTTEMPLATE_CHANGED = "agreementtemplate.changed", _("Sjabloon gewijzigd (beheer)")
    AGREEMENTTEMPLATE_DELETED = "agreementtemplate.deleted", _("Sjabloon verwijderd (beheer)")
    ACCESSATTEMPT_ADDED = "accessattempt.added", _("Inlogpoging toegevoegd (beheer)")
    ACCESSATTEMPT_CHANGED = "accessattempt.changed", _("Inlogpoging gewijzigd (beheer)")
    ACCESSATTEMPT_DELETED = "accessattempt.deleted", _("Inlogblokkade opgeheven (beheer)")
    ACCESSFAILURELOG_ADDED = "accessfailurelog.added", _("Mislukte inlog toegevoegd (beheer)")
    ACCESSFAILURELOG_CHANGED = "accessfailurelog.changed", _("Mislukte inlog gewijzigd (beheer)")
    ACCESSFAILURELOG_DELETED = "accessfailurelog.deleted", _("Mislukte inlog verwijderd (beheer)")
    ACCESSLOG_ADDED = "accesslog.added", _("Inlogregel toegevoegd (beheer)")
    ACCESSLOG_CHANGED = "accesslog.changed", _("Inlogregel gewijzigd (beheer)")
    ACCESSLOG_DELETED = "accesslog.deleted", _("Inlogregel verwijderd (beheer)")
    IDENTITYPROVIDER_ADDED = "identityprovider.added", _("Identiteitsprovider toegevoegd (beheer)")
    IDENTITYPROVIDER_CHANGED = (
        "identityprovider.changed",
        _("Identiteitsprovider gewijzigd (beheer)"),
    )
    IDENTITYPROVIDER_DELETED = (
        "identityprovider.deleted",
        _("Identiteitsprovider verwijderd (beheer)"),
    )
    TOTPDEVICE_ADDED = "totpdevice.added", _("Tweede factor toegevoegd (beheer)")
    TOTPDEVICE_CHANGED = "totpdevice.changed", _("Tweede factor gewijzigd (beheer)")
    TOTPDEVICE_DELETED = "totpdevice.deleted", _("Tweede factor teruggezet (beheer)")


class AuditEvent(AppendOnlyModel):
    """One write in the application: who, for which organisation, when, what and how.

    Append-only; the database guard allows one thing only: forgetting a deleted person or
    organisation (their labels stay readable).
    """

    changed_message = _("De audittrail kan niet worden gewijzigd.")
    deleted_message = _("De audittrail kan niet worden verwijderd.")

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(
        _("door (naam)"),
        max_length=250,
        blank=True,
        help_text=_("Blijft leesbaar als de persoon verdwijnt."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("handeling"), max_length=60, choices=AuditAction.choices)
    object_type = models.CharField(_("soort object"), max_length=60, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=250, blank=True)
    changes = models.JSONField(
        _("wijzigingen"),
        default=dict,
        blank=True,
        help_text=_("Per veld de oude en nieuwe waarde."),
    )

    class Meta:
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("audittrail")
        ordering = ["-at", "-id"]
        indexes = [
            # An organisation's beheerder reads its trail newest first.
            models.Index(fields=["organisation", "-at"], name="audit_organisation_at"),
            # An object's history (an agreement's timeline) is looked up by type and id.
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"


# Invitations are their own module; imported here so that `accounts.models` names every model.
from .identity import IdentityProvider as IdentityProvider  # noqa: E402
from .invitations import INVITED_ROLES as INVITED_ROLES  # noqa: E402
from .invitations import Invitation as Invitation  # noqa: E402
from .invitations import InvitationStatus as InvitationStatus  # noqa: E402
from .sessions import UserSession as UserSession  # noqa: E402
