from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from accounts.models import AuditEvent

        from . import schema  # noqa: F401  (registers the token scheme with drf-spectacular)

        post_save.connect(_audit_recorded, sender=AuditEvent, dispatch_uid="api.webhooks")


def _audit_recorded(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """Every event of the audit trail may be news for a webhook (api/webhooks.py)."""
    if created and not raw:
        from .webhooks import dispatch

        dispatch(instance)
