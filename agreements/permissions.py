"""Who may see and change an agreement.

Members of a party's organisation see the agreement; its opstellers edit it. Everyone else gets
404, never 403, so a page does not reveal that an agreement exists.
"""

from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from accounts.models import Membership, Organisation, Role, User
from agreements.lib.precompiled import Precompiled
from agreements.models import Agreement, Party, Version

EDITOR_ROLES = (Role.OPSTELLER,)


def drafting_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations on whose behalf the user starts (or imports) an agreement."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.OPSTELLER)


def visible_to(user: User) -> Q:
    """The rule: an agreement is visible to members of its parties' organisations.

    A semi-join (EXISTS), not a DISTINCT join: at 10,000 agreements it costs half as much in
    the registry's count and page queries.
    """
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    own = Membership.objects.filter(user=user).values("organisation_id")
    return Q(Exists(Party.objects.filter(agreement=OuterRef("pk"), organisation_id__in=own)))


def visible_agreements(user: User) -> QuerySet[Agreement]:
    """Agreements to which one of the user's organisations is party."""
    return Agreement.objects.filter(visible_to(user))


def can_edit(user: User, agreement: Agreement) -> bool:
    """Opstellers of any party's organisation edit the draft."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(
        user=user,
        role__in=EDITOR_ROLES,
        organisation__agreement_parties__agreement=agreement,
    ).exists()


def editable_by(user: User) -> Exists | Q:
    """`can_edit` as an expression, to annotate agreements in the query that fetches them."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    return Exists(
        Membership.objects.filter(
            user=user,
            role__in=EDITOR_ROLES,
            organisation__agreement_parties__agreement=OuterRef("pk"),
        )
    )


def visible_agreement(
    user: User, agreement_id: UUID, queryset: QuerySet[Agreement] | None = None
) -> QuerySet[Agreement]:
    """`queryset` (of agreements, annotated as the caller needs) narrowed to the one agreement,
    if the user may see it."""
    queryset = Agreement.objects.all() if queryset is None else queryset
    return queryset.filter(visible_to(user), pk=agreement_id)


def get_agreement_for_user(
    request: HttpRequest, agreement_id: UUID, queryset: QuerySet[Agreement] | None = None
) -> Agreement:
    """The agreement if the user may see it, or 404."""
    agreement = visible_agreement(request.user, agreement_id, queryset).first()
    if agreement is None:
        raise Http404
    return agreement


def get_precompiled_agreement_for_user(
    request: HttpRequest, agreement_id: UUID, query: Precompiled
) -> Agreement:
    """`get_agreement_for_user` for a hot page's query compiled once (`precompiled.py`).

    `query` is built on `visible_agreement` with stand-ins `user_id` and `agreement_id`.
    """
    user = request.user
    if not user.is_authenticated or not user.is_active:
        raise Http404
    agreement = query.first(user_id=user.pk, agreement_id=agreement_id)
    if agreement is None:
        raise Http404
    return agreement


def get_editable_agreement_for_user(request: HttpRequest, agreement_id: UUID) -> Agreement:
    """The agreement if the user may edit it, or 404."""
    agreement = get_agreement_for_user(request, agreement_id)
    if not can_edit(request.user, agreement):
        raise Http404
    return agreement


RECORDER_ROLES = (Role.OPSTELLER, Role.ONDERTEKENAAR, Role.BEHEERDER)


def can_record(user: User, agreement: Agreement) -> bool:
    """Members other than readers record decisions and evaluations under the agreement."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(
        user=user,
        role__in=RECORDER_ROLES,
        organisation__agreement_parties__agreement=agreement,
    ).exists()


def get_recordable_agreement_for_user(request: HttpRequest, agreement_id: UUID) -> Agreement:
    """The agreement if the user may record decisions and evaluations under it, or 404."""
    agreement = get_agreement_for_user(request, agreement_id)
    if not can_record(request.user, agreement):
        raise Http404
    return agreement


def get_version_or_404(agreement: Agreement, number: int) -> Version:
    """Version `number` of an agreement the caller already may see, or 404."""
    return get_object_or_404(Version, agreement=agreement, number=number)


def acting_organisation(user: User, agreement: Agreement) -> Organisation | None:
    """The organisation on whose behalf the user works on this agreement."""
    membership = (
        Membership.objects.filter(user=user, organisation__agreement_parties__agreement=agreement)
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None
