"""Named actors and their organisations, so every test reads like a scene.

Gemeente Bernheze's editor drafts, Provincie Noord-Brabant's signatory signs, and an outsider
from Gemeente Nijmegen (party to nothing) must see nothing.
"""

from types import SimpleNamespace

import factory
from django.contrib.auth import get_user_model

from accounts.models import Layer, Membership, Organisation, PartnerKind, Role
from agreements.models import Agreement, Party, Version
from agreements.versions.signing import party_keys, sign_version

PASSWORD = "spelregels-demo-2026"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    official_name = factory.LazyAttribute(lambda o: f"Gemeente {o.name}")
    layer = Layer.GEMEENTE
    code = factory.Sequence(lambda n: f"GM9{n:03d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.nl")
    full_name = factory.Sequence(lambda n: f"Persoon {n}")
    function = "beleidsadviseur"
    phone = "06-12345678"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.LEZER


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = "Spelregels RES Noordoost-Brabant"


def _organisation(code: str, **fields) -> Organisation:
    """The same organisation each time a scene mentions it."""
    lookup = {"code": code} if code else {"official_name": fields["official_name"]}
    return Organisation.objects.get_or_create(**lookup, defaults={"code": code, **fields})[0]


def noord_brabant() -> Organisation:
    return _organisation(
        "PV30", name="Noord-Brabant", official_name="Provincie Noord-Brabant", layer=Layer.PROVINCIE
    )


def bernheze() -> Organisation:
    return _organisation(
        "GM1721",
        name="Bernheze",
        official_name="Gemeente Bernheze",
        layer=Layer.GEMEENTE,
        province=noord_brabant(),
    )


def nijmegen() -> Organisation:
    gelderland = _organisation(
        "PV25", name="Gelderland", official_name="Provincie Gelderland", layer=Layer.PROVINCIE
    )
    return _organisation(
        "GM0268",
        name="Nijmegen",
        official_name="Gemeente Nijmegen",
        layer=Layer.GEMEENTE,
        province=gelderland,
    )


def enexis() -> Organisation:
    return _organisation(
        "",
        name="Enexis",
        official_name="Enexis Netbeheer",
        layer=Layer.PARTNER,
        partner_kind=PartnerKind.NETBEHEERDER,
    )


def member(organisation: Organisation, role: str, name: str, email: str) -> Membership:
    user = get_user_model().objects.filter(email=email).first() or UserFactory(
        email=email, full_name=name
    )
    return Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )[0]


def bernheze_editor():
    return member(bernheze(), Role.OPSTELLER, "Eva Opsteller", "eva@bernheze.nl").user


def bernheze_reader():
    return member(bernheze(), Role.LEZER, "Lars Lezer", "lars@bernheze.nl").user


def bernheze_admin():
    return member(bernheze(), Role.BEHEERDER, "Bram Beheerder", "bram@bernheze.nl").user


def noord_brabant_signatory():
    return member(
        noord_brabant(), Role.ONDERTEKENAAR, "Sanne Ondertekenaar", "sanne@brabant.nl"
    ).user


def outsider():
    return member(nijmegen(), Role.OPSTELLER, "Olaf Buitenstaander", "olaf@nijmegen.nl").user


def staff_user():
    return UserFactory(email="staf@spelregels.nl", full_name="Sita Staf", is_staff=True)


def res_agreement(*organisations: Organisation) -> Agreement:
    """A draft agreement with Bernheze and Noord-Brabant (and any others) as parties."""
    agreement = AgreementFactory()
    for position, organisation in enumerate(organisations or (bernheze(), noord_brabant())):
        Party.objects.create(agreement=agreement, organisation=organisation, position=position)
    return agreement


def sign_by_all(version: Version) -> None:
    """Every party's ondertekenaar signs the version (the demo has one per party)."""
    for key in party_keys(version):
        organisation = Organisation.objects.get(pk=key)
        user = get_user_model().objects.get(
            memberships__organisation=organisation, memberships__role=Role.ONDERTEKENAAR
        )
        sign_version(
            version=version,
            organisation=organisation,
            acting_user=user,
            signatory_name=user.full_name,
            signatory_function="wethouder",
            basis="collegebesluit",
            place=organisation.name,
        )


def drafting_scene() -> SimpleNamespace:
    """A draft of Bernheze and Noord-Brabant and the people around it: Eva (Bernheze's editor),
    Lars (Bernheze's reader), Sanne (Brabant's signatory), Piet (Brabant's editor), Olaf (an
    outsider)."""
    return SimpleNamespace(
        agreement=res_agreement(),
        eva=bernheze_editor(),
        lars=bernheze_reader(),
        sanne=noord_brabant_signatory(),
        piet=member(noord_brabant(), Role.OPSTELLER, "Piet Opsteller", "piet@brabant.nl").user,
        olaf=outsider(),
        bernheze=bernheze(),
        brabant=noord_brabant(),
    )
