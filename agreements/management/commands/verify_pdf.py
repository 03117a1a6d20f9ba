"""Check a PDF against the registry and the seal, from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.printing.verify import verify_pdf


class Command(BaseCommand):
    help = "Controleer of een PDF een ongewijzigde, verzegelde versie uit dit register is."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"Bestand niet gevonden: {file}")
        result = verify_pdf(file.read_bytes())
        if result.version is not None:
            version = result.version
            self.stdout.write(f"Afspraak: {version.title}")
            adopted = f"{version.adopted_at:%Y-%m-%d}"
            self.stdout.write(f"Versie: {version.number} (vastgesteld {adopted})")
            self.stdout.write(f"Geldt nog: {'ja' if result.in_force else 'nee'}")
            for signature in result.signatures:
                self.stdout.write(
                    f"Ondertekend: {signature.organisation.name} — {signature.signatory_name} "
                    f"({signature.signatory_function}), {signature.signed_on:%Y-%m-%d}"
                )
        if result.sealed:
            self.stdout.write(f"Zegel: {result.signer}")
        for problem in result.problems:
            self.stderr.write(f"Probleem: {problem}")
        if not result.is_valid:
            raise CommandError("NIET BEVESTIGD")
        self.stdout.write(self.style.SUCCESS("ECHT EN ONGEWIJZIGD"))
