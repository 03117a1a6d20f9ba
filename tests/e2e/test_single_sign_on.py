"""Single sign-on in the browser, against a real OpenID Connect provider (django-oidc-provider
on loopback, tests/support/oidc.py): the ondertekenaar of the party that signs first types
only their e-mail address, logs in at their organisation's provider, lands in Spelregels as
that organisation's member, is sent back to the provider before signing (prompt=login), signs,
and logs out of both."""

import pytest
from playwright.sync_api import expect

from accounts.models import IdentityProvider, Organisation, Role, User
from agreements.models import Agreement
from agreements.versions import signing
from agreements.versions.adoption import adopt_version
from demo.scenario import seed_demo
from tests.support import cast
from tests.support.browser import axe_violations, fill_signing_form, follow
from tests.support.oidc import PROVIDER_PASSWORD, person, start_provider
from tests.support.second_factor import logged_in_long_ago

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in_at_provider(page) -> None:
    expect(page.get_by_role("heading", name="Identiteitsprovider")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill("kees")
    page.get_by_label("Wachtwoord bij de provider").fill(PROVIDER_PASSWORD)
    follow(page.get_by_role("button", name="Inloggen bij de provider"))


def test_a_signatory_logs_in_through_her_organisation_signs_after_confirming_and_logs_out(
    page, live_server, reference_data, settings, tmp_path
):
    settings.REAUTHENTICATE_MINUTES = 15
    seed_demo()
    agreement = Agreement.objects.get()
    version = adopt_version(agreement=agreement, acting_user=cast.eva(), note="")
    # The party that signs first, and its ondertekenaar.
    first = Organisation.objects.get(pk=signing.party_keys(version)[0])
    signatory = User.objects.get(
        memberships__organisation=first, memberships__role=Role.ONDERTEKENAAR
    )
    provider = start_provider(
        "partij-browser",
        tmp_path,
        [person("kees", signatory.email, "Kees", "van Dijk")],
        [f"{live_server.url}/inloggen/sso/terug/"],
        [f"{live_server.url}/inloggen/"],
    )
    try:
        IdentityProvider.objects.create(
            organisation=first,
            name="Inlogdienst van de partij",
            issuer=provider.issuer,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            email_domains=signatory.email.rpartition("@")[2],
        )
        # Only the e-mail address: on to the provider, and back as the party's ondertekenaar.
        page.goto("/inloggen/")
        page.get_by_label("E-mailadres").fill(signatory.email)
        follow(page.get_by_role("button", name="Inloggen"))
        log_in_at_provider(page)
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        assert (
            Organisation.objects.filter(
                memberships__user=signatory, memberships__role=Role.ONDERTEKENAAR
            ).get()
            == first
        )

        # Sixteen minutes later, signing sends her back to the provider first.
        logged_in_long_ago(signatory)
        page.goto(f"/afspraken/{agreement.pk}/versies/1/")
        follow(page.get_by_role("link", name="Ondertekenen"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig wie je bent")
        assert axe_violations(page) == [], "confirm through the provider"
        follow(page.get_by_role("link", name="Bevestigen via Inlogdienst van de partij"))
        log_in_at_provider(page)  # prompt=login: the provider asks again
        fill_signing_form(page, basis="Collegebesluit 2024-031", place="Heeswijk-Dinther")
        follow(page.get_by_role("button", name="Ondertekenen"))
        expect(page.get_by_role("status")).to_contain_text("is vastgelegd")
        assert version.signatures.filter(signed_by=signatory).exists()

        # Logging out ends the provider's session too, and comes back to the login page.
        follow(page.get_by_role("button", name="Uitloggen"))
        page.wait_for_url(f"{live_server.url}/inloggen/")
        page.goto("/inloggen/")
        page.get_by_label("E-mailadres").fill(signatory.email)
        follow(page.get_by_role("button", name="Inloggen"))
        expect(page.get_by_role("heading", name="Identiteitsprovider")).to_be_visible()
    finally:
        provider.stop()
