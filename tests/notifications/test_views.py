"""The bell, the list, opening a notification, and the preferences page."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent, User
from notifications.models import Delivery, Kind, Notification, NotificationPreference
from notifications.sending import notify
from tests.support import cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def lars(client):
    lars = cast.lars()
    client.force_login(lars)
    return lars


def notice(user, key: str, url: str = "/afspraken/") -> Notification:
    notify(kind=Kind.REPLY, recipients=[user], title=f"Reactie {key}", url=url, key=key)
    return Notification.objects.get(recipient=user, key=key)


def test_the_bell_shows_the_unread_count_without_a_query_of_its_own(
    client, lars, django_assert_max_num_queries
):
    notice(lars, "a")
    notice(lars, "b")
    html = client.get(reverse("profile")).content.decode()
    assert 'href="/meldingen/"' in html
    assert '<span class="site-bell__count">2</span>' in html
    assert '<span class="visually-hidden"> ongelezen</span>' in html
    # The count is a column of the user, loaded for the session anyway.
    with django_assert_max_num_queries(50) as queries:
        client.get(reverse("profile"))
    assert not [q for q in queries.captured_queries if "notifications_notification" in q["sql"]]


def test_the_list_shows_ones_own_newest_first_with_the_unread_marked(client, lars):
    notice(lars, "a")
    second = notice(lars, "b")
    notice(cast.bram(), "c")
    html = client.get(reverse("notification_list")).content.decode()
    assert html.index("Reactie b") < html.index("Reactie a")
    assert "Reactie c" not in html
    assert html.count("notification-list__item--unread") == 2
    assert reverse("notification_open", args=[second.pk]) in html


def test_opening_marks_read_and_goes_to_the_link(client, lars):
    notification = notice(lars, "a", url="/afspraken/123/")
    response = client.post(reverse("notification_open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/afspraken/123/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert User.objects.get(pk=lars.pk).unread_notifications == 0
    assert AuditEvent.objects.filter(action="notification.read", actor=lars).count() == 1


def test_a_get_only_redirects(client, lars):
    notification = notice(lars, "a", url="/afspraken/123/")
    response = client.get(reverse("notification_open", args=[notification.pk]))
    assert response["Location"] == "/afspraken/123/"
    notification.refresh_from_db()
    assert notification.read_at is None


def test_someone_elses_notification_is_a_404(client, lars):
    other = notice(cast.bram(), "a")
    assert client.get(reverse("notification_open", args=[other.pk])).status_code == 404
    assert client.post(reverse("notification_open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_a_stored_link_off_the_site_never_redirects_there(client, lars):
    notification = notice(lars, "a")
    # The model and notify() refuse such links; even if one got in, the view does not follow.
    Notification.objects.filter(pk=notification.pk).update(url="/\t/evil.example/")
    response = client.post(reverse("notification_open", args=[notification.pk]))
    assert response["Location"] == reverse("notification_list")


def test_mark_all_read(client, lars):
    notice(lars, "a")
    notice(lars, "b")
    assert client.get(reverse("notification_mark_all_read")).status_code == 405
    response = client.post(reverse("notification_mark_all_read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=lars, read_at__isnull=True).exists()
    assert User.objects.get(pk=lars.pk).unread_notifications == 0
    event = AuditEvent.objects.get(action="notification.all_read")
    assert event.changes == {"read": [0, 2]}


def test_preferences_are_saved_and_audited(client, lars):
    page = client.get(reverse("notification_preferences")).content.decode()
    assert "Direct per e-mail" in page and "Eén keer per dag" in page
    data = {kind: Delivery.IMMEDIATELY for kind in Kind.values}
    data[Kind.MENTIONED] = Delivery.DAILY
    data[Kind.DUE] = Delivery.NEVER
    response = client.post(reverse("notification_preferences"), data)
    assert response.status_code == 302
    assert dict(
        NotificationPreference.objects.filter(user=lars).values_list("kind", "delivery")
    ) == {Kind.MENTIONED: Delivery.DAILY, Kind.DUE: Delivery.NEVER}
    event = AuditEvent.objects.get(action="notification.preferences_changed")
    assert event.actor == lars
    assert event.changes == {
        "mentioned": ["immediately", "daily"],
        "due": ["immediately", "never"],
    }
    client.post(reverse("notification_preferences"), data)  # unchanged: no second event
    assert AuditEvent.objects.filter(action="notification.preferences_changed").count() == 1


def test_a_wrong_choice_shows_the_form_again(client, lars):
    response = client.post(reverse("notification_preferences"), {"mentioned": "sometimes"})
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()


def test_the_list_is_paginated(client, lars):
    for number in range(30):
        notice(lars, f"k{number}")
    page_two = client.get(reverse("notification_list") + "?pagina=2").content.decode()
    assert page_two.count("notification-list__item") >= 5
