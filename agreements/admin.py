from django.contrib import admin

from accounts.admin_audit import AuditedAdmin, ReadOnlyAdmin
from agreements.models import (
    Agreement,
    AgreementTemplate,
    ArchivedPdf,
    Party,
    PublishedVersion,
    RoleOption,
    Signature,
)


@admin.register(RoleOption)
class RoleOptionAdmin(AuditedAdmin):
    """The role lists of the builder (formal roles, participation ladder, network roles)."""

    list_display = ["name", "kind", "code", "position", "active"]
    list_editable = ["position", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "code"]

    def get_changelist_form(self, request, **kwargs):
        """The list's inputs named for a screen reader (the column heading is no label)."""
        form = super().get_changelist_form(request, **kwargs)

        class Labelled(form):  # type: ignore[misc,valid-type]
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                name = self.instance.name
                for field in ("position", "active"):
                    label = self.fields[field].label
                    self.fields[field].widget.attrs["aria-label"] = f"{label}: {name}"

        return Labelled


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(AuditedAdmin):
    """Starting points for new agreements; `content` is JSON (see its help text)."""

    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}


class PartyInline(admin.StackedInline):
    model = Party
    extra = 0
    fields = ("organisation", "position", "civil_contact", "political_representative")
    readonly_fields = fields
    can_delete = False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    """Read-only: agreements change through the builder, which audits every save."""

    list_display = ["title", "revision", "created_at", "updated_at"]
    search_fields = ["title"]
    inlines = [PartyInline]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["version", "organisation", "signatory_name", "method", "signed_on"]
    list_filter = ["method"]
    search_fields = ["signatory_name", "organisation__name", "version__title"]


@admin.register(PublishedVersion)
class PublishedVersionAdmin(ReadOnlyAdmin):
    """Publications in the public register; made by opstellers, never withdrawn here."""

    list_display = ["version", "organisation", "published_by_label", "published_at"]
    search_fields = ["version__title", "organisation__name"]


@admin.register(ArchivedPdf)
class ArchivedPdfAdmin(ReadOnlyAdmin):
    """Stored PDFs; a failed one shows its error here and is rendered again on request."""

    list_display = ["version", "kind", "status", "pages", "size", "rendered_at"]
    list_filter = ["kind", "status"]
