"""On PostgreSQL, refuse UPDATE and DELETE of version rows in the database itself."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION spelregels_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are append-only', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER agreements_version_append_only
    BEFORE UPDATE OR DELETE ON agreements_version
    FOR EACH ROW EXECUTE FUNCTION spelregels_refuse_change();
"""

BACKWARD = "DROP TRIGGER IF EXISTS agreements_version_append_only ON agreements_version;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_versions")]

    operations = [migrations.RunPython(forward, backward)]
