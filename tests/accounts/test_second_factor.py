"""The second factor (accounts/second_factor.py, accounts/login_views.py), tried with a real
authenticator's codes: set up from the profile page, asked at every password login, refused
when reused, from the wrong window or guessed; recovery codes once each; required for the
roles that sign and manage; and the password asked again before managing members or signing."""

from urllib.parse import urlencode

import pytest
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor
from accounts.models import AuditEvent, User
from tests.support import cast
from tests.support.second_factor import totp_code

pytestmark = pytest.mark.django_db


def with_password(user: User) -> User:
    user.set_password(cast.PASSWORD)
    user.save()
    return user


def password_step(client: Client, user: User, next_url: str = ""):
    url = reverse("login") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    return client.post(url, {"username": user.email, "password": cast.PASSWORD})


def set_up(client: Client) -> tuple[str, list[str]]:
    """Through the page: scan (read the secret from the session), type the current code."""
    page = client.get(reverse("login_enrol"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "QR-code voor je authenticator-app" in html
    key = client.session[second_factor.ENROLMENT_KEY]
    assert "".join(html.split('class="secret-key">')[1].split("<")[0].split()) != ""
    wrong = client.post(reverse("login_enrol"), {"code": totp_code(key, steps_from_now=5)})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()
    assert not TOTPDevice.objects.exists()  # a wrong code leaves nothing behind
    done = client.post(reverse("login_enrol"), {"code": totp_code(key)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    return key, codes


def test_set_up_on_the_profile_page_then_asked_at_every_login(client):
    user = with_password(cast.lars())
    client.force_login(user)
    key, codes = set_up(client)
    assert AuditEvent.objects.filter(action="second_factor.added", actor=user).count() == 1
    assert "Aan: bij het inloggen" in client.get(reverse("profile")).content.decode()

    browser = Client()
    response = password_step(browser, user, next_url="/organisaties/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login_code"))
    assert browser.get(reverse("home")).status_code == 302  # not logged in yet
    # The code used to set it up cannot be used again.
    reused = browser.post(response["Location"], {"code": totp_code(key)})
    assert reused.status_code == 200
    assert "al gebruikt" in reused.content.decode()
    # One from three windows ahead is refused too.
    assert browser.post(response["Location"], {"code": totp_code(key, 3)}).status_code == 200
    logins = AuditEvent.objects.filter(action="user.logged_in").count()
    # The next window's code (the app's clock slightly ahead) logs in, and goes on to `next`.
    device = TOTPDevice.objects.get()
    device.throttle_reset()  # the two wrong codes above slowed further tries down
    ok = browser.post(response["Location"], {"code": totp_code(key, 1)})
    assert (ok.status_code, ok["Location"]) == (302, "/organisaties/")
    assert browser.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="user.logged_in").count() == logins + 1
    failures = AuditEvent.objects.filter(action="user.login_failed")
    assert [event.changes["second_factor"] for event in failures] == [[None, True]] * 2

    # A recovery code works once.
    other = Client()
    password_step(other, user)
    assert other.post(reverse("login_code"), {"code": codes[0]}).status_code == 302
    again = Client()
    password_step(again, user)
    device.refresh_from_db()
    assert again.post(reverse("login_code"), {"code": codes[0]}).status_code == 200


def test_guessing_codes_is_locked_out_like_passwords(client, settings):
    user = with_password(cast.lars())
    client.force_login(user)
    key, _codes = set_up(client)
    browser = Client()
    password_step(browser, user)
    answers = []
    for guess in range(settings.AXES_FAILURE_LIMIT):
        answers.append(browser.post(reverse("login_code"), {"code": f"{guess:06d}"}).status_code)
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    # Even the right code is refused now.
    TOTPDevice.objects.update(throttling_failure_count=0)
    assert browser.post(reverse("login_code"), {"code": totp_code(key, 1)}).status_code == 429
    assert browser.get(reverse("home")).status_code == 302


def test_without_a_password_step_the_code_page_sends_back_to_login(client):
    response = client.post(reverse("login_code"), {"code": "123456"})
    assert response["Location"] == reverse("login")
    assert client.get(reverse("login_enrol"))["Location"] == reverse("login")


def test_the_password_step_lasts_five_minutes(client):
    user = with_password(cast.lars())
    client.force_login(user)
    key, _codes = set_up(client)
    browser = Client()
    password_step(browser, user)
    session = browser.session
    session[second_factor.PENDING_SINCE] -= second_factor.PENDING_MINUTES * 60 + 1
    session.save()
    assert browser.post(reverse("login_code"), {"code": totp_code(key, 1)})["Location"] == reverse(
        "login"
    )


@pytest.mark.parametrize("person", ["kees", "bram", "sita"])
def test_signatories_managers_and_staff_set_it_up_at_their_next_login(person, settings):
    settings.SECOND_FACTOR = "roles"
    user = with_password(getattr(cast, person)())
    browser = Client()
    response = password_step(browser, user)
    assert response["Location"] == reverse("login_enrol")
    assert browser.get(reverse("home")).status_code == 302
    page = browser.get(reverse("login_enrol")).content.decode()
    assert "Voor jouw rol is een tweede factor verplicht" in page
    key = browser.session[second_factor.ENROLMENT_KEY]
    assert browser.post(reverse("login_enrol"), {"code": totp_code(key)}).status_code == 200
    assert browser.get(reverse("home")).status_code == 200
    # And it cannot be switched off.
    response = browser.post(reverse("second_factor_remove"), follow=True)
    assert "is een tweede factor verplicht" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()


def test_a_reader_logs_in_with_a_password_alone_unless_everyone_must(settings):
    settings.SECOND_FACTOR = "roles"
    user = with_password(cast.lars())
    assert password_step(Client(), user)["Location"] == reverse("home")
    settings.SECOND_FACTOR = "everyone"
    assert password_step(Client(), user)["Location"] == reverse("login_enrol")


def test_managing_members_and_signing_ask_for_the_password_again(client, settings, demo):
    settings.REAUTHENTICATE_MINUTES = 15
    bram = with_password(cast.bram())
    client.force_login(bram)
    members = reverse("member_list", args=[cast.bernheze().pk])
    assert client.get(members).status_code == 200  # just logged in
    session = client.session
    session[second_factor.AUTHENTICATED_AT] -= 16 * 60
    session.save()
    response = client.get(members)
    assert response["Location"] == f"{reverse('reauthenticate')}?{urlencode({'next': members})}"
    wrong = client.post(response["Location"], {"password": "niet-het-wachtwoord"})
    assert wrong.status_code == 200
    assert "Dit wachtwoord klopt niet" in wrong.content.decode()
    right = client.post(response["Location"], {"password": cast.PASSWORD})
    assert right["Location"] == members
    assert client.get(members).status_code == 200
    assert AuditEvent.objects.filter(action="user.reauthenticated", actor=bram).exists()

    kees = with_password(cast.kees())
    signer = Client()
    signer.force_login(kees)
    session = signer.session
    session[second_factor.AUTHENTICATED_AT] -= 16 * 60
    session.save()
    sign = reverse("version_sign", args=[demo.pk, 1])
    assert signer.get(sign)["Location"].startswith(reverse("reauthenticate"))


def test_with_a_second_factor_the_confirmation_asks_for_the_code_too(client, settings):
    settings.REAUTHENTICATE_MINUTES = 15
    user = with_password(cast.lars())
    client.force_login(user)
    key, _codes = set_up(client)
    page = client.get(reverse("reauthenticate")).content.decode()
    assert 'name="code"' in page
    response = client.post(reverse("reauthenticate"), {"password": cast.PASSWORD})
    assert response.status_code == 200
    ok = client.post(
        reverse("reauthenticate"), {"password": cast.PASSWORD, "code": totp_code(key, 1)}
    )
    assert ok.status_code == 302


def test_check_deploy_warns_when_the_second_factor_is_optional(settings):
    settings.SECOND_FACTOR = "optional"
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "spelregels.W001" in ids
    settings.SECOND_FACTOR = "roles"
    ids = [message.id for message in run_checks(include_deployment_checks=True)]
    assert "spelregels.W001" not in ids


def test_new_recovery_codes_and_switching_it_off(client):
    user = with_password(cast.lars())
    client.force_login(user)
    _key, old_codes = set_up(client)
    renewed = client.post(reverse("second_factor_codes"))
    new_codes = renewed.context["codes"]
    assert set(new_codes).isdisjoint(old_codes)
    assert AuditEvent.objects.filter(action="second_factor.codes_renewed", actor=user).exists()
    browser = Client()
    password_step(browser, user)
    assert browser.post(reverse("login_code"), {"code": old_codes[0]}).status_code == 200
    response = client.post(reverse("second_factor_remove"), follow=True)
    assert "De tweede factor staat uit." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="second_factor.removed", actor=user).exists()
    assert password_step(Client(), user)["Location"] == reverse("home")


def test_staff_give_their_second_factor_at_the_admins_login_too(settings):
    settings.SECOND_FACTOR = "roles"
    staff = with_password(cast.sita())
    browser = Client()
    response = browser.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": staff.email, "password": cast.PASSWORD, "next": "/admin/"},
    )
    assert response["Location"] == f"{reverse('login_enrol')}?{urlencode({'next': '/admin/'})}"
    assert browser.get("/admin/").status_code == 302  # not in yet
    assert browser.get(response["Location"]).status_code == 200  # the QR code
    key = browser.session[second_factor.ENROLMENT_KEY]
    done = browser.post(response["Location"], {"code": totp_code(key)})
    assert done.context["next"] == "/admin/"
    assert browser.get("/admin/").status_code == 200
    # Next time: the code page, then the admin.
    again = Client()
    response = again.post(
        reverse("admin:login"),
        {"username": staff.email, "password": cast.PASSWORD, "next": "/admin/"},
    )
    assert response["Location"].startswith(reverse("login_code"))
    ok = again.post(response["Location"], {"code": totp_code(key, 1)})
    assert ok["Location"] == "/admin/"
