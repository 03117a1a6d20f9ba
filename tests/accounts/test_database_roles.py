"""Records that stay written: as the application's database role, the append-only tables
refuse TRUNCATE, UPDATE and DELETE, and no trigger can be switched off; forgetting a person
still works (accounts/database_roles.py, agreements/migrations/0022)."""

import io
import json
import os
import subprocess
import sys
from datetime import date

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from accounts import database_roles
from agreements.models import Agreement, Decision, Evaluation
from agreements.records import decisions, evaluations
from agreements.registry import backup
from tests.support import cast
from tests.support.deploy import ROOT, production_env

POSTGRESQL_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="roles and triggers of PostgreSQL"
)

pytestmark = [pytest.mark.django_db, POSTGRESQL_ONLY]

# Every append-only table, with a text column to try to change.
APPEND_ONLY = {
    "accounts_auditevent": "action",
    "agreements_version": "note",
    "agreements_signature": "place",
    "agreements_publishedversion": "published_by_label",
    "agreements_decision": "what",
    "agreements_decisionattachment": "name",
    "agreements_evaluation": "content_note",
}
SCORES = {"content": (4, "Goed."), "process": (3, "Redelijk."), "relationship": (5, "Prima.")}


def _scalar(statement: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchone()[0]


def _refused(statement: str, match: str) -> None:
    with (
        pytest.raises(DatabaseError, match=match),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)


def test_every_guarded_table_is_checked_here():
    """A table with a row guard has a TRUNCATE guard too, and is in APPEND_ONLY above."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
            "WHERE tgname LIKE '%append_only' OR tgname LIKE '%no_truncate'"
        )
        triggers = cursor.fetchall()
    assert {table for table, _name in triggers} == set(APPEND_ONLY)
    for table in APPEND_ONLY:
        assert (table, f"{table}_append_only") in triggers
        assert (table, f"{table}_no_truncate") in triggers


def test_the_tests_act_as_the_application_role():
    assert _scalar("SELECT current_user") == database_roles.app_role()
    owner = _scalar(
        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s",
        [connection.settings_dict["NAME"]],
    )
    assert owner == database_roles.owner_role()
    assert (
        _scalar(
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace "
            "AND relowner <> (SELECT oid FROM pg_roles WHERE rolname = %s)",
            [database_roles.owner_role()],
        )
        == 0
    )


@pytest.mark.demo(history=True)
def test_as_the_application_every_append_only_table_refuses_changes(demo):
    decisions.record_decision(
        agreement=demo,
        acting_user=cast.eva(),
        decided_on=date(2025, 9, 1),
        table_name="Stuurgroep",
        what="Met bijlage.",
        attachments=[SimpleUploadedFile("besluit.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    assert _scalar("SELECT current_user") == database_roles.app_role()
    for table, column in APPEND_ONLY.items():
        assert _scalar(f"SELECT count(*) FROM {table}") > 0, table  # noqa: S608
        _refused(f"UPDATE {table} SET {column} = {column} || 'x'", "append-only")  # noqa: S608
        _refused(f"DELETE FROM {table}", "append-only")  # noqa: S608
        _refused(f"TRUNCATE {table}", "permission denied")
        _refused(f"TRUNCATE {table} CASCADE", "permission denied")
        _refused(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only", "must be owner")
        _refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL", "must be owner")
        _refused(f"DROP TRIGGER {table}_no_truncate ON {table}", "must be owner")
    # Nor can it make a table of its own, or change a guard's function.
    _refused("CREATE TABLE spelregels_eigen (id int)", "permission denied")
    _refused(
        "CREATE OR REPLACE FUNCTION spelregels_append_only() RETURNS trigger "
        "AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
        "permission denied for schema public",
    )


@pytest.mark.demo(history=True)
def test_as_the_application_forgetting_a_person_still_works(demo):
    """Deleting a person sets them to NULL on what they recorded; the guards allow that."""
    assert _scalar("SELECT current_user") == database_roles.app_role()
    recorder = cast.eva()
    decision = decisions.record_decision(
        agreement=demo,
        acting_user=recorder,
        decided_on=date(2025, 9, 1),
        table_name="Stuurgroep",
        what="Vastgelegd door wie vergeten wordt.",
    )
    evaluation = evaluations.record_evaluation(
        agreement=demo, acting_user=recorder, held_on=date(2025, 9, 2), scores=SCORES, actions=[]
    )
    recorder.delete()
    assert Decision.objects.get(pk=decision.pk).recorded_by is None
    assert Evaluation.objects.get(pk=evaluation.pk).recorded_by is None
    assert Decision.objects.get(pk=decision.pk).what == "Vastgelegd door wie vergeten wordt."


def test_the_application_cannot_restore_a_backup():
    """Restoring moves the key sequences on: the owner does that, as with migrate."""
    export = {"format": backup.FORMAT, "format_version": backup.FORMAT_VERSION, "objects": []}
    with pytest.raises(ValidationError) as refused:
        backup.import_registry(io.StringIO(json.dumps(export)))
    assert refused.value.code == backup.BackupError.NOT_OWNER
    assert "eigenaar van de database" in refused.value.messages[0]


def test_the_roles_command_needs_a_superuser():
    """As the owner (not a superuser) it explains itself in Dutch instead of failing with a
    traceback; `make test` and CI run it as the superuser beforehand."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="superuser in DATABASE_URL"):
        call_command("database_roles")


def test_the_roles_command_says_when_the_database_does_not_exist(tmp_path):
    """Not that it needs a superuser (the database's name was wrong, or it was never made)."""
    db = connection.settings_dict
    result = subprocess.run(  # noqa: S603 -- our own manage.py
        [sys.executable, "manage.py", "database_roles"],
        cwd=ROOT,
        env=production_env(
            tmp_path,
            DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/bestaat_niet",
            SECRET_KEY="roles-test-only-not-a-secret",
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"De database ‘bestaat_niet’ op {db['HOST']}:{db['PORT']} is niet bereikbaar" in (
        result.stderr
    )
    assert "superuser" not in result.stderr
    assert "Traceback" not in result.stderr


# The person columns that forgetting a deleted person sets to NULL, per table.
FORGETTABLE = {
    "accounts_auditevent": "actor_id",
    "agreements_version": "adopted_by_id",
    "agreements_signature": "signed_by_id",
    "agreements_publishedversion": "published_by_id",
    "agreements_decision": "recorded_by_id",
    "agreements_evaluation": "recorded_by_id",
}


@pytest.mark.django_db(transaction=True)
def test_logged_in_as_the_application_role_nothing_can_be_undone():
    """A connection that logs in as the application's role itself (no SET ROLE to escape
    from), on committed rows of every append-only table: UPDATE, DELETE and TRUNCATE fail, no
    trigger can be switched off and the owner's role cannot be taken on; forgetting a person
    (their id set to NULL) still works."""
    from demo.scenario import seed_demo

    seed_demo(history=True)
    demo = Agreement.objects.get()
    decisions.record_decision(
        agreement=demo,
        acting_user=cast.eva(),
        decided_on=date(2025, 9, 1),
        table_name="Stuurgroep",
        what="Met bijlage.",
        attachments=[SimpleUploadedFile("besluit.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    settings = connection.settings_dict
    app = database_roles.app_role()
    with psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        dbname=settings["NAME"],
        user=app,
        password=os.environ.get("DATABASE_APP_PASSWORD") or None,
        autocommit=True,
    ) as login:
        assert login.execute("SELECT session_user, current_user").fetchone() == (app, app)

        def refused(statement: str, error: type[Exception]) -> None:
            with pytest.raises(error):
                login.execute(statement)

        for table, column in APPEND_ONLY.items():
            before = login.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            assert before > 0, table
            integrity = psycopg.errors.IntegrityConstraintViolation
            refused(f"UPDATE {table} SET {column} = {column} || 'x'", integrity)  # noqa: S608
            refused(f"DELETE FROM {table}", integrity)  # noqa: S608
            denied = psycopg.errors.InsufficientPrivilege
            refused(f"TRUNCATE {table}", denied)
            refused(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only", denied)
            refused(f"ALTER TABLE {table} DISABLE TRIGGER ALL", denied)
            refused(f"DROP TRIGGER {table}_no_truncate ON {table}", denied)
            after = login.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            assert after == before, table
        refused(f"SET ROLE {database_roles.owner_role()}", psycopg.errors.InsufficientPrivilege)
        refused("SET session_replication_role = replica", psycopg.errors.InsufficientPrivilege)
        # Forgetting a deleted person: the one change the guards allow.
        for table, column in FORGETTABLE.items():
            login.execute(f"UPDATE {table} SET {column} = NULL")  # noqa: S608
            assert login.execute(
                f"SELECT count(*) FROM {table} WHERE {column} IS NOT NULL"  # noqa: S608
            ).fetchone() == (0,)
