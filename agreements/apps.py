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
        # A version's PDFs are asked for when it is adopted, signed by all and published: the
        # receivers of `versions/events.py`'s signals.
        import agreements.printing.archive  # noqa: F401
