"""The API's parser: JSON, with direction-control characters removed from every string
(accounts/text.py), as the web forms and the import do."""

from typing import Any

from rest_framework import parsers

from accounts.text import cleaned


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        return cleaned(super().parse(stream, media_type, parser_context))
