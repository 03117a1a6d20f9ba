"""The demo scenario: the RES region Noordoost-Brabant and its parties.

Every organisation has a reader, an editor, a signatory and a beheerder, all with the same demo
password, so each role can be tried. Safe to run repeatedly: it updates rather than duplicates.
"""

import zlib
from dataclasses import dataclass

from django.db import transaction

from accounts.models import Layer, Membership, Organisation, PartnerKind, Role, User

from .models import Agreement, Party

DEMO_PASSWORD = "spelregels-demo"  # noqa: S105 -- printed for the demo on purpose
DEMO_AGREEMENT_TITLE = "Samenwerkingsafspraken RES Noordoost-Brabant"


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    code: str
    name: str
    official_name: str
    layer: str
    partner_kind: str = ""
    province_code: str = ""


ORGANISATIONS = [
    DemoOrganisation(
        "bzk",
        "mnre1034",
        "Binnenlandse Zaken en Koninkrijksrelaties",
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
        Layer.RIJK,
    ),
    DemoOrganisation(
        "brabant", "PV30", "Noord-Brabant", "Provincie Noord-Brabant", Layer.PROVINCIE
    ),
    DemoOrganisation(
        "bernheze", "GM1721", "Bernheze", "Gemeente Bernheze", Layer.GEMEENTE, province_code="PV30"
    ),
    DemoOrganisation(
        "denbosch",
        "GM0796",
        "'s-Hertogenbosch",
        "Gemeente 's-Hertogenbosch",
        Layer.GEMEENTE,
        province_code="PV30",
    ),
    DemoOrganisation("oss", "GM0828", "Oss", "Gemeente Oss", Layer.GEMEENTE, province_code="PV30"),
    DemoOrganisation("aaenmaas", "ws0654", "Aa en Maas", "Waterschap Aa en Maas", Layer.WATERSCHAP),
    DemoOrganisation(
        "enexis", "", "Enexis", "Enexis Netbeheer", Layer.PARTNER, PartnerKind.NETBEHEERDER
    ),
    DemoOrganisation(
        "energiek",
        "",
        "Energiecoöperatie Noordoost-Brabant",
        "Energiecoöperatie Noordoost-Brabant U.A.",
        Layer.PARTNER,
        PartnerKind.ENERGIE,
    ),
]

# One person per role and organisation; the function says what such a person does there.
PEOPLE = {
    Role.OPSTELLER: ("Opsteller", "beleidsadviseur energietransitie"),
    Role.ONDERTEKENAAR: ("Ondertekenaar", "bestuurder met mandaat"),
    Role.LEZER: ("Lezer", "programmasecretaris"),
    Role.BEHEERDER: ("Beheerder", "functioneel beheerder"),
}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    organisation: str


def demo_email(role: str, slug: str) -> str:
    return f"{role}@{slug}.example.nl"


def _organisation(spec: DemoOrganisation) -> Organisation:
    """The reference organisation when loaded, otherwise a minimal one created here."""
    if spec.code:
        province = Organisation.objects.filter(code=spec.province_code).first()
        organisation, _ = Organisation.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "official_name": spec.official_name,
                "layer": spec.layer,
                "province": province,
            },
        )
        return organisation
    organisation, _ = Organisation.objects.get_or_create(
        official_name=spec.official_name,
        layer=Layer.PARTNER,
        defaults={"name": spec.name, "partner_kind": spec.partner_kind},
    )
    return organisation


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    """Create or refresh the demo scenario; returns the demo logins."""
    logins: list[DemoLogin] = []
    parties: list[Organisation] = []
    for spec in ORGANISATIONS:
        organisation = _organisation(spec)
        parties.append(organisation)
        for role, (surname, function) in PEOPLE.items():
            email = demo_email(role, spec.slug)
            user, _ = User.objects.update_or_create(
                email=email,
                defaults={
                    "full_name": f"{surname} {spec.name}",
                    "function": function,
                    "phone": f"06-{zlib.crc32(email.encode()) % 10**8:08d}",
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            Membership.objects.update_or_create(
                user=user, organisation=organisation, defaults={"role": role}
            )
            logins.append(DemoLogin(email=email, role=role, organisation=str(organisation)))
    staff, _ = User.objects.update_or_create(
        email="staf@spelregels.example.nl",
        defaults={"full_name": "Staf Spelregels", "is_staff": True, "is_superuser": True},
    )
    staff.set_password(DEMO_PASSWORD)
    staff.save(update_fields=["password"])
    logins.append(DemoLogin(email=staff.email, role="staf", organisation="Spelregels"))

    agreement, _ = Agreement.objects.get_or_create(title=DEMO_AGREEMENT_TITLE)
    for position, organisation in enumerate(parties):
        Party.objects.update_or_create(
            agreement=agreement, organisation=organisation, defaults={"position": position}
        )
    return logins
