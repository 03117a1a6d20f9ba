"""Registry search on PostgreSQL: parties in the index, compounds split by the Dutch dictionary.

- `search_related` now also holds the agreement's parties: each organisation's name, official
  name, code and abbreviation ("Enexis", "Gemeente Bernheze", "GM1721", "RWS"). Triggers on
  agreements_party and on accounts_organisation keep it current, like those of migration 0006
  on mandates and decisions.
- `agreements_search_dictionary`: the words of the hunspell Dutch dictionary (Debian package
  hunspell-nl, /usr/share/hunspell/nl.dic), each with its Dutch stem, loaded here when the file
  is present (`load_dictionary`; otherwise the table stays empty and compounds are simply not
  split).
- `agreements_search_lexicon.parts`: the stems of the parts of each lexeme that is a compound
  of dictionary words (`samenwerkingsafsprak` -> {samenwerk, afsprak}), computed once when the
  lexeme first enters the lexicon (`spelregels_compound_parts`), GIN-indexed. A query word then
  finds the lexemes that are it or have it as a part, instead of every lexeme that contains
  its letters (migration 0006's LIKE, which let "tracé" find "transportcontracten").

Why not PostgreSQL's own Ispell dictionary over the same files: measured on PostgreSQL 15
(docs/search.md), it loads only after the affix file is stripped and four dictionary lines
dropped, costs 0.15 s in every new connection, replaces a compound by its parts (so
"windmolens" no longer matches "windmolens" itself), splits "afspraken" into "spraken",
"sprake", "sprak", and splits no compound with a linking s ("samenwerkingsafspraken",
"bestuursovereenkomst", "beleidsregels"), the most common kind in government Dutch. A table
also needs no file on the database server, which managed PostgreSQL does not allow.
"""

import re
from pathlib import Path

from django.db import migrations

DICTIONARY = Path("/usr/share/hunspell/nl.dic")

# Lower-case words only (proper names start with a capital), letters only, at least 3 long.
_WORD = re.compile(r"^[a-zà-ÿ]{3,}$")

FORWARD = r"""
CREATE OR REPLACE FUNCTION spelregels_search_related(agreement_id uuid) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ',
        (SELECT string_agg(m.function || ' ' || m.subject, ' ' ORDER BY m.position, m.id)
           FROM agreements_mandate m WHERE m.agreement_id = $1),
        (SELECT string_agg(d.what, ' ' ORDER BY d.decided_on, d.recorded_at, d.id)
           FROM agreements_decision d WHERE d.agreement_id = $1),
        (SELECT string_agg(concat_ws(' ', o.name, o.official_name, o.code, o.abbreviation), ' '
                           ORDER BY p.position, p.id)
           FROM agreements_party p JOIN accounts_organisation o ON o.id = p.organisation_id
          WHERE p.agreement_id = $1))
$$;

CREATE TRIGGER agreements_party_search_insert AFTER INSERT ON agreements_party
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spelregels_refresh_search_related();
CREATE TRIGGER agreements_party_search_update AFTER UPDATE ON agreements_party
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spelregels_refresh_search_related();
CREATE TRIGGER agreements_party_search_delete AFTER DELETE ON agreements_party
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spelregels_refresh_search_related();

-- A renamed organisation (or a new code) changes the text of every agreement it is party to.
-- Only organisations whose searchable names changed: an edit of, say, the place of a body that
-- is party to thousands of agreements rewrites none of them.
CREATE FUNCTION spelregels_refresh_organisation_search() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE agreements_agreement a SET search_related = spelregels_search_related(a.id)
     WHERE a.id IN (
            SELECT p.agreement_id FROM agreements_party p
             WHERE p.organisation_id IN (
                SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE (n.name, n.official_name, n.code, n.abbreviation)
                       IS DISTINCT FROM (o.name, o.official_name, o.code, o.abbreviation)))
       AND a.search_related IS DISTINCT FROM spelregels_search_related(a.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER accounts_organisation_search_update AFTER UPDATE ON accounts_organisation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION spelregels_refresh_organisation_search();

CREATE TABLE agreements_search_dictionary (word text PRIMARY KEY, stem text NOT NULL);
CREATE INDEX agreements_search_dictionary_stem ON agreements_search_dictionary (stem);
-- "Bedoelde je ...?" looks for the dictionary word spelled most like a query word.
CREATE INDEX agreements_search_dictionary_trigram ON agreements_search_dictionary
    USING gin (word gin_trgm_ops);
CREATE INDEX agreements_search_dictionary_stem_trigram ON agreements_search_dictionary
    USING gin (stem gin_trgm_ops);

-- The stems of the parts of a compound lexeme, or NULL when it is no compound of dictionary
-- words. A first part is a dictionary word of at least 3 letters, perhaps followed by a linking
-- s, e or en; the rest a word or a stem of one, of at least 4 letters, or a word of 3 after a
-- first part of at least 5 ("warmte|net"; shorter ones split "gemeent" into "gem" and "ent"). Of the two-part splits, the one whose shorter part is
-- longest wins ("water|schap", not "waters|chap"); only when there is none, the rest is split
-- again (at most three parts).
CREATE FUNCTION spelregels_compound_parts(lexeme text, depth int DEFAULT 0) RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
    n int := char_length(lexeme);
    first_word text;
    first_stem text;
    rest text;
    rest_parts text[];
    best text[];
    best_score int := 0;
BEGIN
    IF n < 7 OR depth > 1 THEN
        RETURN NULL;
    END IF;
    FOR i IN 3 .. n - 3 LOOP
        SELECT d.word, d.stem INTO first_word, first_stem FROM agreements_search_dictionary d
         WHERE d.word IN (left(lexeme, i),
                          CASE WHEN substr(lexeme, i, 1) IN ('s', 'e') THEN left(lexeme, i - 1) END,
                          CASE WHEN substr(lexeme, i - 1, 2) = 'en' THEN left(lexeme, i - 2) END)
         ORDER BY char_length(d.word) DESC LIMIT 1;
        CONTINUE WHEN first_stem IS NULL;
        rest := substr(lexeme, i + 1);
        IF least(char_length(first_word), n - i) >= best_score
           AND (n - i >= 4 AND EXISTS (SELECT 1 FROM agreements_search_dictionary d
                                        WHERE d.stem = rest OR d.word = rest)
                OR n - i = 3 AND char_length(first_word) >= 5
                   AND EXISTS (SELECT 1 FROM agreements_search_dictionary d
                                WHERE d.word = rest)) THEN
            best := ARRAY[first_stem, rest];
            best_score := least(char_length(first_word), n - i);
        END IF;
    END LOOP;
    IF best IS NOT NULL THEN
        RETURN best;
    END IF;
    FOR i IN REVERSE n - 4 .. 3 LOOP
        SELECT d.stem INTO first_stem FROM agreements_search_dictionary d
         WHERE d.word IN (left(lexeme, i),
                          CASE WHEN substr(lexeme, i, 1) IN ('s', 'e') THEN left(lexeme, i - 1) END,
                          CASE WHEN substr(lexeme, i - 1, 2) = 'en' THEN left(lexeme, i - 2) END)
         ORDER BY char_length(d.word) DESC LIMIT 1;
        CONTINUE WHEN first_stem IS NULL;
        rest_parts := spelregels_compound_parts(substr(lexeme, i + 1), depth + 1);
        IF rest_parts IS NOT NULL THEN
            RETURN first_stem || rest_parts;
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$;

ALTER TABLE agreements_search_lexicon ADD COLUMN parts text[];
-- No pending list: lexemes arrive a few at a time, and a search would otherwise read through
-- every entry not yet merged (17 ms instead of 0.1 ms after a bulk load, measured).
CREATE INDEX agreements_search_lexicon_parts ON agreements_search_lexicon USING gin (parts)
    WITH (fastupdate = off);

-- New lexemes only: the parts of a lexeme are worked out once, not at every save.
CREATE OR REPLACE FUNCTION spelregels_add_lexemes_of_new_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO agreements_search_lexicon (word, parts)
        SELECT w, spelregels_compound_parts(w)
          FROM (SELECT DISTINCT unnest(tsvector_to_array(search_vector)) AS w FROM new_rows) n
         WHERE NOT EXISTS (SELECT 1 FROM agreements_search_lexicon l WHERE l.word = n.w)
         ORDER BY 1 ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION spelregels_add_lexemes_of_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO agreements_search_lexicon (word, parts)
        SELECT w, spelregels_compound_parts(w)
          FROM (SELECT DISTINCT unnest(tsvector_to_array(NEW.search_vector)) AS w) n
         WHERE NOT EXISTS (SELECT 1 FROM agreements_search_lexicon l WHERE l.word = n.w)
         ORDER BY 1 ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
"""

# After the dictionary: every agreement's text gains its parties, then every lexeme its parts.
REFRESH = r"""
UPDATE agreements_agreement SET search_related = spelregels_search_related(id)
 WHERE search_related IS DISTINCT FROM spelregels_search_related(id);
UPDATE agreements_search_lexicon SET parts = spelregels_compound_parts(word);
ANALYZE agreements_search_lexicon;
ANALYZE agreements_search_dictionary;
"""

# Back to migration 0006's functions: mandates and decisions only, lexemes without parts.
BACKWARD = r"""
CREATE OR REPLACE FUNCTION spelregels_search_related(agreement_id uuid) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ',
        (SELECT string_agg(m.function || ' ' || m.subject, ' ' ORDER BY m.position, m.id)
           FROM agreements_mandate m WHERE m.agreement_id = $1),
        (SELECT string_agg(d.what, ' ' ORDER BY d.decided_on, d.recorded_at, d.id)
           FROM agreements_decision d WHERE d.agreement_id = $1))
$$;
CREATE OR REPLACE FUNCTION spelregels_add_lexemes_of_new_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO agreements_search_lexicon (word)
        SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM new_rows
        ORDER BY 1 ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
CREATE OR REPLACE FUNCTION spelregels_add_lexemes_of_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO agreements_search_lexicon (word)
        SELECT DISTINCT unnest(tsvector_to_array(NEW.search_vector))
        ORDER BY 1 ON CONFLICT DO NOTHING;
    RETURN NULL;
END;
$$;
UPDATE agreements_agreement SET search_related = spelregels_search_related(id)
 WHERE search_related IS DISTINCT FROM spelregels_search_related(id);
DROP TRIGGER IF EXISTS agreements_party_search_insert ON agreements_party;
DROP TRIGGER IF EXISTS agreements_party_search_update ON agreements_party;
DROP TRIGGER IF EXISTS agreements_party_search_delete ON agreements_party;
DROP TRIGGER IF EXISTS accounts_organisation_search_update ON accounts_organisation;
DROP FUNCTION IF EXISTS spelregels_refresh_organisation_search();
DROP INDEX IF EXISTS agreements_search_lexicon_parts;
ALTER TABLE agreements_search_lexicon DROP COLUMN IF EXISTS parts;
DROP FUNCTION IF EXISTS spelregels_compound_parts(text, int);
DROP TABLE IF EXISTS agreements_search_dictionary;
"""


def dictionary_words(path: Path = DICTIONARY) -> list[str]:
    """The lower-case words of a hunspell .dic file (its first line is the word count)."""
    if not path.exists():
        return []
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        word = line.split("/", 1)[0].strip()
        if _WORD.match(word):
            words.add(word)
    return sorted(words)


def load_dictionary(cursor, words: list[str]) -> None:
    # The stem of a stopword is empty; such short words make no useful part anyway.
    cursor.execute(
        """
        INSERT INTO agreements_search_dictionary (word, stem)
        SELECT w, (ts_lexize('dutch_stem', w))[1] FROM unnest(%s::text[]) AS w
        WHERE cardinality(ts_lexize('dutch_stem', w)) > 0
        ON CONFLICT DO NOTHING
        """,
        [words],
    )


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FORWARD, params=None)
    with schema_editor.connection.cursor() as cursor:
        load_dictionary(cursor, dictionary_words())
    schema_editor.execute(REFRESH, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0018_comment_edited_at"),
        ("accounts", "0007_audit_action_comment_edited"),
    ]

    operations = [migrations.RunPython(forward, backward)]
