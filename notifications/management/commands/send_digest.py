from django.core.management.base import BaseCommand

from notifications.emails import send_digests


class Command(BaseCommand):
    help = "Mailt het dagelijkse overzicht van meldingen (vaker per dag draaien is veilig)."

    def handle(self, *args, **options) -> None:
        sent = send_digests()
        self.stdout.write(f"Overzichten verstuurd: {sent}.")
