"""Single sign-on per organisation against real OpenID Connect providers (accounts/oidc.py):
two instances of django-oidc-provider on loopback, Bernheze's and Meierijstad's, each with its
own key, people and registration of Spelregels. The e-mail address picks the provider; a new
person becomes a lezer of the organisation; every way it can go wrong is said in Dutch,
audited, and makes no account."""

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.models import AuditEvent, IdentityProvider, Membership, Role, User
from accounts.oidc import CONFIRM_SINCE
from accounts.second_factor import AUTHENTICATED_AT
from bench.servers import free_port
from tests.support import cast
from tests.support.oidc import person, sign_in_at_provider, start_provider

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/inloggen/sso/terug/"
BERNHEZE = "bernheze.example.nl"
MEIERIJSTAD = "meierijstad.example.nl"


@pytest.fixture(scope="module")
def providers(tmp_path_factory):
    directory = tmp_path_factory.mktemp("oidc")
    started = {
        "bernheze": start_provider(
            "bernheze",
            directory,
            [
                person("anna", f"anna.nieuw@{BERNHEZE}", "Anna", "Nieuw"),
                person("eva", f"opsteller@{BERNHEZE}", "Eva", "Jansen"),
                person("olaf", f"olaf@{BERNHEZE}", "Olaf", "onbevestigd"),
            ],
            [CALLBACK],
            ["http://testserver/inloggen/"],
        ),
        "meierijstad": start_provider(
            "meierijstad",
            directory,
            # Meierijstad's provider vouches for an address of Bernheze: not its to give.
            [person("indringer", f"anna.nieuw@{BERNHEZE}", "Anna", "Nep")],
            [CALLBACK],
            ["http://testserver/inloggen/"],
        ),
        # Codes that live one second, for the test of an expired one.
        "kort": start_provider(
            "kort",
            directory,
            [person("anna", f"anna.nieuw@{BERNHEZE}", "Anna", "Nieuw")],
            [CALLBACK],
            ["http://testserver/inloggen/"],
            code_seconds=1,
        ),
    }
    yield started
    for provider in started.values():
        provider.stop()


def register(started, organisation, domain: str) -> IdentityProvider:
    return IdentityProvider.objects.create(
        organisation=organisation,
        name=f"Inlogdienst {organisation.name}",
        issuer=started.issuer,
        client_id=started.client_id,
        client_secret=started.client_secret,
        email_domains=domain,
    )


@pytest.fixture
def both(providers):
    return (
        register(providers["bernheze"], cast.bernheze(), BERNHEZE),
        register(providers["meierijstad"], cast.meierijstad(), MEIERIJSTAD),
    )


def to_provider(client: Client, email: str, next_url: str = "/organisaties/") -> str:
    """The login page with only an e-mail address: on to the organisation's provider."""
    login = f"{reverse('login')}?{urlencode({'next': next_url})}"
    response = client.post(login, {"username": email, "password": ""})
    assert response.status_code == 302 and "/inloggen/sso/" in response["Location"]
    # A page of our own sends the browser on (a form may not redirect to another site).
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert f'http-equiv="refresh" content="0; url={escape(response.context["url"])}"' in (
        response.content.decode()
    )
    return response.context["url"]


def back_from(client: Client, location: str):
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == CALLBACK
    return client.get(parts.path, parse_qs(parts.query))


def failures() -> list:
    return list(
        AuditEvent.objects.filter(action="sso.login_failed")
        .order_by("id")
        .values_list("changes", flat=True)
    )


def test_a_new_person_logs_in_through_their_organisation_and_becomes_a_lezer(client, both):
    authorize = to_provider(client, f"Anna.Nieuw@{BERNHEZE}")
    assert authorize.startswith(both[0].issuer)
    query = parse_qs(urlsplit(authorize).query)
    assert {"state", "nonce", "code_challenge"} <= set(query)
    response = back_from(client, sign_in_at_provider(authorize, "anna"))
    assert (response.status_code, response["Location"]) == (302, "/organisaties/")
    anna = User.objects.get(email=f"anna.nieuw@{BERNHEZE}")
    assert anna.full_name == "Anna Nieuw" and not anna.has_usable_password()
    membership = Membership.objects.get(user=anna)
    assert (membership.organisation, membership.role) == (cast.bernheze(), Role.LEZER)
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="sso.account_created", actor=anna).exists()
    assert AuditEvent.objects.filter(action="user.logged_in", actor=anna).exists()


def test_an_existing_member_logs_in_as_themselves_without_a_second_factor(client, both, settings):
    settings.SECOND_FACTOR = "everyone"  # their provider's own factor counts instead
    eva = cast.eva()
    authorize = to_provider(client, eva.email)
    response = back_from(client, sign_in_at_provider(authorize, "eva"))
    assert response["Location"] == "/organisaties/"
    assert client.get(reverse("profile")).context["user"] == eva
    assert Membership.objects.filter(user=eva).count() == 1
    assert not AuditEvent.objects.filter(action__startswith="sso.account").exists()


def test_a_password_login_stays_for_organisations_without_a_provider(client, both):
    lars = cast.lars()
    lars.email = "lars@example.org"
    lars.set_password(cast.PASSWORD)
    lars.save()
    response = client.post(reverse("login"), {"username": lars.email, "password": cast.PASSWORD})
    assert response["Location"] == reverse("home")


def test_a_state_this_browser_did_not_start_is_refused(client, both):
    authorize = to_provider(client, f"anna.nieuw@{BERNHEZE}")
    location = sign_in_at_provider(authorize, "anna").replace("state=", "state=x")
    response = back_from(client, location)
    assert response["Location"] == reverse("login")
    page = client.get(response["Location"]).content.decode()
    assert "is verlopen of al gebruikt" in page
    assert not User.objects.filter(email=f"anna.nieuw@{BERNHEZE}").exists()
    assert failures() == [{"reason": [None, "state"]}]


def test_a_replayed_code_is_refused(client, both):
    first = sign_in_at_provider(to_provider(client, f"anna.nieuw@{BERNHEZE}"), "anna")
    assert back_from(client, first)["Location"] == "/organisaties/"
    client.post(reverse("logout"))
    # The same answer again: its state was used up.
    assert back_from(client, first)["Location"] == reverse("login")
    # The old code with a fresh state of this browser: the provider refuses the code.
    fresh = parse_qs(urlsplit(to_provider(client, f"anna.nieuw@{BERNHEZE}")).query)["state"][0]
    code = parse_qs(urlsplit(first).query)["code"][0]
    response = client.get(reverse("sso_callback"), {"code": code, "state": fresh})
    assert response["Location"] == reverse("login")
    assert "bewijs van inloggen dat we niet kunnen controleren" in (
        client.get(reverse("login")).content.decode()
    )
    assert [change["reason"][1] for change in failures()] == ["state", "token"]


def test_a_token_for_another_login_of_the_same_browser_is_refused_by_its_nonce(
    client, both, settings
):
    """Two logins started in one browser; the first's code with the second's state. Without
    PKCE (which would stop it at the provider already), the ID token's nonce gives it away."""
    settings.OIDC_USE_PKCE = False
    first = sign_in_at_provider(to_provider(client, f"anna.nieuw@{BERNHEZE}"), "anna")
    second = parse_qs(urlsplit(to_provider(client, f"anna.nieuw@{BERNHEZE}")).query)["state"][0]
    code = parse_qs(urlsplit(first).query)["code"][0]
    response = client.get(reverse("sso_callback"), {"code": code, "state": second})
    assert response["Location"] == reverse("login")
    assert not User.objects.filter(email=f"anna.nieuw@{BERNHEZE}").exists()
    assert failures() == [{"reason": [None, "token"]}]


def test_an_expired_code_is_refused(client, providers):
    register(providers["kort"], cast.bernheze(), BERNHEZE)
    location = sign_in_at_provider(to_provider(client, f"anna.nieuw@{BERNHEZE}"), "anna")
    time.sleep(2)  # the provider's codes live one second
    assert back_from(client, location)["Location"] == reverse("login")
    assert not User.objects.filter(email=f"anna.nieuw@{BERNHEZE}").exists()
    assert failures() == [{"reason": [None, "token"]}]


def test_another_organisations_provider_cannot_vouch_for_an_address(client, both):
    authorize = to_provider(client, f"iemand@{MEIERIJSTAD}")
    assert authorize.startswith(both[1].issuer)
    response = back_from(client, sign_in_at_provider(authorize, "indringer"))
    assert response["Location"] == reverse("login")
    assert "geen bevestigd e-mailadres van haar eigen domein" in (
        client.get(reverse("login")).content.decode()
    )
    assert not User.objects.filter(email=f"anna.nieuw@{BERNHEZE}").exists()
    assert failures() == [{"reason": [None, "email"]}]


def test_an_address_the_provider_has_not_verified_is_refused(client, both):
    response = back_from(
        client, sign_in_at_provider(to_provider(client, f"olaf@{BERNHEZE}"), "olaf")
    )
    assert response["Location"] == reverse("login")
    assert not User.objects.filter(email=f"olaf@{BERNHEZE}").exists()
    assert failures() == [{"reason": [None, "email"]}]


def test_a_provider_that_is_down_is_said(client):
    IdentityProvider.objects.create(
        organisation=cast.bernheze(),
        name="Inlogdienst Bernheze",
        issuer=f"http://127.0.0.1:{free_port()}/openid",
        client_id="spelregels",
        client_secret="geheim",
        email_domains=BERNHEZE,
    )
    response = client.post(reverse("login"), {"username": f"anna@{BERNHEZE}", "password": ""})
    response = client.get(response["Location"], follow=True)
    assert "is nu niet bereikbaar" in response.content.decode()
    assert failures() == [{"reason": [None, "unavailable"]}]


def test_signing_asks_the_provider_to_log_in_again(client, both, settings):
    settings.REAUTHENTICATE_MINUTES = 15
    eva = cast.eva()
    back_from(client, sign_in_at_provider(to_provider(client, eva.email), "eva"))
    session = client.session
    session[AUTHENTICATED_AT] -= 16 * 60
    session.save()
    members = reverse("profile")
    page = client.get(f"{reverse('reauthenticate')}?{urlencode({'next': members})}")
    assert "Bevestigen via Inlogdienst Bernheze" in page.content.decode()
    start = page.context["sso_url"]
    authorize = client.get(start).context["url"]
    assert parse_qs(urlsplit(authorize).query)["prompt"] == ["login"]
    # The provider's login and its authorisation fall in different seconds: the fresh login
    # counts, it is not taken for an old one and asked again.
    response = back_from(client, sign_in_at_provider(authorize, "eva", slow=True))
    assert response["Location"] == members
    assert client.session[AUTHENTICATED_AT] > session[AUTHENTICATED_AT] + 15 * 60
    assert AuditEvent.objects.filter(action="user.reauthenticated", actor=eva).exists()

    # A provider that hands back a login from before the confirmation was asked (as one that
    # ignores prompt=login would): refused, and nothing confirmed.
    authorize = client.get(start).context["url"]
    session = client.session
    session[CONFIRM_SINCE] += 3600  # as if asked an hour after the provider's login
    session.save()
    before = client.session[AUTHENTICATED_AT]
    response = back_from(client, sign_in_at_provider(authorize, "eva"))
    assert response["Location"] == reverse("login")
    assert client.session[AUTHENTICATED_AT] == before
    assert failures() == [{"reason": [None, "token"]}]


@pytest.mark.parametrize(
    ("claims", "accepted"),
    [
        ({"email": f"anna@{BERNHEZE}", "email_verified": True}, True),
        ({"email": f"anna@{BERNHEZE}", "xms_edov": True}, True),  # Entra ID's way of saying it
        ({"email": f"anna@{BERNHEZE}", "email_verified": "true"}, False),  # not a boolean
        ({"email": f"anna@{BERNHEZE}"}, False),
        ({"email": f"anna@{MEIERIJSTAD}", "email_verified": True}, False),
        ({"email_verified": True}, False),
    ],
)
def test_only_a_verified_address_of_the_providers_own_domains_is_accepted(claims, accepted):
    from django.test import RequestFactory

    from accounts.oidc import Backend

    backend = Backend()
    backend.provider = IdentityProvider(email_domains=f"{BERNHEZE}, bernheze.nl")
    backend.request = RequestFactory().get("/")
    assert backend.verify_claims(claims) is accepted
