"""Adding, changing and removing the members of an organisation.

A new person is invited by e-mail with a link to set their own password; an organisation never
loses its last beheerder through these functions.
"""

from enum import StrEnum

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .audit import changes_between, record_event, snapshot
from .models import AuditAction, Membership, Organisation, Role, User
from .permissions import can_manage_members, managing


class MembershipError(StrEnum):
    """Why a membership cannot be added or changed."""

    ALREADY_MEMBER = "already_member"
    LAST_ADMIN = "last_admin"


PROFILE_FIELDS = ("full_name", "function", "phone")


@transaction.atomic
def add_member(
    *,
    organisation: Organisation,
    email: str,
    full_name: str,
    function: str,
    phone: str,
    role: str,
    acting_user: User,
) -> Membership:
    """Make a person (new or existing, by e-mail) a member of the organisation with a role;
    a beheerder of the organisation or site staff does it."""
    _require_manager(acting_user, organisation)
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    invited = user is None
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, full_name=full_name, function=function, phone=phone
        )
    elif Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            _("%(email)s is al lid van %(organisation)s.")
            % {"email": email, "organisation": organisation},
            code=MembershipError.ALREADY_MEMBER,
        )
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    record_event(
        actor=acting_user,
        action=AuditAction.MEMBERSHIP_ADDED,
        target=membership,
        organisation=organisation,
        changes={"user": [None, user.email], "role": [None, role]},
    )
    if invited:
        transaction.on_commit(lambda: send_invitation(user=user, organisation=organisation))
    return membership


def _require_manager(user: User, organisation: Organisation) -> None:
    if not can_manage_members(user, organisation):
        raise PermissionDenied


def _ensure_a_beheerder_remains(membership: Membership, *, still_manages: bool) -> None:
    """Refuse a change after which nobody manages the organisation's members."""
    if still_manages or not (membership.role == Role.BEHEERDER or membership.manages):
        return
    others = Membership.objects.filter(
        managing(), organisation_id=membership.organisation_id
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(
            _("%(organisation)s moet minstens één beheerder houden.")
            % {"organisation": membership.organisation},
            code=MembershipError.LAST_ADMIN,
        )


@transaction.atomic
def change_role(*, membership: Membership, role: str, acting_user: User) -> Membership:
    """Give a member another role."""
    _require_manager(acting_user, membership.organisation)
    if role == membership.role:
        return membership
    _ensure_a_beheerder_remains(
        membership, still_manages=membership.manages or role == Role.BEHEERDER
    )
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record_event(
        actor=acting_user,
        action=AuditAction.MEMBERSHIP_ROLE_CHANGED,
        target=membership,
        organisation=membership.organisation,
        changes={"role": [before, role]},
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, acting_user: User) -> None:
    """End a person's membership of an organisation (the person's account stays)."""
    _require_manager(acting_user, membership.organisation)
    _ensure_a_beheerder_remains(membership, still_manages=False)
    record_event(
        actor=acting_user,
        action=AuditAction.MEMBERSHIP_REMOVED,
        target=membership,
        organisation=membership.organisation,
        changes={"user": [membership.user.email, None], "role": [membership.role, None]},
    )
    membership.delete()


@transaction.atomic
def update_profile(*, user: User, full_name: str, function: str, phone: str) -> User:
    """Change the name, function and phone number a person shows to collaborators."""
    # From the database: a ModelForm bound to `user` has already put the new values on it.
    before = snapshot(User.objects.select_for_update().get(pk=user.pk), PROFILE_FIELDS)
    user.full_name, user.function, user.phone = full_name, function, phone
    user.save(update_fields=list(PROFILE_FIELDS))
    changes = changes_between(before, snapshot(user, PROFILE_FIELDS))
    if changes:
        record_event(
            actor=user, action=AuditAction.USER_PROFILE_CHANGED, target=user, changes=changes
        )
    return user


@transaction.atomic
def set_password(*, user: User, password: str | None, acting_user: User, via: str) -> User:
    """Give a person a new password; the trail says that it changed and how, never what to.

    `via` is "password_change" (the person, logged in), "reset_link" (the e-mailed link of a
    password reset or an invitation) or "admin" (site staff, in the Django admin). A password
    of None disables logging in with a password (the admin's option); the trail then says so.
    """
    was_usable = user.has_usable_password()
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    changes: dict[str, list] = {"via": [None, via]}
    if user.has_usable_password() != was_usable:
        changes["password_usable"] = [was_usable, not was_usable]
    record_event(
        actor=acting_user, action=AuditAction.USER_PASSWORD_CHANGED, target=user, changes=changes
    )
    return user


def send_invitation(*, user: User, organisation: Organisation) -> None:
    """E-mail a new member a link to choose their password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "organisation": organisation, "link": settings.SITE_URL + path}
    send_mail(
        subject=_("Uitnodiging voor Spelregels"),
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
