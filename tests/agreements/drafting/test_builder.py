"""Saving builder steps: revisions per step, merging with others' saves, conflicts, audit,
templates."""

import threading

import pytest
from django.db import OperationalError, connection

from accounts.models import AuditEvent
from agreements.document.outline import STEP_BY_SLUG
from agreements.document.paths import flatten
from agreements.drafting import builder
from agreements.drafting.editing import StepEdit, step_data
from agreements.drafting.pages import page_data
from agreements.models import AgreementTemplate, EscalationStep, Table
from tests.support import cast, factories

pytestmark = pytest.mark.django_db

TASK = STEP_BY_SLUG["opgave"]


def save(agreement, editor, slug="opgave", *, base=None, data=None, choices=None, **fields):
    """A save of a step as its page posts it: the step's data at `base` (the editor's view
    then: `data`), with `fields` changed."""
    posted = dict(data if data is not None else step_data(agreement.pk, slug))
    posted.update(fields)
    step = STEP_BY_SLUG[slug]
    return builder.save_step(
        agreement=agreement,
        step=step,
        base_revision=builder.step_revision(agreement, step) if base is None else base,
        acting_user=editor,
        changes=StepEdit(agreement.pk, slug, posted, choices or {}),
    )


def test_a_save_bumps_the_revision_and_records_field_changes():
    editor = cast.eva()
    agreement = factories.res_agreement()
    outcome = save(agreement, editor, task="Grootschalige opwek van duurzame energie")
    assert outcome.written and outcome.revision == 1
    agreement.refresh_from_db()
    assert agreement.revision == 1
    event = AuditEvent.objects.get(action=builder.STEP_SAVED)
    assert event.actor == editor
    assert event.organisation == cast.bernheze()
    assert event.changes["task.task"] == ["", "Grootschalige opwek van duurzame energie"]
    assert event.changes["revision"] == [0, 1]


def test_saves_of_different_fields_from_the_same_revision_are_both_kept():
    """The lost update of the issue: Oss's change survives Brabant's save from before it."""
    eva, piet = cast.eva(), cast.piet()
    agreement = factories.res_agreement()
    seen_by_piet = step_data(agreement.pk, "opgave")
    save(agreement, eva, intended_result="Twee windparken in 2030")
    outcome = save(agreement, piet, base=0, data=seen_by_piet, task="Opwek van duurzame energie")
    assert outcome.written and outcome.revision == 2
    assert [event.actor for event in outcome.others] == [eva]
    agreement.refresh_from_db()
    assert agreement.intended_result == "Twee windparken in 2030"
    assert agreement.task == "Opwek van duurzame energie"
    # Piet saves again from the page he was sent to: nothing of Eva's is undone.
    save(agreement, piet, why="Samen sterker")
    agreement.refresh_from_db()
    assert (agreement.intended_result, agreement.why) == (
        "Twee windparken in 2030",
        "Samen sterker",
    )
    assert AuditEvent.objects.filter(action=builder.STEP_SAVED).count() == 3


def test_the_same_field_changed_by_both_is_a_conflict_and_nothing_is_written():
    eva, piet = cast.eva(), cast.piet()
    agreement = factories.res_agreement()
    seen_by_piet = step_data(agreement.pk, "opgave")
    save(agreement, eva, task="Versie van Eva")
    outcome = save(
        agreement, piet, base=0, data=seen_by_piet, task="Versie van Piet", why="Waarom van Piet"
    )
    assert not outcome.written
    assert outcome.revision == 1
    [conflict] = outcome.conflicts
    assert (conflict.label, conflict.mine, conflict.theirs) == (
        "Opgave",
        "Versie van Piet",
        "Versie van Eva",
    )
    assert conflict.author == eva.full_name and conflict.at is not None
    agreement.refresh_from_db()
    assert (agreement.task, agreement.why) == ("Versie van Eva", "")
    assert AuditEvent.objects.filter(action=builder.STEP_SAVED).count() == 1
    # The page he gets back holds both: his own "why" and his conflicting task.
    shown = outcome.page.forms["task"]
    assert (shown["why"].value(), shown["task"].value()) == ("Waarom van Piet", "Versie van Piet")


@pytest.mark.parametrize(
    ("choice", "task"), [("theirs", "Versie van Eva"), ("mine", "Versie van Piet")]
)
def test_answering_a_conflict_keeps_the_chosen_value_and_every_other_change(choice, task):
    eva, piet = cast.eva(), cast.piet()
    agreement = factories.res_agreement()
    seen_by_piet = step_data(agreement.pk, "opgave")
    save(agreement, eva, task="Versie van Eva", intended_result="Resultaat van Eva")
    first = save(agreement, piet, base=0, data=seen_by_piet, task="Versie van Piet", why="Piet")
    [conflict] = first.conflicts
    answer = save(
        agreement,
        piet,
        base=first.revision,
        data=page_data(first.page),
        choices={conflict.key: choice},
    )
    assert answer.written
    agreement.refresh_from_db()
    assert (agreement.task, agreement.why, agreement.intended_result) == (
        task,
        "Piet",
        "Resultaat van Eva",
    )


def test_editors_on_different_steps_never_meet():
    eva, piet = cast.eva(), cast.piet()
    agreement = factories.res_agreement()
    seen_by_piet = step_data(agreement.pk, "looptijd")
    save(agreement, eva, task="Opgave van Eva")
    outcome = save(
        agreement, piet, "looptijd", base=0, data=seen_by_piet, evaluation_by="De stuurgroep"
    )
    assert outcome.written and outcome.others == []
    agreement.refresh_from_db()
    assert (agreement.task, agreement.evaluation_by) == ("Opgave van Eva", "De stuurgroep")


def _mandate(data, index, party, function, subject, amount=""):
    data.update(
        {
            f"mandates-{index}-party": str(party.pk),
            f"mandates-{index}-function": function,
            f"mandates-{index}-subject": subject,
            f"mandates-{index}-max_amount": amount,
        }
    )
    data["mandates-TOTAL_FORMS"] = str(max(int(data["mandates-TOTAL_FORMS"]), index + 1))


def test_rows_added_by_both_are_kept_and_a_row_deleted_and_changed_is_a_conflict():
    eva, piet = cast.eva(), cast.piet()
    agreement = factories.res_agreement()
    bernheze, brabant = agreement.parties.order_by("position")
    first = step_data(agreement.pk, "tafels")
    _mandate(first, 0, bernheze, "Wethouder", "Energie", "75000")
    save(agreement, eva, "tafels", data=first)
    base = builder.step_revision(agreement, STEP_BY_SLUG["tafels"])
    seen = step_data(agreement.pk, "tafels")
    # Eva adds a mandate; Piet, from the same revision, adds another.
    by_eva = dict(seen)
    _mandate(by_eva, 1, bernheze, "Burgemeester", "Veiligheid")
    save(agreement, eva, "tafels", base=base, data=by_eva)
    by_piet = dict(seen)
    _mandate(by_piet, 1, brabant, "Gedeputeerde", "Netcongestie", "75000.00")
    assert save(agreement, piet, "tafels", base=base, data=by_piet).written
    assert sorted(agreement.mandates.values_list("function", flat=True)) == [
        "Burgemeester",
        "Gedeputeerde",
        "Wethouder",
    ]
    # Eva deletes the first mandate while Piet, from the same revision, raises its amount.
    base = builder.step_revision(agreement, STEP_BY_SLUG["tafels"])
    seen = step_data(agreement.pk, "tafels")
    save(agreement, eva, "tafels", base=base, data={**seen, "mandates-0-DELETE": "on"})
    outcome = save(
        agreement, piet, "tafels", base=base, data={**seen, "mandates-0-max_amount": "90000"}
    )
    assert not outcome.written
    [conflict] = outcome.conflicts
    assert conflict.row and conflict.label == "Mandaat 3"
    assert agreement.mandates.filter(function="Wethouder").count() == 0


def test_the_same_amount_written_differently_is_no_conflict():
    eva, piet = cast.eva(), cast.piet()
    agreement = factories.res_agreement()
    bernheze = agreement.parties.order_by("position").first()
    first = step_data(agreement.pk, "tafels")
    _mandate(first, 0, bernheze, "Wethouder", "Energie", "75000")
    save(agreement, eva, "tafels", data=first)
    base = builder.step_revision(agreement, STEP_BY_SLUG["tafels"])
    seen = step_data(agreement.pk, "tafels")
    save(agreement, eva, "tafels", base=base, data={**seen, "mandates-0-max_amount": "80000"})
    outcome = save(
        agreement, piet, "tafels", base=base, data={**seen, "mandates-0-max_amount": "80000.00"}
    )
    assert outcome.written and outcome.conflicts == []


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_the_same_revision_both_land_or_wait():
    """Two editors press save at the same moment, on different fields: both changes land,
    one after the other, whichever is first."""
    editors = [(cast.eva(), "task"), (cast.piet(), "why")]
    agreement = factories.res_agreement()
    seen = step_data(agreement.pk, "opgave")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(editor, name):
        try:
            barrier.wait(timeout=60)
            outcome = save(agreement, editor, base=0, data=seen, **{name: f"{name} ingevuld"})
            outcomes.append("written" if outcome.written else "not written")
        except OperationalError:
            # SQLite's in-memory test database refuses the second writer outright
            # ("table is locked") instead of waiting; the save is refused, not lost.
            assert connection.vendor == "sqlite"
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    agreement.refresh_from_db()
    if connection.vendor == "postgresql":
        assert outcomes == ["written", "written"]
        assert (agreement.task, agreement.why) == ("task ingevuld", "why ingevuld")
        assert builder.step_revision(agreement, TASK) == 2
    else:
        assert sorted(outcomes) in (["refused", "written"], ["written", "written"])
        written = [name for _, name in editors if getattr(agreement, name) == f"{name} ingevuld"]
        assert len(written) == outcomes.count("written")


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
