"""Pages outside the crawl (tests/e2e/test_crawl.py) pass axe-core's WCAG 2.1 AA rules: forms
answered with errors, the password-reset pages with a token, the skip link."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Membership, Organisation
from agreements.models import Agreement
from demo.scenario import DEMO_PASSWORD, seed_demo
from notifications.models import Kind
from notifications.sending import notify
from tests.support import cast
from tests.support.browser import axe_violations, follow, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, path: str) -> None:
    page.goto(path)
    assert axe_violations(page) == [], path


def test_anonymous_pages_are_accessible(page):
    seed_demo()
    user = cast.lars()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    for path in [
        "/inloggen/",
        "/wachtwoord/vergeten/",
        "/wachtwoord/vergeten/verzonden/",
        "/wachtwoord/hersteld/",
        f"/wachtwoord/herstellen/{uid}/{token}/",
        f"/wachtwoord/herstellen/{uid}/ongeldig-token/",
    ]:
        assert_accessible(page, path)
    page.goto("/wachtwoord/vergeten/")
    follow(page.get_by_role("button", name="Stuur mij een link"))
    assert axe_violations(page) == [], "password reset with errors"
    log_in(page, "niemand@example.nl", "fout")
    assert axe_violations(page) == [], "login with errors"


def test_a_form_with_errors_and_the_bell_with_a_notification_are_accessible(page):
    """Every page as each role first sees it is in the crawl (test_crawl.py); here a form
    answered with errors and a notification under the bell."""
    seed_demo()
    bernheze = Organisation.objects.get(code="GM1721")
    reader = Membership.objects.get(user=cast.lars())
    agreement = Agreement.objects.get()
    notify(  # something under the bell
        kind=Kind.PARTY_INVITED,
        recipients=[reader.organisation.memberships.get(role="beheerder").user],
        title="Bernheze is partij bij “RES”",
        url=f"/afspraken/{agreement.pk}/",
        key="e2e",
    )
    log_in(page, cast.bram().email, DEMO_PASSWORD)
    assert_accessible(page, "/meldingen/")
    page.goto(f"/organisaties/{bernheze.pk}/leden/")
    follow(page.get_by_role("button", name="Lid toevoegen"))
    assert axe_violations(page) == [], "member form with errors"


def test_new_agreement_page_is_accessible(page):
    seed_demo()
    log_in(page, cast.eva().email, DEMO_PASSWORD)
    assert_accessible(page, "/afspraken/nieuw/")
    follow(page.get_by_role("button", name="Afspraak aanmaken"))
    assert axe_violations(page) == [], "new agreement with errors"


def test_skip_link_moves_focus_to_the_content(page):
    seed_demo()
    log_in(page, cast.lars().email, DEMO_PASSWORD)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_comment_and_review_pages_are_accessible(page):
    """The Overleg page, a step's comments panel, the check with its review round and the
    adopt page with what is outstanding; and a comment refused with its error."""
    from datetime import date

    from agreements.discussion import comments, reviews

    seed_demo()
    agreement = Agreement.objects.get()
    editor = cast.eva()
    reader = cast.lars()
    mandate = agreement.mandates.order_by("position").first()
    thread = comments.start_thread(
        agreement=agreement,
        acting_user=editor,
        step="tafels",
        body="Elk kwartaal?",
        visibility="gedeeld",
        anchor=f"mandate:{mandate.pk}",
    )
    comments.reply(thread=thread, acting_user=reader, body="Eens.", mentions=[editor])
    internal = comments.start_thread(
        agreement=agreement, acting_user=reader, step="tafels", body="Intern", visibility="intern"
    )
    comments.resolve_thread(thread=internal, acting_user=editor)
    oss = Organisation.objects.get(code="GM0828")
    reviews.request_review(
        agreement=agreement,
        acting_user=editor,
        due_date=date(2099, 1, 1),
        reviewers=[reader],
        parties=[oss],
        note="Graag voor de stuurgroep.",
    )
    log_in(page, cast.eva().email, DEMO_PASSWORD)
    for path in [
        f"/afspraken/{agreement.pk}/overleg/",
        f"/afspraken/{agreement.pk}/stappen/tafels/",
        f"/afspraken/{agreement.pk}/stappen/controle/",
        f"/afspraken/{agreement.pk}/vaststellen/",
    ]:
        assert_accessible(page, path)
    page.goto(f"/afspraken/{agreement.pk}/overleg/")
    page.locator("#step-opgave summary").click()
    follow(page.locator("#new-thread-opgave [type=submit]"))
    assert "Schrijf een opmerking." in page.content()
    assert axe_violations(page) == [], "comment with errors"


def test_search_results_with_marks_a_suggestion_and_hints_are_accessible(page):
    """The registry's search: fragments with marked words, a "Bedoelde je …?" (PostgreSQL),
    the hints when nothing is found, the note on what SQLite lacks."""
    seed_demo()
    log_in(page, cast.lars().email, DEMO_PASSWORD)
    for query in ["waterschap", "GM1721", "Bernhze", "kernenergie", "de het"]:
        assert_accessible(page, f"/afspraken/?q={query}")
