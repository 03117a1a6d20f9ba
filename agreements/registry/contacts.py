"""The contact book: "begin by giving each other your phone number".

A member sees the people of their own organisations and of every organisation that is party to
an agreement together with one of their organisations.
"""

from itertools import groupby

from django.db.models import QuerySet

from accounts.models import Membership, Organisation, User
from agreements.models import Party


def collaborating_organisations(user: User) -> QuerySet[Organisation]:
    """The user's organisations and those that share an agreement with one of them."""
    own = Membership.objects.filter(user=user).values("organisation_id")
    shared_agreements = Party.objects.filter(organisation_id__in=own).values("agreement_id")
    partners = Party.objects.filter(agreement_id__in=shared_agreements).values("organisation_id")
    return Organisation.objects.filter(pk__in=own) | Organisation.objects.filter(pk__in=partners)


def contacts_for_user(user: User) -> list[tuple[Organisation, list[Membership]]]:
    """Per collaborating organisation, its members with function, e-mail and phone."""
    if not user.is_authenticated:
        return []
    members = (
        Membership.objects.filter(
            organisation__in=collaborating_organisations(user), user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__full_name")
    )
    return [
        (organisation, list(group))
        for organisation, group in groupby(members, key=lambda m: m.organisation)
    ]


def can_see_contact(viewer: User, person: User) -> bool:
    """Whether `person` appears in `viewer`'s contact book."""
    return Membership.objects.filter(
        user=person, organisation__in=collaborating_organisations(viewer)
    ).exists()
