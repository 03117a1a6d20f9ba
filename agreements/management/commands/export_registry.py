"""Write the whole registry to one JSON file (see agreements/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from agreements.registry.backup import export_registry


class Command(BaseCommand):
    help = (
        "Schrijf het hele register (organisaties, mensen, afspraken, versies, audittrail) "
        "naar één JSON-bestand."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", type=Path, help="Het bestand om naar te schrijven ('-' voor stdout)."
        )

    def handle(self, *args, file: Path, **options):
        if str(file) == "-":
            counts = export_registry(self.stdout)
        else:
            with file.open("w", encoding="utf-8") as stream:
                counts = export_registry(stream)
        total = sum(counts.values())
        self.stderr.write(
            f"{total} rijen geschreven: "
            + ", ".join(f"{label} {count}" for label, count in counts.items())
        )
