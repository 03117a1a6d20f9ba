"""The escalation ladder: its steps with the working days each may take, and their total."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.document.diagrams.drawing import (
    INK,
    MUTED,
    WHITE,
    Drawing,
    Group,
    Path,
    Rect,
    Text,
    _chars,
    _label,
    _n,
    arrow,
    clip,
    wrap,
)
from agreements.models import DeadlockResolution


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
        days = [step.deadline_days for step in self.steps[:-1]]
        known = [day for day in days if day is not None]
        return sum(known) if len(known) == len(days) else None

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


def escalation_ladder(
    document: dict[str, Any], *, prefix: str = "structuur", width: int = 960
) -> Ladder:
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
    ticks: list[tuple[float, str, str]] = [(margin, "0", "start")]
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
