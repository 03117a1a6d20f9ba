"""The demo logins that `make run` prints work in a real browser."""

import pytest

from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_every_demo_role_logs_in_and_out(page):
    logins = seed_demo()
    shown = [login for login in logins if "bernheze" in login.email or login.role == "staf"]
    assert {login.role for login in shown} == {
        "lezer",
        "opsteller",
        "ondertekenaar",
        "beheerder",
        "staf",
    }
    for login in shown:
        log_in(page, login.email, DEMO_PASSWORD)
        assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom")
        page.get_by_role("button", name="Uitloggen").click()
        assert page.url.endswith("/inloggen/")


def test_wrong_password_shows_a_clear_message_and_keeps_the_email(page):
    seed_demo()
    eva = cast.eva()
    log_in(page, eva.email, "verkeerd-wachtwoord")
    alert = page.get_by_role("alert").first
    assert "Deze combinatie van e-mailadres en wachtwoord kennen we niet" in alert.inner_text()
    assert page.get_by_label("E-mailadres").input_value() == eva.email


def test_beheerder_adds_a_member_in_the_browser(page):
    seed_demo()
    log_in(page, cast.bram().email, DEMO_PASSWORD)
    page.get_by_role("link", name="Leden beheren").first.click()
    page.get_by_label("E-mailadres").fill("nina@bernheze.nl")
    page.get_by_label("Naam", exact=True).fill("Nina Nieuw")
    page.get_by_label("Rol", exact=True).select_option("opsteller")
    page.get_by_role("button", name="Lid toevoegen").click()
    assert "Nina Nieuw is toegevoegd als opsteller." in page.get_by_role("status").inner_text()
