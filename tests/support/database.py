"""On PostgreSQL the tests run as the application does: as a role that may only read and
write rows (accounts/database_roles.py).

The test run logs in as DATABASE_URL's user, a superuser (CI: postgres), and takes on the
roles with SET ROLE (Django's `assume_role`): the owner role creates and migrates the test
database, then every connection of the tests acts as the application's role. What only the
owner may do, the tests do as the owner:

- a transactional test's flush empties every table with TRUNCATE, which the application's role
  may not, and which the append-only tables refuse (their `*_no_truncate` triggers are switched
  off for the flush's own transaction);
- restoring a backup (`@pytest.mark.database_owner`), which moves the key sequences on.

A superuser may SET ROLE back at will, so this checks the privileges the application works
with, not an attacker; tests/accounts/test_database_roles.py logs in as the role itself.
"""

from collections.abc import Callable

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import sql

from accounts import database_roles


def _default() -> BaseDatabaseWrapper:
    return connections["default"]


def is_postgresql() -> bool:
    return _default().vendor == "postgresql"


def _act_as(role: str | None) -> None:
    """Connections from now on take on `role` (None: the login's own)."""
    connection = _default()
    options = connection.settings_dict.setdefault("OPTIONS", {})
    if role is None:
        options.pop("assume_role", None)
    else:
        options["assume_role"] = role
    connection.close()


def prepare_owner_setup() -> None:
    """Before pytest-django makes the test database: the roles exist, and the owner will make
    and migrate it (a test database left behind by an older run becomes the owner's, so that
    it may drop it)."""
    connection = _default()
    owner, app = database_roles.owner_role(), database_roles.app_role()
    name = connection.creation._get_test_db_name()
    # On the server's `postgres` database, as Django makes the test database: DATABASE_URL's
    # own database need not exist.
    with connection._nodb_cursor() as cursor:
        database_roles.create_roles(cursor.db, owner=owner, app=app, createdb=True)
        cursor.execute("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [name])
        row = cursor.fetchone()
        if row is not None and row[0] != owner:
            cursor.execute(
                sql.SQL("ALTER DATABASE {} OWNER TO {}")
                .format(sql.Identifier(name), sql.Identifier(owner))
                .as_string(None)
            )
    _act_as(owner)


def hand_over_to_application() -> None:
    """After the migrations: grant the application's role its rows, then act as it."""
    owner, app = database_roles.owner_role(), database_roles.app_role()
    database_roles.grant_application_privileges(_default(), owner=owner, app=app)
    _act_as(app)


def take_back_for_teardown() -> None:
    """The owner drops the test database at the end."""
    _act_as(database_roles.owner_role())


def set_role(role: str) -> None:
    with _default().cursor() as cursor:
        cursor.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)).as_string(None))


def flush_as_owner(execute_sql_flush: Callable) -> Callable:
    """Django's flush (PostgreSQL's DatabaseOperations.execute_sql_flush), as the owner and
    with the append-only tables' TRUNCATE guards off inside the flush's own transaction."""

    def flush(self, sql_list):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            (role,) = cursor.fetchone()
            cursor.execute(
                "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
                "WHERE tgname LIKE '%\\_no\\_truncate' ORDER BY 1"
            )
            guards = cursor.fetchall()

        def each(action: str) -> list[str]:
            return [
                sql.SQL("ALTER TABLE {} {} TRIGGER {}")
                .format(sql.Identifier(table), sql.SQL(action), sql.Identifier(trigger))
                .as_string(None)
                for table, trigger in guards
            ]

        owner = sql.Identifier(database_roles.owner_role()).as_string(None)
        back = sql.Identifier(role).as_string(None)
        return execute_sql_flush(
            self,
            [
                f"SET LOCAL ROLE {owner}",
                *each("DISABLE"),
                *sql_list,
                *each("ENABLE"),
                f"SET LOCAL ROLE {back}",
            ],
        )

    return flush
