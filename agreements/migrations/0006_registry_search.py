"""Registry search on PostgreSQL: pg_trgm, a stored search vector, a lexicon, indexes.

Everything here is PostgreSQL-only and invisible to the ORM's model state (no model field), so
no Python code has to keep it current and SQLite is untouched:

- `search_related` (text): the agreement's mandates (function, subject) and decisions (what),
  kept current by statement-level triggers on agreements_mandate and agreements_decision.
- `search_vector` (tsvector, generated, GIN-indexed): Dutch full-text vector; title weight A,
  task, why and intended result B, mandates and decisions C.
- `agreements_search_lexicon`: every lexeme that occurs in some search vector, with a trigram
  index. A query word is looked up here (substring of a lexeme, or a near spelling) and the
  lexemes found are then matched against the search vectors, so `overeenkomst` finds
  `samenwerkingsovereenkomst` through the GIN index instead of scanning every text. Triggers
  on agreements_agreement add lexemes; none are ever removed (a stale one matches nothing).
- B-tree indexes for the registry's "recently changed" and "title" orders.

`agreements/search.py` reads these; see its docstring.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FORWARD = r"""
ALTER TABLE agreements_agreement ADD COLUMN search_related text NOT NULL DEFAULT '';

CREATE FUNCTION spelregels_search_related(agreement_id uuid) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ',
        (SELECT string_agg(m.function || ' ' || m.subject, ' ' ORDER BY m.position, m.id)
           FROM agreements_mandate m WHERE m.agreement_id = $1),
        (SELECT string_agg(d.what, ' ' ORDER BY d.decided_on, d.recorded_at, d.id)
           FROM agreements_decision d WHERE d.agreement_id = $1))
$$;

ALTER TABLE agreements_agreement ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('dutch'::regconfig, title), 'A')
    || setweight(to_tsvector('dutch'::regconfig, task || ' ' || why || ' ' || intended_result), 'B')
    || setweight(to_tsvector('dutch'::regconfig, search_related), 'C')
) STORED;
-- Keep the vector in the row (compressed if need be) rather than in the TOAST table: a search
-- that matches thousands of agreements reads thousands of vectors, and fetching each from
-- TOAST tripled the time at 10,000 agreements (docs/benchmarks.md).
ALTER TABLE agreements_agreement ALTER COLUMN search_vector SET STORAGE MAIN;

-- Rewrites every row, so existing ones get the new storage as well.
UPDATE agreements_agreement SET search_related = spelregels_search_related(id);

CREATE INDEX agreement_search_vector ON agreements_agreement USING gin (search_vector);
CREATE INDEX agreement_recently_changed ON agreements_agreement (updated_at DESC, id);
CREATE INDEX agreement_title_order ON agreements_agreement (lower(title), id);

-- Mandates and decisions: one function for both tables and all three events; each trigger
-- names its transition tables new_rows and/or old_rows. Only agreements whose text really
-- changed are written.
CREATE FUNCTION spelregels_refresh_search_related() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE agreements_agreement a SET search_related = spelregels_search_related(a.id)
         WHERE a.id IN (SELECT agreement_id FROM new_rows)
           AND a.search_related IS DISTINCT FROM spelregels_search_related(a.id);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE agreements_agreement a SET search_related = spelregels_search_related(a.id)
         WHERE a.id IN (SELECT agreement_id FROM old_rows)
           AND a.search_related IS DISTINCT FROM spelregels_search_related(a.id);
    ELSE
        UPDATE agreements_agreement a SET search_related = spelregels_search_related(a.id)
         WHERE a.id IN (SELECT agreement_id FROM new_rows
                        UNION SELECT agreement_id FROM old_rows)
           AND a.search_related IS DISTINCT FROM spelregels_search_related(a.id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER agreements_mandate_search_insert AFTER INSERT ON agreements_mandate
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spelregels_refresh_search_related();
CREATE TRIGGER agreements_mandate_search_update AFTER UPDATE ON agreements_mandate
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spelregels_refresh_search_related();
CREATE TRIGGER agreements_mandate_search_delete AFTER DELETE ON agreements_mandate
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spelregels_refresh_search_related();
CREATE TRIGGER agreements_decision_search_insert AFTER INSERT ON agreements_decision
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spelregels_refresh_search_related();
CREATE TRIGGER agreements_decision_search_update AFTER UPDATE ON agreements_decision
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spelregels_refresh_search_related();
CREATE TRIGGER agreements_decision_search_delete AFTER DELETE ON agreements_decision
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spelregels_refresh_search_related();

-- The lexicon. Lexemes are inserted in sorted order so that two transactions adding the same
-- new words cannot deadlock.
CREATE TABLE agreements_search_lexicon (word text PRIMARY KEY);
CREATE INDEX agreements_search_lexicon_trigram ON agreements_search_lexicon
    USING gin (word gin_trgm_ops);
INSERT INTO agreements_search_lexicon (word)
    SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM agreements_agreement
    ORDER BY 1 ON CONFLICT DO NOTHING;

CREATE FUNCTION spelregels_add_lexemes_of_new_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO agreements_search_lexicon (word)
        SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM new_rows
        ORDER BY 1 ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE FUNCTION spelregels_add_lexemes_of_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO agreements_search_lexicon (word)
        SELECT DISTINCT unnest(tsvector_to_array(NEW.search_vector))
        ORDER BY 1 ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE TRIGGER agreements_agreement_lexicon_insert AFTER INSERT ON agreements_agreement
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spelregels_add_lexemes_of_new_rows();
-- Only saves that change searchable text; the builder's revision claims do not fire it.
CREATE TRIGGER agreements_agreement_lexicon_update
    AFTER UPDATE OF title, task, why, intended_result, search_related ON agreements_agreement
    FOR EACH ROW WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector)
    EXECUTE FUNCTION spelregels_add_lexemes_of_row();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS agreements_agreement_lexicon_insert ON agreements_agreement;
DROP TRIGGER IF EXISTS agreements_agreement_lexicon_update ON agreements_agreement;
DROP FUNCTION IF EXISTS spelregels_add_lexemes_of_new_rows();
DROP FUNCTION IF EXISTS spelregels_add_lexemes_of_row();
DROP TABLE IF EXISTS agreements_search_lexicon;
DROP TRIGGER IF EXISTS agreements_mandate_search_insert ON agreements_mandate;
DROP TRIGGER IF EXISTS agreements_mandate_search_update ON agreements_mandate;
DROP TRIGGER IF EXISTS agreements_mandate_search_delete ON agreements_mandate;
DROP TRIGGER IF EXISTS agreements_decision_search_insert ON agreements_decision;
DROP TRIGGER IF EXISTS agreements_decision_search_update ON agreements_decision;
DROP TRIGGER IF EXISTS agreements_decision_search_delete ON agreements_decision;
DROP FUNCTION IF EXISTS spelregels_refresh_search_related();
DROP INDEX IF EXISTS agreement_recently_changed;
DROP INDEX IF EXISTS agreement_title_order;
ALTER TABLE agreements_agreement
    DROP COLUMN IF EXISTS search_vector,
    DROP COLUMN IF EXISTS search_related;
DROP FUNCTION IF EXISTS spelregels_search_related(uuid);
"""


class GuardedTrigramExtension(TrigramExtension):
    """pg_trgm. CreateExtension skips other databases going forwards, but not going back."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0005_decisions_evaluations")]

    operations = [
        GuardedTrigramExtension(),
        migrations.RunPython(forward, backward),
    ]
