"""System checks of accounts: `manage.py check --deploy` warns when a production setting
weakens logging in."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def second_factor_required(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """BIO2 expects multi-factor authentication for signatories and administrators."""
    if settings.SECOND_FACTOR != "optional":
        return []
    return [
        Warning(
            "SECOND_FACTOR=optional: ondertekenaars, beheerders and site staff can log in with "
            "a password alone.",
            hint='Leave SECOND_FACTOR unset ("roles") or set it to "everyone" (docs/deploy.md).',
            id="spelregels.W001",
        )
    ]
