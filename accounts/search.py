"""Finding organisations by name or code: the one rule behind every box that asks for one (the
organisation list, adding a party, the registry's organisation filter, the API). On PostgreSQL
a name spelled almost right counts too ("Bernhze" finds Bernheze): pg_trgm similarity, over
the organisations table only, whose size does not grow with the agreements."""

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from .models import Organisation

# No name is longer; PostgreSQL refuses NUL in text, and SQLite LIKE patterns over 50,000 bytes.
MAX_QUERY_LENGTH = 250
# How alike (pg_trgm similarity, 0 to 1) a name and the text must be to count as a typo of it.
NEAR_NAME = 0.5


def clean_query(text: str) -> str:
    return text.replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def matching_organisations(text: str) -> QuerySet[Organisation]:
    """Organisations whose name or official name contains the text, or whose code it is (in any
    case), or (PostgreSQL) whose name is spelled almost like it; every organisation for an
    empty text."""
    query = clean_query(text)
    if not query:
        return Organisation.objects.all()
    found = Q(name__icontains=query) | Q(official_name__icontains=query) | Q(code__iexact=query)
    if connection.vendor != "postgresql":
        return Organisation.objects.filter(found)
    return Organisation.objects.alias(
        likeness=TrigramSimilarity(Lower("name"), query.lower())
    ).filter(found | Q(likeness__gte=NEAR_NAME))
