"""What comes due, on the dashboard and by e-mail, and never twice."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from agreements import versioning
from agreements.demo import seed_demo
from agreements.models import Agreement, ReminderSent
from agreements.reminders import due_items, send_reminders
from tests.factories import sign_by_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted():
    seed_demo()
    agreement = Agreement.objects.get()
    editor = User.objects.get(email="opsteller@bernheze.example.nl")
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


def test_concepts_have_nothing_due():
    seed_demo()
    assert due_items(Agreement.objects.all(), date(2027, 3, 1)) == []


def test_send_reminders_is_idempotent(adopted, mailoutbox):
    first = send_reminders(today=date(2027, 3, 1))
    # Eight parties, each with an opsteller and an ondertekenaar.
    assert first == 16
    assert len(mailoutbox) == 16
    assert "Evaluatie gepland" in mailoutbox[0].subject
    assert send_reminders(today=date(2027, 3, 1)) == 0
    assert send_reminders(today=date(2027, 3, 2)) == 0
    assert len(mailoutbox) == 16
    assert ReminderSent.objects.count() == 16
    call_command("send_reminders")
    assert ReminderSent.objects.count() >= 16


def test_dashboard_shows_what_comes_due(client, adopted):
    Agreement.objects.update(next_evaluation=date.today())
    client.force_login(User.objects.get(email="lezer@oss.example.nl"))
    html = client.get(reverse("home")).content.decode()
    assert "Evaluatie gepland" in html
    assert adopted.title in html
