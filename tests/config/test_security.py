"""Hardening: response headers, production defaults, CSRF everywhere, login throttling."""

import json
import secrets
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent
from demo.scenario import DEMO_PASSWORD
from tests.support import cast
from tests.support.deploy import ROOT, production_env

pytestmark = pytest.mark.django_db


def test_every_page_sends_a_strict_content_security_policy_and_frame_denial(client):
    response = client.get(reverse("login"))
    policy = dict(
        (part.split()[0], part.split()[1:])
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no eval
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.demo(history=True)
def test_pages_carry_no_inline_script_or_style(client, demo):
    client.force_login(cast.eva())
    agreement = demo
    for url in (
        reverse("home"),
        reverse("agreement_list"),
        reverse("agreement_detail", args=[agreement.pk]),
        reverse("agreement_step", args=[agreement.pk, "partijen"]),
        reverse("version_detail", args=[agreement.pk, 2]),
        reverse("verify"),
    ):
        html = client.get(url).content.decode()
        for script in html.split("<script")[1:]:
            assert " src=" in script.split(">")[0], f"inline script on {url}"
        assert " style=" not in html, f"inline style on {url}"
        assert " onclick=" not in html and " onchange=" not in html


def test_production_defaults(tmp_path):
    """What a production environment gets without setting anything: HTTPS only, HSTS a year
    with subdomains, secure and HTTP-only cookies, sessions of one working day that end when
    the browser closes, login throttling on."""
    env = production_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(64))
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SESSION_COOKIE_AGE', 'SESSION_EXPIRE_AT_BROWSER_CLOSE', 'X_FRAME_OPTIONS', "
        "'AXES_FAILURE_LIMIT', 'AXES_IPWARE_PROXY_COUNT', 'SECOND_FACTOR', "
        "'REAUTHENTICATE_MINUTES', 'SESSION_IDLE_MINUTES']}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_AGE": 8 * 60 * 60,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "X_FRAME_OPTIONS": "DENY",
        "AXES_FAILURE_LIMIT": 5,
        "AXES_IPWARE_PROXY_COUNT": 0,
        "SECOND_FACTOR": "roles",
        "REAUTHENTICATE_MINUTES": 15,
        "SESSION_IDLE_MINUTES": 60,
    }


def test_hsts_is_sent_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize(
    "name,args",
    [
        ("login", []),
        ("password_reset", []),
        ("agreement_new", []),
        ("verify", []),
        ("set_language", []),
    ],
)
def test_forms_refuse_a_post_without_csrf_token(name, args, demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.eva())
    response = client.post(reverse(name, args=args), {})
    assert response.status_code == 403


def _fail_login(client, email, password="fout-wachtwoord"):  # noqa: S107
    return client.post(reverse("login"), {"username": email, "password": password})


def test_logins_are_throttled_after_five_failures(client, demo):
    email = cast.lars().email
    for _ in range(4):
        assert _fail_login(client, email).status_code == 200  # the form with its message
    locked = _fail_login(client, email)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Te veel mislukte pogingen om in te loggen" in html
    assert "over 15 minuten opnieuw" in html
    # Now even the right password is refused for a while ...
    assert _fail_login(client, email, DEMO_PASSWORD).status_code == 429
    # ... but other people can still log in from the same place.
    other = _fail_login(client, cast.email("lezer", "oss"), DEMO_PASSWORD)
    assert other.status_code == 302
    assert AuditEvent.objects.filter(action="user.login_failed").count() >= 5


def test_a_successful_login_resets_the_count(client, demo):
    email = cast.lars().email
    for _ in range(4):
        _fail_login(client, email)
    assert _fail_login(client, email, DEMO_PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _fail_login(client, email).status_code == 200
