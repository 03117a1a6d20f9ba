"""Create a self-signed seal certificate for development (never for production)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from agreements.printing.seal import create_seal_certificate


class Command(BaseCommand):
    help = "Maak een zelfondertekend zegelcertificaat (PKCS#12) voor ontwikkeling."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Vervang een bestaand certificaat."
        )

    def handle(self, *args, force: bool = False, **options):
        path = Path(settings.SEAL_PKCS12_PATH)
        if path.exists() and not force:
            self.stdout.write(f"Zegelcertificaat bestaat al: {path}")
            return
        create_seal_certificate(
            path, settings.SEAL_PKCS12_PASSWORD, common_name="Spelregels zegel (ontwikkeling)"
        )
        self.stdout.write(self.style.SUCCESS(f"Zegelcertificaat gemaakt: {path}"))
