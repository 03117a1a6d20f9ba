"""What tests make beyond the cast: more organisations, people and agreements.

The named people are the demo's own (tests/support/cast.py); these factories make the
anonymous extras ("Gemeente 3", "Persoon 7") and the agreements the cast works on.
"""

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from accounts.models import Layer, Membership, Organisation, Role
from agreements.models import Agreement, ArchivedPdf, Party, PdfKind, PdfStatus, Version
from agreements.versions.signing import party_keys, sign_version
from tests.support import cast


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
    password = factory.PostGenerationMethodCall("set_password", cast.PASSWORD)

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


def member(organisation: Organisation, role: str, full_name: str, email: str) -> Membership:
    """Someone outside the cast (Anna, who works for two parties), made a member."""
    user = get_user_model().objects.filter(email=email).first() or UserFactory(
        email=email, full_name=full_name
    )
    return Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )[0]


def res_agreement(*organisations: Organisation) -> Agreement:
    """A draft agreement with Bernheze and Noord-Brabant (and any others) as parties."""
    agreement = AgreementFactory()
    for position, organisation in enumerate(organisations or (cast.bernheze(), cast.brabant())):
        Party.objects.create(agreement=agreement, organisation=organisation, position=position)
    return agreement


def sign_by_all(version: Version) -> None:
    """Every party's ondertekenaar signs the version (the demo has one per party), those who
    have not signed yet."""
    signed = {str(pk) for pk in version.signatures.values_list("organisation_id", flat=True)}
    for key in party_keys(version):
        if str(key) in signed:
            continue
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


def stored_as(
    version: Version, kind: PdfKind, status: PdfStatus = PdfStatus.READY, content: bytes = b""
) -> ArchivedPdf:
    """A stored PDF without rendering one (downloads only read the row and the file): by
    default the bytes "%PDF-" and its kind."""
    archived = ArchivedPdf.objects.create(version=version, kind=kind, status=status)
    if status == PdfStatus.READY:
        archived.file.save(
            f"{version.sha256}-{kind}.pdf", ContentFile(content or b"%PDF-" + kind.encode())
        )
    return archived
