"""The cast: the demo's organisations and people, who are also the tests' actors.

The RES region Noordoost-Brabant: a ministry, a province, three gemeenten, a waterschap, a grid
operator and an energy cooperative (Meierijstad joins later), and one outsider, Gemeente
Nijmegen, party to nothing. Every organisation has a reader, an editor, a signatory and a
beheerder, each a named person with a function; the site has one staff member. Their e-mail
addresses say their role and organisation: `opsteller@bernheze.example.nl`.

`person(slug, role)` and `organisation(slug)` create what they need and nothing more, so a test
can ask for Eva (Bernheze's opsteller) without loading the whole demo, and the demo, seeded
later in the same database, finds her there.
"""

import zlib
from dataclasses import dataclass

from accounts.models import Layer, Membership, Organisation, PartnerKind, Role, User

DEMO_PASSWORD = "spelregels-demo"  # noqa: S105 -- printed for the demo on purpose
DOMAIN = "example.nl"


@dataclass(frozen=True)
class CastOrganisation:
    slug: str
    code: str
    name: str
    official_name: str
    layer: str
    partner_kind: str = ""
    province_code: str = ""
    # Parties to the demo agreement from the start; the others join in its amendment.
    founding: bool = True
    # Part of the demo agreement at all (the outsider is not).
    in_demo: bool = True


ORGANISATIONS = [
    CastOrganisation(
        "bzk",
        "mnre1034",
        "Binnenlandse Zaken en Koninkrijksrelaties",
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
        Layer.RIJK,
    ),
    CastOrganisation(
        "brabant", "PV30", "Noord-Brabant", "Provincie Noord-Brabant", Layer.PROVINCIE
    ),
    CastOrganisation(
        "bernheze", "GM1721", "Bernheze", "Gemeente Bernheze", Layer.GEMEENTE, province_code="PV30"
    ),
    CastOrganisation(
        "denbosch",
        "GM0796",
        "'s-Hertogenbosch",
        "Gemeente 's-Hertogenbosch",
        Layer.GEMEENTE,
        province_code="PV30",
    ),
    CastOrganisation("oss", "GM0828", "Oss", "Gemeente Oss", Layer.GEMEENTE, province_code="PV30"),
    CastOrganisation("aaenmaas", "ws0654", "Aa en Maas", "Waterschap Aa en Maas", Layer.WATERSCHAP),
    CastOrganisation(
        "enexis", "", "Enexis", "Enexis Netbeheer", Layer.PARTNER, PartnerKind.NETBEHEERDER
    ),
    CastOrganisation(
        "energiek",
        "",
        "Energiecoöperatie Noordoost-Brabant",
        "Energiecoöperatie Noordoost-Brabant U.A.",
        Layer.PARTNER,
        PartnerKind.ENERGIE,
    ),
    CastOrganisation(
        "meierijstad",
        "GM1948",
        "Meierijstad",
        "Gemeente Meierijstad",
        Layer.GEMEENTE,
        province_code="PV30",
        founding=False,
    ),
    CastOrganisation(
        "nijmegen",
        "GM0268",
        "Nijmegen",
        "Gemeente Nijmegen",
        Layer.GEMEENTE,
        province_code="PV25",
        founding=False,
        in_demo=False,
    ),
]
ORGANISATION_BY_SLUG = {spec.slug: spec for spec in ORGANISATIONS}
# Provinces the cast's gemeenten lie in but that are no party themselves.
PROVINCES = {"PV25": ("Gelderland", "Provincie Gelderland")}

# Who signs for an organisation, by its layer.
SIGNATORY_FUNCTIONS: dict[str, str] = {
    Layer.RIJK: "directeur-generaal",
    Layer.PROVINCIE: "gedeputeerde energie",
    Layer.GEMEENTE: "wethouder duurzaamheid",
    Layer.WATERSCHAP: "heemraad",
    Layer.PARTNER: "directeur",
}
FUNCTIONS: dict[str, str] = {
    Role.OPSTELLER: "beleidsadviseur energietransitie",
    Role.LEZER: "programmasecretaris",
    Role.BEHEERDER: "functioneel beheerder",
}

# One person per organisation and role: (opsteller, ondertekenaar, lezer, beheerder).
NAMES = {
    "bzk": ("Ahmed El Amrani", "Marieke de Wit", "Jeroen Smit", "Petra Kuipers"),
    "brabant": ("Piet van den Heuvel", "Sanne Verbeek", "Ruud Bosman", "Ilse Mulder"),
    "bernheze": ("Eva Jansen", "Kees van Dijk", "Lars de Bruijn", "Bram Hendriks"),
    "denbosch": ("Fatima Bakker", "Joost van Rooij", "Nina Peters", "Tom Willems"),
    "oss": ("Daan Vos", "Jolanda de Vries", "Sophie Maas", "Rik Janssen"),
    "aaenmaas": ("Wendy van Erp", "Harm Brouwer", "Lotte Claassen", "Koen Timmermans"),
    "enexis": ("Mark Hermans", "Anouk Schouten", "Bas Koster", "Linda Meijer"),
    "energiek": ("Gert-Jan Pennings", "Ria van Gerwen", "Stijn Aarts", "Hanneke Dekkers"),
    "meierijstad": ("Noor Kuijpers", "Frank van der Linden", "Emma Smulders", "Ties Donkers"),
    "nijmegen": ("Olaf de Graaf", "Marloes Hendriks", "Wouter Dijkstra", "Iris Verhoeven"),
}
ROLES = (Role.OPSTELLER, Role.ONDERTEKENAAR, Role.LEZER, Role.BEHEERDER)
STAFF_EMAIL = f"staf@spelregels.{DOMAIN}"
STAFF_NAME = "Sita Ramdin"


@dataclass(frozen=True)
class Person:
    slug: str  # of the organisation
    role: str
    name: str
    function: str

    @property
    def email(self) -> str:
        return email(self.role, self.slug)


def email(role: str, slug: str) -> str:
    return f"{role}@{slug}.{DOMAIN}"


def cast_person(slug: str, role: str) -> Person:
    spec = ORGANISATION_BY_SLUG[slug]
    function = SIGNATORY_FUNCTIONS[spec.layer] if role == Role.ONDERTEKENAAR else FUNCTIONS[role]
    return Person(slug, role, NAMES[slug][ROLES.index(role)], function)


PEOPLE = [cast_person(spec.slug, role) for spec in ORGANISATIONS for role in ROLES]


def organisation(slug: str) -> Organisation:
    """The organisation of the cast: the reference organisation when it is loaded, otherwise a
    minimal one made here."""
    spec = ORGANISATION_BY_SLUG[slug]
    if not spec.code:
        found, _ = Organisation.objects.get_or_create(
            official_name=spec.official_name,
            layer=Layer.PARTNER,
            defaults={"name": spec.name, "partner_kind": spec.partner_kind},
        )
        return found
    province = None
    if spec.province_code:
        province = Organisation.objects.filter(code=spec.province_code).first()
        if province is None and spec.province_code in PROVINCES:
            name, official_name = PROVINCES[spec.province_code]
            province, _ = Organisation.objects.get_or_create(
                code=spec.province_code,
                defaults={"name": name, "official_name": official_name, "layer": Layer.PROVINCIE},
            )
        elif province is None:
            province = organisation(_slug_of_code(spec.province_code))
    found, _ = Organisation.objects.get_or_create(
        code=spec.code,
        defaults={
            "name": spec.name,
            "official_name": spec.official_name,
            "layer": spec.layer,
            "province": province,
        },
    )
    return found


def _slug_of_code(code: str) -> str:
    return next(spec.slug for spec in ORGANISATIONS if spec.code == code)


def phone(address: str) -> str:
    """A made-up but stable phone number per person."""
    return f"06-{zlib.crc32(address.encode()) % 10**8:08d}"


def person(slug: str, role: str, *, password: str | None = None) -> User:
    """The cast's person of that organisation and role, a member with that role."""
    who = cast_person(slug, role)
    user, created = User.objects.update_or_create(
        email=who.email,
        defaults={"full_name": who.name, "function": who.function, "phone": phone(who.email)},
    )
    if created or password is not None:
        user.set_password(password or DEMO_PASSWORD)
        user.save(update_fields=["password"])
    Membership.objects.update_or_create(
        user=user, organisation=organisation(slug), defaults={"role": role}
    )
    return user


def staff(*, password: str | None = None) -> User:
    """The site's staff member (the admin), member of no organisation."""
    user, created = User.objects.update_or_create(
        email=STAFF_EMAIL,
        defaults={
            "full_name": STAFF_NAME,
            "function": "functioneel beheerder Spelregels",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if created or password is not None:
        user.set_password(password or DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
