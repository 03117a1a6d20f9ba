"""Login throttling tried as an attacker would (accounts/throttling.py): a forged
X-Forwarded-For does not start a fresh count, one password tried on many accounts from one
address is refused, and so is one account tried from many addresses."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import AuditEvent, User
from accounts.throttling import client_address

pytestmark = pytest.mark.django_db

PASSWORD = "een-goed-wachtwoord-2026"  # noqa: S105 -- a test account's


def account(number: int) -> User:
    return User.objects.create_user(f"medewerker{number}@bernheze.example.nl", PASSWORD)


def attempt(client: Client, user: User, password: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post(reverse("login"), {"username": user.email, "password": password}, **headers)


def test_a_forged_forwarded_address_does_not_start_a_fresh_count(client):
    user = account(1)
    answers = [
        attempt(client, user, "fout", forwarded=f"93.184.216.{n}").status_code for n in range(15)
    ]
    assert answers == [200] * 4 + [429] * 11  # the connection's address counts, not the header
    response = attempt(client, user, PASSWORD, forwarded="93.184.216.200")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_behind_a_configured_proxy_each_client_counts_on_its_own(client, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    user = account(1)
    for _ in range(5):
        attempt(client, user, "fout", forwarded="203.0.113.7")
    assert attempt(client, user, PASSWORD, forwarded="203.0.113.7").status_code == 429
    # A colleague behind the same proxy, with the right password: in.
    assert attempt(client, user, PASSWORD, forwarded="203.0.113.8").status_code == 302
    # What the client put in front is not believed; the proxy's last entry is.
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"
    garbage = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="<script>", REMOTE_ADDR="192.0.2.1")
    assert client_address(garbage) == "192.0.2.1"


def test_one_password_sprayed_over_ten_accounts_is_refused(client, settings):
    users = [account(n) for n in range(11)]
    answers = [attempt(client, user, "Welkom2026!").status_code for user in users[:10]]
    limit = settings.LOGIN_ACCOUNTS_PER_ADDRESS
    assert answers == [200] * limit + [429] * (10 - limit)
    refused = attempt(client, users[10], PASSWORD)  # even the right password, from here
    assert refused.status_code == 429
    assert "voor te veel verschillende e-mailadressen" in refused.content.decode()
    # Every refusal is a failed login in the trail.
    failed = AuditEvent.objects.filter(action="user.login_failed").count()
    assert failed == 11
    # Someone elsewhere is not affected.
    elsewhere = Client(REMOTE_ADDR="192.0.2.55")
    assert attempt(elsewhere, users[10], PASSWORD).status_code == 302


def test_one_account_tried_from_many_addresses_is_refused(client, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    user = account(1)
    for n in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        assert attempt(client, user, "fout", forwarded=f"198.51.100.{n}").status_code == 200
    refused = attempt(client, user, PASSWORD, forwarded="198.51.100.250")
    assert refused.status_code == 429
    assert "Voor dit e-mailadres is te vaak een verkeerd wachtwoord ingevuld" in (
        refused.content.decode()
    )
    # The same count whatever the case of the address typed.
    shouted = client.post(
        reverse("login"),
        {"username": user.email.upper(), "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.251",
    )
    assert shouted.status_code == 429
