"""Reading the registry's result table in tests."""

import re


def titles(response) -> list[str]:
    """The titles in the registry table, in order (without the marks of a search)."""
    html = response.content.decode()
    return [
        re.sub(r"</?mark[^>]*>", "", title)
        for title in re.findall(
            r'<td class="utrecht-table__cell"><a class="utrecht-link[^"]*" [^>]*>(.*?)</a>', html
        )
    ]
