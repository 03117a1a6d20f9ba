"""Finding agreements: the registry's filters, sorting and full-text search.

Search covers an agreement's title, its task, why and intended result, its mandates (function
and subject), its decisions (what was decided) and its parties (name, official name, code and
abbreviation: "Enexis", "GM1721"). Every word of the query must be found (Dutch stopwords such
as "de" and "het" excepted); a word is found

- on PostgreSQL: through Dutch full-text search. The word's Dutch stem is looked up in a
  lexicon of every lexeme in use, which gives the lexemes that are that stem or have it as a
  part: "afspraken" finds "samenwerkingsafspraken", "windmolens" finds "windmolen", but
  "tracé" no longer finds "transportcontracten" (the old lexicon matched any lexeme holding
  the stem's letters). A compound query word that the dictionary does not know as a whole
  also finds texts that hold all of its parts ("energietransitie" finds "transitie naar
  duurzame energie"; "waterschap", a word of its own, does not find "water" with "schap").
  A word that matches no lexeme in these ways is matched by the lexemes spelled almost like
  it (pg_trgm similarity: "waterchap" finds "waterschap", "Bernhze" finds "Bernheze"), and
  `highlights.suggestion` offers the likely word ("Bedoelde je …?"). The agreements are then
  matched with those lexemes through the GIN index on their stored search vector.
- on SQLite (the embedded database of `make run`): through an FTS5 trigram index, each word
  as typed or without its Dutch ending (`search_sqlite`), with no typo tolerance and no
  dictionary; the page says so.

Compounds are split by the hunspell Dutch dictionary (Debian hunspell-nl), at index time and
in the database: migration 0019 loads its words into a table, and each new lexeme gets the
stems of its parts once, when it enters the lexicon (`spelregels_compound_parts`). PostgreSQL's
own Ispell dictionary template was measured on the same files and rejected (docs/search.md):
it loads only after stripping the affix file, costs 0.15 s in every new connection, replaces
compounds by their parts, splits prefixes wrongly ("afspraken" -> "sprak") and splits no
compound with a linking s ("samenwerkingsafspraken", "beleidsregels").

Relevance is the same on both: agreements with every word in their title first, then the
other matches, each group most recently changed first (`SearchResults`). PostgreSQL tells
title matches apart with a second stored vector of the title alone. Grouping instead of
`ts_rank` keeps a page of results cheap however many agreements match: ranking scores every
match before the first can be shown (docs/benchmarks.md has the figures).

On PostgreSQL nothing is gathered at query time: migrations 0006, 0011 and 0019 store the
vectors on each agreement row (generated from its own columns and from `search_related`,
which triggers on mandates, decisions, parties and organisations maintain) and keep the
lexicon. Neither is a model field; `_AgreementColumn` reads them. A page of results costs a
constant number of queries: one to look up the words in the lexicon, the count, the page, its
parties and one for the highlighted fragments (`highlights`).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    Expression,
    F,
    IntegerField,
    Lookup,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Lower

from accounts.models import User
from accounts.search import clean_query, matching_organisations
from agreements.models import Agreement, Party
from agreements.permissions import visible_to
from agreements.registry import paging, search_sqlite
from agreements.registry.results import SearchResults
from agreements.versions.status import status_filter, with_status

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# Shorter words are too common to search for on their own.
MIN_WORD_LENGTH = 2
# Per query word, at most this many lexemes; a very short word could otherwise match thousands.
MAX_LEXEMES = 100
# How alike (pg_trgm similarity) a lexeme and a query word's stem must be to count as a
# near spelling.
NEAR_SPELLING = 0.45
# Of the near spellings, only those at most this much less alike than the nearest.
NEAREST = 0.1


class Sort:
    RELEVANCE = "relevantie"
    CHANGED = "gewijzigd"
    TITLE = "titel"
    NEXT_DATE = "datum"


def search_words(text: str) -> list[str]:
    """The distinct words of a query, lower case, at most MAX_WORDS of them."""
    # PostgreSQL refuses NUL in text; nobody types a 200-character query on purpose.
    text = text.replace("\x00", "")[:MAX_QUERY_LENGTH]
    words: list[str] = []
    for word in re.findall(r"\w+", text.lower()):
        if len(word) >= MIN_WORD_LENGTH and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


class _AgreementColumn(Expression):
    """A column of agreements_agreement that migration 0006 maintains and the ORM does not know.

    The table alias is taken from the query being compiled, so the expression also works when
    the queryset ends up inside a subquery (where Django renames the alias).
    """

    def __init__(self, column: str, output_field):
        super().__init__(output_field=output_field)
        self.column = column

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.column!r})"

    def as_sql(self, compiler, connection):
        query = compiler.query
        if query.model is not Agreement:
            raise ValueError("_AgreementColumn is only meaningful on an Agreement queryset.")
        alias = query.get_initial_alias()
        return (
            f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}",
            [],
        )


class _Matches(Lookup):
    """`vector @@ query` for a query that is already a tsquery (no re-parsing)."""

    lookup_name = "matches"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ {rhs}", [*lhs_params, *rhs_params]


# Per query word (but stopwords), rows (position, group, lexeme): group 0 are the lexemes that
# are the word's Dutch stem or have it as a part (agreements_search_lexicon.parts, migration
# 0019); group k > 0 those of the k-th part of the word when the word itself is a compound;
# group -1, only when group 0 is empty, the lexemes spelled almost like it (pg_trgm's `%` and
# similarity, served by the trigram index) and the compounds they are part of. A row with a
# NULL group says the word has a stem (is no stopword).
_LEXEMES = r"""
WITH words AS (
    -- Besides the word's own stem, that of the word with or without a plural s, and the stem
    -- with its last consonant doubled or undoubled: the Dutch stemmer makes "windmol" of
    -- "windmolen" but "windmolen" of "windmolens", "waterschapp" of "waterschappen".
    SELECT q.position, q.word, q.stem, array_remove(ARRAY[q.stem,
        (ts_lexize('dutch_stem', CASE WHEN q.word LIKE '%%s' AND char_length(q.word) > 4
                                      THEN left(q.word, -1) ELSE q.word || 's' END))[1],
        CASE WHEN right(q.stem, 1) = substr(q.stem, char_length(q.stem) - 1, 1)
             THEN left(q.stem, -1)
             WHEN right(q.stem, 1) !~ '[aeiouy]' THEN q.stem || right(q.stem, 1) END],
        NULL) AS stems
    FROM (
        SELECT q.position, q.word, (ts_lexize('dutch_stem', q.word))[1] AS stem
        FROM unnest(%(words)s::text[]) WITH ORDINALITY AS q(word, position)
    ) q WHERE q.stem IS NOT NULL
), whole AS (
    SELECT w.position, 0 AS grp, x.word FROM words w CROSS JOIN LATERAL (
        SELECT l.word FROM agreements_search_lexicon l
        WHERE l.word = ANY(w.stems) OR l.parts && w.stems
        ORDER BY l.word = w.stem DESC, l.word LIMIT %(limit)s
    ) x
), parts AS (
    SELECT w.position, p.grp::int, x.word FROM words w
    CROSS JOIN LATERAL unnest(spelregels_compound_parts(w.stem)) WITH ORDINALITY AS p(part, grp)
    CROSS JOIN LATERAL (
        SELECT l.word FROM agreements_search_lexicon l
        WHERE l.word = p.part OR l.parts @> ARRAY[p.part]
        ORDER BY l.word = p.part DESC, l.word LIMIT %(limit)s
    ) x
), near AS (
    SELECT w.position, -1 AS grp, x.word FROM words w CROSS JOIN LATERAL (
        -- The nearest spellings only: a typo has one intended word, not every similar one.
        SELECT y.word FROM (
            SELECT z.word, z.score, max(z.score) OVER () AS best FROM (
                SELECT l.word,
                    greatest(similarity(l.word, w.stem), similarity(l.word, w.word)) AS score
                FROM agreements_search_lexicon l
                WHERE l.word %% w.stem OR l.word %% w.word
            ) z
        ) y
        WHERE y.score >= %(near)s AND y.score >= y.best - %(tier)s
        ORDER BY y.score DESC, y.word LIMIT %(limit)s
    ) x
    WHERE NOT EXISTS (SELECT 1 FROM whole WHERE whole.position = w.position)
), near_compounds AS (
    SELECT n.position, -1 AS grp, x.word FROM near n CROSS JOIN LATERAL (
        SELECT l.word FROM agreements_search_lexicon l WHERE l.parts @> ARRAY[n.word]
        ORDER BY l.word LIMIT %(limit)s
    ) x
)
SELECT position, NULL::int,
    CASE WHEN EXISTS (SELECT 1 FROM agreements_search_dictionary d WHERE d.stem = words.stem)
         THEN 'known' END
FROM words
UNION ALL SELECT * FROM whole
UNION ALL SELECT * FROM parts
UNION ALL SELECT * FROM near
UNION ALL SELECT * FROM near_compounds
"""


def _tsquery_literal(lexeme: str) -> str:
    escaped = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'"


def _any_of(lexemes: list[str]) -> str:
    return "(" + " | ".join(_tsquery_literal(lexeme) for lexeme in dict.fromkeys(lexemes)) + ")"


@dataclass(frozen=True)
class LexemeMatch:
    """What the lexicon made of a query: the tsquery text (None when some word matches
    nothing), one that matches any of the lexemes found (for highlighting), the words found
    only by a near spelling or not at all (for "Bedoelde je ...?"), and whether any word was
    more than a stopword."""

    tsquery: str | None
    any_word: str
    unsure: list[str]
    searchable: bool


def match_lexemes(db: str, words: list[str]) -> LexemeMatch:
    """PostgreSQL only. A word matches its own lexemes and the compounds it is part of, or
    (a compound) all of its parts; failing both, lexemes spelled almost like it. Stopwords
    are left out; a query of stopwords alone matches nothing."""
    with connections[db].cursor() as cursor:
        cursor.execute(
            _LEXEMES,
            {"words": words, "near": NEAR_SPELLING, "tier": NEAREST, "limit": MAX_LEXEMES},
        )
        rows = cursor.fetchall()
    groups: dict[int, dict[int, list[str]]] = {}
    known: set[int] = set()  # positions of words the dictionary knows as a whole
    for position, group, lexeme in rows:
        found = groups.setdefault(position, {})
        if group is not None:
            found.setdefault(group, []).append(lexeme)
        elif lexeme is not None:
            known.add(position)
    clauses: list[str | None] = []
    unsure: list[str] = []
    used: list[str] = []  # the lexemes of the alternatives taken, for highlighting
    for position, found in sorted(groups.items()):
        # A compound's parts count only if every part was found (numbered 1..n, no gaps).
        parts = sorted(group for group in found if group > 0)
        split = None
        if len(parts) > 1 and parts == list(range(1, len(parts) + 1)):
            split = "(" + " & ".join(_any_of(found[group]) for group in parts) + ")"
        taken: list[int] = []
        if found.get(0):
            # A word the dictionary knows has a meaning of its own ("waterschap" is no "water"
            # with "schap"); a compound it does not know is the sum of its parts.
            taken = [0, *(parts if split and position not in known else [])]
        elif found.get(-1):
            # Not in the lexicon: a typo is likelier than a compound of unrelated parts
            # ("waterchap" is no "water" with "chap").
            unsure.append(words[position - 1])
            taken = [-1]
        elif split:
            taken = parts
        else:
            unsure.append(words[position - 1])
        alternatives = [_any_of(found[group]) for group in taken if group <= 0]
        if split and parts[0] in taken:
            alternatives.append(split)
        used.extend(lexeme for group in taken for lexeme in found[group])
        clauses.append(" | ".join(alternatives) if alternatives else None)
    tsquery = None
    if clauses and None not in clauses:
        tsquery = " & ".join(f"({clause})" for clause in clauses)
    any_word = _any_of(used) if used else ""
    return LexemeMatch(tsquery, any_word, unsure, searchable=bool(groups))


def lexeme_query(db: str, words: list[str]) -> str | None:
    """The tsquery (as text) that matches every word, or None (see `match_lexemes`)."""
    return match_lexemes(db, words).tsquery


def search_agreements(queryset: QuerySet, text: str) -> SearchResults:
    """The agreements of `queryset` that match `text`, best match first (see SearchResults).

    Each agreement carries `search_rank`: 2 with every word in its title, otherwise 1.
    A query without usable words finds nothing.
    """
    words = search_words(text)
    nothing = queryset.none()
    if not words:
        return SearchResults(matches=nothing, tiers=[], searchable=False)
    any_word, unsure = "", []
    if connections[queryset.db].vendor == "postgresql":
        match = match_lexemes(queryset.db, words)
        conditions = None
        if match.tsquery is not None:
            query = Cast(Value(match.tsquery), output_field=SearchQueryField())
            conditions = (
                Q(_Matches(_AgreementColumn("search_vector", SearchVectorField()), query)),
                Q(_Matches(_AgreementColumn("title_vector", SearchVectorField()), query)),
            )
        any_word, unsure, searchable = match.any_word, match.unsure, match.searchable
    else:
        conditions = search_sqlite.conditions(words)
        searchable = conditions is not None
    if conditions is None:
        return SearchResults(
            matches=nothing, tiers=[], words=words, unsure=unsure, searchable=searchable
        )
    anywhere, in_title = conditions
    matches = queryset.filter(anywhere)
    order = paging.RECENT_FIRST
    ranked = None
    if connections[queryset.db].vendor == "postgresql":  # a page of few matches by key
        ranked = matches.annotate(search_rank=Case(When(in_title, then=Value(2)), default=1))
    return SearchResults(
        matches=matches,
        tiers=[
            matches.filter(in_title).annotate(search_rank=Value(2)).order_by(*order),
            matches.exclude(in_title).annotate(search_rank=Value(1)).order_by(*order),
        ],
        words=words,
        any_word=any_word,
        unsure=unsure,
        ranked=ranked,
    )


def find_agreements(
    user: User,
    *,
    today: date,
    text: str = "",
    organisation: str = "",
    layer: str = "",
    theme: str = "",
    status: str = "",
    year: int | None = None,
    sort: str = "",
    with_parties: bool = True,
) -> "QuerySet[Agreement] | SearchResults":
    """The registry: agreements the user may see, filtered, searched and sorted.

    Every agreement carries `status`, `next_date` and the other annotations of `with_status`,
    and, unless `with_parties` is false, its parties with their organisations (prefetched).
    `organisation` is (part of) a party's name or official name, or its exact code. The year
    of an agreement is the year its latest version takes effect (start date), or, for a
    concept or a version without a start date, the year the agreement was created.
    `sort` is one of `Sort`; relevance applies only to a search and is its default. A search
    gives a `SearchResults` (sliceable, countable, iterable) instead of a queryset, whatever
    the order; without a search, the most recently changed agreement comes first.
    """
    # Every page of the registry (web and API) shows each agreement's parties' names and
    # layers: only those columns, by position alone (the model's ordering joins agreements).
    shown = ("agreement_id", "organisation_id", "position", "organisation__name")
    parties = Prefetch(
        "parties",
        queryset=Party.objects.select_related("organisation")
        .only(*shown, "organisation__layer")
        .order_by("position", "organisation__name"),
    )
    agreements = with_status(Agreement.objects.filter(visible_to(user)), today)
    if with_parties:
        agreements = agreements.prefetch_related(parties)
    if clean_query(organisation):
        # Read first and named, as in `visible_to`, so PostgreSQL plans with their numbers
        # of agreements (as a subquery: 32 ms at 100,000 agreements; docs/benchmarks.md).
        named = list(matching_organisations(organisation).values_list("pk", flat=True))
        agreements = agreements.filter(
            Exists(Party.objects.filter(agreement=OuterRef("pk"), organisation__in=named))
        )
    if layer:
        agreements = agreements.filter(
            Exists(Party.objects.filter(agreement=OuterRef("pk"), organisation__layer=layer))
        )
    if theme:
        agreements = agreements.filter(theme=theme)
    if status:
        agreements = agreements.filter(status_filter(status, today))
    if year is not None:
        agreements = agreements.alias(
            year=Coalesce(
                ExtractYear("version_start"),
                ExtractYear("created_at"),
                output_field=IntegerField(),
            )
        ).filter(year=year)
    if text.strip():
        results = search_agreements(agreements, text)
        if sort in ("", Sort.RELEVANCE):
            return results
        # One tier in the order asked for; the search's words stay for the highlights.
        return results.sorted_as(_in_order(results.matches, sort))
    return _in_order(agreements, sort)


def _in_order(agreements: QuerySet, sort: str) -> QuerySet:
    if sort == Sort.TITLE:
        return agreements.order_by(Lower("title"), "pk")
    if sort == Sort.NEXT_DATE:
        return agreements.order_by(F("next_date").asc(nulls_last=True), Lower("title"), "pk")
    return agreements.order_by(*paging.RECENT_FIRST)
