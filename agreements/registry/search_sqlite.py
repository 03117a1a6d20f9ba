"""Registry search on SQLite, the embedded database of `make run`: FTS5 with trigrams.

Migration 0020 keeps an FTS5 index of every agreement's title, goal, mandates, decisions and
parties, with the trigram tokenizer, so a query word is found inside longer words through
the index. Each word may also be found by a shorter form without a Dutch plural or inflection
ending ("windmolens" finds "windmolen", "afspraken" finds "afspraak"), a crude stand-in for
PostgreSQL's Dutch stemmer. What SQLite lacks against PostgreSQL (the page says so,
`LIMITATIONS`): no tolerance for typing errors, no splitting of compounds by the dictionary
(a word is found only inside the compound it starts, ends or sits in as written), and the
SQLite version of Python 3.11 (3.40) cannot fold accents (``remove_diacritics`` needs 3.45).
"""

from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

# PostgreSQL's Dutch stopword list (tsearch_data/dutch.stop), so both databases skip the same.
STOPWORDS = frozenset(
    """de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om
    hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar
    naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al
    waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd
    altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest
    andere""".split()  # noqa: SIM905 - the list as PostgreSQL spells it
)

# FTS5's trigram tokenizer needs at least three characters to use its index.
MIN_LENGTH = 3

# Longest first: the first ending that leaves at least four letters is taken off.
_ENDINGS = ("heden", "ingen", "eren", "sen", "zen", "ven", "en", "es", "'s", "s", "e")
_VOWELS = set("aeiouy")

LIMITATIONS = _(
    "Deze installatie gebruikt de ingebouwde SQLite-database. Zoeken werkt daarmee "
    "eenvoudiger dan met PostgreSQL: geen verbetering van tikfouten, geen “Bedoelde je …?”, "
    "en samengestelde woorden worden alleen gevonden zoals ze geschreven zijn."
)

FIELDS = ("title", "goal", "mandates", "decisions", "parties")


def word_forms(word: str) -> list[str]:
    """The word and a shorter form of it without a Dutch ending, each at least 3 long."""
    forms = [word]
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            root = word[: -len(ending)]
            # afspraken -> afsprak: the doubled vowel of "afspraak" is gone, so end the
            # shorter form before its last consonant ("afspra" is in both); bakken -> bakk:
            # one of a doubled consonant goes.
            single_vowel = root[-2] in _VOWELS and root[-3] not in _VOWELS
            if root[-1] not in _VOWELS and (single_vowel or root[-1] == root[-2]):
                root = root[:-1]
            if len(root) >= 4 and root not in forms:
                forms.append(root)
            break
    return forms


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_expression(words: list[str], column: str = "") -> str | None:
    """The FTS5 MATCH expression for every usable word (not a stopword, long enough), or
    None when no word is usable. `column` restricts it to one column."""
    clauses = []
    for word in words:
        if word in STOPWORDS or len(word) < MIN_LENGTH:
            continue
        clauses.append("(" + " OR ".join(_phrase(form) for form in word_forms(word)) + ")")
    if not clauses:
        return None
    expression = " AND ".join(clauses)
    return f"{column} : ({expression})" if column else expression


def conditions(words: list[str]) -> tuple[Q, Q] | None:
    """Found anywhere, and found in the title, as conditions on agreements."""
    everywhere = match_expression(words)
    if everywhere is None:
        return None
    sql = "SELECT agreement_id FROM agreements_search_fts WHERE agreements_search_fts MATCH %s"
    return (
        Q(pk__in=RawSQL(sql, [everywhere])),  # noqa: S611 - the expression is a parameter
        Q(pk__in=RawSQL(sql, [match_expression(words, column="title")])),  # noqa: S611
    )


START, STOP = "\x01", "\x02"


def snippets(db: str, words: list[str], agreement_ids: list) -> dict[str, tuple[str, str]]:
    """Per agreement (by hex id): the first field with a match and its marked snippet, with
    START and STOP around the matches. One query for the page."""
    expression = match_expression(words)
    if expression is None or not agreement_ids:
        return {}
    columns = ", ".join(
        f"snippet(agreements_search_fts, {index}, %s, %s, '…', 64)"
        for index in range(1, len(FIELDS) + 1)
    )
    placeholders = ", ".join(["%s"] * len(agreement_ids))
    params: list = [START, STOP] * len(FIELDS)
    with connections[db].cursor() as cursor:
        # Only placeholders and this module's snippet() calls are formatted in.
        cursor.execute(
            f"SELECT agreement_id, {columns} FROM agreements_search_fts "  # noqa: S608
            f"WHERE agreements_search_fts MATCH %s AND agreement_id IN ({placeholders})",
            [*params, expression, *[str(pk).replace("-", "") for pk in agreement_ids]],
        )
        rows = cursor.fetchall()
    found = {}
    for agreement_id, *texts in rows:
        for field, text in zip(FIELDS, texts, strict=True):
            if text and START in text:
                found[agreement_id] = (field, text)
                break
    return found
