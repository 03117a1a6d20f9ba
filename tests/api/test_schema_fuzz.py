"""schemathesis against the API's own OpenAPI schema: no server error, no answer that breaks it.

Every operation is called with generated parameters and bodies (a bounded number per
operation), authenticated as Gemeente Bernheze's opsteller with a personal token, over the
demo agreement. The checks: no 5xx, every answer has a status the schema documents for its
operation, in a media type it documents (problem details for every 4xx), and matches the
schema.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from api import tokens
from config.wsgi import application
from tests.support import cast

schema = schemathesis.openapi.from_wsgi("/api/v1/schema?format=json", application)
# Valid and invalid requests alike: invalid data must be refused (4xx), valid data accepted.
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
)
# A request the schema allows may still be refused for what a schema cannot say: an
# organisation or template that does not exist here (400, naming the field), a state that does
# not allow it (409: no open draft, not signed by all). Everything else is as schemathesis has it.
schema.config.checks.positive_data_acceptance.expected_statuses = [
    "2xx",
    "400",
    "401",
    "403",
    "404",
    "409",
]


@pytest.fixture
def key(demo):
    """A token over the demo; requests keep the test's connection, as Django's test client does."""
    editor = cast.eva()
    # schemathesis calls the WSGI application directly, and Django closes the database
    # connection after each request unless told otherwise: it would end the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield tokens.create_token(user=editor, name="schemathesis", acting_user=editor)[1]
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db(transaction=False)
@pytest.mark.demo(history=True)
@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, key):
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"})  # every check
