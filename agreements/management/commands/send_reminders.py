from django.core.management.base import BaseCommand
from django.utils import timezone

from agreements.records.reminders import send_reminders


class Command(BaseCommand):
    help = "Mailt herinneringen voor evaluaties, einddatums en opzegtermijnen (elke dag veilig)."

    def handle(self, *args, **options) -> None:
        sent = send_reminders(today=timezone.localdate())
        self.stdout.write(f"Herinneringen verstuurd: {sent}.")
