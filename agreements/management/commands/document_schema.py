from django.conf import settings
from django.core.management.base import BaseCommand

from agreements.document.schema import published


class Command(BaseCommand):
    help = "Schrijft docs/agreement.schema.json: het JSON-schema van het afsprakendocument."

    def handle(self, *args, **options) -> None:
        path = settings.BASE_DIR / "docs" / "agreement.schema.json"
        path.write_text(published(), encoding="utf-8")
        self.stdout.write(f"{path} geschreven.")
