"""Three editors save at random, from random stale revisions, in threads: nothing acknowledged is
lost (PostgreSQL, where saves really wait for each other's lock).

Each editor works through its own list of actions: open a step (take its data and revision
then), or change some fields and rows of what it last opened and save from that revision. A
conflict is answered as a person would, field by field (keep mine or take theirs), and saved
again. The threads run at once, so the interleaving is the database's.

The invariant: every change that was acknowledged (a written save) is in the final document,
unless a later acknowledged save changed that same field after being shown it (its base
revision already held the change, or the conflict showed it). A row added counts as its fields
(by the id the save gave it), so it must be there at the end: no editor here deletes one.

In CI the examples are few and the seed fixed (`derandomize`); `HYPOTHESIS_PROFILE=nightly`
runs many more.
"""

import os
import threading
from dataclasses import dataclass, field

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.document.outline import STEP_BY_SLUG
from agreements.drafting import builder, editing
from agreements.drafting.editing import StepEdit
from agreements.drafting.pages import page_data
from agreements.models import Agreement, EscalationStep, StepRevision
from tests.support import cast, factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="threads that wait for a lock: PostgreSQL's"
    ),
]

NIGHTLY = os.environ.get("HYPOTHESIS_PROFILE") == "nightly"
TASK_FIELDS = ("task", "why", "intended_result")
EDITORS = 3


@dataclass
class Ack:
    """An acknowledged save: the changes it made, and from which revision it started."""

    step: str
    revision: int  # the revision it made
    shown: int  # the latest revision it had seen (its base, or the conflict's revision)
    fields: dict[str, str]  # field (or "row id.trigger") -> value
    rows: list[str] = field(default_factory=list)  # triggers of rows it added


@dataclass
class Editor:
    user: object
    name: str
    views: dict[str, tuple[int, dict]] = field(default_factory=dict)
    acks: list[Ack] = field(default_factory=list)
    counter: int = 0

    def value(self) -> str:
        self.counter += 1
        return f"{self.name}-{self.counter}"


def open_step(agreement, editor: Editor, slug: str) -> None:
    """As the step's page opens it: its data and revision read together."""
    opened = editing.open_step(agreement.pk, slug)
    editor.views[slug] = (opened.revision, opened.data)


def change(editor: Editor, slug: str, data: dict, picks: list[int], add_row: bool):
    """Change the picked fields (or rows) of `data`; what changed, by the invariant's names."""
    fields: dict[str, str] = {}
    rows: list[str] = []
    if slug == "opgave":
        for pick in picks:
            name = TASK_FIELDS[pick % len(TASK_FIELDS)]
            data[name] = fields[name] = editor.value()
        return fields, rows
    total = int(data["escalation-TOTAL_FORMS"])
    existing = [i for i in range(total) if data.get(f"escalation-{i}-id")]
    for pick in picks:
        if existing:
            index = existing[pick % len(existing)]
            row_id = data[f"escalation-{index}-id"]
            data[f"escalation-{index}-trigger"] = fields[f"{row_id}.trigger"] = editor.value()
    if add_row:
        index = total
        trigger = editor.value()
        data.update(
            {
                f"escalation-{index}-id": "",
                f"escalation-{index}-trigger": trigger,
                f"escalation-{index}-handler": "Stuurgroep",
                f"escalation-{index}-deadline_days": "10",
                f"escalation-{index}-outcome": "Besluit",
                f"escalation-{index}-deadlock_resolution": "",
                f"escalation-{index}-ORDER": str(total + 1),
                "escalation-TOTAL_FORMS": str(total + 1),
            }
        )
        rows.append(trigger)
    return fields, rows


def save(agreement, editor: Editor, slug: str, picks, add_row: bool, answers) -> None:
    if slug not in editor.views:
        open_step(agreement, editor, slug)
    base, seen = editor.views[slug]
    data = dict(seen)
    fields, rows = change(editor, slug, data, picks, add_row)
    step = STEP_BY_SLUG[slug]
    outcome = builder.save_step(
        agreement=agreement,
        step=step,
        base_revision=base,
        acting_user=editor.user,
        changes=StepEdit(agreement.pk, slug, data),
    )
    shown = base
    rounds = 0
    while outcome.conflicts and rounds < 5:
        rounds += 1
        choices = {}
        for index, conflict in enumerate(outcome.conflicts):
            take_theirs = answers[index % len(answers)] if answers else False
            choices[conflict.key] = "theirs" if take_theirs else "mine"
            if take_theirs:
                # They gave this field up: it is no longer their change.
                for name in list(fields):
                    if conflict.key.endswith(f":{name}") or conflict.key.endswith(
                        ":" + name.replace(".", ":")
                    ):
                        del fields[name]
        shown = outcome.revision
        outcome = builder.save_step(
            agreement=agreement,
            step=step,
            base_revision=outcome.revision,
            acting_user=editor.user,
            changes=StepEdit(agreement.pk, slug, page_data(outcome.page), choices),
        )
    if outcome.written:
        if rows:
            # The rows it added, by the id the save gave them (in the revision it made): from
            # here on they are fields like any other.
            made = StepRevision.objects.get(
                agreement=agreement, step=slug, number=outcome.revision
            ).data
            for key, value in made.items():
                if key.endswith("-trigger") and value in rows:
                    row_id = made[key.removesuffix("-trigger") + "-id"]
                    fields[f"{row_id}.trigger"] = value
        editor.acks.append(Ack(slug, outcome.revision, shown, fields, rows))
    # Like the browser after a save: the step as it now stands.
    open_step(agreement, editor, slug)


ACTION = st.one_of(
    st.tuples(st.just("open"), st.sampled_from(["opgave", "escalatie"])),
    st.tuples(
        st.just("save"),
        st.sampled_from(["opgave", "escalatie"]),
        st.lists(st.integers(0, 5), min_size=1, max_size=3),
        st.booleans(),
        st.lists(st.booleans(), max_size=3),
    ),
)


def final_values(agreement) -> dict[str, str]:
    agreement.refresh_from_db()
    values = {name: getattr(agreement, name) for name in TASK_FIELDS}
    for step in EscalationStep.objects.filter(agreement=agreement):
        values[f"{step.pk}.trigger"] = step.trigger
    return values


def check(acks: list[Ack], final: dict[str, str]) -> None:
    for ack in acks:
        for name, value in ack.fields.items():
            if final.get(name) == value:
                continue
            overwritten = [
                later
                for later in acks
                if later.step == ack.step
                and later.revision > ack.revision
                and later.shown >= ack.revision
                and name in later.fields
            ]
            assert overwritten, f"{name}={value!r} (revision {ack.revision}) was lost"
        added = {value for name, value in ack.fields.items() if value in ack.rows}
        assert added == set(ack.rows), f"rows {ack.rows} of revision {ack.revision} not made"


@settings(
    max_examples=60 if NIGHTLY else 6,
    derandomize=not NIGHTLY,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plans=st.lists(st.lists(ACTION, min_size=1, max_size=5), min_size=EDITORS, max_size=EDITORS))
def test_no_acknowledged_change_is_lost(plans):
    users = [cast.eva(), cast.piet(), cast.person("meierijstad", "opsteller")]
    agreement = factories.res_agreement(cast.bernheze(), cast.brabant(), cast.meierijstad())
    editors = [Editor(user, f"e{index}") for index, user in enumerate(users)]
    errors: list[BaseException] = []
    start = threading.Barrier(EDITORS)

    def work(editor: Editor, plan) -> None:
        try:
            start.wait(timeout=60)
            for action in plan:
                if action[0] == "open":
                    open_step(agreement, editor, action[1])
                else:
                    save(agreement, editor, *action[1:])
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(editor, plan))
        for editor, plan in zip(editors, plans, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    acks = sorted((ack for editor in editors for ack in editor.acks), key=lambda a: a.revision)
    check(acks, final_values(agreement))
    # Each step's revisions are one per written save, and so are the audit events.
    for slug in ("opgave", "escalatie"):
        written = [ack for ack in acks if ack.step == slug]
        assert builder.step_revision(agreement, STEP_BY_SLUG[slug]) == len(written)
    assert Agreement.objects.filter(pk=agreement.pk).exists()
