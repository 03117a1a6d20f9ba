"""Every URL of the project, requested by every kind of actor, against one table of answers.

The URL patterns come from the resolver, so a new view cannot escape: a URL name missing from
MATRIX (or, for the admin, from ADMIN_RULES) fails the test. Each request runs in a savepoint
that is rolled back, so a POST that changes something does not change the next answer.

Actors, all seen from the demo agreement "RES Noordoost-Brabant" (Bernheze is a party):
anonymous; outsider (opsteller of Gemeente Nijmegen, not a party); lezer, opsteller,
ondertekenaar and beheerder of Gemeente Bernheze; staff (site staff, no membership).
"""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Membership, Organisation, Role, User
from agreements.models import Agreement, DecisionAttachment, PublishedVersion, Signature
from agreements.records import decisions
from agreements.versions import adoption as versioning
from agreements.versions import signing
from api import tokens
from demo.scenario import seed_demo
from notifications.models import Notification
from tests.factories import outsider

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "outsider", "lezer", "opsteller", "ondertekenaar", "beheerder", "staff"]
LOGIN = 302  # anonymous visitors are sent to the login page


def answers(anonymous, outsider, lezer, opsteller, ondertekenaar, beheerder, staff):
    statuses = [anonymous, outsider, lezer, opsteller, ondertekenaar, beheerder, staff]
    return dict(zip(ACTORS, statuses, strict=True))


def members(outsider_and_staff, members_answer):
    """Anonymous to login; outsider and staff alike; every member of a party alike."""
    return answers(LOGIN, outsider_and_staff, *[members_answer] * 4, outsider_and_staff)


EVERYONE_200 = answers(*[200] * 7)
LOGGED_IN_200 = answers(LOGIN, *[200] * 6)
MEMBERS_ONLY = members(404, 200)
API_LOGGED_IN_200 = answers(401, *[200] * 6)
API_MEMBERS_ONLY = answers(401, 404, 200, 200, 200, 200, 404)

# url name -> {method: {actor: status}}. GET always; POST for the views that write.
MATRIX = {
    "health": {"GET": EVERYONE_200},
    # Accounts
    # Someone logged in already is sent on to the start page.
    "login": {"GET": answers(200, *[302] * 6)},
    "logout": {"GET": answers(*[405] * 7), "POST": answers(*[302] * 7)},
    "password_change": {"GET": LOGGED_IN_200},
    "password_change_done": {"GET": LOGGED_IN_200},
    "password_reset": {"GET": EVERYONE_200},
    "password_reset_done": {"GET": EVERYONE_200},
    "password_reset_confirm": {"GET": EVERYONE_200},  # an invalid link says so
    "password_reset_complete": {"GET": EVERYONE_200},
    "profile": {"GET": LOGGED_IN_200},
    "organisation_list": {"GET": LOGGED_IN_200},
    "organisation_detail": {"GET": LOGGED_IN_200},  # the public reference data
    "member_list": {
        "GET": answers(LOGIN, 404, 404, 404, 404, 200, 200),
        "POST": answers(LOGIN, 404, 404, 404, 404, 200, 200),
    },
    "member_role": {
        "GET": answers(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": answers(LOGIN, 404, 404, 404, 404, 302, 302),
    },
    "organisation_audit": {"GET": answers(LOGIN, 404, 404, 404, 404, 200, 200)},
    "organisation_audit_csv": {"GET": answers(LOGIN, 404, 404, 404, 404, 200, 200)},
    "member_remove": {
        "GET": answers(LOGIN, 404, 404, 404, 404, 200, 200),
        "POST": answers(LOGIN, 404, 404, 404, 404, 302, 302),
    },
    "set_language": {"GET": answers(*[302] * 7), "POST": answers(*[302] * 7)},
    # Agreements: the registry and starting one
    "home": {"GET": LOGGED_IN_200},
    "contact_book": {"GET": LOGGED_IN_200},
    "agreement_list": {"GET": LOGGED_IN_200},
    "overview": {"GET": LOGGED_IN_200},  # shows only what each may see
    "agreement_new": {
        # Only people who draft for an organisation start agreements.
        "GET": answers(LOGIN, 200, 404, 200, 404, 404, 404),
        "POST": answers(LOGIN, 200, 404, 200, 404, 404, 404),
    },
    "agreement_import": {
        # As starting one; an empty POST shows the form again with its errors.
        "GET": answers(LOGIN, 200, 404, 200, 404, 404, 404),
        "POST": answers(LOGIN, 200, 404, 200, 404, 404, 404),
    },
    # One agreement: members of its parties see it; its opstellers edit the draft.
    "agreement_detail": {"GET": MEMBERS_ONLY},
    "agreement_step": {
        "GET": answers(LOGIN, 404, 404, 200, 404, 404, 404),
        "POST": answers(LOGIN, 404, 404, 200, 404, 404, 404),
    },
    "agreement_add_party": {
        "GET": answers(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": answers(LOGIN, 404, 404, 302, 404, 404, 404),
    },
    "agreement_model_ladder": {
        "GET": answers(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": answers(LOGIN, 404, 404, 302, 404, 404, 404),
    },
    "agreement_adopt": {
        "GET": answers(LOGIN, 404, 404, 200, 404, 404, 404),
        "POST": answers(LOGIN, 404, 404, 200, 404, 404, 404),
    },
    "agreement_amend": {
        "GET": answers(LOGIN, 405, 405, 405, 405, 405, 405),
        # The draft is open already: the editor is sent back with a message.
        "POST": answers(LOGIN, 404, 404, 302, 404, 404, 404),
    },
    "version_detail": {"GET": MEMBERS_ONLY},
    "version_compare": {"GET": MEMBERS_ONLY},
    "agreement_as_of": {"GET": MEMBERS_ONLY},
    "decision_list": {
        "GET": MEMBERS_ONLY,
        # Readers read; the other roles record decisions (an empty form: 200 with errors).
        "POST": answers(LOGIN, 404, 404, 200, 200, 200, 404),
    },
    "decision_attachment": {"GET": MEMBERS_ONLY},
    "evaluation_new": {
        "GET": answers(LOGIN, 404, 404, 200, 200, 200, 404),
        "POST": answers(LOGIN, 404, 404, 200, 200, 200, 404),
    },
    "evaluation_detail": {"GET": MEMBERS_ONLY},
    "agreement_timeline": {"GET": MEMBERS_ONLY},
    "agreement_audit_csv": {"GET": MEMBERS_ONLY},
    "agreement_briefing": {"GET": MEMBERS_ONLY},
    "agreement_briefing_pdf": {"GET": MEMBERS_ONLY},
    "version_sign": {
        # Only the ondertekenaar of a party that has not signed the current version yet.
        "GET": answers(LOGIN, 404, 404, 404, 200, 404, 404),
        "POST": answers(LOGIN, 404, 404, 404, 200, 404, 404),
    },
    "version_sign_paper": {
        "GET": answers(LOGIN, 404, 404, 200, 200, 404, 404),
        "POST": answers(LOGIN, 404, 404, 200, 200, 404, 404),
    },
    "signature_scan": {"GET": MEMBERS_ONLY},
    "version_pdf": {"GET": MEMBERS_ONLY},
    "version_print_preview": {"GET": members(404, 404)},  # DEBUG only
    "draft_pdf": {"GET": MEMBERS_ONLY},
    "verify": {"GET": EVERYONE_200, "POST": EVERYONE_200},
    # Publication (Woo): the opstellers of a party publish; anyone reads what is published.
    "version_publish": {
        "GET": answers(LOGIN, 404, 404, 200, 404, 404, 404),
        "POST": answers(LOGIN, 404, 404, 200, 404, 404, 404),  # an empty form: 200 with errors
    },
    "public_register": {"GET": EVERYONE_200},
    "public_version": {"GET": EVERYONE_200},
    # The publieksversie PDF of the scene's publication (version 2): rendered at once in tests.
    "public_version_pdf": {"GET": EVERYONE_200},
    "public_feed": {"GET": EVERYONE_200},
    # Comments and review rounds on the draft: every member of a party comments and answers;
    # bad or empty input shows the Overleg page again with the errors (200); the opstellers ask
    # for a review. Resolving without a thread sends the member back with a message.
    "agreement_comments": {"GET": MEMBERS_ONLY},
    "comment_thread_start": {"GET": members(405, 405), "POST": MEMBERS_ONLY},
    "comment_reply": {"GET": members(405, 405), "POST": MEMBERS_ONLY},
    "comment_resolve": {"GET": members(405, 405), "POST": members(404, 302)},
    "comment_reopen": {"GET": members(405, 405), "POST": members(404, 302)},
    "review_request": {
        "GET": members(405, 405),
        "POST": answers(LOGIN, 404, 404, 200, 404, 404, 404),
    },
    "review_answer": {"GET": members(405, 405), "POST": MEMBERS_ONLY},
    # Notifications: one's own only; the scene's notification is Bernheze's ondertekenaar's
    # (version 3 awaits their signature).
    "notification_list": {"GET": LOGGED_IN_200},
    "notification_open": {
        "GET": answers(LOGIN, 404, 404, 404, 302, 404, 404),  # only redirects
        "POST": answers(LOGIN, 404, 404, 404, 302, 404, 404),  # marks read, then redirects
    },
    "notification_mark_all_read": {
        "GET": answers(LOGIN, *[405] * 6),
        "POST": answers(LOGIN, *[302] * 6),
    },
    # An empty POST shows the form again with its errors.
    "notification_preferences": {"GET": LOGGED_IN_200, "POST": LOGGED_IN_200},
    # Personal API tokens: one's own only; the scene's token is the opsteller's.
    "api_tokens": {"GET": LOGGED_IN_200, "POST": LOGGED_IN_200},  # an empty name: the form again
    "api_token_revoke": {
        "GET": answers(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": answers(LOGIN, 404, 404, 302, 404, 404, 404),
    },
    # The API answers 401 (not a login page) without credentials, and otherwise exactly as the
    # web pages: members see, outsiders get 404.
    "api:schema": {"GET": EVERYONE_200},
    "api:docs": {"GET": EVERYONE_200},
    "api:organisation-list": {"GET": API_LOGGED_IN_200},
    "api:organisation-detail": {"GET": API_LOGGED_IN_200},
    "api:agreement-list": {
        "GET": API_LOGGED_IN_200,
        # Opstellers start drafts (an empty body: 400); nobody else may.
        "POST": answers(401, 400, 404, 400, 404, 404, 404),
    },
    "api:agreement-detail": {"GET": API_MEMBERS_ONLY},
    "api:version-list": {"GET": API_MEMBERS_ONLY},
    "api:version-detail": {"GET": API_MEMBERS_ONLY},
    "api:version-pdf": {"GET": API_MEMBERS_ONLY},
    "api:decision-list": {
        "GET": API_MEMBERS_ONLY,
        "POST": answers(401, 404, 404, 400, 400, 400, 404),
    },
    "api:timeline": {"GET": API_MEMBERS_ONLY},
    "api:comment-list": {"GET": API_MEMBERS_ONLY},
    "api:step": {"GET": answers(401, 404, 404, 200, 404, 404, 404)},
    "api:public-register": {"GET": EVERYONE_200},
    "api:publication-detail": {"GET": EVERYONE_200},
}

# The admin: site staff only; everyone else is sent to the admin's login page.
STAFF_ONLY = answers(302, 302, 302, 302, 302, 302, 200)
ADMIN_RULES = [
    (r"^admin:(login)$", answers(200, 200, 200, 200, 200, 200, 302)),
    (r"^admin:(logout)$", answers(302, 302, 302, 302, 302, 302, 405)),
    (r"^admin:(index|password_change|password_change_done|jsi18n)$", STAFF_ONLY),
    (r"^admin:app_list$", STAFF_ONLY),
    (r"^admin:autocomplete$", answers(302, 302, 302, 302, 302, 302, 403)),
    (r"^admin:view_on_site$", answers(302, 302, 302, 302, 302, 302, 404)),
    (r"^admin:\w+_changelist$", STAFF_ONLY),
    (r"^admin:\w+_(change|history)$", STAFF_ONLY),
    (r"^admin:\w+_(add|delete)$", None),  # depends on the model: see admin_write_answer
    (r"^admin:auth_user_password_change$", STAFF_ONLY),
    (r"^admin:accounts_user_password_change$", STAFF_ONLY),
]
# Append-only and builder-owned records cannot be added or deleted, not even by staff.
READ_ONLY_MODELS = {
    "accounts_auditevent",
    # django-axes' records of login attempts are made by logins, not by hand.
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    "django_tasks_database_dbtaskresult",
    "agreements_agreement",
    "agreements_signature",
    "agreements_archivedpdf",
    "agreements_publishedversion",
}


def admin_write_answer(name: str) -> dict:
    model, action = re.match(r"^admin:(\w+)_(add|delete)$", name).groups()
    read_only = model in READ_ONLY_MODELS and (action == "add" or not model.startswith("axes_"))
    return answers(302, 302, 302, 302, 302, 302, 403 if read_only else 200)


def url_names() -> list[tuple[str, URLPattern]]:
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern

    return sorted(walk(get_resolver().url_patterns), key=lambda item: item[0])


def admin_expectation(name: str) -> dict | None:
    for rule, expected in ADMIN_RULES:
        if re.match(rule, name):
            return expected if expected is not None else admin_write_answer(name)
    return None


@pytest.fixture
def scene():
    """The demo with its history, an amendment adopted as version 3 that Bernheze has not
    signed, a paper signature of Oss under it, and a decision attachment."""
    seed_demo(history=True)
    agreement = Agreement.objects.get()
    editor = User.objects.get(email="opsteller@bernheze.example.nl")
    versioning.open_amendment(agreement=agreement, acting_user=editor)
    agreement.refresh_from_db()
    agreement.why += " Ook warmte telt."
    agreement.save()
    version = versioning.adopt_version(agreement=agreement, acting_user=editor, note="Warmte")
    versioning.open_amendment(agreement=agreement, acting_user=editor)  # an open draft again
    oss = Organisation.objects.get(code="GM0828")
    paper = signing.sign_version(
        version=version,
        organisation=oss,
        acting_user=User.objects.get(email="opsteller@oss.example.nl"),
        signatory_name="mw. J. de Vries",
        signatory_function="burgemeester",
        basis="collegebesluit",
        place="Oss",
        scan=SimpleUploadedFile("s.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        signed_on=date(2026, 11, 2),
    )
    decision = decisions.record_decision(
        agreement=agreement,
        acting_user=editor,
        decided_on=date(2026, 11, 3),
        table_name="Stuurgroep",
        what="Warmte erbij.",
        attachments=[SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")],
    )
    bernheze = Organisation.objects.get(code="GM1721")
    outsider()
    return {
        "agreement_id": agreement.pk,
        "number": version.number,
        "step_slug": "opgave",
        "attachment_id": DecisionAttachment.objects.get(decision=decision).pk,
        "evaluation_id": agreement.evaluations.get().pk,
        "signature_id": paper.pk,
        "publication_id": PublishedVersion.objects.get(version__number=2).pk,
        "pk": bernheze.pk,
        "token_id": tokens.create_token(user=editor, name="matrix", acting_user=editor)[0].pk,
        "organisation_id": bernheze.pk,
        "membership_id": Membership.objects.get(
            organisation=bernheze, user__email="lezer@bernheze.example.nl"
        ).pk,
        "uidb64": "MQ",
        "token": "set-password",
        "app_label": "agreements",
        "content_type_id": 1,
        "object_id": "1",
        "id": User.objects.get(email="lezer@bernheze.example.nl").pk,
        "notification_id": Notification.objects.filter(
            recipient__email="ondertekenaar@bernheze.example.nl"
        )
        .first()
        .pk,
    }


def actor_user(actor: str) -> User | None:
    return {
        "anonymous": None,
        "outsider": User.objects.filter(email="olaf@nijmegen.nl").first(),
        "staff": User.objects.get(email="staf@spelregels.example.nl"),
    }.get(actor) or (
        User.objects.get(email=f"{actor}@bernheze.example.nl") if actor != "anonymous" else None
    )


def url_for(name: str, pattern: URLPattern, scene: dict) -> str:
    names = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
    kwargs = {key: scene[key] for key in names}
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is not None and "object_id" in kwargs:
        instance = model_admin.model._default_manager.first()
        kwargs["object_id"] = str(instance.pk) if instance else "0"
    return reverse(name, kwargs=kwargs)


def test_every_url_is_in_the_matrix():
    missing = [
        name
        for name, _pattern in url_names()
        if name not in MATRIX and admin_expectation(name) is None
    ]
    assert missing == [], f"URLs without an entry in the permission matrix: {missing}"
    stale = sorted(set(MATRIX) - {name for name, _ in url_names()})
    assert stale == [], f"entries for URLs that no longer exist: {stale}"


def test_each_actor_gets_the_expected_answer_everywhere(client, scene):
    failures = []
    for name, pattern in url_names():
        if name == "admin:view_on_site":
            url = reverse(name, args=[1, 1])
        else:
            url = url_for(name, pattern, scene)
        expected_by_method = MATRIX.get(name) or {"GET": admin_expectation(name)}
        model_admin = getattr(pattern.callback, "model_admin", None)
        if model_admin and "object_id" in pattern.pattern.converters:
            staff_answer = expected_by_method["GET"]["staff"]
            if staff_answer == 200 and not model_admin.model._default_manager.exists():
                # The admin sends staff back to the list when the object does not exist.
                expected_by_method = {"GET": {**STAFF_ONLY, "staff": 302}}
        for method, expected in expected_by_method.items():
            for actor in ACTORS:
                user = actor_user(actor)
                client.logout()
                if user is not None:
                    client.force_login(user)
                with transaction.atomic():
                    response = getattr(client, method.lower())(url)
                    transaction.set_rollback(True)
                if response.status_code != expected[actor]:
                    failures.append(
                        f"{method} {name} as {actor}: {response.status_code}, "
                        f"expected {expected[actor]}"
                    )
    assert failures == [], "\n".join(failures)


def test_outsiders_learn_nothing_from_a_404(client, scene):
    """The answer for an agreement one may not see is the answer for one that does not exist."""
    import uuid

    client.force_login(actor_user("outsider"))
    real = reverse("agreement_detail", args=[scene["agreement_id"]])
    made_up = reverse("agreement_detail", args=[uuid.uuid4()])
    first, second = client.get(real), client.get(made_up)
    assert first.status_code == second.status_code == 404
    assert first.content == second.content


def test_the_anonymous_login_redirect_keeps_the_destination(client, scene):
    url = reverse("agreement_detail", args=[scene["agreement_id"]])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "next=" in response["Location"]


def test_signatures_are_only_recorded_for_the_actors_party(scene):
    """The matrix's 200 for the sign form means Bernheze's own ondertekenaar, nobody else."""
    version = Agreement.objects.get().current_version
    allowed = signing.organisations_user_may_sign_for(actor_user("ondertekenaar"), version)
    assert [o.code for o in allowed] == ["GM1721"]
    assert not Signature.objects.filter(organisation__code="GM1721", version=version).exists()
    assert Role.ONDERTEKENAAR == "ondertekenaar"
