"""The contact book: "begin by giving each other your phone number".

A member sees the people of their own organisations and of every organisation that is party to
an agreement together with one of their organisations.
"""

from itertools import groupby

from accounts.models import Membership, Organisation, User
from accounts.permissions import is_active_user
from agreements.permissions import collaborating_organisations


def contacts_for_user(user: User) -> list[tuple[Organisation, list[Membership]]]:
    """Per collaborating organisation, its members with function, e-mail and phone."""
    if not is_active_user(user):
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
