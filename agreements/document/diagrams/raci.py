"""The RACI matrix as a grid, with the problems of `completeness.raci_problems` marked in place,
so that the picture and the builder's check cannot disagree.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from agreements.document.completeness import raci_problems
from agreements.document.diagrams.drawing import (
    GLYPH,
    PANEL,
    PROBLEM,
    PROBLEM_FILL,
    RACI_STYLES,
    Drawing,
    Group,
    Path,
    Rect,
    Text,
    _chars,
    _n,
    clip,
    wrap,
)
from agreements.document.diagrams.parties import PartyView, party_views


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


def raci_matrix(
    document: dict[str, Any], *, prefix: str = "structuur", width: int = 960
) -> RaciMatrix:
    """Work packages by parties, each cell's letter, and the check's problems where they are."""
    problems = raci_problems(document)
    parties = list(party_views(document, None, "").values())
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
