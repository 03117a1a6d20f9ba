"""Hand a signed version to the archive: write its archive package (sealed PDF, canonical
JSON, MDTO records; agreements/printing/handoff.py) to a ZIP file.

    manage.py export_archive <agreement id> <version number> --as <e-mail> [--output FILE]

`--as` names the member of a party on whose organisation's behalf it is exported (the archive
creator in the MDTO record); the export is audited under that person.
"""

from pathlib import Path
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from agreements.models import Version
from agreements.printing.handoff import archive_package


class Command(BaseCommand):
    help = "Schrijf het archiefpakket van een ondertekende versie (PDF, JSON en MDTO) naar een ZIP."

    def add_arguments(self, parser):
        parser.add_argument("agreement", type=UUID, help="Het id van de afspraak.")
        parser.add_argument("number", type=int, help="Het versienummer.")
        parser.add_argument("--as", dest="email", required=True, help="E-mailadres van een lid.")
        parser.add_argument(
            "--output", type=Path, help="Het ZIP-bestand (standaard: de naam van het pakket)."
        )

    def handle(
        self, *args, agreement: UUID, number: int, email: str, output: Path | None, **options
    ):
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"Niemand met het e-mailadres {email}.")
        version = Version.objects.filter(agreement_id=agreement, number=number).first()
        try:
            if version is None:
                raise PermissionDenied
            package = archive_package(version=version, acting_user=user)
        except PermissionDenied:
            raise CommandError(
                f"Versie {number} van afspraak {agreement} bestaat niet, of {email} is geen lid "
                "van een van de partijen."
            ) from None
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        target = output or Path(package.filename)
        target.write_bytes(package.content)
        self.stdout.write(
            self.style.SUCCESS(f"Archiefpakket geschreven: {target} ({len(package.content)} bytes)")
        )
