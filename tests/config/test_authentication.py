"""The logged-in user is read by a precompiled query (config/authentication.py): the same user
as Django's ModelBackend reads, and nobody once the account is deactivated or its password
changed."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.urls import reverse

from accounts.models import User
from config.authentication import Backend
from tests.support import cast

pytestmark = pytest.mark.django_db


def test_the_backend_reads_the_user_as_model_backend_does():
    user = cast.eva()
    found = Backend().get_user(user.pk)
    expected = ModelBackend().get_user(user.pk)
    assert found is not None and expected is not None
    fields = [field.attname for field in User._meta.concrete_fields]
    assert [getattr(found, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert Backend().get_user(-1) is None


def test_a_deactivated_or_deleted_user_is_logged_out_at_once(client):
    user = cast.lars()
    user.set_password(cast.PASSWORD)
    user.save()
    client.post(reverse("login"), {"username": user.email, "password": cast.PASSWORD})
    home = reverse("home")
    assert client.get(home).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(home).status_code == 302
    User.objects.filter(pk=user.pk).update(is_active=True)
    assert client.get(home).status_code == 200
    # A new password (set elsewhere) ends the session: the session hash no longer matches.
    user.set_password("een-heel-ander-wachtwoord")
    user.save()
    assert client.get(home).status_code == 302
