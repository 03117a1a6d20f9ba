"""Versions and signatures: the same append-only guard as the audit trail.

The guards of migrations 0004 and 0007 refused every UPDATE, so deleting a person who had
adopted a version or recorded a signature failed on PostgreSQL (Django sets adopted_by and
signed_by to NULL). Now only that change is allowed; the readable labels stay.
"""

from django.db import migrations

FORWARD = """
DROP TRIGGER IF EXISTS agreements_version_append_only ON agreements_version;
CREATE TRIGGER agreements_version_append_only
    BEFORE UPDATE OR DELETE ON agreements_version
    FOR EACH ROW EXECUTE FUNCTION spelregels_append_only('adopted_by_id');
DROP TRIGGER IF EXISTS agreements_signature_append_only ON agreements_signature;
CREATE TRIGGER agreements_signature_append_only
    BEFORE UPDATE OR DELETE ON agreements_signature
    FOR EACH ROW EXECUTE FUNCTION spelregels_append_only('signed_by_id');
"""

BACKWARD = """
DROP TRIGGER IF EXISTS agreements_version_append_only ON agreements_version;
CREATE TRIGGER agreements_version_append_only
    BEFORE UPDATE OR DELETE ON agreements_version
    FOR EACH ROW EXECUTE FUNCTION spelregels_refuse_change();
DROP TRIGGER IF EXISTS agreements_signature_append_only ON agreements_signature;
CREATE TRIGGER agreements_signature_append_only
    BEFORE UPDATE OR DELETE ON agreements_signature
    FOR EACH ROW EXECUTE FUNCTION spelregels_refuse_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_audit_append_only"),
        ("agreements", "0009_archived_pdfs"),
    ]

    operations = [migrations.RunPython(forward, backward)]
