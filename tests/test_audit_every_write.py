"""Every write path leaves exactly one audit event: who, for which organisation, on what, and how.

Each row of WRITES drives one write through its view, as a person would: the test client opens
the page, reads the form as rendered, fills in a field or two and posts it (to the form's own
action). The row names the one event that must follow: its action, actor, organisation, target
and, for edits, the field-level before/after of a changed field.

The URL patterns come from the resolver, so a new write view cannot escape: a URL that takes a
POST (by the permission matrix or by its code) must be in WRITES, or in POSTS_WITHOUT_AUDIT with
the reason it writes nothing worth auditing (checked: posting it writes no table but the
session's). The Django admin is no exception: its staff's writes are driven through its own
pages like any other; only its pages without a POST (ADMIN_WITHOUT_POST) and those of admins
that refuse the write to everyone (read-only records; checked by posting) are left out.

The scene is the demo (the `demo` fixture, seeded once per worker) with its people of Bernheze and
Noord-Brabant: Eva Jansen, Bram Hendriks, Lars de Bruijn and Sanne Verbeek; for the
admin, also the demo's staff member and a few records for them to change or delete.
"""

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from inspect import getsource, unwrap
from types import SimpleNamespace
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import (
    AuditEvent,
    IdentityProvider,
    Membership,
    Organisation,
    User,
    UserSession,
)
from agreements.discussion import comments, reviews
from agreements.document.build import build_document, load_agreement
from agreements.document.paths import flatten
from agreements.drafting.builder import MODEL_LADDER
from agreements.models import (
    Agreement,
    AgreementTemplate,
    ArchivedPdf,
    EscalationStep,
    PdfKind,
    PdfStatus,
    RoleOption,
)
from agreements.records import decisions, evaluations
from agreements.versions import adoption as versioning
from api.models import WebhookSubscription
from demo.scenario import DEMO_PASSWORD
from notifications.models import Kind, Notification
from notifications.sending import notify
from tests.support import cast
from tests.support.forms import submit
from tests.support.matrix import MATRIX, url_names
from tests.support.sources import defined_functions

pytestmark = pytest.mark.django_db

BERNHEZE, NOORD_BRABANT = "GM1721", "PV30"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# --- Scenes ------------------------------------------------------------------------------------


def draft_scene() -> SimpleNamespace:
    """The demo's complete, never adopted draft (the `demo` fixture) and its people."""
    agreement = Agreement.objects.get()
    scene = SimpleNamespace(
        agreement=agreement,
        eva=cast.eva(),
        bram=cast.bram(),
        lars=cast.lars(),
        sanne=cast.sanne(),
        staff=cast.sita(),
        bernheze=Organisation.objects.get(code=BERNHEZE),
        noord_brabant=Organisation.objects.get(code=NOORD_BRABANT),
    )
    scene.lars_membership = Membership.objects.get(user=scene.lars)
    scene.today = timezone.localdate().isoformat()  # decisions after the adoption fall under it
    scene.document = flatten(build_document(load_agreement(agreement.pk)))
    # The link of a password reset (or an invitation) e-mailed to Lars.
    scene.uidb64 = urlsafe_base64_encode(force_bytes(scene.lars.pk))
    scene.token = default_token_generator.make_token(scene.lars)
    return scene


FIREFOX_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"
)


def sessions_scene() -> SimpleNamespace:
    """The draft, and Lars logged in on a second computer too."""
    scene = draft_scene()
    session = UserSession.objects.create(
        session_key="b" * 32,
        session_data="",
        expire_date=timezone.now() + timedelta(hours=1),
        user=scene.lars,
        user_agent=FIREFOX_ON_WINDOWS,
    )
    scene.other_session = session.public_id  # pages name a session by this, not by its key
    return scene


def webhook_scene() -> SimpleNamespace:
    """The draft, and a webhook of Bernheze's."""
    scene = draft_scene()
    scene.subscription = WebhookSubscription.objects.create(
        organisation=scene.bernheze,
        url=WEBHOOK_URL,
        events=["version.adopted"],
        secret="whsec_" + "a" * 44,
    )
    return scene


def without_ladder_scene() -> SimpleNamespace:
    """The draft without an escalation ladder, so the model ladder can be added."""
    scene = draft_scene()
    EscalationStep.objects.filter(agreement=scene.agreement).delete()
    return scene


def adopted_scene() -> SimpleNamespace:
    """Version 1 adopted by Eva; nobody has signed it and the draft is closed."""
    scene = draft_scene()
    scene.version = versioning.adopt_version(
        agreement=scene.agreement, acting_user=scene.eva, note=""
    )
    scene.agreement.refresh_from_db()
    return scene


def failed_pdf_scene() -> SimpleNamespace:
    """Version 1 adopted, and the rendering of its PDF failed."""
    scene = adopted_scene()
    ArchivedPdf.objects.create(version=scene.version, kind=PdfKind.VERSION, status=PdfStatus.FAILED)
    return scene


def evaluated_scene() -> SimpleNamespace:
    """Version 1 adopted, and an evaluation with an open follow-up action owned by Bernheze."""
    scene = adopted_scene()
    evaluation = evaluations.record_evaluation(
        agreement=scene.agreement, acting_user=scene.bram, held_on=timezone.localdate(),
        scores={aspect: (3, "Redelijk.") for aspect in ("content", "process", "relationship")},
        actions=[evaluations.ActionInput("Agenda inkorten", scene.bernheze)],
    )  # fmt: skip
    scene.evaluation = evaluation
    scene.action = evaluation.actions.get()
    return scene


def decided_scene() -> SimpleNamespace:
    """Version 1 adopted, and a decision of the Stuurgroep recorded by Eva."""
    scene = adopted_scene()
    scene.decision = decisions.record_decision(
        agreement=scene.agreement, acting_user=scene.eva, decided_on=timezone.localdate(),
        table_name="Stuurgroep", what="Warmte erbij.",
    )  # fmt: skip
    return scene


def notified_scene() -> SimpleNamespace:
    """The draft, and two unread notifications for Lars."""
    scene = draft_scene()
    for key in ("a", "b"):
        notify(kind=Kind.REPLY, recipients=[scene.lars], title=key, url="/afspraken/", key=key)
    scene.notification = Notification.objects.filter(recipient=scene.lars).first()
    return scene


def admin_scene() -> SimpleNamespace:
    """The draft, and records for the staff member to change or delete in the admin."""
    scene = draft_scene()
    scene.spare_organisation = Organisation.objects.create(
        name="Nergensdorp", official_name="Gemeente Nergensdorp", layer="gemeente", code="GM9998"
    )
    scene.spare_user = User.objects.create_user("otto@nergensdorp.nl", full_name="Otto Oud")
    scene.group = Group.objects.create(name="Redactie")
    scene.permission = Permission.objects.get(codename="change_roleoption")
    scene.role_option = RoleOption.objects.create(
        kind="network", code="netwerkbouwer", name="Netwerkbouwer", position=9
    )
    scene.template = AgreementTemplate.objects.create(
        slug="leeg", name="Leeg sjabloon", content={}, position=9
    )
    request = {
        "username": LARS, "ip_address": "127.0.0.1", "user_agent": "pytest",
        "http_accept": "text/html", "path_info": "/inloggen/",
    }  # fmt: skip
    scene.access_attempt = AccessAttempt.objects.create(
        **request, get_data="", post_data="", failures_since_start=5
    )
    scene.access_log = AccessLog.objects.create(**request)
    scene.access_failure_log = AccessFailureLog.objects.create(**request, locked_out=True)
    scene.totp_device = TOTPDevice.objects.create(
        user=scene.spare_user, name="Authenticator-app", confirmed=True
    )
    scene.identity_provider = IdentityProvider.objects.create(
        organisation=scene.spare_organisation, name="Inlogdienst Nergensdorp",
        issuer="https://login.nergensdorp.example.nl", client_id="spelregels",
        client_secret="oud-geheim", email_domains="nergensdorp.nl",
    )  # fmt: skip
    return scene


def thread_scene() -> SimpleNamespace:
    """The draft with a shared thread Sanne (Noord-Brabant) started on the tables step."""
    scene = draft_scene()
    scene.thread = comments.start_thread(
        agreement=scene.agreement, acting_user=scene.sanne, step="tafels",
        body="Elk kwartaal?", visibility="gedeeld",
    )  # fmt: skip
    return scene


def own_comment_scene() -> SimpleNamespace:
    """Sanne's thread with Lars's reply of a moment ago, which he may still change."""
    scene = thread_scene()
    comments.reply(thread=scene.thread, acting_user=scene.lars, body="Liever elke maand.")
    return scene


def resolved_thread_scene() -> SimpleNamespace:
    scene = thread_scene()
    comments.resolve_thread(thread=scene.thread, acting_user=scene.sanne)
    return scene


def review_scene() -> SimpleNamespace:
    """The draft, and Eva asked Lars to review it."""
    scene = draft_scene()
    scene.review = reviews.request_review(
        agreement=scene.agreement, acting_user=scene.eva, reviewers=[scene.lars],
        due_date=timezone.localdate(),
    )  # fmt: skip
    return scene


# --- The write paths ---------------------------------------------------------------------------

Value = Callable[[SimpleNamespace], Any]
SAME = "the user"  # the event's actor is the person logged in


def link(scene: SimpleNamespace, name: str, *args: Any) -> str:
    """The URL of `name`; an argument naming a scene attribute stands for it (its pk)."""
    values = [getattr(scene, arg) if hasattr(scene, str(arg)) else arg for arg in args]
    return reverse(name, args=[getattr(value, "pk", value) for value in values])


def given(value: Any, scene: SimpleNamespace) -> Any:
    return value(scene) if callable(value) else value


@dataclass(frozen=True)
class Write:
    """A form posted through its view, and the one audit event it must leave.

    url: the URL name the form posts to; user: who is logged in (a scene attribute, or None);
    page: (URL name, *arguments, optionally a "?query") of the page whose form is submitted,
    to: the form's action when it is not the page itself; event, org, target: the event's
    action, the code of its organisation, and what it is about (a scene attribute, or a
    function of the scene after the write); changes: a subset of the event's changes (from the
    scene before the write); press: the button pressed; confirm: the answer asks "are you
    sure?" and its form is posted as well.
    """

    url: str
    user: str | None
    page: tuple
    event: str
    org: str | None
    target: str | Value | None
    changes: dict | Value = field(default_factory=dict)
    fill: dict | Value = field(default_factory=dict)
    to: tuple | None = None
    files: Callable[[], dict] = dict
    actor: str | None = SAME
    scene: Callable[[], SimpleNamespace] = draft_scene
    status: int = 302
    press: str | None = None
    confirm: bool = False
    id: str = ""


def step(slug: str, name: str, key: str, value: str) -> Write:
    """Eva saves a builder step with one field changed: the event has its before and after."""
    return Write(
        "agreement_step", "eva", ("agreement_step", "agreement", slug), "agreement.step_saved",
        BERNHEZE, "agreement", id=f"agreement_step:{slug}", fill={name: value},
        changes=lambda s: {"step": [slug, slug], "revision": [0, 1], key: [s.document[key], value]},
    )  # fmt: skip


def pdf(name: str) -> Callable[[], dict]:
    return lambda: {name: SimpleUploadedFile("getekend.pdf", PDF, "application/pdf")}


NEW_PASSWORD = "Nieuw-wachtwoord-2026"
WEBHOOK_URL = "https://145.97.39.155/spelregels"
# The addresses of the cast (tests/support/cast.py): Lars de Bruijn and Sanne Verbeek.
LARS = cast.email("lezer", "bernheze")
SANNE = cast.email("ondertekenaar", "brabant")
LOGIN = {"username": LARS, "password": cast.PASSWORD}


def admin(url: str, event: str, target: str | Value, *, org: str | None = None, **kwargs) -> Write:
    """Staff post the form of an admin page (`url` itself by default) and press Save."""
    page = kwargs.pop("page", (f"admin:{url}",))
    kwargs.setdefault("press", "_save")
    return Write(f"admin:{url}", "staff", page, event, org, target, scene=admin_scene, **kwargs)


def delete_selected(url: str, event: str, target: str, search: str = "", **kwargs) -> Write:
    """Staff search the admin's list, select one row, run "delete selected" and confirm."""
    return admin(
        url, event, target, page=(f"admin:{url}", f"?q={search}"), confirm=True, press="index",
        fill=lambda s: {"action": "delete_selected", "_selected_action": getattr(s, target).pk},
        id=f"admin:{url}:delete_selected", **kwargs,
    )  # fmt: skip


def delete_page(url: str, event: str, target: str, **kwargs) -> Write:
    """Staff open the admin's delete page of an object and confirm."""
    return admin(url, event, target, page=(f"admin:{url}", target), press=None, **kwargs)


def bernheze_members(s: SimpleNamespace) -> list:
    """The memberships of Bernheze, in the order of the admin's inline rows."""
    return list(Membership.objects.filter(organisation=s.bernheze).values_list("pk", flat=True))


def membership_row(s: SimpleNamespace, membership: Membership) -> str:
    """The prefix of the fields of a membership's row in Bernheze's inline."""
    return f"memberships-{bernheze_members(s).index(membership.pk)}-"


def new_membership_row(s: SimpleNamespace, **fields: Any) -> dict[str, Any]:
    """A row added to Bernheze's inline ("Nog een lidmaatschap toevoegen"), with `fields`."""
    count = len(bernheze_members(s))
    return {
        "memberships-TOTAL_FORMS": count + 1,
        **{f"memberships-{count}-{name}": value for name, value in fields.items()},
    }


BERNHEZE_IN_ADMIN = ("admin:accounts_organisation_change", "bernheze")
ADMIN_PASSWORD = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}

# fmt: off
WRITES = [
    # Accounts: logging in, one's own profile and password, an organisation's members.
    Write("login", None, ("login",), "user.logged_in", None, "lars", actor="lars", fill=LOGIN),
    Write("login", None, ("login",), "user.login_failed", None, None, actor=None,
          changes={"email": [None, LARS]}, fill={**LOGIN, "password": "fout"},
          status=200, id="login:failed"),
    Write("admin:login", None, ("admin:login",), "user.logged_in", None, "staff", actor="staff",
          fill={"username": cast.STAFF_EMAIL, "password": DEMO_PASSWORD}),
    Write("profile", "lars", ("profile",), "user.profile_changed", None, "lars",
          changes={"phone": ["06-26481740", "0412-123456"]}, fill={"phone": "0412-123456"}),
    Write("session_end", "lars", ("profile",), "session.ended", None, "lars",
          to=("session_end", "other_session"), scene=sessions_scene,
          changes={"browser": ["Firefox op Windows", None]}),
    Write("sessions_end_others", "lars", ("profile",), "session.ended", None, "lars",
          to=("sessions_end_others",), scene=sessions_scene, changes={"sessions": [1, 0]}),
    Write("password_change", "lars", ("password_change",), "user.password_changed", None, "lars",
          changes={"via": [None, "password_change"]},
          fill={"old_password": cast.PASSWORD, "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD}),
    Write("password_reset_confirm", None, ("password_reset_confirm", "uidb64", "token"),
          "user.password_changed", None, "lars", actor="lars",
          changes={"via": [None, "reset_link"]},
          fill={"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}),
    Write("member_list", "bram", ("member_list", "bernheze"), "membership.added", BERNHEZE,
          lambda s: Membership.objects.get(user__email="nina@bernheze.nl"),
          changes={"user": [None, "nina@bernheze.nl"], "role": [None, "lezer"]},
          fill={"email": "nina@bernheze.nl", "full_name": "Nina Nieuw", "role": "lezer"}),
    Write("member_role", "bram", ("member_list", "bernheze"), "membership.role_changed",
          BERNHEZE, "lars_membership", changes={"role": ["lezer", "opsteller"]},
          to=("member_role", "bernheze", "lars_membership"),
          fill=lambda s: {f"{s.lars_membership.pk}-role": "opsteller"}),
    Write("member_remove", "bram", ("member_remove", "bernheze", "lars_membership"),
          "membership.removed", BERNHEZE, "lars_membership",
          changes={"user": [LARS, None], "role": ["lezer", None]}),
    # An organisation's webhooks (api/webhooks.py); a public address, written as an IP address
    # so that no name has to be looked up.
    Write("webhook_list", "bram", ("webhook_list", "bernheze"), "webhook.subscribed", BERNHEZE,
          lambda s: WebhookSubscription.objects.get(url=WEBHOOK_URL),
          changes={"url": [None, WEBHOOK_URL], "events": [None, ["version.adopted"]]},
          fill={"url": WEBHOOK_URL, "events": ["version.adopted"]}),
    Write("webhook_end", "bram", ("webhook_list", "bernheze"), "webhook.ended", BERNHEZE,
          "subscription", to=("webhook_end", "bernheze", "subscription"),
          changes={"url": [WEBHOOK_URL, None]}, scene=webhook_scene),
    # Starting and building an agreement: every step of the builder.
    Write("agreement_new", "eva", ("agreement_new",), "agreement.created", BERNHEZE,
          lambda s: Agreement.objects.get(title="Warmtenet Heesch"),
          changes={"title": [None, "Warmtenet Heesch"], "template": [None, None]},
          fill={"title": "Warmtenet Heesch"}),
    Write("agreement_import", "eva", ("agreement_import",), "agreement.imported", BERNHEZE,
          lambda s: Agreement.objects.exclude(pk=s.agreement.pk).get(),
          changes=lambda s: {"title": [None, s.agreement.title]},
          files=lambda: {"file": SimpleUploadedFile("afspraak.json", json.dumps(
              build_document(load_agreement(Agreement.objects.get().pk))).encode())}),
    step("opgave", "why", "task.why", "Samen komen we verder dan alleen."),
    step("partijen", "parties-0-civil_contact", "parties[0].civil_contact", "mw. A. de Wit"),
    step("eigenaarschap", "packages-0-name", "ownership.work_packages[0].name", "Zon en wind"),
    step("tafels", "tables-1-cadence", "governance.tables[1].cadence", "elke week"),
    step("escalatie", "escalation-1-handler", "escalation[1].handler", "Kernteam en voorzitter"),
    step("waarden", "relationship", "values.relationship", "Hard op de inhoud."),
    step("looptijd", "evaluation_cadence", "term.evaluation_cadence", "elk najaar"),
    Write("agreement_add_party", "eva", ("party_search", "agreement"), "agreement.step_saved",
          BERNHEZE, "agreement", to=("agreement_add_party", "agreement"), press="organisation",
          changes={"step": ["partijen", "partijen"],
                   "parties[8].organisation.name": [None, "Meierijstad"]}),
    Write("agreement_model_ladder", "eva", ("agreement_step", "agreement", "escalatie"),
          "agreement.step_saved", BERNHEZE, "agreement", scene=without_ladder_scene,
          to=("agreement_model_ladder", "agreement"),
          changes={"escalation": [[], None],
                   "escalation[0].trigger": [None, MODEL_LADDER[0]["trigger"]]}),
    # Adopting, amending, signing (in the application and on paper) and publishing a version.
    Write("agreement_adopt", "eva", ("agreement_adopt", "agreement"), "version.adopted",
          BERNHEZE, "agreement", changes={"version": [None, 1], "note": [None, "Eerste versie"]},
          fill={"note": "Eerste versie"}),
    Write("agreement_signing_plan", "eva", ("agreement_signing_plan", "agreement"),
          "signing_plan.set", BERNHEZE, "agreement", fill={"tier_0": "2"},
          changes={"signing_plan": [
              [], ["Binnenlandse Zaken en Koninkrijksrelaties: ronde 2, 1 van 1"]]}),
    Write("agreement_amend", "eva", ("agreement_detail", "agreement"), "draft.started",
          BERNHEZE, "agreement", changes={"based_on": [None, 1]}, scene=adopted_scene,
          to=("agreement_amend", "agreement")),
    Write("version_sign", "sanne", ("version_sign", "agreement", 1), "version.signed",
          NOORD_BRABANT, "agreement", scene=adopted_scene,
          changes={"version": [None, 1], "method": [None, "digitaal"],
                   "signatory": [None, "Sanne Verbeek"], "basis": [None, "GS-2026-12"],
                   "fully_signed": [False, False]},
          fill={"signatory_function": "gedeputeerde", "basis": "GS-2026-12",
                "place": "'s-Hertogenbosch", "confirm": "on"}),
    Write("version_sign_paper", "eva", ("version_sign_paper", "agreement", 1), "version.signed",
          BERNHEZE, "agreement", scene=adopted_scene, files=pdf("scan"),
          changes={"version": [None, 1], "method": [None, "papier"],
                   "signatory": [None, "mw. J. de Vries"]},
          fill={"signatory_name": "mw. J. de Vries", "signatory_function": "burgemeester",
                "basis": "collegebesluit", "place": "Heesch", "signed_on": "2026-11-02"}),
    Write("version_publish", "eva", ("version_publish", "agreement", 1), "version.published",
          BERNHEZE, "agreement", scene=adopted_scene,
          changes={"version": [None, 1], "public": [False, True]}, fill={"confirm": "on"}),
    # Asking again for a PDF whose rendering failed (from the version's page).
    Write("version_pdf_retry", "lars", ("version_detail", "agreement", 1), "pdf.retried",
          BERNHEZE, "agreement", scene=failed_pdf_scene, to=("version_pdf_retry", "agreement", 1),
          changes={"version": [None, 1], "pdfs": [None, ["versie"]]}),
    # Recording decisions and evaluations under the agreement.
    Write("decision_list", "eva", ("decision_list", "agreement"), "decision.recorded",
          BERNHEZE, "agreement", scene=adopted_scene, files=pdf("attachments"),
          changes={"what": [None, "Warmte erbij."], "table": [None, "Ambtelijk kernteam"],
                   "version": [None, 1], "attachments": [None, ["getekend.pdf"]]},
          fill=lambda s: {"decided_on": s.today, "table_name": "Ambtelijk kernteam",
                          "what": "Warmte erbij.", "reference": "AK-2026-11"}),
    Write("evaluation_new", "bram", ("evaluation_new", "agreement"), "evaluation.recorded",
          BERNHEZE, "agreement", scene=adopted_scene,
          changes={"held_on": [None, "2026-11-04"], "content_score": [None, 4],
                   "actions": [None, 1], "leads_to_amendment": [None, False]},
          fill=lambda s: {"held_on": "2026-11-04", "content_score": "4",
                          "content_note": "Op koers.", "process_score": "3",
                          "process_note": "Te veel ter kennisname.", "relationship_score": "5",
                          "relationship_note": "Goed contact.",
                          "actions-0-description": "Agenda inkorten",
                          "actions-0-owner": s.bernheze.pk, "actions-0-status": "open",
                          "actions-0-due_on": "2026-12-01"}),
    # A decision or evaluation is corrected by a new record that refers to it.
    Write("decision_correct", "eva", ("decision_correct", "agreement", "decision"),
          "decision.corrected", BERNHEZE, "agreement", scene=decided_scene,
          changes=lambda s: {"what": ["Warmte erbij.", "Warmte en kou erbij."],
                             "corrects": [None, str(s.decision.pk)],
                             "reason": [None, "Kou vergeten."]},
          fill={"what": "Warmte en kou erbij.", "correction_reason": "Kou vergeten."}),
    Write("evaluation_correct", "bram", ("evaluation_correct", "agreement", "evaluation"),
          "evaluation.corrected", BERNHEZE, "agreement", scene=evaluated_scene,
          changes={"content_score": [3, 4], "reason": [None, "Score verkeerd overgenomen."],
                   "actions": [None, 1]},
          fill={"content_score": "4", "correction_reason": "Score verkeerd overgenomen."}),
    # A member of the owning party moves a follow-up action on.
    Write("action_status", "lars", ("evaluation_detail", "agreement", "evaluation"),
          "action.status_changed", BERNHEZE, "agreement", scene=evaluated_scene,
          to=("action_status", "agreement", "evaluation", "action"),
          fill=lambda s: {f"actie-{s.action.pk}-status": "bezig"},
          changes={"action": [None, "Agenda inkorten"], "status": ["open", "bezig"]}),
    # The Django admin, by site staff. Organisations and their members (an inline); a change to
    # an organisation itself is test_a_staff_change_in_the_admin_is_in_the_audit_trail.
    admin("accounts_organisation_add", "organisation.added",
          lambda s: Organisation.objects.get(code="GM9997"), org="GM9997",
          changes={"name": [None, "Ergensveen"], "layer": [None, "gemeente"],
                   "code": [None, "GM9997"]},
          fill={"name": "Ergensveen", "official_name": "Gemeente Ergensveen",
                "layer": "gemeente", "code": "GM9997"}),
    admin("accounts_organisation_change", "membership.added",
          lambda s: Membership.objects.get(user=s.sanne, organisation=s.bernheze),
          org=BERNHEZE, page=BERNHEZE_IN_ADMIN, id="admin:membership_added",
          changes={"user": [None, SANNE], "role": [None, "opsteller"]},
          fill=lambda s: new_membership_row(s, user=s.sanne.pk, role="opsteller")),
    admin("accounts_organisation_change", "membership.role_changed", "lars_membership",
          org=BERNHEZE, page=BERNHEZE_IN_ADMIN, id="admin:membership_role_changed",
          changes={"role": ["lezer", "ondertekenaar"]},
          fill=lambda s: {membership_row(s, s.lars_membership) + "role": "ondertekenaar"}),
    admin("accounts_organisation_change", "membership.removed", "lars_membership",
          org=BERNHEZE, page=BERNHEZE_IN_ADMIN, id="admin:membership_removed",
          changes={"user": [LARS, None], "role": ["lezer", None]},
          fill=lambda s: {membership_row(s, s.lars_membership) + "DELETE": "on"}),
    delete_page("accounts_organisation_delete", "organisation.deleted", "spare_organisation",
                changes={"name": ["Nergensdorp", None], "code": ["GM9998", None]}),
    delete_selected("accounts_organisation_changelist", "organisation.deleted",
                    "spare_organisation", search="Nergensdorp"),
    # People: their account, groups and password (never the hash), and groups of permissions.
    admin("accounts_user_add", "user.added", lambda s: User.objects.get(email="nina@bernheze.nl"),
          changes={"email": [None, "nina@bernheze.nl"], "full_name": [None, "Nina Nieuw"]},
          fill={"email": "nina@bernheze.nl", "full_name": "Nina Nieuw", **ADMIN_PASSWORD}),
    admin("accounts_user_change", "user.changed", "lars",
          page=("admin:accounts_user_change", "lars"),
          changes=lambda s: {"function": [s.lars.function, "projectleider"],
                             "groups": [[], ["Redactie"]]},
          fill=lambda s: {"function": "projectleider", "groups": [s.group.pk]}),
    admin("auth_user_password_change", "user.password_changed", "lars",
          page=("admin:auth_user_password_change", "lars"), press="set-password",
          changes={"via": [None, "admin"], "password_usable": None}, fill=ADMIN_PASSWORD),
    admin("auth_user_password_change", "user.password_changed", "lars",
          page=("admin:auth_user_password_change", "lars"), press="unset-password",
          changes={"via": [None, "admin"], "password_usable": [True, False]},
          fill={"usable_password": "false"}, id="admin:auth_user_password_change:unset"),
    admin("password_change", "user.password_changed", "staff", press=None,
          changes={"via": [None, "admin"]},
          fill={"old_password": DEMO_PASSWORD, "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD}),
    delete_page("accounts_user_delete", "user.deleted", "spare_user",
                changes={"email": ["otto@nergensdorp.nl", None], "full_name": ["Otto Oud", None]}),
    delete_selected("accounts_user_changelist", "user.deleted", "spare_user", search="otto"),
    admin("auth_group_add", "group.added", lambda s: Group.objects.get(name="Beheer"),
          changes=lambda s: {"name": [None, "Beheer"], "permissions": [None, [str(s.permission)]]},
          fill=lambda s: {"name": "Beheer", "permissions": [s.permission.pk]}),
    admin("auth_group_change", "group.changed", "group", page=("admin:auth_group_change", "group"),
          changes=lambda s: {"permissions": [[], [str(s.permission)]]},
          fill=lambda s: {"permissions": [s.permission.pk]}),
    delete_page("auth_group_delete", "group.deleted", "group",
                changes={"name": ["Redactie", None]}),
    delete_selected("auth_group_changelist", "group.deleted", "group", search="Redactie"),
    # The builder's reference data: role options (also in the list itself) and templates.
    admin("agreements_roleoption_add", "roleoption.added",
          lambda s: RoleOption.objects.get(code="verbinder"),
          changes={"kind": [None, "network"], "code": [None, "verbinder"],
                   "name": [None, "Verbinder"]},
          fill={"kind": "network", "code": "verbinder", "name": "Verbinder"}),
    admin("agreements_roleoption_change", "roleoption.changed", "role_option",
          page=("admin:agreements_roleoption_change", "role_option"),
          changes={"description": ["", "Bouwt het netwerk op."]},
          fill={"description": "Bouwt het netwerk op."}),
    admin("agreements_roleoption_changelist", "roleoption.changed", "role_option",
          page=("admin:agreements_roleoption_changelist", "?q=netwerkbouwer"),
          changes={"position": [9, 2], "active": [True, False]},
          fill={"form-0-position": "2", "form-0-active": None}),
    delete_page("agreements_roleoption_delete", "roleoption.deleted", "role_option",
                changes={"code": ["netwerkbouwer", None], "kind": ["network", None]}),
    admin("agreements_agreementtemplate_add", "agreementtemplate.added",
          lambda s: AgreementTemplate.objects.get(slug="netwerk"),
          changes={"slug": [None, "netwerk"], "content": [None, {"theme": "Netwerk"}]},
          fill={"slug": "netwerk", "name": "Netwerk", "content": '{"theme": "Netwerk"}'}),
    admin("agreements_agreementtemplate_change", "agreementtemplate.changed", "template",
          page=("admin:agreements_agreementtemplate_change", "template"),
          changes={"content": [{}, {"theme": "Leeg"}]}, fill={"content": '{"theme": "Leeg"}'}),
    delete_page("agreements_agreementtemplate_delete", "agreementtemplate.deleted", "template",
                changes={"slug": ["leeg", None]}),
    delete_selected("agreements_agreementtemplate_changelist", "agreementtemplate.deleted",
                    "template"),
    # django-axes' records of logins: deleting one (which lifts a lockout) is audited.
    delete_page("axes_accessattempt_delete", "accessattempt.deleted", "access_attempt",
                changes={"username": [LARS, None],
                         "failures_since_start": [5, None]}),
    delete_selected("axes_accessattempt_changelist", "accessattempt.deleted", "access_attempt"),
    delete_page("axes_accesslog_delete", "accesslog.deleted", "access_log",
                changes={"username": [LARS, None]}),
    delete_selected("axes_accesslog_changelist", "accesslog.deleted", "access_log"),
    delete_page("axes_accessfailurelog_delete", "accessfailurelog.deleted", "access_failure_log",
                changes={"locked_out": [True, None]}),
    delete_selected("axes_accessfailurelog_changelist", "accessfailurelog.deleted",
                    "access_failure_log"),
    # An organisation's identity provider: its client secret is never in the trail.
    admin("accounts_identityprovider_add", "identityprovider.added",
          lambda s: IdentityProvider.objects.get(name="Inlogdienst Bernheze"),
          org=BERNHEZE, changes={"email_domains": [None, "bernheze.nl"]},
          fill=lambda s: {"organisation": s.bernheze.pk, "name": "Inlogdienst Bernheze",
                          "issuer": "https://login.bernheze.example.nl", "client_id": "spelregels",
                          "client_secret": "nieuw-geheim", "email_domains": "bernheze.nl",
                          "active": "on"}),
    admin("accounts_identityprovider_change", "identityprovider.changed", "identity_provider",
          org="GM9998", page=("admin:accounts_identityprovider_change", "identity_provider"),
          changes={"email_domains": ["nergensdorp.nl", "nergensdorp.nl, nergens.nl"]},
          fill={"email_domains": "nergensdorp.nl, nergens.nl"}),
    delete_page("accounts_identityprovider_delete", "identityprovider.deleted",
                "identity_provider", org="GM9998",
                changes={"name": ["Inlogdienst Nergensdorp", None]}),
    delete_selected("accounts_identityprovider_changelist", "identityprovider.deleted",
                    "identity_provider", org="GM9998"),
    # A second factor reset by staff (a lost phone): audited, its secret never in the trail.
    delete_page("otp_totp_totpdevice_delete", "totpdevice.deleted", "totp_device",
                changes={"user": ["otto@nergensdorp.nl", None]}),
    delete_selected("otp_totp_totpdevice_changelist", "totpdevice.deleted", "totp_device"),
    # Notifications: opening one (marks it read), marking all read, and one's e-mail choices.
    Write("notification_open", "lars", ("notification_list",), "notification.read", None,
          "notification", to=("notification_open", "notification"), scene=notified_scene),
    Write("notification_mark_all_read", "lars", ("notification_list",), "notification.all_read",
          None, "lars", to=("notification_mark_all_read",), changes={"read": [0, 2]},
          scene=notified_scene),
    Write("notification_preferences", "lars", ("notification_preferences",),
          "notification.preferences_changed", None, "lars",
          changes={"mentioned": ["immediately", "daily"]}, fill={"mentioned": "daily"}),
    # Comments and review rounds on the draft (agreements/comment_views.py).
    Write("comment_thread_start", "eva", ("agreement_step", "agreement", "tafels"),
          "comment.thread_started", BERNHEZE, lambda s: s.agreement.threads.get(),
          to=("comment_thread_start", "agreement"), fill={"body": "Elke maand?"},
          changes={"step": [None, "tafels"], "visibility": [None, "gedeeld"],
                   "body": [None, "Elke maand?"]}),
    Write("comment_reply", "lars", ("agreement_comments", "agreement"), "comment.replied",
          BERNHEZE, "thread", to=("comment_reply", "agreement"), scene=thread_scene,
          fill={"body": "Liever elke maand."}, changes={"body": [None, "Liever elke maand."]}),
    Write("comment_resolve", "lars", ("agreement_comments", "agreement"),
          "comment.thread_resolved", BERNHEZE, "thread", to=("comment_resolve", "agreement"),
          scene=thread_scene),
    Write("comment_edit", "lars", ("agreement_comments", "agreement"), "comment.edited",
          BERNHEZE, "thread", to=("comment_edit", "agreement"), scene=own_comment_scene,
          fill={"body": "Liever elk kwartaal."},
          changes={"body": ["Liever elke maand.", "Liever elk kwartaal."]}),
    Write("comment_delete", "lars", ("agreement_comments", "agreement"), "comment.deleted",
          BERNHEZE, "thread", to=("comment_delete", "agreement"), scene=own_comment_scene,
          changes={"body": ["Liever elke maand.", None]}),
    Write("comment_reopen", "eva", ("agreement_comments", "agreement"),
          "comment.thread_reopened", BERNHEZE, "thread", to=("comment_reopen", "agreement"),
          scene=resolved_thread_scene),
    Write("review_request", "eva", ("agreement_comments", "agreement"), "review.requested",
          BERNHEZE, lambda s: s.agreement.review_requests.get(),
          to=("review_request", "agreement"),
          fill=lambda s: {"reviewers": [s.sanne.pk], "due_date": s.today},
          changes={"reviewers": [None, [SANNE]]}),
    Write("review_answer", "lars", ("agreement_comments", "agreement"), "review.answered",
          BERNHEZE, "review", to=("review_answer", "agreement"), scene=review_scene,
          fill={"answer": "akkoord"}, changes={"answer": [None, "akkoord"]}),
]
# fmt: on

# POST URLs that change nothing the trail needs, and why; test_excused_posts_write_nothing
# posts each and checks that it writes no table but the session's (and django-axes' log).
POSTS_WITHOUT_AUDIT = {
    "logout": "ends the session (deletes its row); nothing in the application changes",
    "admin:logout": "the same, from the admin",
    "set_language": "puts the chosen language in a cookie",
    "verify": "the public check of an uploaded PDF only reads the registry",
    "password_reset": "only e-mails a link; the password changes (audited) at the link",
}
# (The builder's party search is a GET: ?zoek=... on the party step, with no POST.)

# Writes through the API and the token page, driven (with their events checked) in
# tests/api/test_api.py: URL name -> the test there that does it.
AUDITED_IN_API_TESTS = {
    "api:agreement-list": "test_an_opsteller_creates_a_draft_and_others_cannot",
    "api:step": "test_a_step_is_read_and_saved_with_the_builders_rules_and_if_match",
    "api:decision-list": "test_decisions_are_recorded_through_the_api_with_the_web_forms_rules",
    "api:comment-list": "test_comments_and_adoption_through_the_api_are_audited",
    "api:comment-replies": "test_comments_and_adoption_through_the_api_are_audited",
    "api:comment-resolution": "test_comments_and_adoption_through_the_api_are_audited",
    "api:version-list": "test_comments_and_adoption_through_the_api_are_audited",
    "api:section": "test_a_section_is_read_and_written_as_the_document_has_it",
    "api:review-list": "test_a_review_round_is_asked_and_answered_through_the_api",
    "api:review-answers": "test_a_review_round_is_asked_and_answered_through_the_api",
    "api_tokens": "test_a_user_creates_a_token_on_the_profile_page_sees_it_once_and_revokes_it",
    "api_token_revoke": (
        "test_a_user_creates_a_token_on_the_profile_page_sees_it_once_and_revokes_it"
    ),
}


# API URLs whose POST writes nothing, and the test there that posts and checks it.
API_POSTS_WITHOUT_WRITES = {
    "api:unknown": "test_a_path_that_names_nothing_is_a_problem_404_for_anyone",
}


def test_the_api_writes_are_driven_by_the_api_tests():
    for name, test in AUDITED_IN_API_TESTS.items():
        assert test in defined_functions("api/test_api.py"), (name, test)
    for name, test in API_POSTS_WITHOUT_WRITES.items():
        assert test in defined_functions("api/test_http.py"), (name, test)


# Joining (a new partner, invitations): each write needs a state the demo does not have (a
# partner without members, an open invitation, a link's secret from an e-mail), so the tests
# of joining drive them and check their events: URL name -> (module of tests/, test).
JOINING = "agreements/drafting/test_joining.py"
INVITATIONS = "accounts/test_invitations.py"
# The second factor and confirming who you are: each write needs a code from an authenticator
# app, so tests/accounts/test_second_factor.py drives them and checks their events.
SECOND_FACTOR = "accounts/test_second_factor.py"
AUDITED_IN_LOGIN_TESTS = {
    "login_code": (SECOND_FACTOR, "test_set_up_on_the_profile_page_then_asked_at_every_login"),
    "login_enrol": (SECOND_FACTOR, "test_set_up_on_the_profile_page_then_asked_at_every_login"),
    "reauthenticate": (
        SECOND_FACTOR,
        "test_managing_members_and_signing_ask_for_the_password_again",
    ),
    "second_factor_codes": (SECOND_FACTOR, "test_new_recovery_codes_and_switching_it_off"),
    "second_factor_remove": (SECOND_FACTOR, "test_new_recovery_codes_and_switching_it_off"),
}

AUDITED_IN_JOINING_TESTS = {
    "agreement_new_partner": (JOINING, "test_a_new_partner_becomes_a_party_and_staff_hear_of_it"),
    "agreement_invite": (
        JOINING,
        "test_inviting_the_same_address_twice_says_so_and_keeps_the_input",
    ),
    "agreement_invitation_resend": (
        JOINING,
        "test_inviting_the_same_address_twice_says_so_and_keeps_the_input",
    ),
    "agreement_invitation_withdraw": (
        JOINING,
        "test_inviting_the_same_address_twice_says_so_and_keeps_the_input",
    ),
    "invitation_accept": (
        INVITATIONS,
        "test_an_invitation_for_a_new_partner_is_sent_once_and_accepted_once",
    ),
    "invitation_answer": (
        INVITATIONS,
        "test_an_organisation_with_members_is_asked_through_its_beheerder",
    ),
}


def test_the_joining_writes_are_driven_by_the_joining_tests():
    for name, (module, test) in (AUDITED_IN_JOINING_TESTS | AUDITED_IN_LOGIN_TESTS).items():
        assert test in defined_functions(module), (name, test)


# The Django admin: staff only. Its writes are audited like the rest (accounts/admin_audit.py)
# and each is in WRITES: adding, changing and deleting, and the list's "delete selected" action
# and list edits. Left out: its pages without a POST, and the write pages of admins that refuse
# the write to everyone, superusers included (read-only records such as the audit trail;
# test_read_only_admins_refuse_writes posts each and checks that nothing is written).
ADMIN_WITHOUT_POST = [
    r"^admin:(index|app_list|jsi18n|autocomplete|view_on_site|password_change_done)$",
    r"^admin:\w+_history$",
]
# admin:login is in WRITES; admin:logout in POSTS_WITHOUT_AUDIT.
ADMIN_WRITE_PAGE = re.compile(r"^admin:\w+_(add|change|delete|changelist)$")


def admin_refuses_writes(name: str, pattern) -> bool:
    """An admin page whose ModelAdmin lets nobody, not even a superuser, write through it."""
    model_admin = getattr(pattern.callback, "model_admin", None)
    page = ADMIN_WRITE_PAGE.match(name)
    if model_admin is None or page is None:
        return False
    request = RequestFactory().post("/")
    request.user = User(email="root@example.nl", is_active=True, is_staff=True, is_superuser=True)
    if page.group(1) == "changelist":  # its POSTs: actions and list edits
        edits = model_admin.list_editable and model_admin.has_change_permission(request)
        return not model_admin.get_actions(request) and not edits
    return not getattr(model_admin, f"has_{page.group(1)}_permission")(request)


# --- Which URLs take a POST --------------------------------------------------------------------

# A view handles POST when its code reads the posted data or the method.
POST_HANDLING = re.compile(r"request\.(POST|FILES|method)|require_POST|require_http_methods")


def handles_post(name: str, pattern) -> bool:
    if "POST" in MATRIX.get(name, {}):
        return True
    view_class = getattr(pattern.callback, "view_class", None)
    if view_class is not None:
        return any(hasattr(view_class, method) for method in ("post", "put", "patch", "delete"))
    view = unwrap(pattern.callback)
    if not callable(view) or not hasattr(view, "__code__"):
        view = type(view)  # a view instance, such as a syndication Feed
    return bool(POST_HANDLING.search(getsource(view)))


def is_admin_classified(name: str, pattern) -> bool:
    return (
        name in {w.url for w in WRITES} | set(POSTS_WITHOUT_AUDIT)
        or any(re.match(rule, name) for rule in ADMIN_WITHOUT_POST)
        or admin_refuses_writes(name, pattern)
    )


def test_every_url_that_takes_a_post_is_audited_or_excused():
    urls = url_names()
    written = {write.url for write in WRITES}
    unclassified = [
        name
        for name, pattern in urls
        if (
            not is_admin_classified(name, pattern)
            if name.startswith("admin:")
            else handles_post(name, pattern)
            and name not in written
            and name not in POSTS_WITHOUT_AUDIT
            and name not in AUDITED_IN_API_TESTS
            and name not in API_POSTS_WITHOUT_WRITES
            and name not in AUDITED_IN_JOINING_TESTS
            and name not in AUDITED_IN_LOGIN_TESTS
        )
    ]
    assert unclassified == [], (
        f"These URLs take a POST but the audit test does not know them: {unclassified}. Add a "
        "row to WRITES that posts the real form and checks the event its write records, or, if "
        "the POST changes nothing worth auditing, add it to POSTS_WITHOUT_AUDIT with the reason."
    )
    by_name = dict(urls)
    stale = sorted(
        name
        for name in written | set(POSTS_WITHOUT_AUDIT)
        if name not in by_name
        or (
            admin_refuses_writes(name, by_name[name])
            if name.startswith("admin:")
            else not handles_post(name, by_name[name])
        )
    )
    assert stale == [], f"listed as POST URLs, but they no longer exist or take no POST: {stale}"


# --- Each write path and its event -------------------------------------------------------------


@contextmanager
def table_writes() -> Iterator[set[str]]:
    """The tables that INSERT, UPDATE or DELETE statements touch meanwhile."""
    tables: set[str] = set()
    statement = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)

    def record(execute, sql, params, many, context):
        if match := statement.match(sql):
            tables.add(match.group(1))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield tables


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def open_page(scene: SimpleNamespace, name: str, *args: Any) -> str:
    if name == "party_search":  # the builder's party step, searching the registry
        return link(scene, "agreement_step", *args, "partijen") + "?zoek=Meierijstad"
    if args and str(args[-1]).startswith("?"):  # a list, searched
        return link(scene, name, *args[:-1]) + args[-1]
    return link(scene, name, *args)


@pytest.mark.parametrize("write", WRITES, ids=[write.id or write.url for write in WRITES])
def test_each_write_path_records_its_event(client, demo, write):
    scene = write.scene()
    if write.user is not None:
        client.force_login(getattr(scene, write.user))
    expected_changes = given(write.changes, scene)
    before = last_event_id()
    response = submit(
        client,
        open_page(scene, *write.page),
        to=link(scene, *write.to) if write.to else None,
        fill=given(write.fill, scene),
        files=write.files(),
        press=write.press,
        confirm=write.confirm,
    )
    assert response.status_code == write.status, response.content.decode()[:3000]

    events = list(AuditEvent.objects.filter(id__gt=before).order_by("id"))
    assert [event.action for event in events] == [write.event]
    event = events[0]
    actor_name = write.user if write.actor == SAME else write.actor
    actor = getattr(scene, actor_name) if actor_name else None
    assert event.actor == actor
    assert event.actor_label == (f"{actor.full_name} <{actor.email}>" if actor else "")
    assert (event.organisation.code if event.organisation else None) == write.org
    target = getattr(scene, write.target) if isinstance(write.target, str) else write.target
    target = given(target, scene)
    assert (event.object_type, event.object_id) == (
        (target._meta.label_lower, str(target.pk)) if target is not None else ("", "")
    )
    assert {key: event.changes.get(key) for key in expected_changes} == expected_changes
    # A password is never in the trail, not even as a hash: only that it changed, and how.
    assert "password" not in event.changes
    hashes = set(User.objects.values_list("password", flat=True))
    assert not any(secret in json.dumps(event.changes) for secret in hashes if secret)


def test_a_builder_save_records_the_before_and_after_of_every_changed_field(client, demo):
    """Two fields of one step changed: both, and nothing else, are in the event."""
    scene = draft_scene()
    client.force_login(scene.eva)
    submit(
        client,
        reverse("agreement_step", args=[scene.agreement.pk, "looptijd"]),
        fill={"evaluation_cadence": "elk najaar", "notice_period_months": "3"},
    )
    event = AuditEvent.objects.get(action="agreement.step_saved")
    assert event.changes == {
        "step": ["looptijd", "looptijd"],
        "revision": [0, 1],
        "term.evaluation_cadence": [scene.document["term.evaluation_cadence"], "elk najaar"],
        "term.notice_period_months": [6, 3],
    }


# --- POSTs that write nothing worth auditing ---------------------------------------------------

# How each excused POST is driven: URL name, who, the page, the form's action, fields, files.
EXCUSED = [
    ("logout", "lars", lambda s: reverse("profile"), lambda s: reverse("logout"), {}, {}),
    ("admin:logout", "staff", lambda s: reverse("admin:index"), lambda s: reverse("admin:logout"),
     {}, {}),
    ("set_language", "lars", lambda s: reverse("profile"), lambda s: reverse("set_language"),
     {"language": "en"}, {}),
    ("verify", None, lambda s: reverse("verify"), None, {}, {"file": pdf("file")}),
    ("password_reset", None, lambda s: reverse("password_reset"), None,
     {"email": LARS}, {}),
]  # fmt: skip


def test_every_excused_post_is_checked():
    assert sorted(name for name, *_ in EXCUSED) == sorted(POSTS_WITHOUT_AUDIT)


@pytest.mark.parametrize(
    ("name", "user", "page", "to", "fill", "files"), EXCUSED, ids=[row[0] for row in EXCUSED]
)
def test_excused_posts_write_nothing(client, demo, mailoutbox, name, user, page, to, fill, files):
    scene = draft_scene()
    if user is not None:
        client.force_login(getattr(scene, user))
    before = last_event_id()
    with table_writes() as tables:
        response = submit(
            client,
            page(scene),
            to=to(scene) if to else None,
            fill=fill,
            files={key: make()[key] for key, make in files.items()},
        )
    assert response.status_code in (200, 302)
    # The session's row, and django-axes' access log (the logout time of the login).
    allowed = {"accounts_usersession", "axes_accesslog"}
    assert tables <= allowed, f"POST {name} wrote {sorted(tables)}"
    assert last_event_id() == before
    if name == "password_reset":
        assert len(mailoutbox) == 1  # the form was really submitted


# --- The Django admin --------------------------------------------------------------------------


def change_organisation_in_the_admin(client) -> tuple[SimpleNamespace, list[AuditEvent]]:
    """Staff give Bernheze an abbreviation through the admin's change form."""
    scene = draft_scene()
    client.force_login(scene.staff)
    before = last_event_id()
    response = submit(
        client,
        reverse("admin:accounts_organisation_change", args=[scene.bernheze.pk]),
        fill={"abbreviation": "BHZ"},
        press="_save",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Organisation.objects.get(pk=scene.bernheze.pk).abbreviation == "BHZ"
    return scene, list(AuditEvent.objects.filter(id__gt=before))


def test_a_staff_change_in_the_admin_is_in_djangos_admin_log(client, demo):
    scene, _events = change_organisation_in_the_admin(client)
    entry = LogEntry.objects.get(object_id=str(scene.bernheze.pk))
    assert (entry.user, entry.action_flag) == (scene.staff, CHANGE)
    assert entry.change_message == '[{"changed": {"fields": ["Afkorting"]}}]'


def test_a_staff_change_in_the_admin_is_in_the_audit_trail(client, demo):
    scene, events = change_organisation_in_the_admin(client)
    assert [event.action for event in events] == ["organisation.changed"]
    event = events[0]
    assert (event.actor, event.organisation) == (scene.staff, scene.bernheze)
    assert (event.object_type, event.object_id) == ("accounts.organisation", str(scene.bernheze.pk))
    # The field that changed, and nothing else of the form that was posted unchanged.
    assert event.changes == {"abbreviation": [scene.bernheze.abbreviation, "BHZ"]}


def test_saving_an_admin_form_unchanged_records_nothing(client, demo):
    scene = admin_scene()
    client.force_login(scene.staff)
    before = last_event_id()
    page = reverse("admin:accounts_organisation_change", args=[scene.bernheze.pk])
    assert submit(client, page, press="_save").status_code == 302
    assert last_event_id() == before


def test_deleting_a_person_in_the_admin_records_the_memberships_that_go_with_it(client, demo):
    """Lars goes, and with him his membership of Bernheze: Bernheze's trail says so."""
    scene = admin_scene()
    client.force_login(scene.staff)
    before = last_event_id()
    response = submit(client, reverse("admin:accounts_user_delete", args=[scene.lars.pk]))
    assert response.status_code == 302
    assert not User.objects.filter(pk=scene.lars.pk).exists()
    events = list(AuditEvent.objects.filter(id__gt=before).order_by("id"))
    assert [(e.action, e.organisation, e.actor) for e in events] == [
        ("user.deleted", None, scene.staff),
        ("membership.removed", scene.bernheze, scene.staff),
    ]
    assert events[1].object_id == str(scene.lars_membership.pk)
    assert events[1].changes == {
        "user": [LARS, None],
        "organisation": [str(scene.bernheze), None],
        "role": ["lezer", None],
        "manages": [False, None],
    }


def test_read_only_admins_refuse_writes(client, demo):
    """The admin pages left out of WRITES as refusing the write: posting writes nothing."""
    scene = admin_scene()
    client.force_login(scene.staff)
    refused = [(name, p) for name, p in url_names() if admin_refuses_writes(name, p)]
    assert "admin:accounts_auditevent_delete" in dict(refused)
    before = last_event_id()
    with table_writes() as tables:
        for name, pattern in refused:
            model = pattern.callback.model_admin.model
            if name.endswith("_changelist"):
                first = model._default_manager.first()
                data = {"action": "delete_selected", "_selected_action": first.pk if first else 0}
                response = client.post(reverse(name), {**data, "index": 0, "_save": "1"})
                assert response.status_code == 200, name
            else:
                first = model._default_manager.first()
                args = [] if name.endswith("_add") else [first.pk if first else 0]
                response = client.post(reverse(name, args=args), {"post": "yes"})
                assert response.status_code == 403, name
    assert tables <= {"django_session"}, f"the read-only admins wrote {sorted(tables)}"
    assert last_event_id() == before
