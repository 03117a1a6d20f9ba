"""The agreement at a glance: its governance map, escalation ladder and RACI matrix as drawings.

Everything is computed from the canonical document (the dict a version stores), so an old
version draws from its own JSON, never from live rows, and no drawing costs a query. Each
diagram is two things: a view (tables, seats, mandates, steps, rows: the facts, which the
templates list as the text alternative) and a `Drawing` of plain shapes whose coordinates this
module lays out. `templates/agreements/diagrams/drawing.svg.html` turns a drawing into inline
SVG with autoescaping, so no user text can become markup, and with presentation attributes
only, so the strict Content-Security-Policy (no style attributes) holds on screen and WeasyPrint
prints the same picture.

Text is measured by an estimate (characters times an average glyph width), wrapped, and cut
with an ellipsis when it would not fit; the full text is always in the shape's <title> and in
the text alternative.

The RACI marks come from `completeness.raci_problems`, the rule the builder's check applies,
so the picture and the check page cannot disagree.
"""

import math
import textwrap
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Layer
from agreements.document.completeness import raci_problems
from agreements.document.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    StructureChanges,
    mandate_key,
    structure_changes,
    table_key,
)
from agreements.models import DeadlockResolution, MandateBasis, TableLevel

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
LAYER_STYLES = {
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

# Average glyph width as a share of the font size (DejaVu Sans is wide; err on the safe side).
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


def _round_fields(shape, *names: str) -> None:
    # Short numbers make a smaller page; a tenth of a pixel is invisible.
    for name in names:
        object.__setattr__(shape, name, round(getattr(shape, name), 1))


# -- Drawing primitives -------------------------------------------------------------------------


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

    def __post_init__(self):
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

    def __post_init__(self):
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

    def __post_init__(self):
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


# -- The facts ----------------------------------------------------------------------------------


def change_label(change: str) -> str:
    """The visible word beside a changed element (never colour alone)."""
    return {
        ADDED: _("nieuw"),
        REMOVED: _("vervalt"),
        CHANGED: _("gewijzigd"),
    }.get(change, "")


def change_sign(change: str) -> str:
    return {ADDED: "+ ", REMOVED: "− ", CHANGED: "± "}.get(change, "")


def _label(choices, value: str) -> str:
    return str(dict(choices.choices).get(value, value or ""))


@dataclass(frozen=True)
class PartyView:
    key: str
    name: str  # the official name
    short: str
    layer: str
    layer_label: str
    change: str = ""

    @property
    def style(self) -> tuple[str, str, str]:
        return LAYER_STYLES.get(self.layer, UNKNOWN_LAYER)


@dataclass(frozen=True)
class Seat:
    party: PartyView
    chair: bool
    change: str = ""


@dataclass(frozen=True)
class TableView:
    name: str
    level: str
    level_label: str
    chair: str
    cadence: str
    decides: str
    seats: tuple[Seat, ...]
    change: str = ""


@dataclass(frozen=True)
class MandateView:
    holder: PartyView | None
    holder_name: str
    function: str
    subject: str
    max_amount: str | None
    limits: str
    basis_label: str
    change: str = ""

    @property
    def summary(self) -> str:
        text = f"{self.function}: {self.subject}" if self.function else self.subject
        if self.max_amount:
            text += ", " + _("tot € %(amount)s") % {"amount": self.max_amount}
        return text


@dataclass(frozen=True)
class StepView:
    number: int
    trigger: str
    handler: str
    deadline_days: int | None
    # Working days from the first report to the end of this step; None once a deadline is unknown.
    until_day: int | None
    outcome: str
    deadlock_label: str
    last: bool

    @property
    def days_label(self) -> str:
        return _days(self.deadline_days)

    @property
    def until_label(self) -> str:
        if self.until_day is None:
            return ""
        return _("t/m werkdag %(day)d") % {"day": self.until_day}


def _parties(document: dict[str, Any], changes: StructureChanges | None, side: str):
    parties = {}
    for party in document["parties"]:
        key = party["key"]
        change = changes.mark("parties", key, side) if changes else ""
        organisation = party["organisation"]
        parties[key] = PartyView(
            key=key,
            name=organisation["official_name"] or organisation["name"],
            short=organisation["name"] or organisation["official_name"],
            layer=organisation["layer"],
            layer_label=_label(Layer, organisation["layer"]),
            change=change,
        )
    return parties


def _unknown_party(key: str) -> PartyView:
    return PartyView(key or "", _("onbekende partij"), _("onbekende partij"), "", "")


def escalation_steps(document: dict[str, Any]) -> list[StepView]:
    """The ladder's steps with the working days elapsed at the end of each."""
    steps = document["escalation"]
    total: int | None = 0
    views = []
    for index, step in enumerate(steps):
        days = step["deadline_days"]
        total = None if total is None or days is None else total + days
        views.append(
            StepView(
                number=index + 1,
                trigger=step["trigger"],
                handler=step["handler"],
                deadline_days=days,
                until_day=total,
                outcome=step["outcome"],
                deadlock_label=_label(DeadlockResolution, step["deadlock_resolution"]),
                last=index == len(steps) - 1,
            )
        )
    return views


# -- Governance map -----------------------------------------------------------------------------


@dataclass
class GovernanceMap:
    tables: list[TableView]
    parties: list[PartyView]
    mandates: list[MandateView]
    steps: list[StepView]
    unseated: list[PartyView]  # parties at no table
    drawing: Drawing
    escalation: bool = True
    marks: tuple[str, ...] = ()  # the change markers this map can show (comparison page)

    def mandates_of(self, party: PartyView) -> list[MandateView]:
        return [m for m in self.mandates if m.holder is not None and m.holder.key == party.key]


def governance_map(
    document: dict[str, Any],
    *,
    prefix: str = "structuur",
    width: int = 960,
    changes: StructureChanges | None = None,
    side: str = "",
    escalation: bool = True,
) -> GovernanceMap:
    """The tables by level with who sits there, the mandates per party, the escalation path.

    With `changes` and `side` ("old" or "new"), what the other version lacks is marked: on the
    old map what is removed, on the new map what is added or changed. Without `escalation`
    the map leaves the ladder out (the comparison shows its changes as text).
    """
    parties = _parties(document, changes, side)
    tables = []
    for table in document["governance"]["tables"]:
        name = changes.identity(table, table_key, side) if changes else table_key(table)
        table_change = changes.mark("tables", name, side) if changes else ""
        seats = []
        for key in table["members"]:
            seat_change = changes.mark("members", (name, key), side) if changes else ""
            party = parties.get(key) or _unknown_party(key)
            seats.append(Seat(party, key == table["chair"], seat_change))
        chair = parties[table["chair"]].name if table["chair"] in parties else ""
        tables.append(
            TableView(
                name=name,
                level=table["level"],
                level_label=_label(TableLevel, table["level"]),
                chair=chair or table["independent_chair"],
                cadence=table["cadence"],
                decides=table["decides"],
                seats=tuple(seats),
                change=table_change,
            )
        )
    mandates = []
    for mandate in document["governance"]["mandates"]:
        key = changes.identity(mandate, mandate_key, side) if changes else mandate_key(mandate)
        mandate_change = changes.mark("mandates", key, side) if changes else ""
        holder = parties.get(mandate["party"])
        mandates.append(
            MandateView(
                holder=holder,
                holder_name=holder.name if holder else _("onbekende partij"),
                function=mandate["function"],
                subject=mandate["subject"],
                max_amount=mandate["max_amount"],
                limits=mandate["limits"],
                basis_label=_label(MandateBasis, mandate["basis"]),
                change=mandate_change,
            )
        )
    seated = {seat.party.key for table in tables for seat in table.seats}
    view = GovernanceMap(
        tables=tables,
        parties=list(parties.values()),
        mandates=mandates,
        steps=escalation_steps(document) if escalation else [],
        unseated=[party for key, party in parties.items() if key not in seated],
        drawing=Drawing(f"{prefix}-tafels", "", "", width, 0),
        escalation=escalation,
        marks=() if changes is None else (REMOVED,) if side == "old" else (ADDED, CHANGED),
    )
    view.drawing = _draw_governance(view, f"{prefix}-tafels", width, document["task"]["title"])
    return view


def _chip(
    party: PartyView, x: float, y: float, width: float, text: str, bold: bool, change: str
) -> Group:
    """A party as a small box in its layer's colours and dash."""
    fill, stroke, dash = party.style
    title = f"{party.name} ({party.layer_label})" if party.layer_label else party.name
    if change:
        title += f" — {change_label(change)}"
    group = Group(title=title)
    if change:
        group.rects.append(
            Rect(x - 2, y - 2, width + 4, 24, stroke=CHANGE_COLOURS[change], stroke_width=2.5)
        )
    group.rects.append(
        Rect(x, y, width, 20, fill, stroke, 2.5 if bold else 1.2, dash, rx=2),
    )
    label = change_sign(change) + text
    group.texts.append(
        Text(x + 5, y + 14, clip(label, _chars(width - 10, 11, bold)), 11, "bold" if bold else "")
    )
    return group


def _table_box(table: TableView, x: float, y: float, width: float) -> tuple[list[Group], float]:
    """A table as a box: name, level and chair, members as party chips, what it decides."""
    pad = 8
    header_fill, header_ink = LEVEL_HEADERS.get(table.level, LEVEL_HEADERS[""])
    title = f"{table.name} — {table.level_label or _('niveau onbekend')}"
    if table.decides:
        title += "\n" + _("Beslist over") + ": " + table.decides
    box = Group(title=title)
    name_lines = wrap(table.name, _chars(width - 2 * pad, 13, True), 2)
    header_height = len(name_lines) * 17 + 12
    box.rects.append(Rect(x, y, width, header_height, header_fill, rx=3))
    box.lines(x + pad, y + 5, name_lines, 13, "bold", header_ink)
    cy = y + header_height + 6
    if table.change:
        cy = box.lines(
            x + pad,
            cy,
            [
                change_sign(table.change)
                + _("tafel %(change)s") % {"change": change_label(table.change)}
            ],
            11,
            "bold",
            CHANGE_COLOURS[table.change],
        )
    meta = table.level_label or _("niveau onbekend")
    meta += " · " + _("voorzitter: %(chair)s") % {"chair": table.chair or "—"}
    cy = box.lines(x + pad, cy, wrap(meta, _chars(width - 2 * pad, 11), 2), 11, fill=MUTED)
    cy = box.lines(x + pad, cy + 2, [_("Deelnemers")], 11, "bold")
    chips = []
    columns = 2 if width >= 250 else 1
    chip_width = (width - 2 * pad - (columns - 1) * 8) / columns
    cy += 4
    for index, seat in enumerate(table.seats):
        column, row = index % columns, index // columns
        text = seat.party.short + (" (" + _("vz") + ")" if seat.chair else "")
        chips.append(
            _chip(
                seat.party,
                x + pad + column * (chip_width + 8),
                cy + row * 26,
                chip_width,
                text,
                seat.chair,
                seat.change,
            )
        )
    rows = math.ceil(len(table.seats) / columns)
    cy += rows * 26 if rows else 0
    if not table.seats:
        cy = box.lines(x + pad, cy, ["—"], 11, fill=MUTED)
    cy = box.lines(x + pad, cy + 4, [_("Beslist over")], 11, "bold")
    decides = wrap(table.decides, _chars(width - 2 * pad, 11), 5) or ["—"]
    cy = box.lines(x + pad, cy, decides, 11)
    height = cy + pad - y
    stroke = CHANGE_COLOURS.get(table.change, header_fill if table.level else RULE)
    # The frame goes under the header band, so it is drawn first.
    box.rects.insert(
        0,
        Rect(
            x,
            y,
            width,
            height,
            WHITE,
            stroke,
            3 if table.change else 1.5,
            "7 4" if table.change == REMOVED else "",
        ),
    )
    return [box, *chips], height


def _step_box(step: StepView, x: float, y: float, width: float) -> tuple[Group, float]:
    """An escalation step in the map's side lane: its number, deadline and who handles it."""
    pad = 7
    title = _("Trede %(number)d") % {"number": step.number}
    if step.handler:
        title += ": " + step.handler
    if step.trigger:
        title += "\n" + _("Wanneer") + ": " + step.trigger
    group = Group(title=title)
    head = _("Trede %(number)d") % {"number": step.number}
    head += " · " + _days(step.deadline_days)
    head_lines = wrap(head, _chars(width - 2 * pad, 12, True), 2)
    chars = _chars(width - 2 * pad, 11)
    lines = wrap(step.handler, chars, 2) or ["—"]
    impasse = (
        wrap(_("impasse: %(how)s") % {"how": step.deadlock_label}, chars, 2)
        if step.deadlock_label
        else []
    )
    height = 8 + len(head_lines) * 16 + (len(lines) + len(impasse)) * 14 + pad
    group.rects.append(
        Rect(x, y, width, height, WHITE, INK, 3 if step.last else 1.2, rx=3),
    )
    cy = group.lines(x + pad, y + 5, head_lines, 12, "bold")
    cy = group.lines(x + pad, cy, lines, 11)
    group.lines(x + pad, cy, impasse, 11, fill=MUTED)
    return group, height


def _days(days: int | None) -> str:
    if days is None:
        return _("termijn onbekend")
    return ngettext("%(days)d werkdag", "%(days)d werkdagen", days) % {"days": days}


def _draw_governance(view: GovernanceMap, drawing_id: str, width: int, title: str) -> Drawing:
    margin, gap = 16, 16
    lane_width = min(230, width * 0.3) if view.steps else 0
    lane_gap = 34 if view.steps else 0
    tables_width = width - 2 * margin - lane_width - lane_gap
    columns = max(1, int((tables_width + gap) // (290 + gap)))
    panels: list[Group] = []
    shapes: list[Group] = []
    boxes: list[tuple[float, float, float, float]] = []
    y = margin
    for level, label in (
        (TableLevel.BESTUURLIJK, _("Bestuurlijk")),
        (TableLevel.AMBTELIJK, _("Ambtelijk")),
        ("", _("Niveau onbekend")),
    ):
        tables = [t for t in view.tables if (t.level or "") == level]
        if not tables:
            continue
        band_top = y
        band = Group(title=label)
        band.lines(margin + 8, y + 4, [label], 13, "bold")
        y += 26
        for start in range(0, len(tables), columns):
            row_height = 0.0
            for column, table in enumerate(tables[start : start + columns]):
                inner = (tables_width - 16 - (columns - 1) * gap) / columns
                x = margin + 8 + column * (inner + gap)
                groups, height = _table_box(table, x, y, inner)
                shapes.extend(groups)
                boxes.append((x, y, inner, height))
                row_height = max(row_height, height)
            y += row_height + 12
        band.rects.append(Rect(margin, band_top, tables_width, y - band_top, PANEL, RULE, 1, rx=4))
        panels.append(band)
        y += 10
    tables_bottom = y - 10 if boxes else margin
    if not boxes:
        empty = Group()
        empty.lines(margin, margin, [_("Nog geen tafels.")], 12, fill=MUTED)
        shapes.append(empty)
        tables_bottom = margin + 20

    if view.steps:
        lane_x = margin + tables_width + lane_gap
        built = [_step_box(step, lane_x + 8, 0, lane_width - 16) for step in view.steps]
        step_gap = 26
        lane_height = 30 + sum(h for _g, h in built) + step_gap * (len(built) - 1) + 10
        bottom = max(tables_bottom, margin + lane_height)
        lane = Group(title=_("Escalatie: van de eerste tot de laatste trede"))
        lane.rects.append(
            Rect(lane_x, bottom - lane_height, lane_width, lane_height, PANEL, RULE, 1, rx=4)
        )
        lane.lines(lane_x + 8, bottom - lane_height + 4, [_("Escalatie ↑")], 13, "bold")
        panels.append(lane)
        cursor = bottom - 10
        placed = []
        for group, height in built:
            top = cursor - height
            # The box was built at y=0; move its shapes down to where it belongs.
            shapes.append(_moved(group, top))
            placed.append((top, height))
            cursor = top - step_gap
        centre = lane_x + lane_width / 2
        path_group = Group(title=_("Escalatiepad"))
        for (top, _height), (next_top, next_height) in zip(placed, placed[1:], strict=False):
            path_group.paths.extend(arrow([(centre, top), (centre, next_top + next_height)]))
        if boxes:
            # The path starts at the lowest table, where a conflict is first noticed: the
            # rightmost of the last row, so the line to the lane crosses no other box.
            bx, by, bw, bh = max(boxes, key=lambda b: (b[1], b[0]))
            first_top, first_height = placed[0]
            start_y = by + bh / 2
            path_group.paths.extend(
                arrow(
                    [
                        (bx + bw, start_y),
                        (lane_x - 14, start_y),
                        (lane_x - 14, first_top + first_height / 2),
                        (lane_x + 8, first_top + first_height / 2),
                    ]
                )
            )
        shapes.append(path_group)
        y = bottom + 18
    else:
        y = tables_bottom + 18

    y = _draw_parties(view, shapes, margin, y, width)
    y = _draw_legend(view, shapes, margin, y, width)
    counts = {
        "tables": len(view.tables),
        "parties": len(view.parties),
        "mandates": len(view.mandates),
        "steps": len(view.steps),
    }
    if view.escalation:
        desc = _(
            "%(tables)d tafels, %(parties)d partijen, %(mandates)d mandaten en %(steps)d "
            "escalatietreden. De tekst bij de figuur noemt alles wat erin staat."
        )
    else:
        desc = _(
            "%(tables)d tafels, %(parties)d partijen en %(mandates)d mandaten. De tekst bij de "
            "figuur noemt alles wat erin staat."
        )
    desc %= counts
    return Drawing(
        drawing_id,
        _("Bestuursstructuur van %(title)s") % {"title": title or _("de afspraak")},
        desc,
        width,
        y + margin,
        panels + shapes,
    )


def _moved(group: Group, dy: float) -> Group:
    """The group shifted down by dy."""
    return Group(
        title=group.title,
        rects=[replace(rect, y=rect.y + dy) for rect in group.rects],
        paths=group.paths,
        texts=[replace(text, y=text.y + dy) for text in group.texts],
    )


def _draw_parties(view: GovernanceMap, shapes: list[Group], x: float, y: float, width: int):
    """Each party with its mandates beside it: the document does not say at which table a
    mandate is used, so the map shows who holds it, not a line to a table it cannot know."""
    heading = Group()
    y = heading.lines(x, y, [_("Partijen en hun mandaten")], 13, "bold") + 6
    shapes.append(heading)
    chip_width = min(230, (width - 2 * x) * 0.34)
    text_x = x + chip_width + 12
    chars = _chars(width - x - text_x, 11)
    bold_chars = _chars(width - x - text_x, 11, bold=True)
    unseated = {party.key for party in view.unseated}
    for party in view.parties:
        shapes.append(_chip(party, x, y, chip_width, party.short, False, party.change))
        lines = Group()
        cy = y + 2
        for mandate in view.mandates_of(party):
            group = Group(
                title=" — ".join(
                    part
                    for part in (
                        mandate.holder_name,
                        mandate.summary,
                        mandate.limits,
                        mandate.basis_label,
                        change_label(mandate.change),
                    )
                    if part
                )
            )
            text = _("Mandaat") + ": " + mandate.summary
            if mandate.change:
                # The marker first: a long subject must not push it out of sight.
                text = f"{change_sign(mandate.change)}{change_label(mandate.change)} — {text}"
            colour = CHANGE_COLOURS.get(mandate.change, INK)
            cy = group.lines(
                text_x,
                cy,
                [clip(text, bold_chars if mandate.change else chars)],
                11,
                "bold" if mandate.change else "",
                colour,
            )
            shapes.append(group)
        if not view.mandates_of(party):
            cy = lines.lines(text_x, cy, [_("geen mandaat vastgelegd")], 11, fill=MUTED)
        if party.key in unseated:
            cy = lines.lines(text_x, cy, [_("zit aan geen tafel")], 11, fill=MUTED)
        shapes.append(lines)
        y = max(y + 26, cy + 8)
    orphans = [m for m in view.mandates if m.holder is None]
    for mandate in orphans:
        group = Group(title=mandate.summary)
        y = (
            group.lines(
                x, y, [clip(_("Mandaat zonder partij") + ": " + mandate.summary, chars)], 11
            )
            + 6
        )
        shapes.append(group)
    return y + 6


def _draw_legend(view: GovernanceMap, shapes: list[Group], x: float, y: float, width: int):
    """The layers present (colour and dash), and the change markers on the comparison page."""
    legend = Group(title=_("Legenda"))
    legend.lines(x, y, [_("Bestuurslagen") + ":"], 11, "bold")
    cx = x + 110
    layers = [layer for layer in Layer.values if any(p.layer == layer for p in view.parties)]
    for layer in layers:
        fill, stroke, dash = LAYER_STYLES[layer]
        label = _label(Layer, layer)
        item_width = 34 + len(label) * 11 * GLYPH
        if cx + item_width > width - x:
            cx, y = x + 110, y + 22
        legend.rects.append(Rect(cx, y + 1, 26, 14, fill, stroke, 1.2, dash, rx=2))
        legend.texts.append(Text(cx + 32, y + 12, label, 11))
        cx += item_width + 14
    y += 24
    if view.marks:
        cx = x
        for change in view.marks:
            text = change_sign(change) + change_label(change)
            legend.texts.append(Text(cx, y + 12, text, 11, "bold", fill=CHANGE_COLOURS[change]))
            cx += 110
        y += 24
    shapes.append(legend)
    return y


# -- Escalation ladder --------------------------------------------------------------------------


@dataclass
class Ladder:
    steps: list[StepView]
    drawing: Drawing | None

    @property
    def complete(self) -> bool:
        """Every step has a deadline, so the totals are exact."""
        return all(step.deadline_days is not None for step in self.steps)

    @property
    def known_days(self) -> int:
        return sum(step.deadline_days or 0 for step in self.steps)

    @property
    def total_days(self) -> int | None:
        """Working days from the first report to the end of the last step."""
        return self.known_days if self.complete else None

    @property
    def days_before_last(self) -> int | None:
        """Working days a conflict can take before it reaches the last step."""
        before = self.steps[:-1]
        if any(step.deadline_days is None for step in before):
            return None
        return sum(step.deadline_days for step in before)

    @property
    def summary(self) -> str:
        if not self.steps:
            return _("Er is nog geen escalatieladder.")
        if self.complete:
            return _(
                "Een conflict bereikt de laatste trede uiterlijk na %(before)s; met de laatste "
                "trede erbij duurt het ten hoogste %(total)s."
            ) % {"before": _days(self.days_before_last), "total": _days(self.total_days)}
        return _(
            "Niet elke trede heeft een termijn; de bekende termijnen tellen op tot %(known)s."
        ) % {"known": _days(self.known_days)}


def escalation_ladder(document: dict[str, Any], *, prefix: str = "structuur", width: int = 960):
    """The steps as a staircase, each with its deadline, and a time axis in working days."""
    ladder = Ladder(escalation_steps(document), None)
    if ladder.steps:
        ladder.drawing = _draw_ladder(ladder, f"{prefix}-ladder", width)
    return ladder


def _draw_ladder(ladder: Ladder, drawing_id: str, width: int) -> Drawing:
    margin, gap, rise, pad = 16, 30, 30, 8
    steps = ladder.steps
    count = len(steps)
    step_width = min(240, (width - 2 * margin - (count - 1) * gap) / count)
    chars = _chars(step_width - 2 * pad, 11)
    content = 8 + 18 + 17 + 6 * 14 + pad
    baseline = margin + (count - 1) * rise + content
    fills = ["#eef2f7", "#dfe7f1", "#cfdbea", "#bfcfe3", "#afc3dc", "#9fb7d5"]
    groups = []
    tops = []
    for index, step in enumerate(steps):
        x = margin + index * (step_width + gap)
        top = margin + (count - 1 - index) * rise
        tops.append(top)
        title = _("Trede %(number)d") % {"number": step.number}
        title += "\n" + "\n".join(
            f"{label}: {value}"
            for label, value in (
                (_("Wanneer"), step.trigger),
                (_("Wie"), step.handler),
                (_("Termijn"), _days(step.deadline_days)),
                (_("Uitkomst"), step.outcome),
                (_("Bij een impasse"), step.deadlock_label),
            )
            if value
        )
        group = Group(title=title)
        fill = fills[min(index, len(fills) - 1)]
        group.rects.append(
            Rect(x, top, step_width, baseline - top, fill, INK, 3 if step.last else 1.2, rx=2)
        )
        cy = group.lines(
            x + pad, top + 6, [_("Trede %(number)d") % {"number": step.number}], 13, "bold"
        )
        cy = group.lines(x + pad, cy, [clip(_days(step.deadline_days), chars)], 12, "bold")
        cy = group.lines(x + pad, cy + 2, wrap(step.handler, chars, 4) or ["—"], 11)
        if step.deadlock_label:
            impasse = _("impasse: %(how)s") % {"how": step.deadlock_label}
            group.lines(x + pad, cy, wrap(impasse, chars, 2), 11, fill=MUTED)
        groups.append(group)
    arrows = Group(title=_("Van trede naar trede"))
    for index in range(count - 1):
        x_end = margin + index * (step_width + gap) + step_width
        arrows.paths.extend(
            arrow([(x_end + 3, tops[index] + 14), (x_end + gap - 3, tops[index + 1] + 14)])
        )
    groups.append(arrows)
    axis = Group(title=_("Werkdagen vanaf de eerste melding"))
    axis_y = baseline + 14
    last_x = margin + (count - 1) * (step_width + gap) + step_width
    axis.paths.append(Path(f"M {_n(margin)} {_n(axis_y)} L {_n(last_x)} {_n(axis_y)}", INK, 1.2))
    ticks = [(margin, "0", "start")]
    for index, step in enumerate(steps):
        x_end = margin + index * (step_width + gap) + step_width
        ticks.append((x_end, str(step.until_day) if step.until_day is not None else "?", "end"))
    for x, label, anchor in ticks:
        axis.paths.append(Path(f"M {_n(x)} {_n(axis_y - 5)} L {_n(x)} {_n(axis_y + 5)}", INK, 1.2))
        axis.texts.append(Text(x, axis_y + 19, label, 11, "bold", anchor))
    axis.texts.append(
        Text(margin, axis_y + 36, _("werkdagen vanaf de eerste melding"), 11, fill=MUTED)
    )
    groups.append(axis)
    total = Group()
    y = total.lines(
        margin,
        axis_y + 46,
        wrap(ladder.summary, _chars(width - 2 * margin, 12, True), 3),
        12,
        "bold",
    )
    groups.append(total)
    return Drawing(
        drawing_id,
        _("Escalatieladder"),
        ladder.summary,
        width,
        y + margin,
        groups,
    )


# -- RACI matrix --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RaciRow:
    name: str
    description: str
    letters: tuple[str, ...]  # per party, in party order; "" for no role
    accountable_problem: int | None  # the number of A's when that is not exactly one
    no_responsible: bool
    by_letter: tuple[tuple[str, tuple[str, ...]], ...] = ()  # ("A", names), ... for the text

    @property
    def problems(self) -> list[str]:
        found = []
        if self.accountable_problem is not None:
            found.append(
                _("geen A")
                if self.accountable_problem == 0
                else _("%(count)d× A") % {"count": self.accountable_problem}
            )
        if self.no_responsible:
            found.append(_("geen R"))
        return found


@dataclass
class RaciMatrix:
    parties: list[PartyView]
    rows: list[RaciRow]
    without_role: list[PartyView]
    drawing: Drawing | None

    def names_with(self, row: RaciRow, letter: str) -> list[str]:
        return [
            p.name for p, value in zip(self.parties, row.letters, strict=True) if value == letter
        ]


def raci_matrix(document: dict[str, Any], *, prefix: str = "structuur", width: int = 960):
    """Work packages by parties, each cell's letter, and the check's problems where they are."""
    problems = raci_problems(document)
    parties = list(_parties(document, None, "").values())
    rows = []
    for index, package in enumerate(document["ownership"]["work_packages"]):
        accountable, no_responsible = problems.for_package(index)
        rows.append(
            RaciRow(
                name=package["name"],
                description=package["description"],
                letters=(letters := tuple(package["raci"].get(p.key, "") for p in parties)),
                by_letter=tuple(
                    (
                        letter,
                        tuple(p.name for p, v in zip(parties, letters, strict=True) if v == letter),
                    )
                    for letter in "ARCI"
                ),
                accountable_problem=accountable,
                no_responsible=no_responsible,
            )
        )
    without = set(problems.without_role)
    matrix = RaciMatrix(parties, rows, [p for p in parties if p.key in without], None)
    if rows and parties:
        matrix.drawing = _draw_raci(matrix, f"{prefix}-raci", width)
    return matrix


def _draw_raci(matrix: RaciMatrix, drawing_id: str, width: int) -> Drawing:
    margin, name_width, problem_width, header, row_height = 16, 230, 130, 118, 38
    count = len(matrix.parties)
    column = max(34, min(72, (width - 2 * margin - name_width - problem_width) / count))
    grid_x = margin + name_width
    grid_top = margin + header
    grid_bottom = grid_top + len(matrix.rows) * row_height
    right = grid_x + count * column + problem_width
    total_width = max(width, right + margin)
    without = {party.key for party in matrix.without_role}
    groups: list[Group] = []
    background = Group()
    for r, row in enumerate(matrix.rows):
        y = grid_top + r * row_height
        if row.problems:
            background.rects.append(
                Rect(margin, y + 1, right - margin, row_height - 2, PROBLEM_FILL, PROBLEM, 2, rx=2)
            )
        elif r % 2:
            background.rects.append(Rect(margin, y, right - margin, row_height, PANEL, rx=0))
    for c, party in enumerate(matrix.parties):
        if party.key in without:
            background.rects.append(
                Rect(
                    grid_x + c * column + 1,
                    margin + 4,
                    column - 2,
                    grid_bottom + 34 - margin - 4,
                    PROBLEM_FILL,
                    PROBLEM,
                    2,
                    "5 3",
                    rx=2,
                )
            )
    groups.append(background)
    for c, party in enumerate(matrix.parties):
        centre = grid_x + c * column + column / 2
        group = Group(
            title=f"{party.name} ({party.layer_label})" if party.layer_label else party.name
        )
        group.texts.append(
            Text(centre + 4, grid_top - 8, clip(party.short, 20), 11, "bold", rotate=-50)
        )
        if party.key in without:
            group.texts.append(
                Text(centre, grid_bottom + 15, "! " + _("geen"), 10, "bold", "middle", PROBLEM)
            )
            group.texts.append(
                Text(centre, grid_bottom + 28, _("rol"), 10, "bold", "middle", PROBLEM)
            )
        groups.append(group)
    heading = Group()
    heading.texts.append(Text(margin + 4, grid_top - 10, _("Werkpakket"), 12, "bold"))
    heading.texts.append(
        Text(right - problem_width + 10, grid_top - 10, _("Aandachtspunt"), 12, "bold")
    )
    groups.append(heading)
    size = min(column - 8, row_height - 10)
    for r, row in enumerate(matrix.rows):
        y = grid_top + r * row_height
        label = Group(title=f"{row.name}\n{row.description}".strip())
        lines = wrap(row.name, _chars(name_width - 12, 11), 2)
        top = y + (row_height - len(lines) * 14.3) / 2 - 2
        label.lines(margin + 6, top, lines, 11)
        groups.append(label)
        for c, letter in enumerate(row.letters):
            if letter not in RACI_STYLES:
                continue
            fill, stroke, stroke_width, dash, ink, weight = RACI_STYLES[letter]
            cx = grid_x + c * column + (column - size) / 2
            cy = y + (row_height - size) / 2
            cell = Group(title=f"{row.name} — {matrix.parties[c].name}: {letter}")
            cell.rects.append(Rect(cx, cy, size, size, fill, stroke, stroke_width, dash, rx=2))
            cell.texts.append(
                Text(cx + size / 2, cy + size / 2 + 5, letter, 14, weight, "middle", ink)
            )
            groups.append(cell)
        if row.problems:
            marks = Group(title=", ".join(row.problems))
            marks.lines(
                right - problem_width + 10,
                y + (row_height - len(row.problems) * 14.3) / 2 - 2,
                ["! " + p for p in row.problems],
                11,
                "bold",
                PROBLEM,
            )
            groups.append(marks)
    grid = Group()
    for c in range(count + 1):
        x = grid_x + c * column
        grid.paths.append(
            Path(f"M {_n(x)} {_n(grid_top)} L {_n(x)} {_n(grid_bottom)}", "#b3b3b3", 1)
        )
    grid.paths.append(
        Path(f"M {_n(margin)} {_n(grid_bottom)} L {_n(right)} {_n(grid_bottom)}", "#b3b3b3", 1)
    )
    groups.insert(1, grid)
    legend = Group(title=_("Legenda"))
    y = grid_bottom + 44
    x = margin
    for letter, meaning in (
        ("A", _("eindverantwoordelijk")),
        ("R", _("voert uit")),
        ("C", _("geraadpleegd")),
        ("I", _("geïnformeerd")),
    ):
        fill, stroke, stroke_width, dash, ink, weight = RACI_STYLES[letter]
        legend.rects.append(Rect(x, y, 22, 22, fill, stroke, stroke_width, dash, rx=2))
        legend.texts.append(Text(x + 11, y + 16, letter, 13, weight, "middle", ink))
        legend.texts.append(Text(x + 28, y + 16, meaning, 11))
        x += 40 + len(meaning) * 11 * GLYPH
    legend.texts.append(
        Text(x + 10, y + 16, "! " + _("volgens de controle"), 11, "bold", fill=PROBLEM)
    )
    groups.append(legend)
    return Drawing(
        drawing_id,
        _("RACI-matrix"),
        _(
            "%(rows)d werkpakketten en %(parties)d partijen; %(problems)d aandachtspunten. "
            "De tekst bij de figuur noemt per werkpakket wie welke rol heeft."
        )
        % {
            "rows": len(matrix.rows),
            "parties": count,
            "problems": sum(len(row.problems) for row in matrix.rows) + len(without),
        },
        total_width,
        y + 22 + margin,
        groups,
    )


# -- Together -----------------------------------------------------------------------------------


@dataclass
class Structure:
    """The three diagrams of one document."""

    governance: GovernanceMap
    ladder: Ladder
    raci: RaciMatrix


def structure(document: dict[str, Any], *, prefix: str = "structuur") -> Structure:
    """Every diagram of the document (ids start with `prefix`, unique on the page)."""
    return Structure(
        governance=governance_map(document, prefix=prefix),
        ladder=escalation_ladder(document, prefix=prefix),
        raci=raci_matrix(document, prefix=prefix),
    )


@dataclass(frozen=True)
class StructureChange:
    kind: str  # ADDED, REMOVED or CHANGED
    text: str

    @property
    def label(self) -> str:
        return change_label(self.kind)

    @property
    def sign(self) -> str:
        return change_sign(self.kind).strip()


@dataclass
class StructureComparison:
    old: GovernanceMap
    new: GovernanceMap
    changes: list[StructureChange]
    numbers: tuple[Any, Any] = (None, None)

    @property
    def maps(self) -> list[tuple[GovernanceMap, Any]]:
        """Each map with its version number, old first."""
        return [(self.old, self.numbers[0]), (self.new, self.numbers[1])]


def compare_structure(
    old: dict[str, Any], new: dict[str, Any], *, numbers: tuple[Any, Any] = (None, None)
) -> StructureComparison:
    """The governance maps of two versions, each marked with what the other lacks."""
    changes = structure_changes(old, new)
    names = {
        party["key"]: party["organisation"]["official_name"]
        for document in (old, new)
        for party in document["parties"]
    }
    listed: list[StructureChange] = []
    for key in sorted(changes.parties_added, key=lambda k: names.get(k, "")):
        listed.append(StructureChange(ADDED, _("Partij: %(name)s") % {"name": names.get(key, key)}))
    for key in sorted(changes.parties_removed, key=lambda k: names.get(k, "")):
        listed.append(
            StructureChange(REMOVED, _("Partij: %(name)s") % {"name": names.get(key, key)})
        )
    for name in sorted(changes.tables_added):
        listed.append(StructureChange(ADDED, _("Tafel: %(name)s") % {"name": name}))
    for name in sorted(changes.tables_removed):
        listed.append(StructureChange(REMOVED, _("Tafel: %(name)s") % {"name": name}))
    for kind, seats in ((ADDED, changes.members_added), (REMOVED, changes.members_removed)):
        for table, key in sorted(seats, key=lambda seat: (seat[0], names.get(seat[1], ""))):
            listed.append(
                StructureChange(
                    kind,
                    _("Deelnemer aan %(table)s: %(name)s")
                    % {"table": table, "name": names.get(key, key)},
                )
            )
    for kind, keys in (
        (ADDED, changes.mandates_added),
        (REMOVED, changes.mandates_removed),
        (CHANGED, changes.mandates_changed),
    ):
        for party, subject in sorted(keys, key=lambda k: (names.get(k[0], ""), k[1])):
            listed.append(
                StructureChange(
                    kind,
                    _("Mandaat van %(name)s: %(subject)s")
                    % {"name": names.get(party, _("onbekende partij")), "subject": subject},
                )
            )
    return StructureComparison(
        # Narrow, without the ladder: two maps side by side must stay legible.
        old=governance_map(
            old, prefix="vergelijk-oud", width=560, changes=changes, side="old", escalation=False
        ),
        new=governance_map(
            new, prefix="vergelijk-nieuw", width=560, changes=changes, side="new", escalation=False
        ),
        changes=listed,
        numbers=numbers,
    )
