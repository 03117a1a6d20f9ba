"""Finding agreements: the registry's filters, sorting and full-text search.

Search covers an agreement's title, its task, why and intended result, its mandates (function
and subject) and its decisions (what was decided). Every word of the query must be found
(Dutch stopwords such as "de" and "het" excepted); a word is found

- on PostgreSQL: through Dutch full-text search, widened with pg_trgm. The word's Dutch stem
  is looked up in a lexicon of every lexeme in use, which finds the lexemes that contain it
  (``overeenkomst`` finds ``samenwerkingsovereenkomst``, ``waterschap`` finds the stem of
  ``waterschappen``, ``gemeenten`` finds ``gemeente``) and those spelled almost the same
  (trigram similarity, so ``waterchappen`` still finds ``waterschappen``). The agreements are
  then matched with those lexemes through the GIN index on their stored search vector, and
  ranked with `ts_rank` over its weights: title A; task, why and intended result B; mandates
  and decisions C. So a hit in the title ranks above a hit in a decision.
- on SQLite (development only): the word occurs in one of those texts, case-insensitively;
  agreements with the word in their title come first.

On PostgreSQL nothing is gathered at query time: migration 0006 stores the search vector on
each agreement row (generated from its own columns and from `search_related`, which triggers
on mandates and decisions maintain) and keeps the lexicon. Neither is a model field;
`_AgreementColumn` reads the vector.
"""

import re
from datetime import date
from functools import reduce
from operator import and_

from django.contrib.postgres.search import SearchQueryField, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    Expression,
    F,
    IntegerField,
    Lookup,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Lower

from accounts.models import Organisation, User

from .models import Agreement, Decision, Mandate, Party
from .permissions import visible_to
from .status import status_filter, with_status

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


def _search_postgresql(queryset: QuerySet, words: list[str]) -> QuerySet:
    text = lexeme_query(queryset.db, words)
    if text is None:
        return queryset.annotate(search_rank=Value(0.0)).none()
    vector = _AgreementColumn("search_vector", SearchVectorField())
    query = Cast(Value(text), output_field=SearchQueryField())
    return queryset.filter(_Matches(vector, query)).annotate(search_rank=SearchRank(vector, query))


def _search_fallback(queryset: QuerySet, words: list[str]) -> QuerySet:
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

    in_title = [
        Case(When(title__icontains=word, then=Value(1)), default=Value(0)) for word in words
    ]
    return queryset.filter(reduce(and_, (found(word) for word in words))).annotate(
        search_rank=reduce(lambda a, b: a + b, in_title, Value(0)),
    )


def search_agreements(queryset: QuerySet, text: str) -> QuerySet:
    """The agreements of `queryset` that match `text`, best match first.

    Annotates `search_rank` (higher is better). A query without usable words finds nothing.
    """
    words = search_words(text)
    if not words:
        return queryset.annotate(search_rank=Value(0.0)).none()
    if connections[queryset.db].vendor == "postgresql":
        found = _search_postgresql(queryset, words)
    else:
        found = _search_fallback(queryset, words)
    return found.order_by("-search_rank", "-updated_at", "pk")


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
) -> QuerySet[Agreement]:
    """The registry: agreements the user may see, filtered, searched and sorted.

    Every agreement carries `status`, `next_date` and the other annotations of `with_status`.
    `organisation` is (part of) a party's name or official name, or its exact code. The year
    of an agreement is the year its latest version takes effect (start date), or, for a
    concept or a version without a start date, the year the agreement was created.
    `sort` is one of `Sort`; relevance applies only to a search and is its default; without a
    search, the most recently changed agreement comes first.
    """
    agreements = with_status(Agreement.objects.filter(visible_to(user)), today)
    if organisation := organisation.replace("\x00", "").strip():
        named = Organisation.objects.filter(
            Q(name__icontains=organisation)
            | Q(official_name__icontains=organisation)
            | Q(code__iexact=organisation)
        )
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
    searching = bool(text.strip())
    if searching:
        agreements = search_agreements(agreements, text)
    if sort == Sort.TITLE:
        return agreements.order_by(Lower("title"), "pk")
    if sort == Sort.NEXT_DATE:
        return agreements.order_by(F("next_date").asc(nulls_last=True), Lower("title"), "pk")
    if searching and sort in ("", Sort.RELEVANCE):
        return agreements  # search_agreements ordered by rank
    return agreements.order_by("-updated_at", "pk")
