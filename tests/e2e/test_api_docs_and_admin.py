"""The API documentation and the admin, seen by staff: no axe WCAG 2.1 A/AA violation and no
console error (the Content-Security-Policy blocks nothing they need)."""

import pytest
from django.urls import reverse

from accounts.models import Organisation
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_and_the_admin_are_accessible_without_console_errors(page):
    seed_demo()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    log_in(page, cast.sita().email, DEMO_PASSWORD)
    organisation = Organisation.objects.get(code="GM1721")
    for path in [
        reverse("api:docs"),
        reverse("admin:index"),
        reverse("admin:accounts_organisation_changelist"),
        reverse("admin:accounts_organisation_change", args=[organisation.pk]),
        reverse("admin:accounts_auditevent_changelist"),
        reverse("admin:agreements_agreement_changelist"),
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if path == reverse("api:docs"):
            # Swagger UI draws the operations after loading the schema.
            page.locator(".opblock").first.wait_for()
        assert axe_violations(page) == [], path
    assert problems == [], "\n".join(problems)
