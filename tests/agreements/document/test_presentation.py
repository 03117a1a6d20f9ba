"""Values the way people read them (agreements/document/vocabulary.py, the `document` tags)."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from agreements.document import vocabulary


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [
        (Decimal("75000.00"), "€ 75.000", "€ 75,000"),
        ("1250.50", "€ 1.250,50", "€ 1,250.50"),
        ("900000", "€ 900.000", "€ 900,000"),
        (None, "", ""),
    ],
)
def test_amounts(value, dutch, english):
    with translation.override("nl"):
        assert vocabulary.format_amount(value) == dutch
    with translation.override("en"):
        assert vocabulary.format_amount(value) == english


@pytest.mark.parametrize(
    ("start", "end", "indefinite", "dutch"),
    [
        ("2024-03-01", "2030-12-31", False, "1 maart 2024 tot en met 31 december 2030"),
        (date(2024, 3, 1), None, True, "vanaf 1 maart 2024, voor onbepaalde tijd"),
        ("2024-03-01", None, False, "vanaf 1 maart 2024"),
        (None, "2030-12-31", False, "tot en met 31 december 2030"),
        (None, None, False, ""),
    ],
)
def test_periods(start, end, indefinite, dutch):
    with translation.override("nl"):
        assert vocabulary.format_period(start, end, indefinite=indefinite) == dutch


def test_the_template_filters_write_a_term_and_a_person():
    template = Template(
        "{% load document %}{{ term|period }} | {{ who|person }} | {{ who|address }} | "
        "{{ amount|amount }} | {{ day|day }}"
    )
    context = Context(
        {
            "term": {"start_date": "2024-03-01", "end_date": "2030-12-31", "indefinite": False},
            "who": "Eva Jansen <eva@bernheze.example.nl>",
            "amount": "75000.00",
            "day": "2024-02-13",
        }
    )
    with translation.override("nl"):
        assert template.render(context) == (
            "1 maart 2024 tot en met 31 december 2030 | Eva Jansen | eva@bernheze.example.nl | "
            "€ 75.000 | 13 februari 2024"
        )
    with translation.override("en"):
        assert template.render(context).startswith("1 March 2024 up to and including 31 December")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_date_reads_as_djangos_own_formatting_would_write_it(language):
    """`format_date` writes what formats.date_format(day, "j F Y") writes, without it."""
    days = [
        date(2024, 3, 1),
        date(2027, 12, 31),
        date(999, 1, 9),
        *map(date, [2026] * 12, range(1, 13), [15] * 12),
    ]
    with translation.override(language):
        for day in days:
            assert vocabulary.format_date(day) == formats.date_format(day, "j F Y")
        assert vocabulary.format_date("2024-03-01") == formats.date_format(
            date(2024, 3, 1), "j F Y"
        )
    with translation.override("nl"):
        assert vocabulary.format_date(date(2024, 3, 1)) == "1 maart 2024"
