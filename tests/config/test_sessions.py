"""Sessions are Django's database sessions, read by a precompiled query (config/sessions.py):
a real login holds, and an expired, ended or unknown session is no session."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.sessions import SESSION, SessionStore
from tests.support import cast

pytestmark = pytest.mark.django_db


def logged_in(client: Client) -> Client:
    user = cast.lars()
    user.set_password(cast.PASSWORD)
    user.save()
    response = client.post(reverse("login"), {"username": user.email, "password": cast.PASSWORD})
    assert response.status_code == 302
    return client


def test_a_real_login_holds_until_the_session_expires(client):
    home = reverse("home")
    logged_in(client)
    assert client.get(home).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_logged_out_session_is_gone(client):
    home = reverse("home")
    logged_in(client)
    old = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    client.cookies["sessionid"] = old  # replayed after logging out
    assert client.get(home).status_code == 302


def test_the_precompiled_read_answers_as_the_queryset():
    store = SessionStore()
    store["marker"] = "waarde"
    store.save()
    found = SESSION.first(session_key=store.session_key)
    expected = Session.objects.get(session_key=store.session_key)
    assert found is not None
    assert (found.session_key, found.session_data, found.expire_date) == (
        expected.session_key,
        expected.session_data,
        expected.expire_date,
    )
    assert SessionStore(store.session_key)["marker"] == "waarde"
    assert SESSION.first(session_key="onbekende-sleutel-0000") is None
    unknown = SessionStore("onbekende-sleutel-0000")
    assert unknown.load() == {}
    assert unknown.session_key is None
