"""Restore an export_registry file into an empty database."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from agreements.registry.backup import import_registry


class Command(BaseCommand):
    help = "Lees een export van het register in, in een lege database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"Bestand niet gevonden: {file}")
        try:
            with file.open(encoding="utf-8") as stream:
                counts = import_registry(stream)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        total = sum(counts.values())
        self.stdout.write(self.style.SUCCESS(f"{total} rijen ingelezen."))
