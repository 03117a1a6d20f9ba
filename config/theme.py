"""The house style a deployment wears: settings.THEME (environment variable SPELREGELS_THEME).

A theme is NL Design System tokens under one class on <html>: "spelregels" (ours,
static/css/theme.css, the default) or "voorbeeld" (the npm example theme, to show that another
organisation's published tokens drop in). Add a theme here with its class and stylesheet.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class Theme:
    css_class: str
    stylesheet: str  # a static file


THEMES = {
    "spelregels": Theme(css_class="spelregels-theme", stylesheet="css/theme.css"),
    "voorbeeld": Theme(css_class="voorbeeld-theme", stylesheet="vendor/voorbeeld/theme.css"),
}


def theme(request: HttpRequest) -> dict[str, Theme]:
    """Context processor: the configured theme as `theme` (no query, no I/O)."""
    return {"theme": THEMES[settings.THEME]}
