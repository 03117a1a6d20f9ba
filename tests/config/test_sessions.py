"""Sessions are Django's database sessions in `accounts.UserSession`, read with their person by
one precompiled query (config/sessions.py, config/authentication.py): a real login holds, an
expired, idle, ended or unknown session is no session, and the person comes from the session's
own query only when the session vouches for them."""

from datetime import timedelta

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User, UserSession
from config.sessions import SESSION, TOUCH_EVERY, SessionStore
from tests.support import cast

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"


def logged_in(client: Client, user: User | None = None) -> Client:
    user = user or cast.lars()
    user.set_password(cast.PASSWORD)
    user.save()
    response = client.post(
        reverse("login"),
        {"username": user.email, "password": cast.PASSWORD},
        HTTP_USER_AGENT=BROWSER,
    )
    assert response.status_code == 302
    return client


def test_a_real_login_holds_until_the_session_expires(client):
    home = reverse("home")
    logged_in(client)
    assert client.get(home).status_code == 200
    UserSession.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_session_unused_for_the_idle_time_ends(client, settings):
    settings.SESSION_IDLE_MINUTES = 30
    home = reverse("home")
    logged_in(client)
    UserSession.objects.update(last_seen_at=timezone.now() - timedelta(minutes=29))
    assert client.get(home).status_code == 200  # used: the clock starts again
    assert UserSession.objects.get().last_seen_at > timezone.now() - timedelta(minutes=1)
    UserSession.objects.update(last_seen_at=timezone.now() - timedelta(minutes=31))
    assert client.get(home).status_code == 302


def test_a_page_writes_the_last_use_at_most_once_a_minute(client):
    logged_in(client)
    home = reverse("home")
    client.get(home)
    with CaptureQueriesContext(connection) as queries:
        client.get(home)
    assert not any(q["sql"].startswith("UPDATE") for q in queries.captured_queries)
    UserSession.objects.update(last_seen_at=timezone.now() - TOUCH_EVERY)
    with CaptureQueriesContext(connection) as queries:
        client.get(home)
    assert sum(q["sql"].startswith("UPDATE") for q in queries.captured_queries) == 1


def test_the_row_names_its_person_and_browser_and_keeps_its_id(client):
    user = cast.lars()
    logged_in(client, user)
    session = UserSession.objects.get()
    assert (session.user, session.user_agent) == (user, BROWSER)
    # A later save of the session (here: a message for the next page) keeps the row's id.
    client.post(reverse("profile"), {"full_name": "Lars", "function": "", "phone": ""})
    again = UserSession.objects.get()
    assert (again.public_id, again.created_at) == (session.public_id, session.created_at)


def test_a_logged_out_session_is_gone(client):
    home = reverse("home")
    logged_in(client)
    old = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    client.cookies["sessionid"] = old  # replayed after logging out
    assert client.get(home).status_code == 302


def test_the_session_and_its_person_are_one_query(client):
    logged_in(client)
    home = reverse("home")
    client.get(home)
    with CaptureQueriesContext(connection) as queries:
        client.get(home)
    tables = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "accounts_usersession"' in sql for sql in tables) == 1
    assert not any('FROM "accounts_user" ' in sql and "WHERE" in sql for sql in tables), tables


def test_a_session_that_does_not_vouch_for_its_person_is_asked_of_django(client):
    user = cast.lars()
    logged_in(client, user)
    home = reverse("home")
    # A session hash that is not the current password's: Django's check logs the person out.
    store = SessionStore(client.cookies["sessionid"].value)
    store[HASH_SESSION_KEY] = "niet-de-goede-hash"
    store.save()
    assert client.get(home).status_code == 302


def test_the_precompiled_read_answers_as_the_queryset(client):
    user = cast.lars()
    logged_in(client, user)
    key = client.cookies["sessionid"].value
    found = SESSION.first(session_key=key)
    expected = UserSession.objects.get(session_key=key)
    assert found is not None
    fields = ["session_key", "session_data", "expire_date", "public_id", "user_id"]
    assert [getattr(found, f) for f in fields] == [getattr(expected, f) for f in fields]
    store = SessionStore(key)
    store.load()
    assert store.loaded_user is not None
    names = [field.attname for field in User._meta.concrete_fields]
    user.refresh_from_db()  # the login set last_login
    assert [getattr(store.loaded_user, n) for n in names] == [getattr(user, n) for n in names]
    assert SESSION.first(session_key="onbekende-sleutel-0000") is None
    unknown = SessionStore("onbekende-sleutel-0000")
    assert unknown.load() == {}
    assert unknown.session_key is None


def test_a_session_before_login_has_no_person():
    store = SessionStore()
    store["marker"] = "waarde"
    store.save()
    again = SessionStore(store.session_key)
    assert again["marker"] == "waarde"
    assert again.loaded_user is None
    assert UserSession.objects.get(session_key=store.session_key).user is None
