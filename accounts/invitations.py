"""Invitations: a person joins an organisation through a link in an e-mail.

Who invites: a beheerder of the organisation (or site staff); and, for a partner organisation
that has no members yet, an opsteller of an agreement it is party to (the agreement layer
checks that and says so with `for_new_partner`). For an organisation that has members, anyone
else can only ask: the invitation waits for a beheerder, who sends or declines it.

The link carries a random secret; only its SHA-256 digest is stored. It expires (`VALID`), can
be sent again (a new secret: the old link stops working) and withdrawn. Accepting it makes a
new account with the password the person chooses (or adds the membership to the account of
whoever is logged in with that address); the first member of an organisation also becomes its
beheerder (`Membership.manages`). Every step is audited.
"""

import hashlib
import secrets
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import record_event
from .models import (
    INVITED_ROLES,
    AuditAction,
    Invitation,
    InvitationStatus,
    Membership,
    Organisation,
    User,
)
from .permissions import can_manage_members, is_active_user

VALID = timedelta(days=14)
PENDING = (InvitationStatus.REQUESTED, InvitationStatus.OPEN)


class InvitationError(StrEnum):
    ALREADY_INVITED = "already_invited"
    ALREADY_MEMBER = "already_member"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    WITHDRAWN = "withdrawn"
    NOT_PENDING = "not_pending"
    OTHER_ACCOUNT = "other_account"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def has_members(organisation: Organisation) -> bool:
    return Membership.objects.filter(organisation=organisation).exists()


@transaction.atomic
def invite(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    full_name: str = "",
    acting_user: User,
    on_behalf_of: Organisation | None = None,
    landing: str = "",
    about: str = "",
    for_new_partner: bool = False,
) -> Invitation:
    """Invite `email` to `organisation` with `role`, or ask its beheerder to.

    Sent at once by a beheerder (or staff) of the organisation, or for a partner without
    members (`for_new_partner`, checked by the caller: an opsteller of an agreement it is
    party to); otherwise a request that waits for the beheerder."""
    if not is_active_user(acting_user):
        raise PermissionDenied
    if role not in INVITED_ROLES:
        raise ValidationError(_("Kies een rol."), code="role")
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is al lid van %(organisation)s.")
            % {"email": email, "organisation": organisation},
            code=InvitationError.ALREADY_MEMBER,
        )
    if Invitation.objects.filter(
        organisation=organisation, email__iexact=email, status__in=PENDING
    ).exists():
        raise ValidationError(
            _(
                "%(email)s is al uitgenodigd voor %(organisation)s. Verstuur die uitnodiging "
                "opnieuw als de e-mail niet is aangekomen."
            )
            % {"email": email, "organisation": organisation},
            code=InvitationError.ALREADY_INVITED,
        )
    send_now = can_manage_members(acting_user, organisation) or (
        for_new_partner and not has_members(organisation)
    )
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        full_name=full_name.strip(),
        role=role,
        status=InvitationStatus.OPEN if send_now else InvitationStatus.REQUESTED,
        invited_by=acting_user,
        on_behalf_of=on_behalf_of,
        landing=landing,
        about=about,
    )
    if send_now:
        _send(invitation, acting_user, AuditAction.INVITATION_SENT)
    else:
        _record(invitation, acting_user, AuditAction.INVITATION_REQUESTED)
    return invitation


def can_handle(user: User, invitation: Invitation, *, managed: set | None = None) -> bool:
    """Who sent (or asked for) an invitation, and the organisation's beheerders, handle it.
    `managed`: the user's `managed_organisations`, when several invitations are asked about."""
    if not is_active_user(user):
        return False
    if invitation.invited_by_id == user.pk:
        return True
    if managed is None:
        return can_manage_members(user, invitation.organisation)
    return user.is_staff or invitation.organisation_id in managed


def _pending(invitation: Invitation, *statuses: str) -> None:
    if invitation.status not in statuses:
        raise ValidationError(
            _("Deze uitnodiging is al %(status)s.")
            % {"status": invitation.get_status_display().lower()},
            code=InvitationError.NOT_PENDING,
        )


@transaction.atomic
def resend(*, invitation: Invitation, acting_user: User) -> Invitation:
    """Send an open invitation again, with a new link (the old one stops working)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not can_handle(acting_user, invitation):
        raise PermissionDenied
    _pending(invitation, InvitationStatus.OPEN)
    _send(invitation, acting_user, AuditAction.INVITATION_RESENT)
    return invitation


@transaction.atomic
def withdraw(*, invitation: Invitation, acting_user: User) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not can_handle(acting_user, invitation):
        raise PermissionDenied
    _pending(invitation, *PENDING)
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    _record(invitation, acting_user, AuditAction.INVITATION_WITHDRAWN)
    return invitation


@transaction.atomic
def answer_request(*, invitation: Invitation, accept: bool, acting_user: User) -> Invitation:
    """A beheerder sends a requested invitation, or declines it."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not can_manage_members(acting_user, invitation.organisation):
        raise PermissionDenied
    _pending(invitation, InvitationStatus.REQUESTED)
    if accept:
        invitation.status = InvitationStatus.OPEN
        _send(invitation, acting_user, AuditAction.INVITATION_SENT)
    else:
        invitation.status = InvitationStatus.DECLINED
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
        _record(invitation, acting_user, AuditAction.INVITATION_DECLINED)
    return invitation


def find(secret: str) -> Invitation:
    """The open invitation of a link, or a ValidationError saying why it no longer works."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(secret_digest=digest(secret))
        .first()
        if secret
        else None
    )
    if invitation is None:
        raise ValidationError(
            _(
                "Deze uitnodigingslink werkt niet (meer). Is hij opnieuw verstuurd? Gebruik dan "
                "de nieuwste e-mail, of vraag wie je uitnodigde om een nieuwe."
            ),
            code=InvitationError.UNKNOWN,
        )
    if invitation.status == InvitationStatus.ACCEPTED:
        raise ValidationError(
            _("Deze uitnodiging is al aangenomen. Log in met je e-mailadres en wachtwoord."),
            code=InvitationError.USED,
        )
    if invitation.status != InvitationStatus.OPEN:
        raise ValidationError(
            _("Deze uitnodiging is ingetrokken. Vraag wie je uitnodigde om een nieuwe."),
            code=InvitationError.WITHDRAWN,
        )
    if invitation.expires_at is None or invitation.expires_at < timezone.now():
        raise ValidationError(
            _("Deze uitnodiging is verlopen. Vraag %(person)s om haar opnieuw te versturen.")
            % {"person": invitation.invited_by or invitation.organisation},
            code=InvitationError.EXPIRED,
        )
    return invitation


@transaction.atomic
def accept(
    *, secret: str, acting_user: User | None, full_name: str = "", password: str | None = None
) -> Membership:
    """Take the invitation of a link: a new account with `password` (nobody logged in), or the
    logged-in account with the invited address. The first member also manages the organisation."""
    invitation = find(secret)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    find(secret)  # again, now that the row is locked: a second click finds it taken
    if acting_user is not None and acting_user.is_authenticated:
        if acting_user.email.lower() != invitation.email.lower():
            raise ValidationError(
                _(
                    "Deze uitnodiging is voor %(email)s. Log uit en open de link opnieuw, of "
                    "vraag een uitnodiging voor je eigen adres."
                )
                % {"email": invitation.email},
                code=InvitationError.OTHER_ACCOUNT,
            )
        user = acting_user
    else:
        user = User.objects.filter(email__iexact=invitation.email).first() or User(
            email=invitation.email
        )
        if user.pk and user.has_usable_password():
            raise ValidationError(
                _("Er is al een account met %(email)s. Log eerst in en open de link opnieuw.")
                % {"email": invitation.email},
                code=InvitationError.OTHER_ACCOUNT,
            )
        user.full_name = full_name.strip() or invitation.full_name or user.full_name
        user.set_password(password)
        user.save()
    first = not has_members(invitation.organisation)
    membership, _created = Membership.objects.update_or_create(
        user=user,
        organisation=invitation.organisation,
        defaults={"role": invitation.role, "manages": first},
    )
    # The digest stays: the link then says it was used, instead of that it is unknown.
    invitation.status = InvitationStatus.ACCEPTED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    _record(invitation, user, AuditAction.INVITATION_ACCEPTED)
    record_event(
        actor=user,
        action=AuditAction.MEMBERSHIP_ADDED,
        target=membership,
        organisation=invitation.organisation,
        changes={
            "user": [None, user.email],
            "role": [None, invitation.role],
            "manages": [None, first],
        },
    )
    return membership


def _record(invitation: Invitation, actor: User, action: AuditAction) -> None:
    record_event(
        actor=actor,
        action=action,
        target=invitation,
        organisation=invitation.organisation,
        changes={
            "email": [None, invitation.email],
            "role": [None, invitation.role],
            "status": [None, invitation.status],
        },
    )


def _send(invitation: Invitation, actor: User, action: AuditAction) -> None:
    """A new secret, a new expiry, and the e-mail (after commit)."""
    secret = secrets.token_urlsafe(32)
    invitation.secret_digest = digest(secret)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + VALID
    invitation.save(update_fields=["status", "secret_digest", "sent_at", "expires_at"])
    _record(invitation, actor, action)
    link = settings.SITE_URL + reverse("invitation_accept", args=[secret])
    context = {"invitation": invitation, "link": link, "days": VALID.days}
    recipient = invitation.email
    transaction.on_commit(
        lambda: send_mail(
            subject=_("Uitnodiging voor Spelregels: %(organisation)s")
            % {"organisation": invitation.organisation},
            message=render_to_string("accounts/email/partner_invitation.txt", context),
            from_email=None,
            recipient_list=[recipient],
        )
    )
