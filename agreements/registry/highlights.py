"""Why a search hit matched, and what to try when nothing did.

- `highlights`: for each agreement on a page of search results, the first field where a search
  word was found (title, goal, mandates, decisions, parties, in that order) with a short
  fragment of it, the words found marked. PostgreSQL cuts the fragment with `ts_headline` over
  the lexemes the search matched; SQLite with FTS5's `snippet`. One query per page either way.
  The database marks matches with two control characters that no stored text keeps (they are
  taken out first); everything is escaped and only then do they become <mark> and </mark>.
- `suggestion` ("Bedoelde je …?", PostgreSQL only): each query word that was found only by a
  near spelling, or not at all, replaced by the dictionary word (one that occurs in some
  agreement) or organisation name spelled most like it, comparing words and their stems
  (the dictionary holds no plurals: "waterchappen" is nearest to "waterschap" by its stem).
"""

import re
from dataclasses import dataclass

from django.db import connections
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from agreements.registry import search_sqlite
from agreements.registry.results import SearchResults

START, STOP = search_sqlite.START, search_sqlite.STOP

FIELD_LABELS = {
    "title": _("Titel"),
    "goal": _("Doel"),
    "mandates": _("Mandaat"),
    "decisions": _("Besluit"),
    "parties": _("Partij"),
}


# How alike (pg_trgm similarity) a suggestion and the word typed must be at least.
LIKELY = 0.45


@dataclass(frozen=True)
class Highlight:
    field: str
    fragment: SafeString

    @property
    def label(self) -> str:
        return str(FIELD_LABELS[self.field])


def marked(text: str) -> SafeString:
    """The text escaped, its START/STOP markers turned into <mark> elements."""
    html = str(escape(text.strip()))
    # A fragment may cut a marked word in two; never leave a <mark> open.
    if html.count(START) != html.count(STOP):
        html = html.replace(START, "").replace(STOP, "")
    html = html.replace(START, '<mark class="utrecht-mark">').replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> elements remain


_HEADLINE = r"""
WITH page AS (
    SELECT a.id, a.title,
        concat_ws(' ', a.task, a.why, a.intended_result) AS goal,
        coalesce((SELECT string_agg(m.function || ': ' || m.subject, '; '
                                    ORDER BY m.position, m.id)
                    FROM agreements_mandate m WHERE m.agreement_id = a.id), '') AS mandates,
        coalesce((SELECT string_agg(d.what, ' ' ORDER BY d.decided_on, d.recorded_at, d.id)
                    FROM agreements_decision d WHERE d.agreement_id = a.id), '') AS decisions,
        coalesce((SELECT string_agg(concat_ws(' ', o.name, '(' || nullif(o.code, '') || ')'),
                                    ', ' ORDER BY p.position, p.id)
                    FROM agreements_party p
                    JOIN accounts_organisation o ON o.id = p.organisation_id
                   WHERE p.agreement_id = a.id), '') AS parties,
        coalesce((SELECT string_agg(o.official_name
                                    || coalesce(' (' || nullif(o.abbreviation, '') || ')', ''),
                                    ', ' ORDER BY p.position, p.id)
                    FROM agreements_party p
                    JOIN accounts_organisation o ON o.id = p.organisation_id
                   WHERE p.agreement_id = a.id), '') AS party_names
    FROM agreements_agreement a WHERE a.id = ANY(%(ids)s::uuid[])
)
SELECT page.id, f.field,
    ts_headline('dutch', translate(f.text, %(markers)s, ''), %(query)s::tsquery,
        -- A title or a list of parties is short: shown whole; other texts by a fragment.
        CASE WHEN f.field IN ('title', 'parties') THEN 'HighlightAll=true, '
             ELSE 'MaxWords=24, MinWords=10, MaxFragments=1, FragmentDelimiter=" … ", ' END
        || 'StartSel=' || %(start)s || ', StopSel=' || %(stop)s)
FROM page CROSS JOIN LATERAL (
    SELECT v.field, v.text FROM (VALUES
        (1, 'title', page.title), (2, 'goal', page.goal), (3, 'mandates', page.mandates),
        (4, 'decisions', page.decisions), (5, 'parties', page.parties),
        (6, 'parties', page.party_names)
    ) AS v(n, field, text)
    WHERE to_tsvector('dutch', v.text) @@ %(query)s::tsquery
    -- No ORDER BY: a VALUES list is scanned in its own order, and LIMIT 1 then stops at the
    -- first field that matches, so a hit in the title does not parse the goal, mandates and
    -- decisions too (sorting by v.n parsed all six: 25 of 28 ms of a page of 25 title hits at
    -- 100,000 agreements; docs/benchmarks.md). The order is held by a test
    -- (test_a_hit_shows_the_first_field_that_matched_title_goal_mandate_decision_party).
    LIMIT 1
) f
"""


def highlights(results: SearchResults, agreements: list) -> dict:
    """Per agreement id on the page: its `Highlight`, if a field shows the match."""
    if not agreements:
        return {}
    db = results.matches.db
    ids = [agreement.pk for agreement in agreements]
    found: dict = {}
    if connections[db].vendor == "postgresql":
        if not results.any_word:
            return {}
        with connections[db].cursor() as cursor:
            cursor.execute(
                _HEADLINE,
                {
                    "ids": ids,
                    "markers": START + STOP,
                    "query": results.any_word,
                    "start": START,
                    "stop": STOP,
                },
            )
            for pk, field, text in cursor.fetchall():
                found[pk] = Highlight(field, marked(text))
        return found
    by_hex = {pk.hex: pk for pk in ids}
    for hex_id, (field, text) in search_sqlite.snippets(db, results.words, ids).items():
        found[by_hex[hex_id]] = Highlight(field, marked(text))
    return found


_SUGGESTION = r"""
SELECT q.word, (
    SELECT s.suggestion FROM (
        SELECT d.word AS suggestion,
               greatest(similarity(d.word, q.word), similarity(d.stem, q.stem)) AS score
          FROM agreements_search_dictionary d
         WHERE (d.word %% q.word OR d.stem %% q.stem)
           AND EXISTS (SELECT 1 FROM agreements_search_lexicon l
                        WHERE l.word IN (d.stem, d.stem || right(d.stem, 1))
                           OR l.parts @> ARRAY[d.stem])
        UNION ALL
        SELECT o.name, similarity(lower(o.name), q.word) FROM accounts_organisation o
         WHERE lower(o.name) %% q.word
    ) s WHERE s.score >= %s ORDER BY s.score DESC, s.suggestion LIMIT 1)
FROM (
    SELECT w AS word, coalesce((ts_lexize('dutch_stem', w))[1], w) AS stem
    FROM unnest(%s::text[]) AS w
) q
"""


def suggestion(results: SearchResults, text: str) -> str:
    """The query with its unsure words replaced by the likeliest intended ones, or "" when
    there is nothing to suggest (or on SQLite)."""
    db = results.matches.db
    if not results.unsure or connections[db].vendor != "postgresql":
        return ""
    with connections[db].cursor() as cursor:
        cursor.execute(_SUGGESTION, [LIKELY, results.unsure])
        better = {word: found for word, found in cursor.fetchall() if found}
    if not better:
        return ""
    suggested = re.sub(r"\w+", lambda word: better.get(word[0].lower(), word[0]), text.strip())
    return "" if suggested.lower() == text.strip().lower() else suggested
