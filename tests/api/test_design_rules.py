"""The schema keeps the NLGov API Design Rules: linted by Spectral (npm, installed by `make
setup`) with the project's ruleset, api/design-rules.spectral.yaml, which encodes them. The
schema gives no error and no warning; a copy broken on purpose makes every rule of the ruleset
report, so none of them is a check that cannot fail."""

import copy
import json
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from api.schema import OPERATIONS, TAGS

RULESET = Path(settings.BASE_DIR) / "api" / "design-rules.spectral.yaml"
SPECTRAL = Path(settings.BASE_DIR) / "node_modules" / ".bin" / "spectral"
OWN_RULES = {name for name in yaml.safe_load(RULESET.read_text())["rules"]}


def lint(schema: dict, tmp_path: Path, name: str = "openapi.json") -> list[dict]:
    """Spectral's findings for `schema`, each with its rule (`code`) and `severity` (0 is an
    error, 1 a warning)."""
    if not SPECTRAL.exists():
        pytest.fail("Spectral is missing: `make setup` installs it (npm ci).")
    document = tmp_path / name
    document.write_text(json.dumps(schema))
    result = subprocess.run(  # noqa: S603
        [str(SPECTRAL), "lint", "--ruleset", str(RULESET), "--format", "json", str(document)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    start = result.stdout.find("[")
    assert start >= 0, result.stdout + result.stderr
    return json.JSONDecoder().raw_decode(result.stdout[start:])[0]


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_keeps_every_design_rule(schema, tmp_path):
    findings = lint(schema, tmp_path)
    assert [(each["code"], each["message"], each["path"]) for each in findings] == []


def test_each_rule_reports_what_breaks_it(schema, tmp_path):
    broken = copy.deepcopy(schema)
    broken["info"]["version"] = "1"
    del broken["info"]["contact"]
    broken["servers"] = [{"url": "/api"}]
    paths = broken["paths"]
    paths["/agreements/"] = paths["/agreements"]  # a trailing slash
    paths["/Agreements_Old"] = paths["/organisations"]  # not kebab-case
    listed = paths["/agreements"]["get"]
    listed["parameters"][0]["name"] = "page_size"
    del listed["responses"]["400"]
    del listed["responses"]["401"]
    del listed["responses"]["429"]
    del listed["responses"]["200"]["headers"]["API-Version"]
    step = paths["/agreements/{agreement_id}/steps/{step_slug}"]["get"]
    for parameter in step["parameters"]:
        parameter["schema"].pop("enum", None)  # step_slug: an untyped text
    del step["responses"]["404"]
    agreement = paths["/agreements/{agreement_id}"]["get"]["responses"]
    agreement["404"]["content"] = {"application/json": {"schema": {"type": "object"}}}
    agreement["406"]["content"] = {
        "application/problem+json": {"schema": {"type": "object", "required": ["status"]}}
    }
    broken["components"]["schemas"]["Stray"] = {
        "type": "object",
        "properties": {
            "start_date": {"type": "string"},
            "signed_at": {"type": "string", "format": "date-time-local"},
        },
    }
    found = {each["code"] for each in lint(broken, tmp_path) if each["severity"] == 0}
    # What the first document cannot break at the same time: no servers, no OpenAPI 3.x.y.
    bare = copy.deepcopy(schema)
    del bare["servers"]
    bare["openapi"] = "3.1"
    found |= {each["code"] for each in lint(bare, tmp_path, "bare.json") if each["severity"] == 0}
    assert OWN_RULES - found == set()


def test_every_operation_is_described_in_dutch(schema):
    operations = [op for ops in schema["paths"].values() for op in ops.values()]
    assert {op["operationId"] for op in operations} == set(OPERATIONS)
    for operation in operations:
        summary, description = OPERATIONS[operation["operationId"]]
        assert (operation["summary"], operation["description"]) == (summary, description)
        assert set(operation["tags"]) <= {name for name, _text in TAGS.values()}
