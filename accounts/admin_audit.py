"""The Django admin's writes in the audit trail, like every other write in the application.

`AuditedAdminMixin` records one event per object that staff add, change or delete through an
admin, inline rows included, in the admin's own transaction. The admin's password forms go
through `memberships.set_password`, as the application's own password forms do.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin import forms as admin_forms
from django.contrib.auth import forms as auth_forms
from django.db import models, transaction
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from . import admin_input, memberships
from .audit import changes_between, record_event, snapshot
from .forms import AdminLoginForm, _AuditedPasswordForm
from .models import AuditAction, Membership, Organisation, User

# Never in an event, not even as a hash: the password forms record that it changed, and how.
NEVER_AUDITED = frozenset({"password"})

# The mixin's methods call the ModelAdmin's (super().save_model, ...); mypy checks them as such.
if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin[Any]
else:
    _ModelAdmin = object


def organisation_of(obj: models.Model) -> Organisation | None:
    """The organisation an event about `obj` belongs to (its trail), if any."""
    if isinstance(obj, Organisation):
        return obj
    organisation = getattr(obj, "organisation", None)
    return organisation if isinstance(organisation, Organisation) else None


def action_for(obj: models.Model, verb: str, changes: dict[str, Any]) -> AuditAction:
    """`<model>.added`, `.changed` or `.deleted`; where the admin does what a view does, the
    view's action (a membership added, its role changed, or removed). A model the admin edits
    without a member in `AuditAction` is a mistake: ValueError."""
    if isinstance(obj, Membership):
        if verb == "deleted":
            verb = "removed"
        elif verb == "changed" and set(changes) == {"role"}:
            verb = "role_changed"
    return AuditAction(f"{obj._meta.model_name}.{verb}")


def values(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """`audit.snapshot`, with a person named by e-mail address (as in the rest of the trail)
    and a many-to-many field as the sorted labels of its objects."""
    result: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            related = getattr(instance, name).all() if instance.pk is not None else []
            result[name] = sorted(str(obj) for obj in related)
        elif field.is_relation and isinstance(getattr(instance, name), User):
            result[name] = getattr(instance, name).email
        else:
            result.update(snapshot(instance, [name]))
    return result


def audited_fields(
    model: type[models.Model], names: Iterable[str], exclude: Iterable[str] = ()
) -> list[str]:
    """Those of `names` that are the model's own data: its columns and many-to-many fields,
    without the primary key and what is never audited."""
    opts = model._meta
    own = {field.name for field in opts.concrete_fields if not field.primary_key}
    own |= {field.name for field in opts.many_to_many}
    skip = NEVER_AUDITED | set(exclude)
    return [name for name in names if name in own and name not in skip]


def contents(obj: models.Model, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """What an object holds, as added or deleted: its editable fields that have a value."""
    opts = obj._meta
    names = [field.name for field in opts.concrete_fields if field.editable]
    names += [field.name for field in opts.many_to_many]
    return {
        name: value
        for name, value in values(obj, audited_fields(type(obj), names, exclude)).items()
        if value not in ("", None, [], {})
    }


class AuditedAdminMixin(_ModelAdmin):
    """Every add, change and delete through this admin (and its inlines) records its event.

    An addition records what the new object holds; a change the before (read from the
    database: the form has already put the new values on the object) and after of each field
    that changed, many-to-many fields included, so the event follows `form.save_m2m()`; a
    change that changes nothing records nothing. A deletion records what it deletes, and one
    event for each object in `audit_cascades` that goes with it (e.g. memberships).
    """

    audit_exclude: tuple[str, ...] = ()  # fields left out of this admin's events
    audit_cascades: tuple[str, ...] = ()  # related managers whose objects a deletion takes

    def _record(self, request, obj: models.Model, verb: str, changes: dict[str, Any]) -> None:
        record_event(
            actor=request.user,
            action=action_for(obj, verb, changes),
            target=obj,
            organisation=organisation_of(obj),
            changes=changes,
        )

    def _contents(self, obj: models.Model, without: str | None = None) -> dict[str, Any]:
        return contents(obj, (*self.audit_exclude, without or ""))

    # The object of a form: the add or change page, or a row of the changelist's list_editable.

    def save_model(self, request, obj, form, change):
        if change:
            fields = audited_fields(type(obj), form.changed_data, self.audit_exclude)
            form._audit_before = values(type(obj)._default_manager.get(pk=obj.pk), fields)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Django's save_related, with the object's event after its many-to-many fields are
        # saved and before the events of its inline rows.
        form.save_m2m()
        obj = form.instance
        if not change:
            self._record(request, obj, "added", changes_between({}, self._contents(obj)))
        else:
            before = getattr(form, "_audit_before", {})
            changes = changes_between(before, values(obj, before))
            if changes:
                self._record(request, obj, "changed", changes)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    # The rows of an inline; the parent they belong to is left out of their events.

    def save_formset(self, request, form, formset, change):
        model = formset.model
        parent: str = getattr(getattr(formset, "fk", None), "name", "")
        initial = [row for row in formset.initial_forms if row.instance.pk is not None]
        deleted = [row for row in formset.deleted_forms if row in initial]
        stored = model._default_manager.in_bulk([row.instance.pk for row in initial])
        before: dict[Any, dict[str, Any]] = {}
        for row in initial:
            original = stored.get(row.instance.pk)
            if original is None:
                continue
            if row in deleted:
                # Recorded before the deletion, while the row still has its primary key.
                gone = self._contents(original, without=parent)
                self._record(request, original, "deleted", changes_between(gone, {}))
            elif row.has_changed():
                fields = audited_fields(model, row.changed_data, (*self.audit_exclude, parent))
                before[row.instance.pk] = values(original, fields)
        formset.save()
        for obj in formset.new_objects:
            added = self._contents(obj, without=parent)
            self._record(request, obj, "added", changes_between({}, added))
        for obj, _changed_data in formset.changed_objects:
            changes = changes_between(before[obj.pk], values(obj, before[obj.pk]))
            if changes:
                self._record(request, obj, "changed", changes)

    # Deletions: the delete page, and the changelist's "delete selected" action.

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._record(request, obj, "deleted", changes_between(self._contents(obj), {}))
            for name in self.audit_cascades:
                for related in getattr(obj, name).all():
                    gone = contents(related)
                    self._record(request, related, "deleted", changes_between(gone, {}))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One by one, so each deletion records its events (and runs the model's delete()).
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class AuditedAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """A ModelAdmin whose adds, changes and deletes (inlines included) are in the audit trail."""


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only records (the audit trail, versions, signatures): staff may look, nobody may
    add, change or delete here, so there is nothing to audit."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# --- The admin's password forms ------------------------------------------------------------------


class AdminPasswordChangeForm(_AuditedPasswordForm, admin_forms.AdminPasswordChangeForm):
    """The admin's form for staff changing their own password (with the old one), audited."""

    via = "admin"


# The staff member setting a password: Django's admin builds that form without the request.
_acting_user: ContextVar[User | None] = ContextVar("admin_acting_user", default=None)


@contextmanager
def acting_user(user: User) -> Iterator[None]:
    """Within this block, `AdminSetPasswordForm` acts on behalf of `user`."""
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


class AdminSetPasswordForm(auth_forms.AdminPasswordChangeForm):
    """The admin's form with which staff set (or disable) a person's password, audited.

    Used inside `acting_user(request.user)` (see UserAdmin.user_change_password).
    """

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        actor = _acting_user.get()
        if actor is None:
            raise RuntimeError("AdminSetPasswordForm saved outside acting_user(): who did it?")
        usable = self.cleaned_data["set_usable_password"]
        return memberships.set_password(
            user=self.user,
            password=self.cleaned_data["password1"] if usable else None,
            acting_user=actor,
            via="admin",
        )


class AdminSite(admin.AdminSite):
    """The admin site, whose page for staff changing their own password uses the audited form.

    Installed as the default site by `config.apps.AdminConfig`. Django adds
    `AdminSite.password_change_form` only in 6.0; until then this is its 5.2 view with it.
    Every admin registered here checks the ids and searches posted to it (`admin_input`).
    """

    password_change_form = AdminPasswordChangeForm
    login_form = AdminLoginForm

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_input.checked(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        """Django's admin login, through the site's own login view, so that staff give their
        second factor here too (accounts/login_views.py); otherwise as Django 5.2 has it."""
        from django.contrib.auth import REDIRECT_FIELD_NAME
        from django.http import HttpResponseRedirect
        from django.urls import reverse
        from django.utils.translation import gettext as _

        from .login_views import LoginView

        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        context.update(extra_context or {})
        request.current_app = self.name
        return LoginView.as_view(
            extra_context=context,
            authentication_form=self.login_form,
            template_name=self.login_template or "admin/login.html",
            redirect_authenticated_user=False,
        )(request)

    def password_change(self, request, extra_context=None):
        from django.contrib.auth.views import PasswordChangeView
        from django.urls import reverse

        defaults = {
            "form_class": self.password_change_form,
            "success_url": reverse("admin:password_change_done", current_app=self.name),
            "extra_context": {**self.each_context(request), **(extra_context or {})},
        }
        if self.password_change_template is not None:
            defaults["template_name"] = self.password_change_template
        request.current_app = self.name
        return PasswordChangeView.as_view(**defaults)(request)
