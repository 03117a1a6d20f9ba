"""An order PostgreSQL must sort for, because no index holds it.

For a reader party to few agreements, PostgreSQL still tends to find their most recent ones by
walking an index over every agreement in the country ("recently changed", "awaiting
signatures") until it has met enough of theirs, since it assumes their agreements are spread
evenly over time. When they are not the newest, that walk passes thousands of other agreements
(6,102 for a gemeente's first 25 of 1,000 at 100,000 agreements: 38 ms, where sorting its own
takes 12.5 ms; docs/benchmarks.md). Ordering by an expression no index holds (COALESCE of the
column with itself: the same values, the same order) makes it start from the reader's own
agreements and sort them. Only for readers known to see few: for one who sees most, the walk
finds enough at once.
"""

from django.db.models.functions import Coalesce


def sorted_not_walked(column: str) -> Coalesce:
    """`column`'s values, in an expression no index holds."""
    return Coalesce(column, column)
