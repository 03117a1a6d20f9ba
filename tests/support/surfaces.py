"""What a person reads on a page, a PDF or a diagram, and what must never be among it.

`visible_text` takes the text an HTML page shows (text nodes and the attributes people read:
title, alt, aria-label, placeholder), leaving out scripts, styles and what is marked as Dutch
content (`lang="nl"`) on an English page. `defects` names what gives the app's insides away:

- a document key or dotted path: `organisation.code`, `task.why`, `parties.contributes.money`;
- a raw choice value: `wensen_bedenkingen`, `Democratische_legitimiteit`, `bevoegd-gezag`;
- an amount as the database writes it: `75000.00`, or euros without thousands' dots (`€ 75000`);
- an ISO date in running text: `2024-03-01`;
- a person named with their e-mail address ("Eva Jansen <eva@…>"): people go by name;
- on an English page, a label of the completeness check left in Dutch.
"""

import re
from functools import cache
from html.parser import HTMLParser

from django.db import models
from django.utils import translation

from agreements.document import checklist, vocabulary

READ_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
SKIPPED = {"script", "style"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}

AMOUNT = re.compile(r"(?<![\w.,])\d{4,}[.,]\d{2}(?![\d])|€\s?\d{4,}(?![\d.])")
ISO_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")
PERSON_WITH_ADDRESS = re.compile(r"\w <[^<>\s]+@[^<>\s]+>")
# Django's empty choice ("---------"): a select says in words what choosing nothing means.
DASHES = re.compile(r"^\s*-{3,}\s*$")


class _Reader(HTMLParser):
    """Text nodes and read attributes, each with whether it is inside Dutch content."""

    def __init__(self, page_language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.page_language = page_language
        self.parts: list[tuple[str, str]] = []  # (language, text)

    def _language(self) -> str:
        for _tag, lang in reversed(self.stack):
            if lang:
                return lang
        return self.page_language

    def _skipping(self) -> bool:
        return any(tag in SKIPPED for tag, _lang in self.stack)

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "html" and found.get("lang"):
            self.page_language = found["lang"]
        if tag not in VOID:
            self.stack.append((tag, found.get("lang")))
        if not self._skipping():
            language = found.get("lang") or self._language()
            for name in READ_ATTRIBUTES:
                if found.get(name):
                    self.parts.append((language, found[name]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if data.strip() and not self._skipping():
            self.parts.append((self._language(), data))


def visible_parts(markup: str, page_language: str) -> list[tuple[str, str]]:
    """(language, text) of everything a person reads on an HTML or SVG page."""
    reader = _Reader(page_language)
    reader.feed(markup)
    reader.close()
    return reader.parts


@cache
def dotted_paths() -> frozenset[str]:
    """Every field path of the vocabulary and each dotted tail of it (`organisation.code`)."""
    found: set[str] = set()
    for path in [*vocabulary.FIELD_BY_PATH, *vocabulary.CONTAINER_BY_PATH]:
        parts = path.split(".")
        for start in range(len(parts) - 1):
            found.add(".".join(parts[start:]))
    return frozenset(found)


def _choice_classes() -> list[type[models.Choices]]:
    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return [cls for cls in walk(models.Choices) if cls.__module__.split(".")[0] != "django"]


@cache
def raw_values() -> frozenset[str]:
    """Stored choice values that look like a key, not a word: with an underscore or a dot
    (`decision.recorded`), or with a hyphen where the label has none (`bevoegd-gezag` against
    "Bevoegd gezag")."""
    found: set[str] = set()
    with translation.override("nl"):
        for cls in _choice_classes():
            for value, label in cls.choices:
                value = str(value)
                keyish = "_" in value or ("." in value and not value.endswith("."))
                if keyish or ("-" in value and value.lower() != str(label).lower()):
                    found.add(value)
                    found.add(value.capitalize())
    return frozenset(found)


@cache
def dutch_check_labels() -> frozenset[str]:
    """The completeness check's labels whose English differs from their Dutch."""
    labels = set()
    for _step, _element, text in checklist.ELEMENTS:
        with translation.override("nl"):
            dutch = str(text)
        with translation.override("en"):
            english = str(text)
        if dutch != english:
            labels.add(dutch)
    return frozenset(labels)


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[\w][\w.\-]*[\w]", text))


def defects(parts: list[tuple[str, str]], page_language: str) -> list[str]:
    """What the texts give away of the app's insides (empty when nothing)."""
    found = []
    paths, values = dotted_paths(), raw_values()
    english_labels = dutch_check_labels() if page_language == "en" else frozenset()
    for language, text in parts:
        for token in _tokens(text):
            if token in paths:
                found.append(f"document path {token!r} in {text.strip()[:80]!r}")
            if token in values:
                found.append(f"raw choice value {token!r} in {text.strip()[:80]!r}")
        for match in AMOUNT.finditer(text):
            found.append(f"amount {match.group()!r} in {text.strip()[:80]!r}")
        for match in ISO_DATE.finditer(text):
            found.append(f"ISO date {match.group()!r} in {text.strip()[:80]!r}")
        for match in PERSON_WITH_ADDRESS.finditer(text):
            found.append(f"a person with their address {match.group()!r}")
        if DASHES.match(text):
            found.append(f"an empty choice without words {text.strip()!r}")
        if language != "nl":
            for label in english_labels:
                if label in text:
                    found.append(f"Dutch check label {label!r} on an English page")
    return found
