"""notify(): once per person and key, never the actor, the bell's counter, and e-mail as chosen."""

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import User
from notifications import reading
from notifications.emails import send_immediately
from notifications.models import Delivery, Kind, Notification, NotificationPreference
from notifications.sending import UnsafeUrl, notify
from tests.support import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return cast.eva(), cast.lars(), cast.bram()


def unread(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def counter(user: User) -> int:
    return User.objects.values_list("unread_notifications", flat=True).get(pk=user.pk)


def send(key: str, recipients, actor=None, kind=Kind.MENTIONED) -> int:
    return notify(
        kind=kind,
        recipients=recipients,
        title="Eva noemde u bij “Warmtenet”",
        url="/afspraken/x/",
        key=key,
        actor=actor,
        body="Wat vind jij?",
    )


def test_notify_twice_with_the_same_key_creates_one(people, django_capture_on_commit_callbacks):
    eva, lars, bram = people
    with django_capture_on_commit_callbacks(execute=True):
        assert send("k1", [lars, bram]) == 2
        assert send("k1", [lars, bram, lars]) == 0
    assert Notification.objects.filter(key="k1").count() == 2
    assert len(mail.outbox) == 2
    assert (counter(lars), counter(bram)) == (1, 1)


def test_a_recipient_listed_twice_gets_one(people):
    eva, lars, _bram = people
    assert send("k1", [lars, lars, User.objects.get(pk=lars.pk)]) == 1


def test_the_actor_and_inactive_people_are_left_out(people):
    eva, lars, bram = people
    User.objects.filter(pk=bram.pk).update(is_active=False)
    bram.refresh_from_db()
    assert send("k1", [eva, lars, bram], actor=eva) == 1
    assert list(Notification.objects.values_list("recipient__email", flat=True)) == [lars.email]


def test_only_new_recipients_are_counted_when_some_had_it_already(people):
    eva, lars, bram = people
    send("k1", [lars])
    assert send("k1", [lars, bram, eva]) == 2
    assert Notification.objects.filter(key="k1").count() == 3


def test_a_rolled_back_write_notifies_and_mails_nobody(people, django_capture_on_commit_callbacks):
    _eva, lars, _bram = people
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send("k1", [lars])
        raise RuntimeError
    assert not Notification.objects.exists()
    assert counter(lars) == 0
    assert mail.outbox == []


def test_a_link_must_be_a_path_of_the_site(people):
    for url in ("https://evil.example/", "//evil.example/", "/\\evil.example", "afspraken/"):
        with pytest.raises(UnsafeUrl):
            notify(kind=Kind.REPLY, recipients=[people[1]], title="t", url=url, key="k")


def test_an_unknown_kind_is_refused(people):
    with pytest.raises(ValueError):
        notify(kind="gossip", recipients=[people[1]], title="t", url="/", key="k")


def test_the_counter_equals_the_unread_count_after_notify_and_read(people):
    eva, lars, bram = people
    for key in ("a", "b", "c"):
        send(key, [lars, bram])
    assert counter(lars) == unread(lars) == 3
    first = Notification.objects.filter(recipient=lars).first()
    assert reading.mark_read(user=lars, notification=first)
    assert not reading.mark_read(user=lars, notification=first)  # already read: no change
    assert counter(lars) == unread(lars) == 2
    assert reading.mark_all_read(user=lars) == 2
    assert counter(lars) == unread(lars) == 0
    assert counter(bram) == unread(bram) == 3
    # A counter that went wrong (say, a restore) is put right by a recount.
    User.objects.filter(pk=bram.pk).update(unread_notifications=99)
    assert reading.recount_unread(user=bram) == 3


def test_one_cannot_mark_someone_elses_notification(people):
    _eva, lars, bram = people
    send("a", [lars])
    with pytest.raises(PermissionError):
        reading.mark_read(user=bram, notification=Notification.objects.get())


def test_immediately_is_one_dutch_mail_plain_and_html_with_the_direct_link(
    people, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://spelregels.example.nl"
    _eva, lars, _bram = people
    with django_capture_on_commit_callbacks(execute=True):
        send("a", [lars])
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lars.email]
    assert message.subject == "Eva noemde u bij “Warmtenet”"
    assert "Beste Lars de Bruijn," in message.body
    assert "https://spelregels.example.nl/afspraken/x/" in message.body
    assert "Wat vind jij?" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'lang="nl"' in html
    assert 'href="https://spelregels.example.nl/afspraken/x/"' in html
    assert "https://spelregels.example.nl/meldingen/voorkeuren/" in message.body
    notification = Notification.objects.get()
    assert notification.emailed_at is not None
    # The task again (a retry, a second worker): nothing more.
    assert send_immediately(notification_id=str(notification.pk)) is False
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("delivery", [Delivery.NEVER, Delivery.DAILY])
def test_never_and_daily_mail_nothing_at_once_but_the_bell_has_it(
    people, delivery, django_capture_on_commit_callbacks
):
    _eva, lars, bram = people
    NotificationPreference.objects.create(user=lars, kind=Kind.MENTIONED, delivery=delivery)
    with django_capture_on_commit_callbacks(execute=True):
        assert send("a", [lars, bram]) == 2
    assert [m.to for m in mail.outbox] == [[bram.email]]  # Bram: the default, immediately
    assert counter(lars) == 1
    assert Notification.objects.get(recipient=lars).emailed_at is None


def test_a_preference_is_per_kind(people, django_capture_on_commit_callbacks):
    _eva, lars, _bram = people
    NotificationPreference.objects.create(user=lars, kind=Kind.MENTIONED, delivery=Delivery.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        send("a", [lars], kind=Kind.MENTIONED)
        send("b", [lars], kind=Kind.REPLY)
    assert len(mail.outbox) == 1


def test_a_change_of_mind_before_the_task_runs_is_respected(people):
    _eva, lars, _bram = people
    send("a", [lars])  # the e-mail task waits for the commit
    NotificationPreference.objects.create(user=lars, kind=Kind.MENTIONED, delivery=Delivery.NEVER)
    assert send_immediately(notification_id=str(Notification.objects.get().pk)) is False
    assert mail.outbox == []


def test_a_title_is_stored_as_a_message_id_and_shown_in_the_readers_language():
    from django.utils import translation
    from django.utils.translation import gettext_noop

    from notifications.sending import Message

    recipient = cast.kees()
    notify(
        kind=Kind.REVIEW_REQUESTED,
        recipients=[recipient],
        title=Message(
            gettext_noop("%(name)s vraagt je ‘%(title)s’ te lezen vóór %(date)s"),
            {"name": "Eva Jansen", "title": "Warmtenet", "date": "2026-12-18"},
        ),
        url="/",
        key="review:test",
    )
    notification = Notification.objects.get(key="review:test")
    assert notification.title == "Eva Jansen vraagt je ‘Warmtenet’ te lezen vóór 18 december 2026"
    assert notification.title_message.startswith("%(name)s vraagt je")
    with translation.override("en"):
        assert notification.shown_title == (
            "Eva Jansen asks you to review ‘Warmtenet’ by 18 December 2026"
        )
    with translation.override("nl"):
        assert notification.shown_title == notification.title


def test_the_bells_count_is_read_fresh_as_json(client, django_assert_num_queries):
    from django.urls import reverse

    recipient = cast.kees()
    client.force_login(recipient)
    url = reverse("notification_count")
    assert client.get(url).json() == {"unread": recipient.unread_notifications}
    notify(kind=Kind.REVIEW_REQUESTED, recipients=[recipient], title="Lezen", url="/", key="k1")
    with django_assert_num_queries(1):  # the session with its person, the count among its columns
        response = client.get(url)
    assert response.json() == {"unread": recipient.unread_notifications + 1}
    assert response["Cache-Control"] == "no-store"
