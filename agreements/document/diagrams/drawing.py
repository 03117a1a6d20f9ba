"""Drawing primitives of the diagrams: shapes, colours and dash patterns, and text fitted
into a width.

Text is measured by an estimate (characters times an average glyph width), wrapped, and cut
with an ellipsis when it would not fit; the full text is always in the shape's <title> and in
the text alternative. Coordinates are rounded to a tenth of a pixel.
"""

import math
import textwrap
from dataclasses import dataclass, field, replace

from django.db import models
from django.utils.translation import gettext as _

from accounts.models import Layer
from agreements.document.diff import ADDED, CHANGED, REMOVED
from agreements.models import TableLevel

INK = "#1a1a1a"


MUTED = "#4d4d4d"


WHITE = "#ffffff"


PANEL = "#f3f5f8"


RULE = "#6b6b6b"


PROBLEM = "#a4000a"


PROBLEM_FILL = "#fde8e8"


CHANGE_COLOURS = {ADDED: "#1c6b30", REMOVED: "#a4000a", CHANGED: "#8a5a00"}


LEVEL_HEADERS = {  # fill, text: the political line dark, the civil-service line light
    TableLevel.BESTUURLIJK: ("#154273", WHITE),
    TableLevel.AMBTELIJK: ("#dde6ef", INK),
    "": ("#e6e6e6", INK),
}


# Per layer a fill, a stroke and a dash pattern: the dash tells the layers apart without colour.
LAYER_STYLES: dict[str, tuple[str, str, str]] = {
    Layer.RIJK: ("#dce6f2", "#154273", ""),
    Layer.PROVINCIE: ("#e4efd9", "#2f6b1f", "6 3"),
    Layer.GEMEENTE: ("#fbe9d0", "#8a5a00", ""),
    Layer.WATERSCHAP: ("#d9f0f3", "#0b5e6b", "2 2"),
    Layer.PARTNER: ("#ece4f5", "#4a2fb0", "8 3 2 3"),
}


UNKNOWN_LAYER = ("#eeeeee", RULE, "1 3")


# A, R, C, I differ in fill, stroke weight, dash and letter weight, not only in colour.
RACI_STYLES = {  # fill, stroke, stroke width, dash, text colour, font weight
    "A": ("#154273", "#0b2240", 3, "", WHITE, "bold"),
    "R": ("#9db7d8", "#154273", 2, "", INK, "bold"),
    "C": ("#eef2f7", "#4d4d4d", 1, "", INK, "normal"),
    "I": (WHITE, "#6b6b6b", 1, "3 2", MUTED, "normal"),
}


# Average glyph width as a share of the font size (measured for DejaVu Sans, wider than the Noto
# Sans the diagrams are drawn in: errs on the safe side).
GLYPH = 0.54


BOLD_GLYPH = 0.64


def _chars(width: float, size: float, bold: bool = False) -> int:
    """How many characters of this size fit in this width."""
    return max(1, int(width / (size * (BOLD_GLYPH if bold else GLYPH))))


def wrap(text: str, chars: int, lines: int) -> list[str]:
    """The text in at most `lines` lines of `chars`, the last cut with an ellipsis if needed."""
    words = textwrap.wrap(" ".join(str(text or "").split()), max(chars, 2), break_long_words=True)
    if len(words) <= lines:
        return words
    kept = words[:lines]
    kept[-1] = kept[-1][: max(chars - 1, 1)].rstrip() + "…"
    return kept


def clip(text: str, chars: int) -> str:
    """One line: the text, or its start with an ellipsis."""
    return (wrap(text, chars, 1) or [""])[0]


def _n(value: float) -> str:
    """A coordinate as SVG wants it: no locale, no needless decimals."""
    return f"{round(value, 1):g}"


def _round_fields(shape: object, *names: str) -> None:
    # Short numbers make a smaller page; a tenth of a pixel is invisible.
    for name in names:
        object.__setattr__(shape, name, round(getattr(shape, name), 1))


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str = "none"
    stroke: str = "none"
    stroke_width: float = 1
    dash: str = ""
    rx: float = 3

    def __post_init__(self) -> None:
        _round_fields(self, "x", "y", "width", "height")


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float = 12
    weight: str = "normal"
    anchor: str = "start"
    fill: str = INK
    rotate: float = 0

    def __post_init__(self) -> None:
        _round_fields(self, "x", "y")


@dataclass(frozen=True)
class Path:
    d: str
    stroke: str = "none"
    stroke_width: float = 1.5
    fill: str = "none"
    dash: str = ""


@dataclass
class Group:
    """Shapes that belong together, with the full text of what they show as tooltip."""

    title: str = ""
    rects: list[Rect] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)

    def lines(
        self,
        x: float,
        y: float,
        lines: list[str],
        size: float = 12,
        weight: str = "normal",
        fill: str = INK,
    ) -> float:
        """Write lines from top `y` down; returns the y below them."""
        step = round(size * 1.3, 1)
        for index, line in enumerate(lines):
            self.texts.append(Text(x, y + size + index * step, line, size, weight, fill=fill))
        return y + len(lines) * step


@dataclass
class Drawing:
    """One SVG picture: an id for its title and description, a size, and its shapes."""

    id: str
    title: str
    desc: str
    width: float
    height: float
    groups: list[Group] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.width, self.height = math.ceil(self.width), math.ceil(self.height)

    @property
    def view_box(self) -> str:
        return f"0 0 {_n(self.width)} {_n(self.height)}"

    def text(self) -> str:
        """Every word the picture holds, visible or in a tooltip (for tests and search)."""
        words = [self.title, self.desc]
        for group in self.groups:
            words.append(group.title)
            words.extend(text.text for text in group.texts)
        return "\n".join(words)


def arrow(points: list[tuple[float, float]], colour: str = INK, dash: str = "") -> list[Path]:
    """A line through the points with a filled arrowhead at the last one.

    The head is a computed triangle rather than an SVG marker, so every renderer draws it."""
    (x1, y1), (x2, y2) = points[-2], points[-1]
    length = math.hypot(x2 - x1, y2 - y1) or 1
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    head, half = 9, 5
    bx, by = x2 - ux * head, y2 - uy * head
    line = [*points[:-1], (bx, by)]
    d = "M " + " L ".join(f"{_n(x)} {_n(y)}" for x, y in line)
    tip = (
        f"M {_n(x2)} {_n(y2)} L {_n(bx - uy * half)} {_n(by + ux * half)} "
        f"L {_n(bx + uy * half)} {_n(by - ux * half)} Z"
    )
    return [Path(d, stroke=colour, stroke_width=1.8, dash=dash), Path(tip, fill=colour)]


def change_label(change: str) -> str:
    """The visible word beside a changed element (never colour alone)."""
    return {
        ADDED: _("nieuw"),
        REMOVED: _("vervalt"),
        CHANGED: _("gewijzigd"),
    }.get(change, "")


def change_sign(change: str) -> str:
    return {ADDED: "+ ", REMOVED: "− ", CHANGED: "± "}.get(change, "")


def _label(choices: type[models.Choices], value: str) -> str:
    return str(dict(choices.choices).get(value, value or ""))


def _moved(group: Group, dy: float) -> Group:
    """The group shifted down by dy."""
    return Group(
        title=group.title,
        rects=[replace(rect, y=rect.y + dy) for rect in group.rects],
        paths=group.paths,
        texts=[replace(text, y=text.y + dy) for text in group.texts],
    )
