"""Finding agreements: the registry's filters, sorting and full-text search.

Search covers an agreement's title, its task, why and intended result, its mandates (function
and subject) and its decisions (what was decided). Every word of the query must be found
(Dutch stopwords such as "de" and "het" excepted); a word is found

- on PostgreSQL: through Dutch full-text search, widened with pg_trgm. The word's Dutch stem
  is looked up in a lexicon of every lexeme in use, which finds the lexemes that contain it
  (``overeenkomst`` finds ``samenwerkingsovereenkomst``, ``waterschap`` finds the stem of
  ``waterschappen``, ``gemeenten`` finds ``gemeente``) and those spelled almost the same
  (trigram similarity, so ``waterchappen`` still finds ``waterschappen``). The agreements are
  then matched with those lexemes through the GIN index on their stored search vector.
- on SQLite (development only): the word occurs in one of those texts, case-insensitively.

Relevance is the same on both: agreements with every word in their title first, then the
other matches, each group most recently changed first (`SearchResults`). PostgreSQL tells
title matches apart with a second stored vector of the title alone. Grouping instead of
`ts_rank` keeps a page of results cheap however many agreements match: ranking scores every
match before the first can be shown (docs/benchmarks.md has the figures).

On PostgreSQL nothing is gathered at query time: migrations 0006 and 0011 store the vectors
on each agreement row (generated from its own columns and from `search_related`, which
triggers on mandates and decisions maintain) and keep the lexicon. Neither is a model field;
`_AgreementColumn` reads them.
"""

import re
from collections.abc import Iterator
from datetime import date
from functools import reduce
from operator import and_

from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.db import connections
from django.db.models import (
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
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Lower

from accounts.models import User
from accounts.search import clean_query, matching_organisations
from agreements.models import Agreement, Decision, Mandate, Party
from agreements.permissions import visible_to
from agreements.versions.status import status_filter, with_status

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# Shorter words are too common to search for on their own.
MIN_WORD_LENGTH = 2
# Per query word, at most this many lexemes; a very short word could otherwise match thousands.
MAX_LEXEMES = 100
# How alike (pg_trgm similarity) a lexeme and a query word's stem must be to count as a
# near spelling.
NEAR_SPELLING = 0.5


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


# Per query word: is it a stopword (no stem), and which lexemes contain its stem or are
# spelled almost like it. `%` is pg_trgm's similarity operator (served by the trigram index).
_LEXEMES = r"""
SELECT q.position, cardinality(s.stems) > 0, x.word
FROM unnest(%s::text[]) WITH ORDINALITY AS q(word, position)
CROSS JOIN LATERAL (
    SELECT coalesce(ts_lexize('dutch_stem', q.word), ARRAY[q.word]) AS stems
) s
LEFT JOIN LATERAL (
    SELECT l.word FROM agreements_search_lexicon l
    WHERE cardinality(s.stems) > 0
      AND (l.word LIKE '%%' || replace(s.stems[1], '_', '\_') || '%%'
           OR (l.word %% s.stems[1] AND similarity(l.word, s.stems[1]) >= %s))
    ORDER BY l.word = s.stems[1] DESC, similarity(l.word, s.stems[1]) DESC, l.word
    LIMIT %s
) x ON true
ORDER BY q.position, x.word
"""


def _tsquery_literal(lexeme: str) -> str:
    escaped = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'"


def lexeme_query(db: str, words: list[str]) -> str | None:
    """The tsquery (as text) that matches every word, or None when some word matches nothing.

    PostgreSQL only. Stopwords are left out; a query of stopwords alone matches nothing.
    """
    with connections[db].cursor() as cursor:
        cursor.execute(_LEXEMES, [words, NEAR_SPELLING, MAX_LEXEMES])
        rows = cursor.fetchall()
    alternatives: dict[int, list[str]] = {}
    for position, has_stem, lexeme in rows:
        if has_stem:
            alternatives.setdefault(position, [])
            if lexeme is not None:
                alternatives[position].append(lexeme)
    if not alternatives or not all(alternatives.values()):
        return None
    return " & ".join(
        "(" + " | ".join(_tsquery_literal(lexeme) for lexeme in lexemes) + ")"
        for lexemes in alternatives.values()
    )


class SearchResults:
    """The matches of a search, best first, fetched a page at a time.

    Relevance comes in two tiers: agreements with every search word in their title first,
    then the other matches; within a tier, the most recently changed first. Each tier is its
    own query in the order of the "recently changed" index, so the database finds a page by
    walking that index (or, for a rare word, through the full-text index) instead of ranking
    every match first: a page of a search that matches thousands of agreements costs about as
    much as one that matches a handful. Sliced, it returns a list; iterated, every match.
    """

    def __init__(self, *, matches: QuerySet, tiers: list[QuerySet]):
        self.matches = matches
        self.tiers = tiers

    def prefetch_related(self, *lookups) -> "SearchResults":
        return SearchResults(
            matches=self.matches, tiers=[tier.prefetch_related(*lookups) for tier in self.tiers]
        )

    def count(self) -> int:
        return self.matches.count()

    def count_up_to(self, limit: int) -> int:
        return _count_up_to(self.matches, limit)

    def __iter__(self) -> Iterator[Agreement]:
        for tier in self.tiers:
            yield from tier

    def __getitem__(self, index: slice) -> list[Agreement]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("SearchResults can only be sliced, without a step.")
        start, stop = index.start or 0, index.stop
        if start < 0 or stop is None or stop < start:
            raise ValueError("SearchResults needs a slice with 0 <= start <= stop.")
        rows: list[Agreement] = []
        offset = start  # within the current tier
        for tier in self.tiers:
            wanted = stop - start - len(rows)
            if wanted <= 0:
                break
            found = list(tier[offset : offset + wanted])
            if not found and offset:
                # The slice starts after this tier: skip its matches.
                offset -= _count_up_to(tier, offset)
                continue
            rows.extend(found)
            offset = 0
        return rows


def _count_up_to(queryset: QuerySet, limit: int) -> int:
    # No ordering and no columns: the database can stop at the limit.
    return queryset.order_by().values("pk")[:limit].count()


def count_up_to(results: "QuerySet | SearchResults", limit: int) -> int:
    """How many agreements `results` holds, counting no further than `limit`."""
    if isinstance(results, SearchResults):
        return results.count_up_to(limit)
    return _count_up_to(results, limit)


def _conditions_postgresql(queryset: QuerySet, words: list[str]) -> tuple[Q, Q] | None:
    text = lexeme_query(queryset.db, words)
    if text is None:
        return None
    query = Cast(Value(text), output_field=SearchQueryField())
    return (
        Q(_Matches(_AgreementColumn("search_vector", SearchVectorField()), query)),
        Q(_Matches(_AgreementColumn("title_vector", SearchVectorField()), query)),
    )


def _conditions_fallback(words: list[str]) -> tuple[Q, Q]:
    def found(word: str) -> Q:
        return (
            Q(title__icontains=word)
            | Q(task__icontains=word)
            | Q(why__icontains=word)
            | Q(intended_result__icontains=word)
            | Exists(
                Mandate.objects.filter(agreement=OuterRef("pk")).filter(
                    Q(function__icontains=word) | Q(subject__icontains=word)
                )
            )
            | Exists(Decision.objects.filter(agreement=OuterRef("pk"), what__icontains=word))
        )

    return (
        reduce(and_, (found(word) for word in words)),
        reduce(and_, (Q(title__icontains=word) for word in words)),
    )


def search_agreements(queryset: QuerySet, text: str) -> SearchResults:
    """The agreements of `queryset` that match `text`, best match first (see SearchResults).

    Each agreement carries `search_rank`: 2 with every word in its title, otherwise 1.
    A query without usable words finds nothing.
    """
    words = search_words(text)
    conditions = None
    if words:
        if connections[queryset.db].vendor == "postgresql":
            conditions = _conditions_postgresql(queryset, words)
        else:
            conditions = _conditions_fallback(words)
    if conditions is None:
        return SearchResults(matches=queryset.none(), tiers=[])
    found, in_title = conditions
    matches = queryset.filter(found)
    order = ("-updated_at", "pk")
    return SearchResults(
        matches=matches,
        tiers=[
            matches.filter(in_title).annotate(search_rank=Value(2)).order_by(*order),
            matches.exclude(in_title).annotate(search_rank=Value(1)).order_by(*order),
        ],
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
) -> "QuerySet[Agreement] | SearchResults":
    """The registry: agreements the user may see, filtered, searched and sorted.

    Every agreement carries `status`, `next_date` and the other annotations of `with_status`,
    and its parties with their organisations (prefetched).
    `organisation` is (part of) a party's name or official name, or its exact code. The year
    of an agreement is the year its latest version takes effect (start date), or, for a
    concept or a version without a start date, the year the agreement was created.
    `sort` is one of `Sort`; relevance applies only to a search and is its default, and then
    the result is a `SearchResults` (sliceable, countable, iterable) instead of a queryset;
    without a search, the most recently changed agreement comes first.
    """
    # Every page of the registry (web and API) shows each agreement's parties.
    parties = Prefetch("parties", queryset=Party.objects.select_related("organisation"))
    agreements = with_status(Agreement.objects.filter(visible_to(user)), today).prefetch_related(
        parties
    )
    if clean_query(organisation):
        named = matching_organisations(organisation)
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
        agreements = results.matches
    if sort == Sort.TITLE:
        return agreements.order_by(Lower("title"), "pk")
    if sort == Sort.NEXT_DATE:
        return agreements.order_by(F("next_date").asc(nulls_last=True), Lower("title"), "pk")
    return agreements.order_by("-updated_at", "pk")
