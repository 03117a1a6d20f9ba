"""The daily digest: once a day at most, each item once, however often cron runs it."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications import emails
from notifications.models import Delivery, Kind, Notification, NotificationPreference
from notifications.sending import notify
from tests.support import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def lars():
    lars = cast.lars()
    for kind in (Kind.MENTIONED, Kind.REPLY):
        NotificationPreference.objects.create(user=lars, kind=kind, delivery=Delivery.DAILY)
    return lars


def yesterday(key: str, user, kind=Kind.MENTIONED) -> None:
    notify(kind=kind, recipients=[user], title=f"Melding {key}", url=f"/{key}/", key=key)
    Notification.objects.filter(key=key).update(created_at=timezone.now() - timedelta(days=1))


def test_one_digest_with_every_item_then_nothing_on_the_next_runs(lars):
    yesterday("a", lars)
    yesterday("b", lars, kind=Kind.REPLY)
    yesterday("c", lars, kind=Kind.DUE)  # not a daily kind for Lars: mailed at once
    Notification.objects.filter(key="c").update(emailed_at=timezone.now())
    call_command("send_digest")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [lars.email]
    assert "(2)" in digest.subject
    assert "Melding a" in digest.body and "Melding b" in digest.body
    assert "Melding c" not in digest.body
    assert "/a/" in digest.alternatives[0][0]
    call_command("send_digest")
    call_command("send_digest")
    assert len(mail.outbox) == 1
    assert set(
        Notification.objects.filter(emailed_at__isnull=False).values_list("key", flat=True)
    ) == {"a", "b", "c"}


def test_todays_items_wait_for_tomorrows_digest(lars):
    notify(kind=Kind.MENTIONED, recipients=[lars], title="Vandaag", url="/v/", key="today")
    assert emails.send_digests() == 0
    assert emails.send_digests(now=timezone.now() + timedelta(days=1)) == 1
    assert emails.send_digests(now=timezone.now() + timedelta(days=1)) == 0


def test_a_crash_while_mailing_sends_nothing_twice_and_retries_the_rest(lars):
    bram = cast.bram()
    NotificationPreference.objects.create(user=bram, kind=Kind.MENTIONED, delivery=Delivery.DAILY)
    yesterday("a", lars)
    yesterday("b", bram)
    real_send = emails.EmailMultiAlternatives.send

    def fail_for_bram(message, *args, **kwargs):
        if message.to == [bram.email]:
            raise ConnectionError("mail server gone")
        return real_send(message, *args, **kwargs)

    with (
        mock.patch.object(emails.EmailMultiAlternatives, "send", fail_for_bram),
        pytest.raises(ConnectionError),
    ):
        emails.send_digests()
    # Whoever came first has their digest, marked; the one whose mail failed is not marked.
    sent_to = [m.to[0] for m in mail.outbox]
    marked = set(
        Notification.objects.filter(emailed_at__isnull=False).values_list(
            "recipient__email", flat=True
        )
    )
    assert marked == set(sent_to)
    assert bram.email not in marked
    emails.send_digests()  # the next run
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lars.email, bram.email])
    emails.send_digests()
    assert len(mail.outbox) == 2


def test_a_digest_does_not_dig_up_old_items(lars):
    yesterday("old", lars)
    Notification.objects.update(created_at=timezone.now() - timedelta(days=30))
    assert emails.send_digests() == 0


def test_never_and_immediately_mailed_have_no_digest(lars):
    eva = cast.eva()
    NotificationPreference.objects.create(user=eva, kind=Kind.MENTIONED, delivery=Delivery.NEVER)
    yesterday("a", eva)
    bram = cast.bram()
    yesterday("b", bram)  # the default: immediately
    Notification.objects.filter(key="b").update(emailed_at=timezone.now())  # and it went out
    assert emails.send_digests() == 0


def test_an_immediate_mail_that_did_not_go_out_comes_with_the_next_digest():
    """The mail server was down (or the task was lost): the next day's digest catches up."""
    bram = cast.bram()
    yesterday("b", bram)  # immediately, but its task never ran
    assert emails.send_digests() == 1
    assert "Melding b" in mail.outbox[-1].body
    assert emails.send_digests() == 0  # and only once
