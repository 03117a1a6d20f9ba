"""The published JSON Schema describes exactly the documents that versions freeze."""

import json
from pathlib import Path

import jsonschema
import pytest

from agreements.document.build import build_document, load_agreement
from tests.support import factories

SCHEMA = json.loads((Path(__file__).parents[3] / "docs" / "agreement.schema.json").read_text())

pytestmark = pytest.mark.django_db


@pytest.mark.demo(history=True)
def test_the_demo_versions_and_an_empty_draft_validate(demo):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    for version in demo.versions.all():
        jsonschema.validate(version.document, SCHEMA)
    jsonschema.validate(build_document(load_agreement(factories.res_agreement().pk)), SCHEMA)


def test_the_schema_rejects_an_unknown_raci_letter(demo):
    document = build_document(load_agreement(demo.pk))
    package = document["ownership"]["work_packages"][0]
    package["raci"][next(iter(package["raci"]))] = "X"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
