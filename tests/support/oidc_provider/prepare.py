"""Run once per instance (tests/support/oidc.py): the tables, a signing key, its people and
the application as a client. Arguments come from the environment."""

import json
import os

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from oidc_provider.models import Client, ResponseType  # noqa: E402

call_command("migrate", verbosity=0)
call_command("creatersakey")
for person in json.loads(os.environ["PROVIDER_PEOPLE"]):
    User.objects.create_user(
        person["username"],
        email=person["email"],
        password=person["password"],
        first_name=person["first_name"],
        last_name=person["last_name"],
    )
client = Client.objects.create(
    name="Spelregels",
    client_type="confidential",
    client_id=os.environ["PROVIDER_CLIENT_ID"],
    client_secret=os.environ["PROVIDER_CLIENT_SECRET"],
    jwt_alg="RS256",
    require_consent=False,
    reuse_consent=True,
    _redirect_uris="\n".join(json.loads(os.environ["PROVIDER_REDIRECT_URIS"])),
    _post_logout_redirect_uris="\n".join(json.loads(os.environ["PROVIDER_LOGOUT_URIS"])),
    _scope="openid email profile",
)
client.response_types.set(ResponseType.objects.filter(value="code"))
