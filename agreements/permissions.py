"""Who may see and do what with an agreement: every rule of the agreements app, in one place.

Members of a party's organisation see the agreement; its opstellers edit the draft, adopt it
and publish it; opstellers, ondertekenaars and beheerders record decisions and evaluations; a
party's ondertekenaar signs for it (an opsteller may record a paper signature); comment threads
are read by the members of every party (shared) or of one organisation (internal). Every rule
starts with the one guard `is_active_user`. Views answer 404, never 403, to whoever may not see
a page, so a page does not reveal that an agreement exists; the domain functions check the same
rules again (`require`) and refuse with PermissionDenied.
"""

from collections import Counter
from collections.abc import Iterable
from typing import TypeVar
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.http import AuthenticatedRequest
from accounts.models import Membership, Organisation, Role, User
from accounts.permissions import is_active_user
from agreements.document.build import party_keys
from agreements.lib.precompiled import Precompiled
from agreements.models import (
    Agreement,
    CommentThread,
    CommentVisibility,
    FollowUpAction,
    Party,
    Publication,
    PublishedVersion,
    Reviewer,
    SignatureMethod,
    Version,
)
from agreements.models.signing import requirements

EDITOR_ROLES = (Role.OPSTELLER,)

# An agreement, or an agreement with the annotations a page's queryset adds (WithAnnotations).
_Agreement = TypeVar("_Agreement", bound=Agreement)


def drafting_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations on whose behalf the user starts (or imports) an agreement."""
    if not is_active_user(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.OPSTELLER)


def visible_to(user: User) -> Q:
    """The rule: an agreement is visible to members of its parties' organisations.

    A semi-join (EXISTS), not a DISTINCT join: at 10,000 agreements it costs half as much in
    the registry's count and page queries. The user's organisations are read first (one small
    query) and named in the condition, so that PostgreSQL plans with how many agreements they
    are party to: for a reader who sees 1% of 100,000 agreements it starts from their parties
    (9 ms for the registry's page) instead of walking every agreement (100 ms), while for one
    who sees 80% it still walks the "recently changed" index (docs/benchmarks.md).
    """
    if not is_active_user(user):
        return Q(pk__in=[])
    own = list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    if not own:
        return Q(pk__in=[])
    return Q(Exists(Party.objects.filter(agreement=OuterRef("pk"), organisation_id__in=own)))


def _visible_through_memberships(user: User) -> Q:
    """`visible_to` in one query, with the user's memberships as a subquery: for one agreement
    by its key, where there is nothing to plan, and for the precompiled page query, which
    keeps the user's id as a parameter."""
    if not is_active_user(user):
        return Q(pk__in=[])
    own = Membership.objects.filter(user=user).values("organisation_id")
    return Q(Exists(Party.objects.filter(agreement=OuterRef("pk"), organisation_id__in=own)))


def visible_agreements(user: User) -> QuerySet[Agreement]:
    """Agreements to which one of the user's organisations is party."""
    return Agreement.objects.filter(visible_to(user))


def _party_memberships(
    user: User, agreement: Agreement | OuterRef, roles: Iterable[str] | None = None
) -> QuerySet[Membership]:
    """The user's memberships of the agreement's party organisations (in one of `roles`)."""
    # A Q, as the lookup's type stubs know no OuterRef.
    memberships = Membership.objects.filter(
        Q(organisation__agreement_parties__agreement=agreement), user=user
    )
    return memberships if roles is None else memberships.filter(role__in=roles)


def _has_party_role(user: User, agreement: Agreement, roles: Iterable[str]) -> bool:
    return is_active_user(user) and _party_memberships(user, agreement, roles).exists()


def can_edit(user: User, agreement: Agreement) -> bool:
    """Opstellers of any party's organisation edit the draft."""
    return _has_party_role(user, agreement, EDITOR_ROLES)


def editable_by(user: User) -> Exists | Q:
    """`can_edit` as an expression, to annotate agreements in the query that fetches them."""
    if not is_active_user(user):
        return Q(pk__in=[])
    return Exists(_party_memberships(user, OuterRef("pk"), EDITOR_ROLES))


def visible_agreement(
    user: User, agreement_id: UUID, queryset: QuerySet[_Agreement]
) -> QuerySet[_Agreement]:
    """`queryset` (of agreements, annotated as the caller needs) narrowed to the one agreement,
    if the user may see it."""
    return queryset.filter(_visible_through_memberships(user), pk=agreement_id)


def get_agreement_for_user(
    request: AuthenticatedRequest, agreement_id: UUID, queryset: QuerySet[Agreement] | None = None
) -> Agreement:
    """The agreement if the user may see it, or 404; `user_may_record` says, in the same query,
    whether the user may record decisions and evaluations under it (the pages' links)."""
    queryset = Agreement.objects.all() if queryset is None else queryset
    queryset = queryset.annotate(user_may_record=recordable_by(request.user))
    agreement = visible_agreement(request.user, agreement_id, queryset).first()
    if agreement is None:
        raise Http404
    return agreement


def get_precompiled_agreement_for_user(
    request: AuthenticatedRequest, agreement_id: UUID, query: Precompiled[_Agreement]
) -> _Agreement:
    """`get_agreement_for_user` for a hot page's query compiled once (`precompiled.py`).

    `query` is built on `visible_agreement` with stand-ins `user_id` and `agreement_id`.
    """
    user = request.user
    if not is_active_user(user):
        raise Http404
    agreement = query.first(user_id=user.pk, agreement_id=agreement_id)
    if agreement is None:
        raise Http404
    return agreement


def get_editable_agreement_for_user(request: AuthenticatedRequest, agreement_id: UUID) -> Agreement:
    """The agreement if the user may edit it, or 404."""
    agreement = get_agreement_for_user(request, agreement_id)
    if not can_edit(request.user, agreement):
        raise Http404
    return agreement


RECORDER_ROLES = (Role.OPSTELLER, Role.ONDERTEKENAAR, Role.BEHEERDER)


def can_record(user: User, agreement: Agreement) -> bool:
    """Members other than readers record decisions and evaluations under the agreement."""
    return _has_party_role(user, agreement, RECORDER_ROLES)


def recordable_by(user: User) -> Exists | Value:
    """`can_record` as an expression, to annotate agreements in the query that fetches them."""
    if not is_active_user(user):
        return Value(False)
    return Exists(_party_memberships(user, OuterRef("pk"), RECORDER_ROLES))


def get_recordable_agreement_for_user(
    request: AuthenticatedRequest, agreement_id: UUID
) -> Agreement:
    """The agreement if the user may record decisions and evaluations under it, or 404."""
    agreement = get_agreement_for_user(request, agreement_id)
    if not can_record(request.user, agreement):
        raise Http404
    return agreement


def updatable_actions(user: User, agreement: Agreement) -> Q:
    """Which follow-up actions of the agreement the user may move on (open, bezig, klaar), as a
    filter on FollowUpAction: those of a party the user is a member of; every one for an
    opsteller of the agreement."""
    if not is_active_user(user):
        return Q(pk__in=[])
    if can_edit(user, agreement):
        return Q(evaluation__agreement=agreement)
    own = Membership.objects.filter(user=user).values("organisation_id")
    return Q(evaluation__agreement=agreement, owner_id__in=own)


def can_update_action(user: User, action: FollowUpAction) -> bool:
    """`updatable_actions` for one action."""
    agreement = action.evaluation.agreement
    return FollowUpAction.objects.filter(updatable_actions(user, agreement), pk=action.pk).exists()


def get_version_or_404(agreement: Agreement, number: int) -> Version:
    """Version `number` of an agreement the caller already may see, or 404."""
    return get_object_or_404(Version, agreement=agreement, number=number)


def acting_organisation(user: User, agreement: Agreement) -> Organisation | None:
    """The organisation on whose behalf the user works on this agreement."""
    membership = _party_memberships(user, agreement).select_related("organisation").first()
    return membership.organisation if membership else None


def require(allowed: bool) -> None:
    """What a domain function says when its rule refuses: the view should have answered 404."""
    if not allowed:
        raise PermissionDenied


# --- Signing --------------------------------------------------------------------------------------

SIGNER_ROLES = (Role.ONDERTEKENAAR,)
PAPER_RECORDER_ROLES = (Role.ONDERTEKENAAR, Role.OPSTELLER)


def organisations_user_may_sign_for(
    user: User, version: Version, *, paper: bool = False, unsigned_only: bool = False
) -> QuerySet[Organisation]:
    """The version's parties for which the user may sign (or record a paper signature);
    with `unsigned_only`, those that still need a signature (their quorum in the version's
    signing plan is not met), and in the application only those the user has not signed for.
    Whether it is a party's turn is not asked here: signing out of turn is refused, with the
    reason, by `signing.sign_version`."""
    if not is_active_user(user):
        return Organisation.objects.none()
    roles = PAPER_RECORDER_ROLES if paper else SIGNER_ROLES
    keys = party_keys(version.document)
    organisations = Organisation.objects.filter(
        pk__in=keys,
        memberships__user=user,
        memberships__role__in=roles,
    ).order_by("name")
    if unsigned_only:
        signatures = version.signatures.order_by()
        counts = Counter(str(key) for key in signatures.values_list("organisation_id", flat=True))
        required = requirements(version.signing_plan, keys)
        complete = [key for key, need in required.items() if counts[key] >= need.required]
        organisations = organisations.exclude(pk__in=complete)
        if not paper:
            own = signatures.filter(signed_by=user, method=SignatureMethod.DIGITAL)
            organisations = organisations.exclude(pk__in=own.values("organisation_id"))
    return organisations


def may_sign_for(user: User, organisation: Organisation, *, paper: bool) -> bool:
    """Whether the user signs for the organisation (or records its paper signature)."""
    roles = PAPER_RECORDER_ROLES if paper else SIGNER_ROLES
    return (
        is_active_user(user)
        and Membership.objects.filter(user=user, organisation=organisation, role__in=roles).exists()
    )


# --- Publishing -----------------------------------------------------------------------------------


def agreed_public(version: Version) -> bool:
    """Did the parties agree, in this version, that it is public under the Woo?"""
    return version.document["term"]["publication"] == Publication.OPENBAAR


def organisations_user_may_publish_for(user: User, version: Version) -> QuerySet[Organisation]:
    """The user's organisations in which they are opsteller and that are party to the version.

    Empty when the version is not to be public or has been published already.
    """
    if (
        not is_active_user(user)
        or not agreed_public(version)
        or PublishedVersion.objects.filter(version=version).exists()
    ):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk__in=party_keys(version.document),
        memberships__user=user,
        memberships__role__in=EDITOR_ROLES,
    ).order_by("name")


# --- Comments and review rounds -------------------------------------------------------------------


def visible_threads(user: User, agreement: Agreement) -> QuerySet[CommentThread]:
    """THE visibility rule of comments: the threads of the agreement this user may read."""
    if not is_active_user(user):
        return CommentThread.objects.none()
    own = _party_memberships(user, agreement).values("organisation_id")
    return CommentThread.objects.filter(agreement=agreement).filter(
        Q(visibility=CommentVisibility.SHARED) & Q(Exists(own))
        | Q(visibility=CommentVisibility.INTERNAL, organisation_id__in=own)
    )


def can_see_thread(user: User, thread: CommentThread) -> bool:
    return visible_threads(user, thread.agreement).filter(pk=thread.pk).exists()


def may_answer_review(user: User, reviewer: Reviewer) -> bool:
    """The named person, or any member of the party's organisation."""
    if not is_active_user(user):
        return False
    if reviewer.user_id is not None:
        return reviewer.user_id == user.pk
    return (
        reviewer.organisation_id is not None
        and Membership.objects.filter(user=user, organisation_id=reviewer.organisation_id).exists()
    )


# --- The contact book -----------------------------------------------------------------------------


def collaborating_organisations(user: User) -> QuerySet[Organisation]:
    """The user's organisations and those that share an agreement with one of them."""
    if not is_active_user(user):
        return Organisation.objects.none()
    own = Membership.objects.filter(user=user).values("organisation_id")
    shared_agreements = Party.objects.filter(organisation_id__in=own).values("agreement_id")
    partners = Party.objects.filter(agreement_id__in=shared_agreements).values("organisation_id")
    return Organisation.objects.filter(pk__in=own) | Organisation.objects.filter(pk__in=partners)


def can_see_contact(viewer: User, person: User) -> bool:
    """Whether `person` appears in `viewer`'s contact book."""
    return Membership.objects.filter(
        user=person, organisation__in=collaborating_organisations(viewer)
    ).exists()
