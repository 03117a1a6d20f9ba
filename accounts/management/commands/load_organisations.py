"""``manage.py load_organisations``: load the reference list of public bodies."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.reference import DEFAULT_PATH, load_reference_organisations


class Command(BaseCommand):
    help = (
        "Laadt de referentielijst van overheidsorganisaties (ministeries, provincies, "
        "waterschappen en gemeenten). Opnieuw laden werkt namen bij en zet een einddatum bij "
        "organisaties die niet meer in de lijst staan; er worden geen dubbele rijen gemaakt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=DEFAULT_PATH,
            help=f"CSV-bestand met organisaties (standaard {DEFAULT_PATH.name}).",
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            result = load_reference_organisations(path=path)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Kan {path} niet lezen: {exc.strerror or exc}.") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Organisaties geladen: {result.created} nieuw, {result.updated} gewijzigd, "
                f"{result.unchanged} ongewijzigd, {result.ended} opgeheven."
            )
        )
