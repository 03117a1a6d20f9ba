"""Partners an editor adds: the KvK number's form, duplicates by number and by name."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import partners
from accounts.models import AuditAction, AuditEvent, Layer, Organisation, PartnerKind
from accounts.partners import PartnerError
from tests.support import cast

pytestmark = pytest.mark.django_db


def add(name="Woonstichting BrabantWonen", kvk="16047403", **kwargs):
    return partners.add_partner(
        name=name,
        kind=kwargs.pop("kind", PartnerKind.WONINGCORPORATIE),
        kvk_number=kvk,
        place="Oss",
        on_behalf_of=kwargs.pop("on_behalf_of", None) or cast.organisation("oss"),
        acting_user=kwargs.pop("acting_user", None) or cast.person("oss", "opsteller"),
        **kwargs,
    )


def codes(error: ValidationError) -> set[str]:
    return {each.code for errors in error.error_dict.values() for each in errors}


def test_a_partner_is_added_marked_and_audited():
    partner = add(kvk="1604 74 03")
    assert (partner.layer, partner.kvk_number, partner.added_by) == (
        Layer.PARTNER,
        "16047403",
        cast.organisation("oss"),
    )
    assert partner.verified_at is None
    event = AuditEvent.objects.get(action=AuditAction.PARTNER_ADDED)
    assert event.changes["name"] == [None, "Woonstichting BrabantWonen"]
    staff = cast.person("oss", "beheerder")
    with pytest.raises(PermissionDenied):
        partners.verify_partner(organisation=partner, acting_user=staff)


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a"])
def test_a_kvk_number_has_eight_digits(kvk):
    with pytest.raises(ValidationError) as error:
        partners.clean_kvk(kvk)
    assert error.value.code == PartnerError.KVK_FORMAT
    assert "acht cijfers" in error.value.messages[0]


def test_duplicates_are_caught_by_number_and_by_name():
    add()
    with pytest.raises(ValidationError) as same_number:
        add(name="Iets heel anders", kvk="16047403")
    assert codes(same_number.value) == {PartnerError.KVK_TAKEN}
    with pytest.raises(ValidationError) as same_name:
        add(name="woonstichting brabantwonen", kvk="")
    assert codes(same_name.value) == {PartnerError.NAME_TAKEN}
    with pytest.raises(ValidationError) as similar:
        add(name="Stichting Brabant Wonen", kvk="")
    assert codes(similar.value) == {PartnerError.SIMILAR_NAME}
    assert "Bedoel je Woonstichting BrabantWonen?" in similar.value.messages[0]
    other = add(name="Stichting Brabant Wonen", kvk="", not_a_duplicate=True)
    assert other.pk and Organisation.objects.filter(layer=Layer.PARTNER).count() >= 2


def test_only_an_opsteller_of_the_organisation_adds_on_its_behalf():
    with pytest.raises(PermissionDenied):
        add(acting_user=cast.lars(), on_behalf_of=cast.bernheze())
    with pytest.raises(PermissionDenied):
        add(acting_user=cast.eva(), on_behalf_of=cast.organisation("oss"))
