"""On PostgreSQL, the audit trail is append-only in the database itself.

`spelregels_append_only(column, ...)` refuses UPDATE and DELETE, with one exception: the named
person and organisation columns may be set to NULL, which is what Django does (ON DELETE SET
NULL) when that person or organisation is deleted. The row keeps its readable labels
(`actor_label`, `object_label`), so the trail still says who did what.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION spelregels_append_only() RETURNS trigger AS $$
DECLARE
    nullable text;
    old_row jsonb := to_jsonb(OLD);
    new_row jsonb;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        new_row := to_jsonb(NEW);
        FOREACH nullable IN ARRAY TG_ARGV LOOP
            IF new_row -> nullable = 'null'::jsonb THEN
                old_row := old_row - nullable;
                new_row := new_row - nullable;
            END IF;
        END LOOP;
        IF old_row = new_row THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'rows of % are append-only', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_auditevent_append_only
    BEFORE UPDATE OR DELETE ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION spelregels_append_only('actor_id', 'organisation_id');
"""

BACKWARD = """
DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent;
DROP FUNCTION IF EXISTS spelregels_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
