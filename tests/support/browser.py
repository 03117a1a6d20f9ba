"""Helpers for the browser tests (tests/e2e/): logging in, following links, axe-core."""

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page and return its WCAG 2.1 AA violations, summarised."""
    # Loaded from the application's own static files: the Content-Security-Policy allows
    # scripts from 'self' only, so an inline copy would be blocked (as it should be).
    assert AXE.exists(), "axe-core ontbreekt: draai `make setup`"
    if not page.evaluate("typeof axe !== 'undefined'"):  # once per page, not per run
        page.add_script_tag(url="/static/vendor/axe/axe.min.js")
    # Only the violations: axe then leaves out the details of what passed, a good part of its time.
    result = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [
        {
            "id": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


def follow(locator) -> None:
    """Click a link or submit button and wait for the next page to load.

    Without the wait, a check that follows could run on the page being left."""
    with locator.page.expect_navigation():
        locator.click()


def log_in(page, email: str, password: str) -> None:
    page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    # Wait for the page after the login, whether the login succeeded or not.
    follow(page.get_by_role("button", name="Inloggen"))


def fill_signing_form(page, *, basis: str, place: str) -> None:
    """The signing form's answers: the mandate the signatory acts on, the place, and that they
    read the version (the button is left to the test)."""
    page.get_by_label("Bevoegd op grond van").fill(basis)
    page.get_by_label("Plaats").fill(place)
    page.get_by_label("Ik heb deze versie gelezen").check()
