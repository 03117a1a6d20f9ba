"""The contracts between the layers are typed, and the code keeps to them.

- Every ValidationError a domain function raises carries a code (views and tests route and
  match by code, never by the Dutch text).
- Every audit event is recorded with an `AuditAction` member, and every admin edit maps to one.
- Permission rules live in agreements/permissions.py (and accounts/permissions.py), behind one
  guard for "logged in and active".
- No module is longer than 500 lines unless docs/architecture.md says why.
"""

import ast
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from accounts.admin_audit import AuditedAdminMixin, action_for
from accounts.models import AuditAction

ROOT = Path(__file__).parents[1]
APPS = ("accounts", "agreements", "api", "config", "demo", "notifications", "worker")
# Where Django's own validation runs: forms, views, the admin and commands raise (or add)
# errors for a form or a command line, not for a domain contract.
NOT_DOMAIN = re.compile(r"(^|/)(forms|views|admin\w*|web|urls)\.py$|/management/|/migrations/")


def python_files(pattern=None):
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative:
                continue
            if pattern is None or not pattern.search(relative):
                yield relative, ast.parse(path.read_text(encoding="utf-8"))


def raised_calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            yield node.exc


def uncoded(tree) -> list[int]:
    """Lines that raise a ValidationError (or its DraftClosed) without a code, or build one with
    `field_error`/`many` without one."""
    lines = []
    for call in raised_calls(tree):
        name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
        arguments = len(call.args) + len(call.keywords)
        if name == "field_error":
            coded = arguments >= 3
        elif name == "many":
            coded = arguments >= 2
        elif name in ("ValidationError", "DraftClosed"):
            coded = any(keyword.arg == "code" for keyword in call.keywords)
        else:
            continue
        if not coded:
            lines.append(call.lineno)
    return lines


def test_every_domain_validation_error_has_a_code():
    missing = [
        f"{path}:{line}" for path, tree in python_files(NOT_DOMAIN) for line in uncoded(tree)
    ]
    assert missing == [], f"ValidationErrors without a code: {missing}"


def test_the_check_finds_an_error_without_a_code():
    """The check above can fail."""
    source = (
        "raise ValidationError('Nee')\n"
        "raise ValidationError('Ja', code='x')\n"
        "raise field_error('note', 'Nee')\n"
    )
    assert uncoded(ast.parse(source)) == [1, 3]


def test_every_audit_event_is_recorded_with_an_audit_action():
    loose = []
    for path, tree in python_files():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "record_event"):
                continue
            action = next((k.value for k in node.keywords if k.arg == "action"), None)
            if isinstance(action, ast.Constant):
                loose.append(f"{path}:{node.lineno}")
        for node in ast.walk(tree):
            # The timeline and others read actions back: by member, never by literal.
            if (
                isinstance(node, ast.Compare)
                and isinstance(node.left, ast.Attribute)
                and node.left.attr == "action"
                and any(isinstance(c, ast.Constant) for c in node.comparators)
            ):
                loose.append(f"{path}:{node.lineno}")
    assert loose == [], f"actions as strings: {loose}"


def test_every_admin_edit_is_an_audit_action():
    """The admin records `<model>.added`, `.changed`, `.deleted`: each must be a member."""
    models = [model for model, model_admin in admin.site._registry.items()
              if isinstance(model_admin, AuditedAdminMixin)]  # fmt: skip
    assert get_user_model() in models
    for model in models:
        for verb in ("added", "changed", "deleted"):
            assert action_for(model(), verb, {}) in AuditAction.values, (model, verb)
    # Inline rows of the admin: memberships.
    from accounts.models import Membership

    assert action_for(Membership(), "deleted", {}) == AuditAction.MEMBERSHIP_REMOVED
    assert action_for(Membership(), "changed", {"role": 1}) == AuditAction.MEMBERSHIP_ROLE_CHANGED


def test_an_unknown_admin_action_is_refused():
    with pytest.raises(ValueError, match="is not a valid AuditAction"):
        AuditAction("agreement.painted")


def test_one_guard_for_logged_in_and_active():
    """The rule "logged in and active" is written once: `accounts.permissions.is_active_user`."""
    copies = []
    for path, _tree in python_files():
        source = (ROOT / path).read_text(encoding="utf-8")
        if path == "accounts/permissions.py":
            continue
        if re.search(r"is_authenticated\s+or\s+not\s+\w+\.is_active", source):
            copies.append(path)
    assert copies == [], f"the active-user guard copied in: {copies}"


def long_modules_allowed() -> dict[str, str]:
    """The modules docs/architecture.md allows over 500 lines, with its reason."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Longer than 500 lines", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^- `([\w/.]+\.py)`: (.+)$", section, re.M))


def test_no_module_over_500_lines_unless_the_architecture_says_why():
    allowed = long_modules_allowed()
    long = {
        path: len((ROOT / path).read_text(encoding="utf-8").splitlines())
        for path, _tree in python_files()
    }
    over = {path: lines for path, lines in long.items() if lines > 500}
    assert set(over) <= set(allowed), f"over 500 lines without a reason: {over}"
    stale = {path for path in allowed if long.get(path, 0) <= 500}
    assert stale == set(), f"reasons for modules that are no longer long: {stale}"
