"""The JSON Schema of the canonical document, per schema version.

Version 1 is frozen in docs/agreement.schema.v1.json: it is what documents adopted before
version 2 were written in. Version 2 is generated from it and from the vocabulary: rows get their
`id`, and every text's `maxLength`, every number's range and every choice's codes come from the
vocabulary, so the import (and anyone who reads docs/agreement.schema.json) checks the limits the
models and the forms check. `manage.py document_schema` writes the published file; a test holds
it to this module.
"""

import copy
import json
from functools import cache
from typing import Any

from django.conf import settings

from agreements.document.build import ROW_LISTS, SCHEMA_VERSION, SCHEMA_VERSIONS
from agreements.document.vocabulary import FIELDS, KEYED, Kind

SCHEMA_URL = "https://spelregels.example.nl/schema/agreement/{version}"


def _v1() -> dict[str, Any]:
    path = settings.BASE_DIR / "docs" / "agreement.schema.v1.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _node(schema: dict[str, Any], path: str) -> list[dict[str, Any]]:
    """The schema nodes that describe the values at a vocabulary path."""
    nodes = [schema]
    walked: list[str] = []
    for part in path.split("."):
        walked.append(part)
        found = []
        for node in nodes:
            child = node["properties"][part]
            if child.get("type") == "array" and "properties" in child.get("items", {}):
                child = child["items"]  # a list of rows
            found.append(child)
        nodes = found
        keyed = KEYED.get(".".join(walked))
        if keyed == "party" and "additionalProperties" in nodes[0]:
            nodes = [node["additionalProperties"] for node in nodes]
        elif keyed == "code":
            nodes = [value for node in nodes for value in node["properties"].values()]
    return nodes


def _version_2(v1: dict[str, Any]) -> dict[str, Any]:
    schema = copy.deepcopy(v1)
    schema["$id"] = SCHEMA_URL.format(version=2)
    schema["title"] = "Spelregels: canoniek afsprakendocument (schemaversie 2)"
    schema["description"] += (
        " Schema version 2 gives every work package, table, mandate and escalation step a "
        "stable 'id' (a UUID; null or absent for a new row); limits and codes are those of the "
        "application's vocabulary."
    )
    schema["properties"]["schema_version"] = {"const": 2}
    schema["$defs"]["row_id"] = {
        "type": ["string", "null"],
        "format": "uuid",
        "description": "the row's stable id across versions; null or absent: a new row",
    }
    for path in ROW_LISTS:
        node = schema
        for part in path:
            node = node["properties"][part]
        node["items"]["properties"] = {
            "id": {"$ref": "#/$defs/row_id"},
            **node["items"]["properties"],
        }
    for field in FIELDS:
        if field.kind == Kind.ID or field.path.startswith("parties.organisation"):
            continue
        for node in _node(schema, field.path):
            if field.max_length is not None:
                node["maxLength"] = field.max_length
            if field.minimum is not None and field.kind == Kind.NUMBER:
                node["minimum"] = field.minimum
            if field.maximum is not None:
                node["maximum"] = field.maximum
            if field.choices is not None and "enum" in node:
                empty = [""] if "" in node["enum"] else []
                node["enum"] = [*empty, *field.choices.values]
    return schema


@cache
def agreement_schema(version: int = SCHEMA_VERSION) -> dict[str, Any]:
    """The JSON Schema of the document in schema `version` (1 or 2)."""
    if version not in SCHEMA_VERSIONS:
        raise ValueError(f"unknown schema version {version!r}")
    v1 = _v1()
    return v1 if version == 1 else _version_2(v1)


def published() -> str:
    """docs/agreement.schema.json as it must read: the current version, indented."""
    return json.dumps(agreement_schema(SCHEMA_VERSION), ensure_ascii=False, indent=2) + "\n"
