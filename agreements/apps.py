from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Afspraken")

    def ready(self) -> None:
        # The beheerder's audit page names the agreements' keys with their labels.
        from accounts.audit_display import register
        from agreements.document.audit import describe_change

        register(describe_change)
