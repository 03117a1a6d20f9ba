"""Follow-up actions of an evaluation: owned by a party (and optionally one of its people), with
a status and a due date; bad input says what is wrong in Dutch and keeps what was typed; the
status moves on by the owning party or an opsteller, audited; open actions come due on the
start page, in the overview and in the reminders."""

import importlib
import re
from datetime import date, timedelta
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, Role
from agreements.document.vocabulary import format_date
from agreements.lib.errors import codes
from agreements.models import ActionStatus, Agreement, Evaluation, FollowUpAction
from agreements.permissions import visible_agreements
from agreements.records import evaluations
from agreements.records.evaluations import ActionInput, EvaluationError, action_field
from agreements.records.reminders import due_items, due_soon, send_reminders
from agreements.registry import overview
from agreements.registry.backup import import_registry
from agreements.versions import adoption as versioning
from notifications.models import Kind, Notification
from tests.support import cast
from tests.support.factories import sign_by_all

pytestmark = pytest.mark.django_db

LEGACY = Path(__file__).parents[2] / "data" / "legacy"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
AGENDA = "Agenda stuurgroep beperken tot besluitpunten"
DEMO_LABEL = f"Vervolgactie: {AGENDA} (Gemeente Oss)"
SCORES = {aspect: (3, "Redelijk.") for aspect in ("content", "process", "relationship")}


def evaluation_post(**actions: str) -> dict[str, str]:
    """The evaluation form of 3 April 2025 as typed, with the first action's fields."""
    return {
        "held_on": "2025-04-03",
        "content_score": "4",
        "content_note": "Zoekgebieden op koers",
        "process_score": "3",
        "process_note": "Stuurgroep agendeert te veel",
        "relationship_score": "3",
        "relationship_note": "Schuurt over netkosten",
        "actions-TOTAL_FORMS": "3",
        "actions-INITIAL_FORMS": "0",
        "actions-0-status": "open",
        "actions-1-status": "open",
        "actions-2-status": "open",
        **{f"actions-0-{name}": value for name, value in actions.items()},
    }


FIELD = '<div class="utrecht-form-field '


def field_block(html: str, name: str) -> str:
    """The form field (label, help, error and control) of the control named `name`."""
    at = html.index(f'name="{name}"')
    start = html.rindex(FIELD, 0, at)
    end = html.find(FIELD, at)
    return html[start : end if end != -1 else None]


def post_evaluation(client, agreement, **actions: str) -> str:
    client.force_login(cast.eva())
    response = client.post(
        reverse("evaluation_new", args=[agreement.pk]), evaluation_post(**actions)
    )
    assert response.status_code == 200
    assert not Evaluation.objects.exists()
    return unescape(response.content.decode())


def assert_kept_what_was_typed(html: str) -> None:
    for typed in (
        "Zoekgebieden op koers",
        "Stuurgroep agendeert te veel",
        "Schuurt over netkosten",
    ):
        assert typed in html
    assert 'value="2025-04-03"' in html


# --- Bad input, through the real form page -------------------------------------------------------


def test_an_action_without_an_owner_says_so_and_keeps_the_input(client, demo):
    html = post_evaluation(client, demo, description=AGENDA, due_on="2025-06-01")
    block = field_block(html, "actions-0-owner")
    assert "Kies welke partij eigenaar is van deze actie." in block
    assert 'aria-invalid="true"' in block
    assert f'value="{AGENDA}"' in html
    assert 'value="2025-06-01"' in html
    assert_kept_what_was_typed(html)


def test_a_due_date_before_the_evaluation_says_so_in_words_and_keeps_the_input(client, demo):
    oss = cast.oss()
    html = post_evaluation(client, demo, description=AGENDA, owner=str(oss.pk), due_on="2025-03-01")
    block = field_block(html, "actions-0-due_on")
    assert "De uiterste datum ligt vóór de evaluatie van 3 april 2025." in block
    assert 'aria-invalid="true"' in block
    assert 'value="2025-03-01"' in block
    assert f'<option value="{oss.pk}" selected>Gemeente Oss</option>' in html
    assert_kept_what_was_typed(html)


def test_a_person_not_of_the_owning_party_says_so_and_keeps_the_input(client, demo):
    oss, eva = cast.oss(), cast.eva()
    html = post_evaluation(
        client, demo, description=AGENDA, owner=str(oss.pk), person=str(eva.pk), status="bezig"
    )
    block = field_block(html, "actions-0-person")
    assert "Eva Jansen hoort niet bij Gemeente Oss." in block
    assert 'aria-invalid="true"' in block
    assert f'<option value="{eva.pk}" selected>Eva Jansen</option>' in block
    assert '<option value="bezig" selected>bezig</option>' in html
    assert_kept_what_was_typed(html)


def test_an_untouched_row_is_no_action_and_a_good_one_is_recorded(client, demo):
    oss, person = cast.oss(), cast.person("oss", Role.OPSTELLER)
    client.force_login(cast.eva())
    response = client.post(
        reverse("evaluation_new", args=[demo.pk]),
        evaluation_post(
            description=AGENDA, owner=str(oss.pk), person=str(person.pk), due_on="2025-06-01"
        ),
        follow=True,
    )
    action = FollowUpAction.objects.get()
    assert (action.owner, action.person, action.status, action.due_on) == (
        oss,
        person,
        ActionStatus.OPEN,
        date(2025, 6, 1),
    )
    html = response.content.decode()
    assert f"Gemeente Oss ({person.full_name}); uiterlijk 1 juni 2025" in html
    assert "2025-06-01" not in html.replace('value="2025', "")  # no ISO date in the text


def test_the_domain_refuses_every_bad_action_with_a_code(demo):
    outsider = cast.nijmegen()
    with pytest.raises(ValidationError) as refused:
        evaluations.record_evaluation(
            agreement=demo,
            acting_user=cast.eva(),
            held_on=date(2025, 4, 3),
            scores=SCORES,
            actions=[
                ActionInput("", None),
                ActionInput("Warmte", outsider),
                ActionInput("Agenda", cast.oss(), person=cast.eva(), status="gedaan"),
                ActionInput("Later", cast.oss(), due_on=date(2025, 4, 2)),
            ],
        )
    error = refused.value
    assert codes(error) == {
        EvaluationError.DESCRIPTION_REQUIRED,
        EvaluationError.OWNER_REQUIRED,
        EvaluationError.OWNER_NOT_A_PARTY,
        EvaluationError.PERSON_NOT_A_MEMBER,
        EvaluationError.UNKNOWN_STATUS,
        EvaluationError.DUE_BEFORE_EVALUATION,
    }
    assert set(error.message_dict) == {
        action_field(0, "description"),
        action_field(0, "owner"),
        action_field(1, "owner"),
        action_field(2, "person"),
        action_field(2, "status"),
        action_field(3, "due_on"),
    }
    assert error.message_dict[action_field(1, "owner")] == [
        "Gemeente Nijmegen is geen partij bij deze afspraak."
    ]
    assert not Evaluation.objects.exists()


# --- The status: by the owning party or an opsteller, audited ---------------------------------


@pytest.fixture
def action(demo) -> FollowUpAction:
    """An open action of Oss under the demo, due in ten days."""
    evaluation = evaluations.record_evaluation(
        agreement=demo,
        acting_user=cast.eva(),
        held_on=timezone.localdate(),
        scores=SCORES,
        actions=[ActionInput(AGENDA, cast.oss(), due_on=timezone.localdate() + timedelta(10))],
    )
    return evaluation.actions.get()


def status_url(action: FollowUpAction) -> str:
    evaluation = action.evaluation
    return reverse("action_status", args=[evaluation.agreement_id, evaluation.pk, action.pk])


def page_url(action: FollowUpAction) -> str:
    evaluation = action.evaluation
    return reverse("evaluation_detail", args=[evaluation.agreement_id, evaluation.pk])


def test_a_member_of_the_owning_party_moves_the_action_on_and_it_is_audited(client, action):
    reader = cast.person("oss", Role.LEZER)  # even a reader of Oss: it is Oss's action
    client.force_login(reader)
    assert f'action="{status_url(action)}"' in client.get(page_url(action)).content.decode()
    response = client.post(status_url(action), {f"actie-{action.pk}-status": "bezig"}, follow=True)
    assert f"‘{AGENDA}’ staat nu op bezig." in unescape(response.content.decode())
    action.refresh_from_db()
    assert action.status == ActionStatus.BEZIG
    event = AuditEvent.objects.get(action=AuditAction.ACTION_STATUS_CHANGED)
    assert (event.actor, event.organisation, event.object_id) == (
        reader,
        cast.oss(),
        str(action.evaluation.agreement_id),
    )
    assert event.changes["status"] == ["open", "bezig"]
    assert event.changes["action"] == [None, AGENDA]


def test_an_opsteller_of_the_agreement_moves_any_action_on(client, action):
    client.force_login(cast.eva())  # Bernheze's opsteller: an editor, not of Oss
    client.post(status_url(action), {f"actie-{action.pk}-status": "klaar"})
    action.refresh_from_db()
    assert action.status == ActionStatus.KLAAR
    event = AuditEvent.objects.get(action=AuditAction.ACTION_STATUS_CHANGED)
    assert event.organisation == cast.bernheze()


@pytest.mark.parametrize("who", ["lars", "kees", "bram"])
def test_others_of_the_agreement_cannot_move_it_on(client, action, who):
    person = getattr(cast, who)()
    client.force_login(person)
    html = client.get(page_url(action)).content.decode()
    assert AGENDA in html
    assert status_url(action) not in html  # no form for them
    response = client.post(status_url(action), {f"actie-{action.pk}-status": "klaar"})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        evaluations.change_action_status(action=action, acting_user=person, status="klaar")
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN
    assert not AuditEvent.objects.filter(action=AuditAction.ACTION_STATUS_CHANGED).exists()


def test_an_unknown_status_is_refused_on_the_page_with_a_dutch_message(client, action):
    client.force_login(cast.eva())
    response = client.post(status_url(action), {f"actie-{action.pk}-status": "gedaan"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Selecteer een geldige keuze." in html
    assert 'aria-invalid="true"' in html
    with pytest.raises(ValidationError) as refused:
        evaluations.change_action_status(action=action, acting_user=cast.eva(), status="gedaan")
    assert codes(refused.value) == {EvaluationError.UNKNOWN_STATUS}
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_the_same_status_again_records_nothing(action):
    evaluations.change_action_status(action=action, acting_user=cast.eva(), status="open")
    assert not AuditEvent.objects.filter(action=AuditAction.ACTION_STATUS_CHANGED).exists()


# --- What comes due ------------------------------------------------------------------------------


@pytest.mark.demo(history=True)
def test_the_demos_open_action_is_on_the_start_page_and_the_overview(client, demo):
    due = format_date(timezone.localdate() + timedelta(days=10))
    client.force_login(cast.lars())
    for url in (reverse("home"), reverse("overview")):
        html = unescape(client.get(url).content.decode())
        listed = html[html.index("due-list") :]
        listed = listed[: listed.index("</ul>")]
        assert f"{due}</time>: {DEMO_LABEL}" in listed
        assert ISO_DATE.search(re.sub(r'datetime="[^"]*"', "", listed)) is None
        evaluation = demo.evaluations.get()
        assert reverse("evaluation_detail", args=[demo.pk, evaluation.pk]) in listed
    # The other action is klaar: nowhere.
    assert "Meierijstad uitnodigen als partij" not in html


@pytest.mark.demo(history=True)
def test_the_reminder_goes_to_the_actions_person_with_the_date_in_words(
    demo, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    action = FollowUpAction.objects.get(description=AGENDA)
    key = f"action:{action.pk}:{action.due_on.isoformat()}"
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=today)
        assert send_reminders(today=today + timedelta(days=1)) == 0  # once
    reminded = Notification.objects.filter(key=key)
    assert [n.recipient for n in reminded] == [cast.person("oss", Role.OPSTELLER)]
    assert reminded.get().kind == Kind.DUE
    [mail] = [m for m in mailoutbox if AGENDA in m.subject]
    assert mail.to == [cast.email(Role.OPSTELLER, "oss")]
    assert DEMO_LABEL in mail.subject
    body = mail.body
    assert f"{AGENDA} (Gemeente Oss), uiterlijk {format_date(action.due_on)}" in body
    assert "De status is nu: bezig." in body
    assert ISO_DATE.search(body) is None


def test_without_a_person_the_owning_partys_contacts_are_reminded(action):
    item = next(i for i in due_items(Agreement.objects.all(), timezone.localdate()))
    assert item.kind == "action"
    assert {m.user.email for m in item.contacts()} == {
        cast.email(Role.OPSTELLER, "oss"),
        cast.email(Role.ONDERTEKENAAR, "oss"),
    }


def test_done_late_and_ended_actions(action, demo):
    today = timezone.localdate()
    agreements = Agreement.objects.all()
    assert [i.follow_up for i in due_items(agreements, today)] == [action]
    # Beyond the horizon: not yet; overdue: still, until it is klaar.
    assert due_items(agreements, today, horizon=timedelta(days=5)) == []
    assert [i.follow_up for i in due_items(agreements, today + timedelta(days=400))] == [action]
    FollowUpAction.objects.filter(pk=action.pk).update(status=ActionStatus.BEZIG)
    assert len(due_items(agreements, today)) == 1
    FollowUpAction.objects.filter(pk=action.pk).update(status=ActionStatus.KLAAR)
    assert due_items(agreements, today) == []
    FollowUpAction.objects.filter(pk=action.pk).update(status=ActionStatus.OPEN)
    Agreement.objects.filter(pk=demo.pk).update(terminated_on=today - timedelta(days=1))
    assert due_items(agreements, today) == []
    Agreement.objects.filter(pk=demo.pk).update(terminated_on=None)
    FollowUpAction.objects.filter(pk=action.pk).update(due_on=None)
    assert due_items(agreements, today) == []  # no date, nothing comes due


def test_the_sql_page_has_the_same_actions_as_the_reminders(demo):
    """`due_soon` (start page, overview) and `due_items` (reminders) agree, actions and dates
    mixed, soonest first, and count all of them."""
    sign_by_all(versioning.adopt_version(agreement=demo, acting_user=cast.eva(), note=""))
    today = timezone.localdate()
    Agreement.objects.filter(pk=demo.pk).update(next_evaluation=today + timedelta(days=20))
    evaluations.record_evaluation(
        agreement=demo,
        acting_user=cast.eva(),
        held_on=today - timedelta(days=30),
        scores=SCORES,
        actions=[
            ActionInput(f"Actie {days}", cast.oss(), due_on=today + timedelta(days=days))
            for days in (-29, 5, 20, 40, 59, 61, 100)
        ]
        + [ActionInput("Klaar", cast.oss(), status="klaar", due_on=today)],
    )
    agreements = visible_agreements(cast.lars())
    expected = due_items(agreements, today)
    found = due_soon(agreements, today=today, limit=1000)
    assert sorted(i.key for i in found.items) == sorted(i.key for i in expected)
    assert found.total == len(expected) == 6  # five actions and the evaluation
    first = due_soon(agreements, today=today, limit=3)
    assert [i.due_on for i in first.items] == [i.due_on for i in expected][:3]
    assert [i.label for i in first.items][:2] == [
        "Vervolgactie: Actie -29 (Gemeente Oss)",
        "Vervolgactie: Actie 5 (Gemeente Oss)",
    ]
    assert first.total == 6


def _queries(client, url: str) -> int:
    # The overview keeps its counts a while (tests/agreements/registry/test_overview.py):
    # each page here counts anew, as after they have expired.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_ask_as_many_queries_for_many_actions_as_for_one(client, action, demo):
    client.force_login(cast.lars())
    pages = (reverse("home"), reverse("overview"))
    few = [_queries(client, url) for url in pages]
    evaluations.record_evaluation(
        agreement=demo,
        acting_user=cast.eva(),
        held_on=timezone.localdate(),
        scores=SCORES,
        actions=[
            ActionInput(f"Actie {n}", cast.oss(), due_on=timezone.localdate() + timedelta(n))
            for n in range(20)
        ],
    )
    assert [_queries(client, url) for url in pages] == few
    assert overview.due_for(user=cast.lars(), today=timezone.localdate()).total == 21


# --- Actions recorded before they had an owning party ----------------------------------------


@pytest.mark.database_owner
def test_an_old_export_restores_its_actions_with_a_party_and_the_old_text():
    """The legacy registry (tests/data/legacy/) wrote owners as free text: restored, each
    action keeps that text and gets the agreement's first party as owner, status open."""
    with (LEGACY / "registry.json").open(encoding="utf-8") as stream:
        import_registry(stream)
    agreement = Agreement.objects.get()
    first = agreement.parties.order_by("position").first().organisation
    assert [
        (a.description, a.owner, a.owner_note, a.status)
        for a in FollowUpAction.objects.order_by("pk")
    ] == [
        (AGENDA, first, "Voorzitter stuurgroep", "open"),
        ("Meierijstad uitnodigen als partij", first, "Ambtelijk kernteam", "open"),
    ]


def test_the_migration_names_the_party_the_old_text_names_else_the_first():
    migration = importlib.import_module("agreements.migrations.0017_followup_action_owner_status")
    bernheze = SimpleNamespace(official_name="Gemeente Bernheze", name="Bernheze")
    oss = SimpleNamespace(official_name="Gemeente Oss", name="Oss")
    parties = [bernheze, oss]

    def owner(text: str):
        action = SimpleNamespace(owner=text, pk=1, description="x")
        return migration._owning_party(action, parties, memberships=None)

    assert owner("Wethouder Oss") is oss
    assert owner("gemeente oss, team energie") is oss
    assert owner("Voorzitter stuurgroep") is bernheze
    assert owner("Bossche Broek") is bernheze  # "Oss" only as a word of its own
