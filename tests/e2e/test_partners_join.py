"""A partner joins without the admin: Gemeente Oss adds a housing corporation that is not in the
registry, invites its ondertekenaar, who chooses a password from the e-mail's link and signs the
adopted agreement. No admin page is visited."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import AuditAction, AuditEvent, Organisation, Role
from agreements.models import Agreement
from agreements.versions.adoption import adopt_version
from demo.scenario import DEMO_PASSWORD, seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, follow, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PARTNER = "Woonstichting Thuis in Maasland"


def test_an_editor_adds_a_partner_whose_invited_signatory_signs(
    browser, live_server, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    seed_demo()
    agreement = Agreement.objects.get()
    editor = cast.person("oss", Role.OPSTELLER)
    parties_url = f"/afspraken/{agreement.pk}/stappen/partijen/"
    visited: list[str] = []
    contexts = [browser.new_context(base_url=live_server.url, locale="nl-NL") for _ in range(2)]
    for context in contexts:
        context.on("request", lambda request: visited.append(request.url))
    try:
        page = contexts[0].new_page()
        log_in(page, editor.email, DEMO_PASSWORD)
        page.goto(f"{parties_url}?zoek=Thuis+in+Maasland#add-party-heading")
        expect(
            page.get_by_text("Geen organisatie gevonden voor ‘Thuis in Maasland’.")
        ).to_be_visible()
        # What the editor typed in the step itself must survive everything below.
        contact = page.locator("#id_parties-0-civil_contact")
        contact.fill("Anna de Wit, 0412-123456")

        page.get_by_text("Staat de organisatie er niet bij? Voeg een partner toe").click()
        page.get_by_label("Naam", exact=True).first.fill(PARTNER)
        page.get_by_label("Soort organisatie").select_option("woningcorporatie")
        page.get_by_label("KvK-nummer").fill("1234567")
        page.get_by_label("Vestigingsplaats").fill("Oss")
        follow(page.get_by_role("button", name="Voeg toe als partij"))
        # Under the field, and in the page's error summary as a link to it.
        expect(page.locator("#id_nieuw-kvk_number_error")).to_contain_text(
            "Een KvK-nummer heeft acht cijfers"
        )
        expect(
            page.locator("[data-error-summary]").get_by_role("link", name="KvK-nummer: Een KvK")
        ).to_be_visible()
        expect(page.locator("#id_nieuw-name")).to_have_value(PARTNER)  # kept
        expect(contact).to_have_value("Anna de Wit, 0412-123456")  # saved along
        assert axe_violations(page) == [], "the new partner form with its error"
        page.locator("#id_nieuw-kvk_number").fill("12345678")
        follow(page.get_by_role("button", name="Voeg toe als partij"))
        expect(page.get_by_role("status").first).to_contain_text("is partij")
        partner = Organisation.objects.get(official_name=PARTNER)
        assert partner.added_by == cast.organisation("oss") and partner.verified_at is None
        section = page.locator(f"#uitnodigen-{partner.pk}")
        expect(section).to_contain_text("toegevoegd door Gemeente Oss")
        expect(section).to_contain_text("Nog geen leden.")

        section.get_by_label("E-mailadres").fill("m.kok@thuisinmaasland.example.nl")
        section.get_by_label("Naam").fill("Marieke Kok")
        section.get_by_label("Rol").select_option("ondertekenaar")
        follow(section.get_by_role("button", name=re.compile("Nodig uit voor")))
        expect(page.get_by_text("De uitnodiging is verstuurd naar")).to_be_visible()
        # Inviting the same address again: a clear message, nothing sent twice.
        section = page.locator(f"#uitnodigen-{partner.pk}")
        section.get_by_label("E-mailadres").fill("m.kok@thuisinmaasland.example.nl")
        follow(section.get_by_role("button", name=re.compile("Nodig uit voor")))
        expect(page.locator("[data-error-summary]")).to_contain_text("is al uitgenodigd voor")
        expect(page.locator(f"#uitnodigen-{partner.pk}")).to_contain_text("is al uitgenodigd voor")
        invitations = [mail for mail in mailoutbox if "Uitnodiging" in mail.subject]
        assert len(invitations) == 1
        [link] = re.findall(r"https?://\S+/uitnodiging/\S+/", invitations[0].body)

        # The invitee chooses a password and lands on the agreement.
        invitee = contexts[1].new_page()
        invitee.goto(link)
        expect(invitee.get_by_text(f"namens {PARTNER}")).to_be_visible()
        assert axe_violations(invitee) == [], "the invitation"
        invitee.get_by_label("Je naam").fill("Marieke Kok")
        invitee.get_by_label("Kies een wachtwoord").fill("Vijf-windmolens-in-Oss")
        invitee.get_by_label("Herhaal het wachtwoord").fill("Vijf-windmolens-in-Oss")
        follow(invitee.get_by_role("button", name="Uitnodiging aannemen"))
        assert invitee.url.rstrip("/").endswith(f"/afspraken/{agreement.pk}")
        expect(invitee.get_by_role("heading", level=1)).to_contain_text(agreement.title)
        membership = partner.memberships.get()
        assert (membership.role, membership.manages) == (Role.ONDERTEKENAAR, True)
        # The link works once.
        again = contexts[0].new_page()
        again.goto(link)
        expect(again.get_by_text("Deze uitnodiging is al aangenomen.")).to_be_visible()

        # The editor completes the partner's row of the step; the agreement is adopted and the
        # partner's ondertekenaar signs it.
        row = agreement.parties.count() - 1
        page.goto(parties_url)
        page.locator(f"#id_parties-{row}-political_representative").fill("M. Kok, bestuurder")
        page.locator(f"#id_parties-{row}-civil_contact").fill("J. de Boer, projectleider")
        follow(page.get_by_role("button", name="Opslaan", exact=True))
        expect(page.locator("#conflict")).to_have_count(0)
        agreement.refresh_from_db()
        first_party = agreement.parties.order_by("position").first()
        assert first_party.civil_contact == "Anna de Wit, 0412-123456"
        adopt_version(agreement=agreement, acting_user=cast.eva(), note="")
        invitee.goto(f"/afspraken/{agreement.pk}/versies/1/")
        follow(invitee.get_by_role("link", name="Ondertekenen"))
        invitee.get_by_label("Functie").fill("bestuurder")
        invitee.get_by_label("Bevoegd op grond van").fill("Statuten, artikel 12")
        invitee.get_by_label("Plaats").fill("Oss")
        invitee.get_by_label("Ik heb deze versie gelezen").check()
        invitee.get_by_role("button", name="Ondertekenen").click()
        expect(invitee.get_by_role("status")).to_contain_text("is vastgelegd")
        assert AuditEvent.objects.filter(
            action=AuditAction.VERSION_SIGNED, organisation=partner
        ).exists()
        for action in (
            AuditAction.PARTNER_ADDED,
            AuditAction.INVITATION_SENT,
            AuditAction.INVITATION_ACCEPTED,
        ):
            assert AuditEvent.objects.filter(action=action).count() == 1, action
    finally:
        for context in contexts:
            context.close()
    assert not [url for url in visited if "/beheer/" in url or "/admin/" in url]
