"""Partners an editor adds from the builder: organisations that are not in the registry yet.

The government layers come from the official lists (`reference.py`); partners (a housing
corporation, a grid operator, an energy cooperative) are added by whoever needs them, as an
opsteller of the organisation that works with them. Such a partner is marked "toegevoegd door
<organisation>" until site staff verify it. A likely duplicate (the same KvK number, a name
much like one in the registry) is caught first: the same number is refused, a similar name is
asked about ("Bedoel je …?").
"""

import re
from difflib import SequenceMatcher
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import record_event
from .models import AuditAction, Layer, Membership, Organisation, PartnerKind, Role, User
from .permissions import is_active_user

KVK = re.compile(r"^[0-9]{8}$")
# Words that say what kind of organisation it is, not which one.
NOISE = re.compile(
    r"\b(stichting|woonstichting|vereniging|coöperatie|cooperatie|coöperatieve|u\.?a\.?|"
    r"b\.?v\.?|n\.?v\.?|de|het|van|en)\b"
)
SIMILAR = 0.82
ADDERS = (Role.OPSTELLER, Role.BEHEERDER)


class PartnerError(StrEnum):
    KVK_FORMAT = "kvk_format"
    KVK_TAKEN = "kvk_taken"
    SIMILAR_NAME = "similar_name"
    NAME_TAKEN = "name_taken"


def clean_kvk(value: str) -> str:
    """A KvK number as typed (spaces and dots allowed), or a ValidationError."""
    number = re.sub(r"[\s.]", "", value or "")
    if number and not KVK.match(number):
        raise ValidationError(
            _("Een KvK-nummer heeft acht cijfers, zoals 12345678. Je gaf er %(count)s.")
            % {"count": sum(character.isdigit() for character in number)},
            code=PartnerError.KVK_FORMAT,
        )
    return number


def _plain(name: str) -> str:
    return re.sub(r"\s+", " ", NOISE.sub(" ", name.lower())).strip()


def likely_duplicates(name: str, *, limit: int = 3) -> list[Organisation]:
    """Organisations whose name is much like `name` (a few hundred: compared in Python)."""
    wanted = _plain(name)
    if len(wanted) < 3:
        return []
    scored = []
    for organisation in Organisation.objects.filter(end_date__isnull=True).only(
        "id", "name", "official_name", "place", "kvk_number", "layer", "partner_kind"
    ):
        best = max(
            SequenceMatcher(None, wanted, _plain(each)).ratio() if _plain(each) else 0.0
            for each in (organisation.name, organisation.official_name)
        )
        compact = wanted.replace(" ", "")
        if compact and any(
            compact == _plain(each).replace(" ", "")
            for each in (organisation.name, organisation.official_name)
        ):
            best = 1.0
        if best >= SIMILAR:
            scored.append((best, organisation))
    scored.sort(key=lambda pair: (-pair[0], pair[1].name))
    return [organisation for _score, organisation in scored[:limit]]


@transaction.atomic
def add_partner(
    *,
    name: str,
    kind: str,
    kvk_number: str,
    place: str,
    on_behalf_of: Organisation,
    acting_user: User,
    not_a_duplicate: bool = False,
) -> Organisation:
    """Add a partner organisation to the registry, marked as added by `on_behalf_of`, whose
    opsteller or beheerder the acting user is. `not_a_duplicate`: the editor saw the similar
    names and said it is another organisation."""
    if (
        not is_active_user(acting_user)
        or not Membership.objects.filter(
            user=acting_user, organisation=on_behalf_of, role__in=ADDERS
        ).exists()
    ):
        raise PermissionDenied
    name = " ".join(name.split())
    if kind not in PartnerKind.values:
        raise ValidationError({"kind": _("Kies wat voor organisatie het is.")}, code="kind")
    number = clean_kvk(kvk_number)
    if number:
        taken = Organisation.objects.filter(kvk_number=number).first()
        if taken is not None:
            raise ValidationError(
                {
                    "kvk_number": ValidationError(
                        _("KvK-nummer %(number)s staat al in het register: %(organisation)s.")
                        % {"number": number, "organisation": taken.official_name},
                        code=PartnerError.KVK_TAKEN,
                    )
                },
                code=PartnerError.KVK_TAKEN,
            )
    if Organisation.objects.filter(official_name__iexact=name).exists() or (
        Organisation.objects.filter(name__iexact=name).exists()
    ):
        raise ValidationError(
            {
                "name": ValidationError(
                    _("%(name)s staat al in het register; zoek haar op en voeg haar toe.")
                    % {"name": name},
                    code=PartnerError.NAME_TAKEN,
                )
            },
            code=PartnerError.NAME_TAKEN,
        )
    similar = likely_duplicates(name)
    if similar and not not_a_duplicate:
        raise ValidationError(
            {
                "name": ValidationError(
                    _(
                        "Bedoel je %(names)s? Zoek die dan op; anders bevestig je hieronder dat "
                        "het een andere organisatie is."
                    )
                    % {"names": " of ".join(each.official_name for each in similar)},
                    code=PartnerError.SIMILAR_NAME,
                )
            },
            code=PartnerError.SIMILAR_NAME,
        )
    organisation = Organisation.objects.create(
        name=name,
        official_name=name,
        layer=Layer.PARTNER,
        partner_kind=kind,
        kvk_number=number,
        place=" ".join(place.split()),
        added_by=on_behalf_of,
        source=_("Toegevoegd door %(organisation)s") % {"organisation": on_behalf_of},
    )
    record_event(
        actor=acting_user,
        action=AuditAction.PARTNER_ADDED,
        target=organisation,
        organisation=on_behalf_of,
        changes={
            "name": [None, name],
            "partner_kind": [None, kind],
            "kvk_number": [None, number],
            "place": [None, organisation.place],
        },
    )
    return organisation


@transaction.atomic
def verify_partner(*, organisation: Organisation, acting_user: User) -> Organisation:
    """Site staff checked a partner an editor added: it loses its "toegevoegd door" mark."""
    if not (is_active_user(acting_user) and acting_user.is_staff):
        raise PermissionDenied
    if organisation.verified_at is None:
        organisation.verified_at = timezone.now()
        organisation.save(update_fields=["verified_at"])
        record_event(
            actor=acting_user,
            action=AuditAction.PARTNER_VERIFIED,
            target=organisation,
            changes={"verified_at": [None, organisation.verified_at.isoformat()]},
        )
    return organisation
