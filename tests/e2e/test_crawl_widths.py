"""The crawl runs axe at fewer widths than it measures the reflow at (test_crawl.AXE_WIDTHS):
each width without its own axe run must share its band between the style sheets' breakpoints
with one that has, so that the same rules apply there."""

import re
from pathlib import Path

import django.contrib.admin
from django.conf import settings

from tests.e2e.test_crawl import AXE_WIDTHS, WIDTHS

BREAKPOINT = re.compile(r"@media[^{]*?\((?:min|max)-width:\s*([\d.]+)(r?em|px)\)")


# The app's style sheets and the admin's (the admin is crawled at the same widths).
STYLE_SHEETS = [
    settings.BASE_DIR / "static" / "css",
    Path(django.contrib.admin.__file__).parent / "static" / "admin" / "css",
]


def breakpoints() -> list[float]:
    css = "".join(path.read_text() for folder in STYLE_SHEETS for path in folder.glob("*.css"))
    return [float(size) * (1 if unit == "px" else 16) for size, unit in BREAKPOINT.findall(css)]


def band(width: float, points: list[float]) -> int:
    return sum(1 for point in points if point <= width)


def test_every_crawl_width_shares_a_band_with_an_axe_width():
    points = breakpoints()
    assert len(points) > 5, points
    for width in WIDTHS:
        assert any(band(width, points) == band(axe, points) for axe in AXE_WIDTHS), width


def test_a_breakpoint_between_the_phone_widths_would_be_found():
    points = [*breakpoints(), 23 * 16]  # @media (max-width: 23rem): 368 px
    assert band(390, points) != band(320, points)
    assert BREAKPOINT.findall("@media (max-width: 23rem) {") == [("23", "rem")]
