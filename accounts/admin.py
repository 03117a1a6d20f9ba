"""The Django admin for site staff. Every admin that can write records its writes in the audit
trail (`admin_audit.AuditedAdminMixin`); the audit trail itself is read-only here."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import partners
from .admin_audit import (
    AdminSetPasswordForm,
    AuditedAdmin,
    AuditedAdminMixin,
    ReadOnlyAdmin,
    acting_user,
)
from .admin_input import CheckedChoicesMixin
from .models import AuditEvent, IdentityProvider, Membership, Organisation, User


class MembershipInline(CheckedChoicesMixin, admin.StackedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ToVerify(admin.SimpleListFilter):
    """Partners an editor added from the builder that site staff have not checked yet."""

    title = _("controle")
    parameter_name = "controle"

    def lookups(self, request, model_admin):
        return [("nodig", _("Nog te controleren"))]

    def queryset(self, request, queryset):
        if self.value() == "nodig":
            return queryset.filter(added_by__isnull=False, verified_at__isnull=True)
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = [
        "name",
        "official_name",
        "layer",
        "partner_kind",
        "code",
        "province",
        "end_date",
        "added_by",
        "verified_at",
    ]
    list_filter = ["layer", "partner_kind", ToVerify]
    search_fields = ["name", "official_name", "code", "abbreviation", "kvk_number"]
    readonly_fields = ["added_by", "verified_at"]
    inlines = [MembershipInline]
    audit_cascades = ("memberships",)
    actions = ["verify"]

    @admin.action(description=_("Markeer de gekozen partners als gecontroleerd"))
    def verify(self, request, queryset):
        for organisation in queryset.filter(added_by__isnull=False, verified_at__isnull=True):
            partners.verify_partner(organisation=organisation, acting_user=request.user)


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    change_password_form = AdminSetPasswordForm
    audit_cascades = ("memberships",)
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "function", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    # Shown, not edited (Django's split date and time inputs have no labels of their own), and
    # the groups as a plain multiple select: the two-box widget's icons misuse aria-label.
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ()
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["full_name", "function", "phone"]}),
        (_("Rechten"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Data"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]

    def user_change_password(self, request, id, form_url=""):
        # Django builds the password form without the request; the form records who set it.
        with acting_user(request.user):
            return super().user_change_password(request, id, form_url)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdminMixin, DjangoGroupAdmin):
    """Django's groups of permissions; who gets which permission is in the audit trail."""

    filter_horizontal = ()  # a plain multiple select (see UserAdmin)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is never edited."""

    list_display = ["at", "actor_label", "organisation", "action", "object_label"]
    list_filter = ["action"]
    search_fields = ["actor_label", "object_label", "action"]


# django-axes' records of login attempts. Staff may delete them (which lifts a lockout), audited;
# nobody edits them (all their fields are read-only anyway), and the clean-up of expired
# attempts, which axes also does at every login, is not offered as a separate, unaudited action.
class _AxesAdmin(AuditedAdminMixin):
    audit_exclude = ("get_data", "post_data", "user_agent", "http_accept", "session_hash")
    actions = []

    def has_change_permission(self, request, obj=None) -> bool:
        return False


for _model, _axes_admin in [
    (AccessAttempt, axes_admin.AccessAttemptAdmin),
    (AccessLog, axes_admin.AccessLogAdmin),
    (AccessFailureLog, axes_admin.AccessFailureLogAdmin),
]:
    if admin.site.is_registered(_model):  # unless AXES_ENABLE_ADMIN = False
        admin.site.unregister(_model)
        admin.site.register(_model, type(_axes_admin.__name__, (_AxesAdmin, _axes_admin), {}))


# The second factor's devices (django-otp). Its own admin shows a device's secret and QR code:
# not here. Staff see whose devices exist and may delete one (audited), so that a person who
# lost phone and recovery codes sets up a new one at their next login; nobody adds or edits.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    search_fields = ["user__email", "user__full_name"]
    fields = ("user", "name", "confirmed", "created_at", "last_used_at")
    readonly_fields = fields
    audit_exclude = ("key", "last_t", "drift", "throttling_failure_timestamp",
                     "throttling_failure_count", "step", "t0", "digits", "tolerance")  # fmt: skip
    actions = []

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        # The recovery codes go with it: a new device brings new ones.
        StaticDevice.objects.filter(user=obj.user).delete()
        super().delete_model(request, obj)


class IdentityProviderForm(forms.ModelForm):
    class Meta:
        model = IdentityProvider
        fields = ["organisation", "name", "issuer", "client_id", "client_secret", "email_domains",
                  "active"]  # fmt: skip
        # The secret is written, never shown again: left empty, the stored one stays.
        widgets = {"client_secret": forms.PasswordInput(render_value=False)}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client_secret"].required = False

    def clean_client_secret(self) -> str:
        secret = self.cleaned_data.get("client_secret") or self.instance.client_secret
        if not secret:
            raise forms.ValidationError(_("Vul het client-secret in dat de provider gaf."))
        return secret


@admin.register(IdentityProvider)
class IdentityProviderAdmin(AuditedAdmin):
    """An organisation's single sign-on (accounts/oidc.py): docs/deploy.md says how to register
    Spelregels at Entra ID, Keycloak or ADFS."""

    form = IdentityProviderForm
    list_display = ["name", "organisation", "issuer", "email_domains", "active"]
    list_filter = ["active"]
    search_fields = ["name", "organisation__name", "email_domains"]
    # A plain select: the admin's select2 widget has no accessible name (axe, at every width).
    audit_exclude = ("client_secret",)
