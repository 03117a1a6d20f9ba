"""Text as people type it, made safe to show: direction controls removed.

A user's U+202E (right-to-left override) or U+2066 (left-to-right isolate) does not only turn
their own words around: an unclosed one reorders whatever the page or the sealed PDF prints
after it, such as the app's own date in a signature block. Nothing in a Dutch administration
needs them, so they are removed from every value that comes in: the web forms (config's
`DirectionControlsMiddleware`), the API's JSON (`api.parsers`) and an imported file
(`agreements.drafting.importing`). This module is in the lowest layer so that each can use it.
"""

import re
from typing import Any

# The embeddings and overrides (U+202A-U+202E), the isolates (U+2066-U+2069), and the marks
# LRM, RLM and the Arabic letter mark (U+200E, U+200F, U+061C).
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def without_direction_controls(text: str) -> str:
    return DIRECTION_CONTROLS.sub("", text)


def cleaned(value: Any) -> Any:
    """The value with every string in it (in lists and dicts too) without direction controls."""
    if isinstance(value, str):
        return without_direction_controls(value)
    if isinstance(value, list):
        return [cleaned(item) for item in value]
    if isinstance(value, dict):
        return {cleaned(key): cleaned(item) for key, item in value.items()}
    return value
