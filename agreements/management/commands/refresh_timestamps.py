"""Add a fresh document timestamp to the sealed PDFs whose last timestamp ends soon (daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.printing.seal import SealError
from agreements.printing.timestamps import refresh, sealed_pdfs


class Command(BaseCommand):
    help = (
        "Voeg een nieuw documenttijdstempel toe aan verzegelde PDF's waarvan het certificaat "
        "van het laatste tijdstempel binnenkort verloopt. Veilig om dagelijks te draaien."
    )

    def handle(self, *args, **options):
        added = failed = 0
        for archived in sealed_pdfs():
            try:
                if refresh(archived.pk):
                    added += 1
                    self.stdout.write(f"Tijdstempel toegevoegd: {archived}")
            except SealError as error:
                failed += 1
                self.stderr.write(f"Niet gelukt voor {archived}: {error}")
            except OSError:
                failed += 1
                self.stderr.write(f"Niet gelukt voor {archived}: het bestand is niet te lezen.")
        days = settings.SEAL_TIMESTAMP_RENEWAL_DAYS
        self.stdout.write(
            f"{added} PDF('s) van een nieuw tijdstempel voorzien "
            f"(drempel: {days} dagen voor het einde van het certificaat)."
        )
        if failed:
            raise CommandError(
                f"{failed} PDF('s) kregen geen nieuw tijdstempel; probeer het later opnieuw."
            )
