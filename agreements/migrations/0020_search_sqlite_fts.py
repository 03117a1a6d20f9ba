"""Registry search on SQLite (the embedded database of `make run`): an FTS5 index.

`agreements_search_fts` holds, per agreement, its title, its goal (task, why, intended result),
its mandates, its decisions and its parties (name, official name, code, abbreviation), with
FTS5's trigram tokenizer: a query word is found inside longer words ("windmolen" in
"windmolens", "afspraken" in "samenwerkingsafspraken") through the index instead of a scan of
every text. Triggers on the agreement, mandate, decision, party and organisation tables keep
it current on every write, whichever code path writes. The agreement's id is an UNINDEXED
column rather than the rowid, which VACUUM may renumber. PostgreSQL has its own index
(migrations 0006, 0011, 0019); this one is SQLite-only.
"""

import sqlite3

from django.db import migrations

_INSERT = (
    "INSERT INTO agreements_search_fts (agreement_id, title, goal, mandates, decisions, parties)"
)
# The texts of every agreement.
_SELECT = """
SELECT a.id, a.title, a.task || ' ' || a.why || ' ' || a.intended_result,
    coalesce((SELECT group_concat(m.function || ' ' || m.subject, ' ')
                FROM agreements_mandate m WHERE m.agreement_id = a.id), ''),
    coalesce((SELECT group_concat(d.what, ' ')
                FROM agreements_decision d WHERE d.agreement_id = a.id), ''),
    coalesce((SELECT group_concat(o.name || ' ' || o.official_name || ' ' || o.code || ' '
                                  || o.abbreviation, ' ')
                FROM agreements_party p JOIN accounts_organisation o ON o.id = p.organisation_id
               WHERE p.agreement_id = a.id), '')
FROM agreements_agreement a
"""


def _refresh(which: str) -> str:
    """Statements that write the rows of the agreements whose id is `which` (a condition of
    this module's own, such as "= NEW.id")."""
    return (
        f"DELETE FROM agreements_search_fts WHERE agreement_id {which}; "  # noqa: S608
        f"{_INSERT} {_SELECT} WHERE a.id {which};"
    )


def _triggers() -> list[str]:
    statements = [
        "CREATE VIRTUAL TABLE agreements_search_fts USING fts5("
        "agreement_id UNINDEXED, title, goal, mandates, decisions, parties, "
        "tokenize = 'trigram')",
        "CREATE TRIGGER agreements_fts_agreement_insert AFTER INSERT ON agreements_agreement "
        f"BEGIN {_refresh('= NEW.id')} END",
        "CREATE TRIGGER agreements_fts_agreement_update "
        "AFTER UPDATE OF title, task, why, intended_result ON agreements_agreement "
        f"BEGIN {_refresh('= NEW.id')} END",
        "CREATE TRIGGER agreements_fts_agreement_delete AFTER DELETE ON agreements_agreement "
        "BEGIN DELETE FROM agreements_search_fts WHERE agreement_id = OLD.id; END",
        "CREATE TRIGGER agreements_fts_organisation_update "
        "AFTER UPDATE OF name, official_name, code, abbreviation ON accounts_organisation "
        "BEGIN "
        + _refresh(
            "IN (SELECT p.agreement_id FROM agreements_party p WHERE p.organisation_id = NEW.id)"
        )
        + " END",
    ]
    for table in ("agreements_mandate", "agreements_decision", "agreements_party"):
        short = table.removeprefix("agreements_")
        statements += [
            f"CREATE TRIGGER agreements_fts_{short}_insert AFTER INSERT ON {table} "
            f"BEGIN {_refresh('= NEW.agreement_id')} END",
            f"CREATE TRIGGER agreements_fts_{short}_update AFTER UPDATE ON {table} "
            f"BEGIN {_refresh('= OLD.agreement_id')} {_refresh('= NEW.agreement_id')} END",
            f"CREATE TRIGGER agreements_fts_{short}_delete AFTER DELETE ON {table} "
            f"BEGIN {_refresh('= OLD.agreement_id')} END",
        ]
    return statements


FILL = _INSERT + _SELECT


# FTS5's trigram tokenizer came with SQLite 3.34 (Debian 12's Python links 3.40).
TRIGRAM_SINCE = (3, 34, 0)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    if sqlite3.sqlite_version_info < TRIGRAM_SINCE:
        raise RuntimeError(
            f"The registry's search needs SQLite 3.34 or later (FTS5's trigram tokenizer); "
            f"this Python uses SQLite {sqlite3.sqlite_version}. Use a newer Python or PostgreSQL."
        )
    for statement in _triggers():
        schema_editor.execute(statement, params=None)
    schema_editor.execute(FILL, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'agreements_fts_%'"
        )
        for (name,) in cursor.fetchall():
            schema_editor.execute(f'DROP TRIGGER "{name}"', params=None)
    schema_editor.execute("DROP TABLE IF EXISTS agreements_search_fts", params=None)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0019_search_parties_and_compounds")]

    operations = [migrations.RunPython(forward, backward)]
