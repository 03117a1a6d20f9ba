from django.core.management.base import BaseCommand

from demo.scenario import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Laadt het demoscenario RES Noordoost-Brabant en toont de demologins."

    def handle(self, *args, **options) -> None:
        logins = seed_demo(history=True, discussion=True)
        shown = [login for login in logins if "bernheze" in login.email or login.role == "staf"]
        self.stdout.write(self.style.SUCCESS("Demoscenario RES Noordoost-Brabant geladen."))
        self.stdout.write(f"Demologins (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for login in shown:
            self.stdout.write(f"  {login.role:<14} {login.email:<40} {login.organisation}")
        self.stdout.write(
            "Elke andere partij heeft dezelfde rollen, zoals opsteller@brabant.example.nl, "
            "ondertekenaar@enexis.example.nl en lezer@oss.example.nl."
        )
