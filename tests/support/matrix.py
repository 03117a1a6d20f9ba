"""Who gets which answer on every URL of the project: the permission matrix, as data.

tests/test_permission_matrix.py checks every answer; the every-form fuzzing reads from it who
can open a page, and the audit test which URLs take a POST.

Actors, all seen from the demo agreement "RES Noordoost-Brabant" (Bernheze is a party):
anonymous; outsider (Olaf, opsteller of Gemeente Nijmegen, not a party); lezer (Lars),
opsteller (Eva), ondertekenaar (Kees) and beheerder (Bram) of Gemeente Bernheze; staff (Sita,
site staff, no membership).
"""

import re

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from tests.support import cast

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
    "favicon": {"GET": answers(*[301] * 7)},  # to the static icon
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
    # One's own sessions only; another's (or an unknown) id is said on the profile page.
    "session_end": {"GET": answers(LOGIN, *[405] * 6), "POST": answers(LOGIN, *[302] * 6)},
    # Single sign-on: the scene's provider does not answer, and no round trip was started:
    # back to the login page, told why, for everyone.
    "sso_start": {"GET": answers(*[302] * 7)},
    "sso_callback": {"GET": answers(*[302] * 7)},
    "sso_logout": {"GET": answers(*[302] * 7)},  # nothing to end at a provider
    # The second step of a login: without a password step first, back to the login page.
    "login_code": {"GET": answers(*[302] * 7), "POST": answers(*[302] * 7)},
    # Setting up a second factor: at a login that requires it, or from the profile page (an
    # empty code: the form again).
    "login_enrol": {"GET": LOGGED_IN_200, "POST": LOGGED_IN_200},
    "reauthenticate": {"GET": LOGGED_IN_200, "POST": LOGGED_IN_200},
    # Without a second factor: said on the profile page.
    "second_factor_codes": {
        "GET": answers(LOGIN, *[405] * 6),
        "POST": answers(LOGIN, *[302] * 6),
    },
    "second_factor_remove": {
        "GET": answers(LOGIN, *[405] * 6),
        "POST": answers(LOGIN, *[302] * 6),
    },
    "sessions_end_others": {
        "GET": answers(LOGIN, *[405] * 6),
        "POST": answers(LOGIN, *[302] * 6),
    },
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
    # An organisation's webhooks: its beheerder (and staff, who manage every organisation).
    "webhook_list": {
        "GET": answers(LOGIN, 404, 404, 404, 404, 200, 200),
        "POST": answers(LOGIN, 404, 404, 404, 404, 200, 200),
    },
    "webhook_deliveries": {"GET": answers(LOGIN, 404, 404, 404, 404, 200, 200)},
    "webhook_end": {
        "GET": answers(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": answers(LOGIN, 404, 404, 404, 404, 302, 302),
    },
    "organisation_audit_csv": {"GET": answers(LOGIN, 404, 404, 404, 404, 200, 200)},
    "member_remove": {
        "GET": answers(LOGIN, 404, 404, 404, 404, 200, 200),
        "POST": answers(LOGIN, 404, 404, 404, 404, 302, 302),
    },
    "set_language": {"GET": answers(*[302] * 7), "POST": answers(*[302] * 7)},
    # An invitation's link (for a person without an account): everyone sees it; an empty POST
    # shows the form again, logged in as someone else it says the link is for another address.
    "invitation_accept": {
        "GET": answers(*[200] * 7),
        "POST": answers(200, *[410] * 6),
    },
    # A beheerder (or staff) sends or declines a requested invitation; an empty POST declines.
    "invitation_answer": {
        "GET": answers(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": answers(LOGIN, 404, 404, 404, 404, 302, 302),
    },
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
        # An empty POST names no revision it started from: every field it would change is a
        # conflict to answer (409), nothing is written.
        "POST": answers(LOGIN, 404, 404, 409, 404, 404, 404),
    },
    "agreement_step_presence": {"GET": answers(LOGIN, 404, 404, 200, 404, 404, 404)},
    # Joining: an empty POST shows the parties step again with the form's errors.
    "agreement_new_partner": {
        "GET": answers(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": answers(LOGIN, 404, 404, 200, 404, 404, 404),
    },
    "agreement_invite": {
        "GET": answers(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": answers(LOGIN, 404, 404, 200, 404, 404, 404),
    },
    # Eva's own request: she may resend (it is not sent yet: a message) or withdraw it.
    "agreement_invitation_resend": {
        "GET": answers(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": answers(LOGIN, 404, 404, 302, 404, 404, 404),
    },
    "agreement_invitation_withdraw": {
        "GET": answers(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": answers(LOGIN, 404, 404, 302, 404, 404, 404),
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
    # The draft's signing plan: its opstellers set it; an empty form is shown again with errors.
    "agreement_signing_plan": {
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
    # Those who record decisions and evaluations correct them (an empty form: 200 with errors).
    "decision_correct": {
        "GET": answers(LOGIN, 404, 404, 200, 200, 200, 404),
        "POST": answers(LOGIN, 404, 404, 200, 200, 200, 404),
    },
    "evaluation_correct": {
        "GET": answers(LOGIN, 404, 404, 200, 200, 200, 404),
        "POST": answers(LOGIN, 404, 404, 200, 200, 200, 404),
    },
    "evaluation_new": {
        "GET": answers(LOGIN, 404, 404, 200, 200, 200, 404),
        "POST": answers(LOGIN, 404, 404, 200, 200, 200, 404),
    },
    "evaluation_detail": {"GET": MEMBERS_ONLY},
    # The scene's follow-up action is Oss's: of Bernheze's people only the opsteller (an editor
    # of the agreement) moves it on; an empty POST shows the evaluation with the error.
    "action_status": {
        "GET": answers(LOGIN, 405, 405, 405, 405, 405, 405),
        "POST": answers(LOGIN, 404, 404, 200, 404, 404, 404),
    },
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
    # Asking again for a failed PDF (a POST); nothing of the scene failed: back to the version.
    "version_pdf_retry": {"GET": members(405, 405), "POST": members(404, 302)},
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
    # Woo metadata for the harvester and crawlers (agreements/public/woo.py).
    "public_sitemap": {"GET": EVERYONE_200},
    "public_sitemap_section": {"GET": EVERYONE_200},
    "public_version_metadata": {"GET": EVERYONE_200},
    "robots": {"GET": EVERYONE_200},
    # Comments and review rounds on the draft: every member of a party comments and answers;
    # bad or empty input shows the Overleg page again with the errors (200); the opstellers ask
    # for a review. Resolving without a thread sends the member back with a message.
    "agreement_comments": {"GET": MEMBERS_ONLY},
    "comment_thread_start": {"GET": members(405, 405), "POST": MEMBERS_ONLY},
    "comment_reply": {"GET": members(405, 405), "POST": MEMBERS_ONLY},
    "comment_resolve": {"GET": members(405, 405), "POST": members(404, 302)},
    "comment_reopen": {"GET": members(405, 405), "POST": members(404, 302)},
    "comment_edit": {"GET": members(405, 405), "POST": members(404, 302)},
    "comment_delete": {"GET": members(405, 405), "POST": members(404, 302)},
    "review_request": {
        "GET": members(405, 405),
        "POST": answers(LOGIN, 404, 404, 200, 404, 404, 404),
    },
    "review_answer": {"GET": members(405, 405), "POST": MEMBERS_ONLY},
    # Notifications: one's own only; the scene's notification is Bernheze's ondertekenaar's
    # (version 3 awaits their signature).
    "notification_list": {"GET": LOGGED_IN_200},
    "notification_count": {"GET": LOGGED_IN_200},  # the bell's count as JSON
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
    "api:openapi-json": {"GET": EVERYONE_200},
    "api:organisation-list": {"GET": API_LOGGED_IN_200},
    "api:organisation-detail": {"GET": API_LOGGED_IN_200},
    "api:agreement-list": {
        "GET": API_LOGGED_IN_200,
        # Opstellers start drafts (an empty body: 400); nobody else may.
        "POST": answers(401, 400, 404, 400, 404, 404, 404),
    },
    "api:agreement-detail": {"GET": API_MEMBERS_ONLY},
    # Adopting: the opsteller is told the open draft is no new version (409); who may not
    # adopt is told nothing (404).
    "api:version-list": {
        "GET": API_MEMBERS_ONLY,
        "POST": answers(401, 404, 404, 409, 404, 404, 404),
    },
    "api:section": {"GET": API_MEMBERS_ONLY},
    # Review rounds: an empty body is invalid input (400) for members; Bernheze is asked.
    "api:review-list": {
        "GET": API_MEMBERS_ONLY,
        "POST": answers(401, 404, 400, 400, 400, 400, 404),
    },
    "api:review-answers": {
        "GET": answers(401, *[405] * 6),
        "POST": answers(401, 404, 400, 400, 400, 400, 404),
    },
    "api:template-list": {"GET": answers(401, 200, 200, 200, 200, 200, 200)},
    "api:completeness": {"GET": API_MEMBERS_ONLY},
    "api:signing-status": {"GET": API_MEMBERS_ONLY},
    # An empty body is invalid input (400) for members.
    "api:comment-replies": {
        "GET": answers(401, *[405] * 6),
        "POST": answers(401, 404, 400, 400, 400, 400, 404),
    },
    "api:comment-resolution": {
        "GET": answers(401, *[405] * 6),
        "POST": answers(401, 404, 200, 200, 200, 200, 404),
        # The thread is open: there is nothing to reopen (409).
        "DELETE": answers(401, 404, 409, 409, 409, 409, 404),
    },
    "api:version-detail": {"GET": API_MEMBERS_ONLY},
    "api:version-pdf": {"GET": API_MEMBERS_ONLY},
    # The scene's version is not signed by all: a member is told so (409).
    "api:version-archive": {"GET": answers(401, 404, 409, 409, 409, 409, 404)},
    "api:decision-list": {
        "GET": API_MEMBERS_ONLY,
        "POST": answers(401, 404, 404, 400, 400, 400, 404),
    },
    "api:timeline": {"GET": API_MEMBERS_ONLY},
    "api:comment-list": {
        "GET": API_MEMBERS_ONLY,
        "POST": answers(401, 404, 400, 400, 400, 400, 404),
    },
    "api:step": {"GET": answers(401, 404, 404, 200, 404, 404, 404)},
    "api:public-register": {"GET": EVERYONE_200},
    "api:publication-detail": {"GET": EVERYONE_200},
    # Whatever else lies under /api/v1/ (here the base path itself): a problem 404 for anyone.
    "api:unknown": {"GET": answers(*[404] * 7), "POST": answers(*[404] * 7)},
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
    # A second factor is set up by its person; staff may only delete one (a lost phone).
    "otp_totp_totpdevice",
}
# Of those, the ones staff may delete: login attempts (lifts a lockout), a second factor.
DELETABLE_MODELS = {
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    "otp_totp_totpdevice",
}


def admin_write_answer(name: str) -> dict:
    model, action = re.match(r"^admin:(\w+)_(add|delete)$", name).groups()
    read_only = model in READ_ONLY_MODELS and (action == "add" or model not in DELETABLE_MODELS)
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


# Who plays each actor: the demo's people (tests/support/cast.py).
ACTOR_PEOPLE = {
    "outsider": cast.olaf,
    "lezer": cast.lars,
    "opsteller": cast.eva,
    "ondertekenaar": cast.kees,
    "beheerder": cast.bram,
    "staff": cast.sita,
}


def actor_user(actor: str) -> User | None:
    return None if actor == "anonymous" else ACTOR_PEOPLE[actor]()


def act_as(client, scene: dict, actor: str) -> None:
    """The client as `actor` in the scene: with that actor's session (logged in when the scene
    was built; what a request changes in it is rolled back with the request), and no other
    cookies. A login per request would cost more than most requests of the matrix."""
    client.cookies.clear()
    if actor != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = scene["sessions"][actor]


def expected_answers(name: str, pattern: URLPattern) -> dict[str, dict[str, int]]:
    """{method: {actor: status}} for the URL, from MATRIX or the admin's rules."""
    expected_by_method = MATRIX.get(name) or {"GET": admin_expectation(name)}
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin and "object_id" in pattern.pattern.converters:
        staff_answer = expected_by_method["GET"]["staff"]
        if staff_answer == 200 and not model_admin.model._default_manager.exists():
            # The admin sends staff back to the list when the object does not exist.
            expected_by_method = {"GET": {**STAFF_ONLY, "staff": 302}}
    return expected_by_method


def get_expectation(name: str) -> dict | None:
    """Who gets which answer on GET (None: the URL is not in the matrix)."""
    return MATRIX[name].get("GET") if name in MATRIX else admin_expectation(name)


def url_for(name: str, pattern: URLPattern, scene: dict) -> str:
    names = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
    kwargs = {key: scene[key] for key in names}
    model_admin = getattr(pattern.callback, "model_admin", None)
    if model_admin is not None and "object_id" in kwargs:
        instance = model_admin.model._default_manager.first()
        kwargs["object_id"] = str(instance.pk) if instance else "0"
    return reverse(name, kwargs=kwargs)


def url_of(name: str, pattern: URLPattern, scene: dict) -> str:
    """The URL to request for the matrix: url_for, and the admin's view-on-site link."""
    if name == "admin:view_on_site":
        return reverse(name, args=[1, 1])
    return url_for(name, pattern, scene)
