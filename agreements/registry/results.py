"""A search's results a page at a time (`SearchResults`), and counting them (`count_up_to`).

Relevance comes in two tiers (agreements/registry/search.py): agreements with every search word
in their title first, then the other matches, each most recently changed first. Each tier is
its own query in the order of the "recently changed" index, so a page of a search that matches
thousands of agreements costs about as much as one that matches a handful.

A reader who sees few agreements (a gemeente sees about 1% of a national registry) has the
opposite problem: the count and the page each visit every one of the reader's agreements (for
Gemeente Bernheze's 1,000 of 100,000, 2.1 ms each; docs/benchmarks.md). So on PostgreSQL the
count collects the matches once, at most up to its limit, and when they are fewer it also
returns their keys in the tiers' order (`_count_and_order`); a page is then read by key.
"""

from collections.abc import Iterator
from uuid import UUID

from django.db import connections
from django.db.models import QuerySet

from agreements.models import Agreement


class SearchResults:
    """The matches of a search, best first, fetched a page at a time: by tier, or by key
    once `count_up_to` has found them few. Sliced, it returns a list; iterated, every match.

    `ranked` (PostgreSQL only) is the matches with their tier as `search_rank` (2 with every
    word in the title, otherwise 1): what `count_up_to` orders and a page by key reads.
    Without it pages are always read by tier.
    """

    def __init__(
        self,
        *,
        matches: QuerySet,
        tiers: list[QuerySet],
        words: list[str] | None = None,
        any_word: str = "",
        unsure: list[str] | None = None,
        searchable: bool = True,
        ranked: QuerySet | None = None,
    ):
        self.matches = matches
        self.tiers = tiers
        # What the query was made of: its words, a tsquery of every lexeme they matched
        # (PostgreSQL; for highlighting), the words found only by a near spelling or not at
        # all, and whether any word was more than a stopword or a sign.
        self.words = words or []
        self.any_word = any_word
        self.unsure = unsure or []
        self.searchable = searchable
        self.ranked = ranked
        self.in_order: list[UUID] | None = None  # every match's key, once counted few

    def sorted_as(self, ordered: QuerySet) -> "SearchResults":
        """The same matches, in the order of `ordered` (the matches, sorted otherwise)."""
        return self._with_tiers([ordered] if self.tiers else [], None)

    def _with_tiers(self, tiers: list[QuerySet], ranked: QuerySet | None) -> "SearchResults":
        return SearchResults(
            matches=self.matches,
            tiers=tiers,
            words=self.words,
            any_word=self.any_word,
            unsure=self.unsure,
            searchable=self.searchable,
            ranked=ranked,
        )

    def prefetch_related(self, *lookups) -> "SearchResults":
        ranked = self.ranked.prefetch_related(*lookups) if self.ranked is not None else None
        return self._with_tiers([tier.prefetch_related(*lookups) for tier in self.tiers], ranked)

    def only(self, *fields: str) -> "SearchResults":
        ranked = self.ranked.only(*fields) if self.ranked is not None else None
        return self._with_tiers([tier.only(*fields) for tier in self.tiers], ranked)

    def count(self) -> int:
        return self.matches.count()

    def count_up_to(self, limit: int) -> int:
        if self.ranked is None:
            return _count_up_to(self.matches, limit)
        count, self.in_order = _count_and_order(self.ranked, limit)
        return count

    def __iter__(self) -> Iterator[Agreement]:
        for tier in self.tiers:
            yield from tier

    def __getitem__(self, index: slice) -> list[Agreement]:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("SearchResults can only be sliced, without a step.")
        start, stop = index.start or 0, index.stop
        if start < 0 or stop is None or stop < start:
            raise ValueError("SearchResults needs a slice with 0 <= start <= stop.")
        if self.in_order is not None and self.ranked is not None:
            keys = self.in_order[start:stop]
            page = self.ranked.filter(pk__in=keys).order_by()  # ordered by `keys`, below
            found = {agreement.pk: agreement for agreement in page}
            return [found[key] for key in keys if key in found]  # one changed since: left out
        rows: list[Agreement] = []
        offset = start  # within the current tier
        for tier in self.tiers:
            wanted = stop - start - len(rows)
            if wanted <= 0:
                break
            found_in_tier = list(tier[offset : offset + wanted])
            if not found_in_tier and offset:
                # The slice starts after this tier: skip its matches.
                offset -= _count_up_to(tier, offset)
                continue
            rows.extend(found_in_tier)
            offset = 0
        return rows


def _count_up_to(queryset: QuerySet, limit: int) -> int:
    # No ordering and no columns: the database can stop at the limit.
    return queryset.order_by().values("pk")[:limit].count()


def _count_and_order(ranked: QuerySet, limit: int) -> tuple[int, list[UUID] | None]:
    """PostgreSQL: how many `ranked` matches there are, counting no further than `limit`, and,
    when fewer, all their keys in the tiers' order (title matches first, each most recently
    changed first), in one statement that visits them once."""
    collected = ranked.order_by().values_list("pk", "updated_at", "search_rank")[:limit]
    sql, params = collected.query.get_compiler(using=ranked.db).as_sql()
    statement = (
        f"WITH found (pk, changed, rank) AS MATERIALIZED ({sql}) "  # noqa: S608 (the ORM's SQL)
        "SELECT (SELECT count(*) FROM found), CASE WHEN (SELECT count(*) FROM found) < %s THEN"
        " (SELECT array_agg(pk ORDER BY rank DESC, changed DESC, pk) FROM found)"
        " END"
    )
    with connections[ranked.db].cursor() as cursor:
        cursor.execute(statement, [*params, limit])
        count, keys = cursor.fetchone()
    return count, keys


def count_up_to(results: "QuerySet | SearchResults", limit: int) -> int:
    """How many agreements `results` holds, counting no further than `limit`."""
    if isinstance(results, SearchResults):
        return results.count_up_to(limit)
    return _count_up_to(results, limit)
