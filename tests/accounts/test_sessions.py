"""Where a person is logged in (accounts/sessions.py, the profile page): each session shown
with its browser and times, the current one marked; another ended at once; nobody else's."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, UserSession
from accounts.sessions import describe_browser
from tests.support import cast

pytestmark = pytest.mark.django_db

FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"
EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        (FIREFOX_WINDOWS, "Firefox op Windows"),
        (EDGE, "Edge op Windows"),
        (SAFARI_IPHONE, "Safari op iOS"),
        ("curl/8.0", "Onbekende browser"),
        ("", "Onbekende browser"),
    ],
)
def test_a_browser_is_named_as_people_know_it(agent, label):
    assert describe_browser(agent) == label


@pytest.fixture(autouse=True)
def lars_has_a_password():
    user = cast.lars()
    user.set_password(cast.PASSWORD)
    user.save()


def log_in(agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    user = cast.lars()
    response = client.post(reverse("login"), {"username": user.email, "password": cast.PASSWORD})
    assert response.status_code == 302
    return client


def test_the_profile_lists_the_sessions_and_ends_another_at_once():
    office, phone = log_in(FIREFOX_WINDOWS), log_in(SAFARI_IPHONE)
    page = office.get(reverse("profile")).content.decode()
    assert "Firefox op Windows</strong> (deze sessie)" in page
    assert "Safari op iOS</strong><br>" in page
    # No session key reaches the page; the forms name a session by its public id.
    for session in UserSession.objects.all():
        assert session.session_key not in page
    on_phone = UserSession.objects.get(user_agent=SAFARI_IPHONE)
    response = office.post(reverse("session_end", args=[on_phone.public_id]), follow=True)
    assert "De sessie is beëindigd." in response.content.decode()
    assert phone.get(reverse("home")).status_code == 302  # logged out on the phone
    assert office.get(reverse("home")).status_code == 200
    event = AuditEvent.objects.filter(action="session.ended").get()
    assert (event.actor, event.changes) == (cast.lars(), {"browser": ["Safari op iOS", None]})


def test_the_current_session_and_another_persons_are_not_ended():
    office = log_in(FIREFOX_WINDOWS)
    mine = UserSession.objects.get()
    response = office.post(reverse("session_end", args=[mine.public_id]), follow=True)
    assert "Log uit om haar te beëindigen." in response.content.decode()
    other = Client()
    other.force_login(cast.eva())
    theirs = UserSession.objects.get(user=cast.eva())
    response = office.post(reverse("session_end", args=[theirs.public_id]), follow=True)
    assert "Deze sessie bestaat niet (meer)" in response.content.decode()
    assert other.get(reverse("home")).status_code == 200
    assert not AuditEvent.objects.filter(action="session.ended").exists()


def test_all_other_sessions_end_together():
    office, phone, laptop = log_in(FIREFOX_WINDOWS), log_in(SAFARI_IPHONE), log_in(EDGE)
    response = office.post(reverse("sessions_end_others"), follow=True)
    assert "Je andere sessies zijn beëindigd." in response.content.decode()
    assert [phone.get("/").status_code, laptop.get("/").status_code] == [302, 302]
    assert office.get(reverse("home")).status_code == 200
    event = AuditEvent.objects.get(action="session.ended")
    assert event.changes == {"sessions": [2, 0]}
    response = office.post(reverse("sessions_end_others"), follow=True)
    assert "Je had geen andere sessies." in response.content.decode()
