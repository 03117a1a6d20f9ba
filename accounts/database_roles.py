"""The two PostgreSQL roles Spelregels runs with: the owner and the application.

The owner (`DATABASE_OWNER_ROLE`, default spelregels_owner) owns the database, its tables,
sequences, functions and triggers, and runs the migrations. The application
(`DATABASE_APP_ROLE`, default spelregels_app) owns nothing and may only read and write rows:
SELECT, INSERT, UPDATE and DELETE on the tables and USAGE on the sequences. It cannot
TRUNCATE, alter or drop a table, or switch a trigger off (only a table's owner may), so the
append-only guards (accounts/0002, agreements/0010 and 0022) hold against the application
itself. `manage.py database_roles` makes both (docs/deploy.md).
"""

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import sql


def owner_role() -> str:
    return settings.DATABASE_OWNER_ROLE


def app_role() -> str:
    return settings.DATABASE_APP_ROLE


def _execute(connection: BaseDatabaseWrapper, statement: sql.Composable, params=None) -> list:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(statement.as_string(connection.connection), params)
        return cursor.fetchall() if cursor.description else []


def _role_exists(connection: BaseDatabaseWrapper, name: str) -> bool:
    return bool(_execute(connection, sql.SQL("SELECT 1 FROM pg_roles WHERE rolname = %s"), [name]))


def create_roles(
    connection: BaseDatabaseWrapper,
    *,
    owner: str,
    app: str,
    owner_password: str | None = None,
    app_password: str | None = None,
    createdb: bool = False,
) -> list[str]:
    """Make both roles if they are missing, and keep the application's role powerless: no
    superuser, no membership of another role. Needs a superuser (or CREATEROLE) connection.
    Returns what it did, in Dutch; repeating it changes nothing. `createdb`: the owner may
    create databases (the test suite creates its own)."""
    done: list[str] = []
    # Test workers start at once, each on a connection of its own outside any transaction;
    # CREATE ROLE has no IF NOT EXISTS, and two ALTER ROLEs of one role may collide.
    locked = not connection.in_atomic_block
    if locked:
        _execute(connection, sql.SQL("SELECT pg_advisory_lock(8400)"))
    try:
        for name, password in ((owner, owner_password), (app, app_password)):
            if not _role_exists(connection, name):
                _execute(connection, sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
                done.append(f"Rol {name} gemaakt.")
            if password:
                _execute(
                    connection,
                    sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                        sql.Identifier(name), sql.Literal(password)
                    ),
                )
        if createdb:
            _execute(connection, sql.SQL("ALTER ROLE {} CREATEDB").format(sql.Identifier(owner)))
        _execute(
            connection,
            sql.SQL(
                "ALTER ROLE {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
                "NOINHERIT"
            ).format(sql.Identifier(app)),
        )
        for (group,) in _execute(
            connection,
            sql.SQL(
                "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = %s"
            ),
            [app],
        ):
            _execute(
                connection,
                sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(app)),
            )
            done.append(f"Rol {app} is geen lid meer van {group}.")
    finally:
        if locked:
            _execute(connection, sql.SQL("SELECT pg_advisory_unlock(8400)"))
    return done


# Objects in the schema that the owner takes over from whoever made them (an installation
# migrated as the superuser before the roles existed); members of an extension stay its own,
# and a sequence that belongs to a column moves with its table.
_NOT_OWNED = """
SELECT c.relkind, c.relname FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
  AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = %(owner)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
UNION ALL
SELECT 'f', p.oid::regprocedure::text FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public'
  AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = %(owner)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT 'c', cfgname FROM pg_ts_config c JOIN pg_namespace n ON n.oid = c.cfgnamespace
WHERE n.nspname = 'public'
  AND c.cfgowner <> (SELECT oid FROM pg_roles WHERE rolname = %(owner)s)
UNION ALL
SELECT 'd', dictname FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace
WHERE n.nspname = 'public'
  AND d.dictowner <> (SELECT oid FROM pg_roles WHERE rolname = %(owner)s)
"""

_ALTER = {
    "r": "ALTER TABLE {} OWNER TO {}",
    "p": "ALTER TABLE {} OWNER TO {}",
    "v": "ALTER VIEW {} OWNER TO {}",
    "m": "ALTER MATERIALIZED VIEW {} OWNER TO {}",
    "S": "ALTER SEQUENCE {} OWNER TO {}",
    "c": "ALTER TEXT SEARCH CONFIGURATION {} OWNER TO {}",
    "d": "ALTER TEXT SEARCH DICTIONARY {} OWNER TO {}",
}


def adopt_database(connection: BaseDatabaseWrapper, *, owner: str, app: str) -> list[str]:
    """Make the owner role own the connection's database and everything the migrations made
    in it, and take back anything the application's role owns. Needs a superuser."""
    done: list[str] = []
    (database,), *_ = _execute(connection, sql.SQL("SELECT current_database()"))
    (current,), *_ = _execute(
        connection,
        sql.SQL(
            "SELECT r.rolname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba "
            "WHERE d.datname = current_database()"
        ),
    )
    if current != owner:
        _execute(
            connection,
            sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                sql.Identifier(database), sql.Identifier(owner)
            ),
        )
        done.append(f"Database {database} is nu van {owner}.")
    objects = _execute(connection, sql.SQL(_NOT_OWNED), {"owner": owner})
    for kind, name in objects:
        if kind == "f":  # already a quoted signature, from regprocedure
            statement = sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(
                sql.SQL(name), sql.Identifier(owner)
            )
        else:
            statement = sql.SQL(_ALTER[kind]).format(sql.Identifier(name), sql.Identifier(owner))
        _execute(connection, statement)
    if objects:
        done.append(f"{len(objects)} objecten in {database} zijn nu van {owner}.")
    _execute(
        connection,
        sql.SQL("REASSIGN OWNED BY {} TO {}").format(sql.Identifier(app), sql.Identifier(owner)),
    )
    return done


def grant_application_privileges(connection: BaseDatabaseWrapper, *, owner: str, app: str) -> None:
    """Rows only, for the application's role: on every table and sequence there is, and on
    those the owner's migrations make later (default privileges). Run as the owner or a
    superuser, in the database itself (privileges belong to one database)."""
    names = {"owner": sql.Identifier(owner), "app": sql.Identifier(app)}
    (database,), *_ = _execute(connection, sql.SQL("SELECT current_database()"))
    statements = [
        "GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {app}",
        "GRANT USAGE ON SCHEMA public TO {app}",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        "REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {app}",
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {app}",
        "REVOKE SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public FROM {app}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        "GRANT USAGE ON SEQUENCES TO {app}",
    ]
    # Nobody but the owner creates tables (PostgreSQL 15 and later revoke this by default;
    # before 15 the schema belongs to the superuser, who runs `database_roles`).
    if _execute(
        connection,
        sql.SQL(
            "SELECT 1 FROM pg_namespace WHERE nspname = 'public' "
            "AND pg_has_role(current_user, nspowner, 'USAGE')"
        ),
    ):
        statements.insert(0, "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    for statement in statements:
        _execute(connection, sql.SQL(statement).format(database=sql.Identifier(database), **names))


def is_owner(connection: BaseDatabaseWrapper) -> bool:
    """Whether the connection's current role owns the schema's tables (or is a superuser):
    what restoring a backup needs (it moves the key sequences on)."""
    if connection.vendor != "postgresql":
        return True
    rows = _execute(
        connection,
        sql.SQL(
            "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
            "WHERE schemaname = 'public' AND tablename = 'django_migrations'"
        ),
    )
    return bool(rows and rows[0][0])
