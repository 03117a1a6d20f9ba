"""Make the owner and application roles of the PostgreSQL database (accounts/database_roles.py).

Run it with a superuser's DATABASE_URL, before `migrate` (which runs as the owner); safe to
repeat. Passwords come from DATABASE_OWNER_PASSWORD and DATABASE_APP_PASSWORD when set.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, OperationalError, connection, transaction

from accounts import database_roles


class Command(BaseCommand):
    help = (
        "Maak de rollen van de database: de eigenaar (voert de migraties uit) en de applicatie "
        "(leest en schrijft alleen rijen). Draai dit als superuser; herhalen kan geen kwaad."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--createdb",
            action="store_true",
            help="De eigenaar mag databases maken (nodig voor de tests, niet in productie).",
        )

    def handle(self, *args, createdb: bool = False, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Geen PostgreSQL: er zijn geen databaserollen te maken.")
            return
        try:
            connection.ensure_connection()
        except OperationalError as error:
            database = connection.settings_dict
            raise CommandError(
                f"De database ‘{database['NAME']}’ op {database['HOST'] or 'localhost'}:"
                f"{database['PORT'] or 5432} is niet bereikbaar. Bestaat zij (createdb) en "
                "draait PostgreSQL daar?"
            ) from error
        owner, app = database_roles.owner_role(), database_roles.app_role()
        try:
            with transaction.atomic():
                done = database_roles.create_roles(
                    connection,
                    owner=owner,
                    app=app,
                    owner_password=os.environ.get("DATABASE_OWNER_PASSWORD") or None,
                    app_password=os.environ.get("DATABASE_APP_PASSWORD") or None,
                    createdb=createdb,
                )
                done += database_roles.adopt_database(connection, owner=owner, app=app)
                database_roles.grant_application_privileges(connection, owner=owner, app=app)
        except DatabaseError as error:
            raise CommandError(
                "De rollen konden niet worden gemaakt. Draai dit commando met de gegevens van "
                "een superuser in DATABASE_URL."
            ) from error
        for line in done:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"De database is van {owner}; {app} mag alleen rijen lezen en schrijven."
            )
        )
