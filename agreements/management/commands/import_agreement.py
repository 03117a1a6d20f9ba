"""Import a canonical agreement document as a new draft (see agreements/importing.py)."""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts.models import Organisation, User
from agreements.drafting import import_checks, importing
from agreements.permissions import drafting_organisations


class Command(BaseCommand):
    help = (
        "Lees een afsprakendocument (JSON, of een geëxporteerde versie) in als nieuw concept, "
        "namens een opsteller van een van de partijen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Het JSON-bestand ('-' voor stdin), hoogstens 2 MB.")
        parser.add_argument("--user", required=True, help="E-mailadres van de opsteller.")
        parser.add_argument(
            "--organisation",
            help=(
                "Code (zoals GM1721) of id van de organisatie namens wie je importeert; "
                "niet nodig als de gebruiker van precies één partij van het document opsteller is."
            ),
        )

    def handle(self, *args, file: str, user: str, organisation: str | None, **options):
        data = _parse(_read(file))
        acting_user = User.objects.filter(email__iexact=user.strip()).first()
        if acting_user is None or not acting_user.is_active:
            raise CommandError(f"Onbekende gebruiker: {user}")
        on_behalf_of = _organisation(acting_user, organisation, data)
        try:
            agreement = importing.import_agreement(
                document=data, organisation=on_behalf_of, acting_user=acting_user
            )
        except ValidationError as error:
            raise CommandError(_lines(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Concept aangemaakt: {agreement.pk}"))
        self.stdout.write(reverse("agreement_step", args=[agreement.pk, "controle"]))


def _read(file: str) -> bytes:
    """At most one byte more than the limit, so a larger file is refused without reading it."""
    limit = importing.MAX_IMPORT_BYTES + 1
    if file == "-":
        return sys.stdin.buffer.read(limit)
    path = Path(file)
    if not path.is_file():
        raise CommandError(f"Bestand niet gevonden: {file}")
    try:
        with path.open("rb") as stream:
            return stream.read(limit)
    except OSError as error:
        raise CommandError(f"Bestand niet te lezen: {file} ({error.strerror})") from None


def _parse(raw: bytes) -> object:
    try:
        return importing.parse_json(raw)
    except ValidationError as error:
        raise CommandError(_lines(error.messages)) from None


def _organisation(user: User, wanted: str | None, data: object) -> Organisation:
    """The organisation named, or the one party of the document the user drafts for."""
    own = list(drafting_organisations(user))
    if wanted:
        wanted = wanted.strip()
        for organisation in own:
            if wanted in (organisation.code, str(organisation.pk)):
                return organisation
        raise CommandError(f"{user.email} is geen opsteller van een organisatie met code {wanted}.")
    if not own:
        raise CommandError(f"{user.email} is nergens opsteller en kan geen afspraak importeren.")
    if len(own) == 1:
        return own[0]
    errors = import_checks.schema_errors(importing.unwrap(data))
    if errors:
        raise CommandError(_lines(errors))
    parties = importing.party_organisations(data)
    candidates = [organisation for organisation in own if organisation in parties]
    if len(candidates) == 1:
        return candidates[0]
    codes = ", ".join(o.code or str(o.pk) for o in (candidates or own))
    if candidates:
        raise CommandError(
            f"{user.email} is opsteller van meer partijen in dit document ({codes}); "
            "kies er één met --organisation."
        )
    raise CommandError(
        f"{user.email} is opsteller van geen van de partijen in dit document "
        f"(wel van {codes}); een afspraak importeer je namens een partij."
    )


def _lines(messages: list[str]) -> str:
    return "Het bestand is niet ingelezen:\n" + "\n".join(f"- {m}" for m in messages)
