from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin on the site whose writes are all audited (password change included)."""

    default_site = "accounts.admin_audit.AdminSite"
