"""Real OpenID Connect providers for the tests: tests/support/oidc_provider (django-oidc-provider)
started on loopback as its own process, one per organisation, each with its own signing key,
people and registration of the application as a client."""

import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

from bench.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_PASSWORD = "wachtwoord-bij-de-provider"  # noqa: S105 -- the test provider's people


@dataclass
class Provider:
    name: str
    issuer: str
    client_id: str
    client_secret: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def person(username: str, email: str, first: str, last: str) -> dict:
    return {
        "username": username,
        "email": email,
        "password": PROVIDER_PASSWORD,
        "first_name": first,
        "last_name": last,
    }


def start_provider(
    name: str,
    directory: Path,
    people: list[dict],
    redirect_uris: list[str],
    logout_uris: list[str],
    code_seconds: int = 600,
) -> Provider:
    """Prepare and start one provider; returns when it answers its discovery document."""
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    client_id = f"spelregels-{name}"
    client_secret = secrets.token_urlsafe(24)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "tests.support.oidc_provider.settings",
        "PYTHONPATH": str(ROOT),
        "PROVIDER_NAME": name,
        "PROVIDER_SECRET_KEY": secrets.token_urlsafe(32),
        "PROVIDER_SITE_URL": site,
        "PROVIDER_DB": str(directory / f"provider-{name}.sqlite3"),
        "PROVIDER_PEOPLE": json.dumps(people),
        "PROVIDER_CLIENT_ID": client_id,
        "PROVIDER_CLIENT_SECRET": client_secret,
        "PROVIDER_REDIRECT_URIS": json.dumps(redirect_uris),
        "PROVIDER_LOGOUT_URIS": json.dumps(logout_uris),
        "PROVIDER_CODE_EXPIRE": str(code_seconds),
    }
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "tests/support/oidc_provider/prepare.py")],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    discovery = f"{site}/openid/.well-known/openid-configuration"
    for _ in range(300):
        try:
            if requests.get(discovery, timeout=1).ok:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"the test provider {name} stopped")
        time.sleep(0.1)
    else:
        process.terminate()
        raise RuntimeError(f"the test provider {name} did not start")
    return Provider(name, f"{site}/openid", client_id, client_secret, process)


def sign_in_at_provider(authorize_url: str, username: str, *, slow: bool = False) -> str:
    """What a browser does at the provider: follow the authorization request to its login page,
    log in, and return the Location it sends back to the application (with code and state).

    `slow`: the way back from the login to the authorization starts in the next second, as on a
    slow connection or a busy provider (which counts a login's age in whole seconds)."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=True, timeout=10)
    token = browser.cookies.get_dict()
    csrf = next(v for k, v in token.items() if k.startswith("provider_csrf_"))
    next_url = parse_qs(urlsplit(response.url).query).get("next", [""])[0]
    response = browser.post(
        response.url,
        data={"csrfmiddlewaretoken": csrf, "username": username, "password": PROVIDER_PASSWORD,
              "next": next_url},
        headers={"Referer": response.url},
        allow_redirects=False,
        timeout=10,
    )  # fmt: skip
    if slow:
        time.sleep(1.05 - time.time() % 1)
    while response.is_redirect and response.headers["Location"].startswith(("/", "http://127")):
        location = urljoin(response.url, response.headers["Location"])
        response = browser.get(location, allow_redirects=False, timeout=10)
    return response.headers["Location"]
