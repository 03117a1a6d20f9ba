"""The published JSON Schema describes exactly the documents that versions freeze."""

import json
from pathlib import Path

import jsonschema
import pytest

from agreements.document.build import build_document, load_agreement
from agreements.models import Agreement
from demo.scenario import seed_demo
from tests import factories as f

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "agreement.schema.json").read_text())

pytestmark = pytest.mark.django_db


def test_the_demo_versions_and_an_empty_draft_validate():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    seed_demo(history=True)
    for version in Agreement.objects.get().versions.all():
        jsonschema.validate(version.document, SCHEMA)
    jsonschema.validate(build_document(load_agreement(f.res_agreement().pk)), SCHEMA)


def test_the_schema_rejects_an_unknown_raci_letter():
    seed_demo()
    document = build_document(load_agreement(Agreement.objects.get().pk))
    package = document["ownership"]["work_packages"][0]
    package["raci"][next(iter(package["raci"]))] = "X"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)
