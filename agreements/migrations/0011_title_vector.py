"""Registry search on PostgreSQL: a stored Dutch full-text vector of the title alone.

The registry shows agreements with every search word in their title first, then the other
matches (see `agreements/search.py`). Each group is its own query along the "recently
changed" index; this column and its GIN index let PostgreSQL tell title matches apart, and
its statistics let the planner estimate how many there are, which it cannot do for a
weight-restricted query on `search_vector`. Like `search_vector`, it is PostgreSQL-only and
not a model field.
"""

from django.db import migrations

FORWARD = r"""
ALTER TABLE agreements_agreement ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('dutch'::regconfig, title)
) STORED;
CREATE INDEX agreement_title_vector ON agreements_agreement USING gin (title_vector);
ANALYZE agreements_agreement;
"""

BACKWARD = r"""
DROP INDEX IF EXISTS agreement_title_vector;
ALTER TABLE agreements_agreement DROP COLUMN IF EXISTS title_vector;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0010_append_only_allows_forgetting_people")]

    operations = [migrations.RunPython(forward, backward)]
