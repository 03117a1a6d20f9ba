"""A version's identity: which agreement, which version, which text.

Two versions can hold the same document (an exported version imported and adopted as a new
agreement: its "twin"), so the document's SHA-256 alone does not say which version a PDF is.
The identity adds the agreement's and the version's own ids and the version number to the
document's hash, and hashes the four together. The archival PDF carries the identity beside the
canonical JSON (`printing/render.py`), under the seal, and the verifier finds the version by its
id and checks every part against the register (`printing/verify.py`).

Nothing here is stored: each part is a stored value of the version that never changes, so the
identity and its hash come out the same whenever they are computed (docs/design.md,
"Verification by identity").
"""

import hashlib
from typing import Any

from agreements.document.build import canonical_json

# Bumped only if the recipe below ever changes; a verifier reads the scheme first.
IDENTITY_SCHEME = 1

# The parts that are hashed, in the identity JSON's own (English) keys.
IDENTITY_PARTS = ("agreement_id", "version_id", "number", "document_sha256")


def identity_parts(version: Any) -> dict[str, Any]:
    """The version's identity: agreement id, version id, number and the document's hash."""
    return {
        "agreement_id": str(version.agreement_id),
        "version_id": str(version.pk),
        "number": version.number,
        "document_sha256": version.sha256,
    }


def identity_hash(parts: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of the identity's parts (and nothing else)."""
    hashed = {key: parts[key] for key in IDENTITY_PARTS}
    return hashlib.sha256(canonical_json(hashed).encode("utf-8")).hexdigest()


def version_identity_hash(version: Any) -> str:
    """The hash that names this version and no other, even a twin with the same document."""
    return identity_hash(identity_parts(version))


def identity_json(version: Any) -> str:
    """What the archival PDF carries: the parts, the scheme and their hash, as canonical JSON."""
    parts = identity_parts(version)
    return canonical_json({"scheme": IDENTITY_SCHEME, **parts, "sha256": identity_hash(parts)})
