from django.core.management.base import BaseCommand

from demo.registry import AGREEMENTS
from demo.scenario import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = (
        "Laadt het demoscenario RES Noordoost-Brabant en het demoregister (zo'n zestig andere "
        "afspraken) en toont de demologins."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--zonder-register",
            action="store_true",
            dest="without_registry",
            help="Alleen de demo-afspraak, zonder de afspraken van het demoregister.",
        )

    def handle(self, *args, **options) -> None:
        registry = not options["without_registry"]
        logins = seed_demo(history=True, discussion=True, registry=registry)
        shown = [login for login in logins if "bernheze" in login.email or login.role == "staf"]
        self.stdout.write(self.style.SUCCESS("Demoscenario RES Noordoost-Brabant geladen."))
        if registry:
            self.stdout.write(
                f"Demoregister: {len(AGREEMENTS)} andere afspraken, in elke status, van "
                "gemeenten, provincies, waterschappen, het rijk en partners."
            )
        self.stdout.write(f"Demologins (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for login in shown:
            self.stdout.write(f"  {login.role:<14} {login.email:<40} {login.organisation}")
        self.stdout.write(
            "Elke andere partij heeft dezelfde rollen, zoals opsteller@brabant.example.nl, "
            "ondertekenaar@enexis.example.nl en lezer@oss.example.nl."
        )
