"""What comes due, on the dashboard and by e-mail, and never twice."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from agreements.models import Agreement, ReminderSent
from agreements.records.reminders import due_items, send_reminders
from agreements.versions import adoption as versioning
from notifications.models import Kind, Notification
from tests.support import cast
from tests.support.factories import sign_by_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(demo):
    agreement = demo
    editor = cast.eva()
    version = versioning.adopt_version(agreement=agreement, acting_user=editor, note="")
    sign_by_all(version)  # signed, so only dates come due (signatures: test_signing.py)
    return agreement


def test_due_items_are_evaluations_end_dates_and_notice_deadlines(adopted):
    # Demo: evaluation 2027-04-01, end 2030-12-31, notice period 6 months.
    kinds = {
        (item.kind, item.due_on) for item in due_items(Agreement.objects.all(), date(2027, 3, 1))
    }
    assert kinds == {("evaluation", date(2027, 4, 1))}
    kinds = {
        (item.kind, item.due_on) for item in due_items(Agreement.objects.all(), date(2030, 6, 1))
    }
    assert ("notice", date(2030, 6, 30)) in kinds
    kinds = {
        (item.kind, item.due_on) for item in due_items(Agreement.objects.all(), date(2030, 11, 15))
    }
    assert ("end", date(2030, 12, 31)) in kinds


def test_concepts_have_nothing_due(demo):
    assert due_items(Agreement.objects.all(), date(2027, 3, 1)) == []


def test_send_reminders_is_idempotent(
    adopted, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    mailoutbox.clear()  # the adoption's and signing's own notifications
    # The e-mails are sent by a background task once the reminders' transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        first = send_reminders(today=date(2027, 3, 1))
    # Eight parties, each with an opsteller and an ondertekenaar.
    assert first == 16
    assert len(mailoutbox) == 16
    assert "Evaluatie gepland" in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today=date(2027, 3, 1)) == 0
        assert send_reminders(today=date(2027, 3, 2)) == 0
    assert len(mailoutbox) == 16
    # Each item once per person: the notification's key (ReminderSent is the history before).
    due = Notification.objects.filter(kind=Kind.DUE)
    assert due.count() == 16
    assert set(due.values_list("key", flat=True)) == {f"evaluation:{adopted.pk}:2027-04-01"}
    sent = set(due.values_list("key", "recipient"))
    # The daily cron job, run the next day: nothing new is due, nobody gets anything twice.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2027, 3, 2))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == "Herinneringen verstuurd: 0."
    assert due.count() == 16
    assert set(due.values_list("key", "recipient")) == sent
    assert len(mailoutbox) == 16


def test_a_reminder_mailed_before_notifications_existed_is_not_sent_again(adopted, mailoutbox):
    """ReminderSent rows of earlier runs still count: nobody gets the same reminder twice."""
    item = due_items(Agreement.objects.all(), date(2027, 3, 1))[0]
    contacts = list(item.contacts())
    ReminderSent.objects.create(key=f"{item.key}:{contacts[0].user_id}")
    assert send_reminders(today=date(2027, 3, 1)) == 15
    assert not Notification.objects.filter(key=item.key, recipient=contacts[0].user).exists()


def test_dashboard_shows_what_comes_due(client, adopted):
    Agreement.objects.update(next_evaluation=date.today())
    client.force_login(cast.person("oss", Role.LEZER))
    html = client.get(reverse("home")).content.decode()
    assert "Evaluatie gepland" in html
    assert adopted.title in html


def test_the_start_page_shows_the_first_items_and_links_to_the_rest(client, adopted, monkeypatch):
    """The start page lists only the first items (in SQL) and says how many more there are."""
    monkeypatch.setattr("agreements.registry.views.HOME_DUE_LIMIT", 1)
    # Two items: the evaluation today and the end of the term within the horizon.
    Agreement.objects.update(
        next_evaluation=date.today(), in_force_end=date.today() + timedelta(days=30)
    )
    client.force_login(cast.person("oss", Role.LEZER))
    html = client.get(reverse("home")).content.decode()
    assert html.count('<li class="utrecht-unordered-list__item"><time') == 1
    assert "En nog 1 punt: zie het overzicht" in html
    assert f'href="{reverse("overview")}"' in html


def test_a_reminder_reads_in_the_readers_language(adopted, django_capture_on_commit_callbacks):
    from django.utils import translation

    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=date(2027, 3, 1))
    reminder = Notification.objects.filter(kind=Kind.DUE).first()
    assert reminder.title == f"Evaluatie gepland: {adopted.title}"
    with translation.override("en"):
        assert reminder.shown_title == f"Evaluation scheduled: {adopted.title}"
