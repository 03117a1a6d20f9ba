"""Who may do what with organisations and their members.

Outsiders get 404, never 403: a page does not reveal what it would have shown.
"""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .http import AuthenticatedRequest
from .models import Membership, Organisation, Role, User


def is_active_user(user: User | AnonymousUser) -> bool:
    """THE guard every rule starts with: someone logged in whose account is active."""
    return bool(user.is_authenticated and user.is_active)


def role_in(user: User | AnonymousUser, organisation: Organisation) -> str | None:
    """The user's role in the organisation, or None for a non-member."""
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )


def can_manage_members(user: User, organisation: Organisation) -> bool:
    """Beheerders of the organisation (`managing`), and site staff, manage its members."""
    if not is_active_user(user):
        return False
    return (
        user.is_staff
        or Membership.objects.filter(managing(), user=user, organisation=organisation).exists()
    )


def managing(prefix: str = "") -> Q:
    """Memberships that manage their organisation's members: the beheerder role, or `manages`
    next to another role (the first member of a partner). `prefix` reaches them from another
    model ("memberships__" from a user)."""
    return Q(**{f"{prefix}role": Role.BEHEERDER}) | Q(**{f"{prefix}manages": True})


def managed_organisations(user: User) -> set[UUID]:
    """The ids of the organisations whose members the user manages (one query)."""
    return set(
        Membership.objects.filter(managing(), user=user).values_list("organisation_id", flat=True)
    )


def get_managed_organisation_for_user(
    request: AuthenticatedRequest, organisation_id: UUID
) -> Organisation:
    """The organisation whose members the user may manage, or 404."""
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not can_manage_members(request.user, organisation):
        raise Http404
    return organisation
