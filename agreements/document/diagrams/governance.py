"""The governance map: the tables by level with who sits there, the mandates per party and
the escalation path from the lowest table to the last step, laid out from the document.
"""

import math
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from accounts.models import Layer
from agreements.document import vocabulary
from agreements.document.diagrams.drawing import (
    CHANGE_COLOURS,
    GLYPH,
    INK,
    LAYER_STYLES,
    LEVEL_HEADERS,
    MUTED,
    PANEL,
    RULE,
    WHITE,
    Drawing,
    Group,
    Rect,
    Text,
    _chars,
    _label,
    _moved,
    arrow,
    change_label,
    change_sign,
    clip,
    wrap,
)
from agreements.document.diagrams.ladder import StepView, _step_box, escalation_steps
from agreements.document.diagrams.parties import PartyView, party_views, unknown_party
from agreements.document.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    StructureChanges,
    mandate_key,
    table_key,
)
from agreements.models import MandateBasis, TableLevel


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
            text += ", " + _("tot %(amount)s") % {
                "amount": vocabulary.format_amount(self.max_amount)
            }
        return text


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
    parties = party_views(document, changes, side)
    tables = []
    for table in document["governance"]["tables"]:
        name = changes.identity(table, table_key, side) if changes else table_key(table)
        table_change = changes.mark("tables", name, side) if changes else ""
        seats = []
        for key in table["members"]:
            seat_change = changes.mark("members", (name, key), side) if changes else ""
            party = parties.get(key) or unknown_party(key)
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


def _draw_governance(view: GovernanceMap, drawing_id: str, width: int, title: str) -> Drawing:
    margin, gap = 16, 16
    lane_width = min(230, width * 0.3) if view.steps else 0
    lane_gap = 34 if view.steps else 0
    tables_width = width - 2 * margin - lane_width - lane_gap
    columns = max(1, int((tables_width + gap) // (290 + gap)))
    panels: list[Group] = []
    shapes: list[Group] = []
    boxes: list[tuple[float, float, float, float]] = []
    y: float = margin
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


def _draw_parties(
    view: GovernanceMap, shapes: list[Group], x: float, y: float, width: int
) -> float:
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


def _draw_legend(view: GovernanceMap, shapes: list[Group], x: float, y: float, width: int) -> float:
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
