"""Saving builder steps: revisions, conflicts, audit, templates."""

import threading

import pytest
from django.db import OperationalError, connection

from accounts.models import AuditEvent
from agreements.document.outline import STEP_BY_SLUG
from agreements.document.paths import flatten
from agreements.drafting import builder
from agreements.models import Agreement, AgreementTemplate, EscalationStep, Table
from tests.support import cast, factories

pytestmark = pytest.mark.django_db

TASK = STEP_BY_SLUG["opgave"]


def _set_task(agreement, text):
    def write():
        Agreement.objects.filter(pk=agreement.pk).update(task=text)

    return write


def test_a_save_bumps_the_revision_and_records_field_changes():
    editor = cast.eva()
    agreement = factories.res_agreement()
    builder.save_step(
        agreement=agreement,
        step=TASK,
        expected_revision=0,
        acting_user=editor,
        write=_set_task(agreement, "Grootschalige opwek van duurzame energie"),
    )
    agreement.refresh_from_db()
    assert agreement.revision == 1
    event = AuditEvent.objects.get(action=builder.STEP_SAVED)
    assert event.actor == editor
    assert event.organisation == cast.bernheze()
    assert event.changes["task.task"] == ["", "Grootschalige opwek van duurzame energie"]
    assert event.changes["revision"] == [0, 1]


def test_a_stale_save_is_refused_with_what_changed_and_loses_nothing():
    editor, other_editor = cast.eva(), cast.piet()
    agreement = factories.res_agreement()
    builder.save_step(
        agreement=agreement,
        step=TASK,
        expected_revision=0,
        acting_user=editor,
        write=_set_task(agreement, "Eerste versie van de opgave"),
    )
    with pytest.raises(builder.StaleRevision) as stale:
        builder.save_step(
            agreement=agreement,
            step=TASK,
            expected_revision=0,
            acting_user=other_editor,
            write=_set_task(agreement, "Overschreven"),
        )
    assert stale.value.current_revision == 1
    [save] = stale.value.saves
    assert save.actor == editor
    assert save.changes["task.task"] == ["", "Eerste versie van de opgave"]
    agreement.refresh_from_db()
    assert agreement.task == "Eerste versie van de opgave"
    assert AuditEvent.objects.filter(action=builder.STEP_SAVED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_the_same_revision_cannot_both_win():
    """Two editors press save at the same moment; exactly one save lands."""
    editors = [cast.eva(), cast.piet()]
    agreement = factories.res_agreement()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(editor, text):
        try:
            barrier.wait(timeout=60)
            builder.save_step(
                agreement=agreement,
                step=TASK,
                expected_revision=0,
                acting_user=editor,
                write=_set_task(agreement, text),
            )
            outcomes.append(text)
        except builder.StaleRevision:
            outcomes.append("stale")
        except OperationalError:
            # SQLite's in-memory test database refuses the second writer outright
            # ("table is locked") instead of waiting; the save is refused, not lost.
            assert connection.vendor == "sqlite"
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(editor, f"opgave van {editor.email}"))
        for editor in editors
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert (
        sorted(outcomes, key=lambda o: o == "stale") == [outcomes[0], "stale"]
        or sorted(outcomes).count("stale") == 1
    )
    winner = next(o for o in outcomes if o != "stale")
    agreement.refresh_from_db()
    assert agreement.revision == 1
    assert agreement.task == winner


def test_create_from_a_template_prefills_tables_ladder_and_values():
    editor = cast.eva()
    template = AgreementTemplate.objects.get(slug="res-regio")
    agreement = builder.create_agreement(
        title="RES 3.0", organisation=cast.bernheze(), template=template, acting_user=editor
    )
    assert agreement.parties.get().organisation == cast.bernheze()
    assert Table.objects.filter(agreement=agreement).count() == len(template.content["tables"])
    steps = EscalationStep.objects.filter(agreement=agreement).order_by("position")
    assert [s.trigger for s in steps] == [s["trigger"] for s in template.content["escalation"]]
    assert agreement.values.count() == 5
    assert AuditEvent.objects.filter(
        action="agreement.created", object_id=str(agreement.pk)
    ).exists()


def test_flatten_gives_dotted_paths():
    assert flatten({"a": {"b": [1, {"c": 2}]}, "d": []}) == {
        "a.b[0]": 1,
        "a.b[1].c": 2,
        "d": [],
    }
