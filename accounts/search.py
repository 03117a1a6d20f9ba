"""Finding organisations by name or code: the one rule behind every box that asks for one (the
organisation list, adding a party, the registry's organisation filter, the API)."""

from django.db.models import Q, QuerySet

from .models import Organisation

# No name is longer; PostgreSQL refuses NUL in text, and SQLite LIKE patterns over 50,000 bytes.
MAX_QUERY_LENGTH = 250


def clean_query(text: str) -> str:
    return text.replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def matching_organisations(text: str) -> QuerySet[Organisation]:
    """Organisations whose name or official name contains the text, or whose code it is (in any
    case); every organisation for an empty text."""
    query = clean_query(text)
    if not query:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        Q(name__icontains=query) | Q(official_name__icontains=query) | Q(code__iexact=query)
    )
