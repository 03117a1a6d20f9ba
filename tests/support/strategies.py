"""Arbitrary form input for the property-based tests: odd text, numbers, dates and ids."""

import os
import uuid

from hypothesis import strategies as st

from tests.support.forms import Control

ODD_STRINGS = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00" * 20,
    "\u202e\u200b\ufeff",
    "Zoë 's-Hertogenbosch — “quotes” ½ 🤝",
    "𝕿𝖊𝖘𝖙 \U0010ffff",
    "<script>alert(1)</script>",
    "'; DROP TABLE agreements_agreement; --",
    "%s %(title)s {0} {{ agreement }}",
    "x" * 60_000,
    "€" * 20_000,
    "line\r\nbreak\rand\nmore",
    # Full-text search syntax and what escapes it (tsquery, FTS5, LIKE).
    "!&|:* <-> (a | b) & !c:*",
    '\\\'\\\\ \\" "" NEAR(x y) title : x',
    "\x01\x02\x1b[31m\x7f\u0085",
    "de het een",
]
NUMBERS = [
    "0",
    "-0",
    "1",
    "-1",
    "365",
    "366",
    "120",
    "121",
    "32767",
    "32768",
    "65535",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775808",
    "9" * 30,
    "9" * 5000,
    "1e309",
    "1e5",
    "NaN",
    "-Infinity",
    "1.5",
    "1,5",
    "0x10",
    " 7 ",
    "١٢",  # Arabic-Indic digits
    "999999999999.99",
    "1000000000000.00",
    "-0.01",
    "0.001",
]
DATES = [
    "2026-01-31",
    "2026-02-30",
    "31-12-2026",
    "12/31/2026",
    "2026/12/31",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2026-01-01",
    "2026-13-01",
    "2026-1-1",
    "20260101",
    "tomorrow",
]
IDS = [
    str(uuid.UUID(int=0)),
    "not-a-uuid",
    "12345",
    "-1",
    "0",
    "{00000000-0000-0000-0000-000000000000}",
    "00000000000000000000000000000000",
]

numbers = st.one_of(
    st.sampled_from(NUMBERS),
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)
dates = st.one_of(
    st.sampled_from(DATES),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.strftime("%d-%m-%Y")),
    st.datetimes().map(lambda d: d.isoformat()),
)
texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=400),
    st.sampled_from(ODD_STRINGS),
)
uuids = st.one_of(st.uuids().map(str), st.sampled_from(IDS))
anything = st.one_of(texts, numbers, dates, uuids)


def value_for(control: Control) -> st.SearchStrategy[str]:
    """A value for one control: often one it offers, otherwise anything at all."""
    offered = control.options + control.current
    choices = [anything]
    if offered:
        choices.insert(0, st.sampled_from(offered))
    if control.kind == "number":
        choices.insert(0, numbers)
    if control.kind == "date":
        choices.insert(0, dates)
    return st.one_of(*choices)


def one_in(data, n: int, label: str) -> bool:
    """True once in `n` draws."""
    return data.draw(st.integers(0, n - 1), label=label) == 0


NIGHTLY = os.environ.get("HYPOTHESIS_PROFILE") == "nightly"


def examples(ci: int, nightly: int) -> int:
    """How many examples a property test draws: few in `make test` (it must stay within its
    time), many in `make nightly`."""
    return nightly if NIGHTLY else ci
