"""Comments on a draft: who sees internal and shared threads (pages, timeline, API, PDF,
notifications), mentions, resolving, the progress indicator, the check and the audit trail.

The scene: Gemeente Bernheze (Eva Jansen, opsteller; Lars de Bruijn, lezer) and Provincie
Noord-Brabant (Sanne Verbeek, ondertekenaar; Piet van den Heuvel, opsteller) draft together;
Olaf de Graaf of Gemeente Nijmegen is party to nothing.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from accounts.models import AuditEvent, Role
from agreements import permissions
from agreements.discussion import anchors, comments, own_comments
from agreements.document.outline import STEP_BY_SLUG
from agreements.models import Agreement, Comment, CommentThread, Mandate
from agreements.printing.render import agreement_html, article_title, render_draft_pdf
from agreements.records.timeline import timeline
from agreements.versions import adoption as versioning
from api import tokens
from notifications.models import Kind, Notification
from tests.support import cast, factories
from tests.support.forms import submit
from tests.support.scenes import drafting_scene

pytestmark = pytest.mark.django_db

INTERNAL = "Intern: Bernheze wil eigenlijk geen stuurgroep."
SHARED = "Gedeeld: kunnen we de stuurgroep elk kwartaal laten vergaderen?"


@pytest.fixture
def scene():
    return drafting_scene()


def start(scene, user, body, visibility="gedeeld", step="tafels", **kwargs):
    return comments.start_thread(
        agreement=scene.agreement,
        acting_user=user,
        step=step,
        body=body,
        visibility=visibility,
        **kwargs,
    )


def both(scene):
    internal = start(scene, scene.eva, INTERNAL, "intern")
    shared = start(scene, scene.eva, SHARED)
    return internal, shared


def page(client, user, name, *args) -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


# --- Who sees what --------------------------------------------------------------------------------


def test_an_internal_thread_is_visible_only_to_its_organisation(scene):
    internal, shared = both(scene)
    seen = {
        name: set(permissions.visible_threads(getattr(scene, name), scene.agreement))
        for name in ("eva", "lars", "sanne", "piet", "olaf")
    }
    assert seen["eva"] == seen["lars"] == {internal, shared}
    assert seen["sanne"] == seen["piet"] == {shared}
    assert seen["olaf"] == set()


def test_the_step_page_shows_an_internal_comment_only_to_its_organisation(client, scene):
    both(scene)
    own = page(client, scene.eva, "agreement_step", scene.agreement.pk, "tafels")
    other = page(client, scene.piet, "agreement_step", scene.agreement.pk, "tafels")
    assert INTERNAL in own and SHARED in own
    assert SHARED in other and INTERNAL not in other


def test_the_overleg_page_shows_internal_comments_only_to_their_organisation(client, scene):
    both(scene)
    url = ("agreement_comments", scene.agreement.pk)
    assert INTERNAL in page(client, scene.lars, *url)  # a reader of Bernheze
    other = page(client, scene.sanne, *url)
    assert SHARED in other and INTERNAL not in other
    client.force_login(scene.olaf)
    assert client.get(reverse(*url[:1], args=url[1:])).status_code == 404


def test_the_timeline_shows_internal_comments_only_to_their_organisation(client, scene):
    both(scene)
    own = page(client, scene.lars, "agreement_timeline", scene.agreement.pk)
    other = page(client, scene.sanne, "agreement_timeline", scene.agreement.pk)
    assert INTERNAL in own and SHARED in own
    assert SHARED in other and INTERNAL not in other
    # Without a viewer (the API's old callers, exports) no comment is told at all.
    assert not [e for e in timeline(scene.agreement) if e.kind == "comment"]


def test_the_audit_trails_keep_an_internal_comment_inside_its_organisation(client, scene):
    """The agreement's CSV (every party) has no comment text; the organisation's trail does."""
    both(scene)
    client.force_login(scene.piet)
    csv = b"".join(
        client.get(reverse("agreement_audit_csv", args=[scene.agreement.pk])).streaming_content
    ).decode()
    assert INTERNAL not in csv
    assert AuditEvent.objects.filter(organisation=scene.bernheze, changes__icontains="Intern:")
    assert not AuditEvent.objects.filter(organisation=scene.brabant, action__startswith="comment")


def api_get(user, path):
    client = APIClient()
    _token, key = tokens.create_token(user=user, name="test", acting_user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client.get(path)


def test_the_api_never_shows_an_internal_comment_to_another_party_or_an_outsider(scene):
    both(scene)
    comments_url = f"/api/v1/agreements/{scene.agreement.pk}/comments"
    timeline_url = f"/api/v1/agreements/{scene.agreement.pk}/timeline"
    own = api_get(scene.eva, comments_url)
    assert own.status_code == 200
    assert {thread["comments"][0]["body"] for thread in own.json()} == {INTERNAL, SHARED}
    assert INTERNAL in api_get(scene.lars, timeline_url).content.decode()
    for user in (scene.sanne, scene.piet):
        answer = api_get(user, comments_url)
        assert answer.status_code == 200
        assert [thread["comments"][0]["body"] for thread in answer.json()] == [SHARED]
        assert INTERNAL not in answer.content.decode()
        assert INTERNAL not in api_get(user, timeline_url).content.decode()
    assert api_get(scene.olaf, comments_url).status_code == 404
    assert api_get(scene.olaf, timeline_url).status_code == 404


def test_comments_never_appear_in_the_pdf(demo):
    editor = cast.eva()
    for visibility, body in (("intern", INTERNAL), ("gedeeld", SHARED)):
        comments.start_thread(
            agreement=demo, acting_user=editor, step="tafels", body=body, visibility=visibility
        )
    html, _pdf = render_draft_pdf(demo)
    # The step the comments are on is printed, with its tables: only the comments are not.
    assert article_title(STEP_BY_SLUG["tafels"].number, STEP_BY_SLUG["tafels"].title) in html
    assert all(table.name in html for table in demo.tables.all())
    assert INTERNAL not in html and SHARED not in html
    version = versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    html = agreement_html(version.document, version=version)
    assert INTERNAL not in html and SHARED not in html
    assert "comment" not in str(version.document).lower()


# --- Mentions ---------------------------------------------------------------------------------


def test_people_of_the_parties_can_be_mentioned_and_are_notified(scene):
    thread = start(scene, scene.eva, "@Sanne Verbeek, kijk jij mee?", mentions=[scene.sanne])
    comment = thread.comments.get()
    assert list(comment.mentions.all()) == [scene.sanne]
    notification = Notification.objects.get(recipient=scene.sanne)
    assert notification.kind == Kind.MENTIONED
    assert notification.url == reverse("agreement_comments", args=[scene.agreement.pk]) + (
        f"#thread-{thread.pk}"
    )
    assert notification.body == "@Sanne Verbeek, kijk jij mee?"
    assert not Notification.objects.filter(recipient=scene.eva).exists()  # not the actor


def test_a_mention_is_stored_in_dutch_whatever_language_the_writer_reads(scene):
    """The title is read by others (and mailed in Dutch), so not in the writer's language."""
    with translation.override("en"):
        start(scene, scene.eva, "Kijk jij mee?", mentions=[scene.sanne])
    title = Notification.objects.get(recipient=scene.sanne).title
    assert "noemde je in een opmerking bij" in title


def test_only_people_of_the_parties_can_be_mentioned(scene):
    with pytest.raises(ValidationError) as refused:
        start(scene, scene.eva, "@Olaf?", mentions=[scene.olaf])
    assert "alleen mensen van de partijen" in str(refused.value)
    assert "Olaf de Graaf" in str(refused.value)
    assert not CommentThread.objects.exists()
    assert not Notification.objects.exists()


def test_an_internal_comment_mentions_only_colleagues(scene):
    with pytest.raises(ValidationError) as refused:
        start(scene, scene.eva, "@Sanne", "intern", mentions=[scene.sanne])
    assert "alleen collega's van Bernheze" in str(refused.value)
    thread = start(scene, scene.eva, INTERNAL, "intern", mentions=[scene.lars])
    assert list(thread.comments.get().mentions.all()) == [scene.lars]
    assert not Notification.objects.filter(recipient=scene.sanne).exists()


def test_a_refused_mention_keeps_what_was_typed_with_a_dutch_error(client, scene):
    client.force_login(scene.eva)
    response = client.post(
        reverse("comment_thread_start", args=[scene.agreement.pk]),
        {
            "step": "tafels",
            "back": "stap",
            "body": "Mijn zorgvuldig getypte tekst",
            "visibility": "intern",
            "mentions": [str(scene.sanne.pk)],
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mijn zorgvuldig getypte tekst" in html
    assert "alleen collega" in html
    assert not CommentThread.objects.exists()
    # A person who is in no party is not even a choice.
    response = client.post(
        reverse("comment_thread_start", args=[scene.agreement.pk]),
        {"step": "tafels", "body": "Nog een", "visibility": "gedeeld", "mentions": [scene.olaf.pk]},
    )
    assert response.status_code == 200
    assert "alleen mensen van de partijen" in response.content.decode()
    assert "Nog een" in response.content.decode()


def test_replies_notify_the_participants_who_may_see_the_thread(
    scene, mailoutbox, django_capture_on_commit_callbacks
):
    internal = start(scene, scene.eva, INTERNAL, "intern")
    with django_capture_on_commit_callbacks(execute=True):
        comments.reply(thread=internal, acting_user=scene.lars, body="Eens, intern antwoord.")
    assert [(n.recipient, n.kind) for n in Notification.objects.all()] == [(scene.eva, Kind.REPLY)]
    shared = start(scene, scene.piet, SHARED)
    with django_capture_on_commit_callbacks(execute=True):
        comments.reply(thread=shared, acting_user=scene.eva, body="Prima.")
        comments.reply(thread=shared, acting_user=scene.sanne, body="Akkoord.")
    reply_to = sorted(
        n.recipient.email for n in Notification.objects.filter(kind=Kind.REPLY, key__contains="")
    )
    assert reply_to == [
        "opsteller@bernheze.example.nl",  # Eva
        "opsteller@bernheze.example.nl",
        "opsteller@brabant.example.nl",  # Piet
        "opsteller@brabant.example.nl",
    ]
    # Nobody of Noord-Brabant ever received the internal text, in the app or by e-mail.
    for notification in Notification.objects.filter(recipient__in=[scene.sanne, scene.piet]):
        assert INTERNAL not in notification.body and "intern antwoord" not in notification.body
    for message in mailoutbox:
        if any(to in message.to for to in (scene.sanne.email, scene.piet.email)):
            assert "intern antwoord" not in message.body and INTERNAL not in message.body
    assert any("opsteller@bernheze.example.nl" in message.to for message in mailoutbox)


# --- Resolving, the progress indicator and the check ------------------------------------------


def test_resolving_and_reopening_a_thread(scene):
    thread = start(scene, scene.eva, SHARED)
    assert comments.open_counts(scene.sanne, scene.agreement) == {"tafels": 1}
    comments.resolve_thread(thread=thread, acting_user=scene.sanne)
    thread.refresh_from_db()
    assert thread.is_resolved and thread.resolved_by == scene.sanne
    assert comments.open_counts(scene.sanne, scene.agreement) == {}
    with pytest.raises(ValidationError, match="al afgehandeld"):
        comments.resolve_thread(thread=thread, acting_user=scene.eva)
    comments.reopen_thread(thread=thread, acting_user=scene.eva)
    thread.refresh_from_db()
    assert not thread.is_resolved and thread.resolved_by is None


def test_another_partys_member_cannot_resolve_an_internal_thread(client, scene):
    internal = start(scene, scene.eva, INTERNAL, "intern")
    with pytest.raises(ValidationError):
        comments.resolve_thread(thread=internal, acting_user=scene.piet)
    client.force_login(scene.piet)
    response = client.post(
        reverse("comment_resolve", args=[scene.agreement.pk]), {"thread": internal.pk}
    )
    assert response.status_code == 404
    internal.refresh_from_db()
    assert not internal.is_resolved


def test_the_progress_indicator_counts_open_threads_per_step(client, scene):
    start(scene, scene.eva, SHARED, step="tafels")
    start(scene, scene.eva, "Nog een", step="tafels")
    start(scene, scene.eva, INTERNAL, "intern", step="escalatie")
    own = page(client, scene.eva, "agreement_step", scene.agreement.pk, "opgave")
    assert "2 opmerkingen open" in own and "1 opmerking open" in own
    other = page(client, scene.piet, "agreement_step", scene.agreement.pk, "opgave")
    assert "2 opmerkingen open" in other and "1 opmerking open" not in other


def test_the_check_warns_about_open_threads_and_adoption_is_not_blocked(client, demo):
    editor = cast.eva()
    comments.start_thread(
        agreement=demo, acting_user=editor, step="tafels", body=SHARED, visibility="gedeeld"
    )
    html = page(client, editor, "agreement_step", demo.pk, "controle")
    assert "Open opmerkingen" in html
    assert "1 open opmerking in deze stap." in html
    assert "Alles wat verplicht is, staat erin." in html  # a warning, not an error
    adopt = page(client, editor, "agreement_adopt", demo.pk)
    assert "Er staat nog 1 opmerking open." in adopt
    response = client.post(reverse("agreement_adopt", args=[demo.pk]), {"note": ""})
    assert response.status_code == 302
    assert demo.versions.count() == 1


# --- Drafts, anchors and the builder --------------------------------------------------------------


def test_comments_stay_with_their_draft_and_remain_readable_after_adoption(client, demo):
    editor = cast.eva()
    thread = comments.start_thread(
        agreement=demo, acting_user=editor, step="opgave", body=SHARED, visibility="gedeeld"
    )
    assert thread.draft_number == 1
    versioning.adopt_version(agreement=demo, acting_user=editor, note="")
    demo.refresh_from_db()
    with pytest.raises(ValidationError, match="geen open concept"):
        comments.reply(thread=thread, acting_user=editor, body="Te laat")
    html = page(client, editor, "agreement_timeline", demo.pk)
    assert SHARED in html and "concept voor versie 1" in html
    assert SHARED in page(client, editor, "agreement_comments", demo.pk)
    versioning.open_amendment(agreement=demo, acting_user=editor)
    demo = Agreement.objects.get()
    new = comments.start_thread(
        agreement=demo,
        acting_user=editor,
        step="opgave",
        body="Voor versie 2",
        visibility="gedeeld",
    )
    assert new.draft_number == 2
    assert comments.open_counts(editor, demo) == {"opgave": 1}  # the old draft's thread not


def test_a_thread_on_a_mandate_keeps_its_anchor_through_builder_saves(client, demo):
    editor = cast.eva()
    mandate = Mandate.objects.filter(agreement=demo).order_by("position").first()
    label = f"Mandaat: {mandate}"
    assert (f"mandate:{mandate.pk}", label) in anchors.anchor_choices(demo, "tafels")
    comments.start_thread(
        agreement=demo,
        acting_user=editor,
        step="tafels",
        body=SHARED,
        visibility="gedeeld",
        anchor=f"mandate:{mandate.pk}",
    )
    client.force_login(editor)
    url = reverse("agreement_step", args=[demo.pk, "tafels"])
    assert submit(client, url, fill={"tables-1-cadence": "elke week"}).status_code == 302
    assert Mandate.objects.filter(pk=mandate.pk).exists()  # saves keep the rows' keys
    html = client.get(url).content.decode()
    assert label in html
    with pytest.raises(ValidationError, match="onderdeel"):
        comments.start_thread(
            agreement=demo,
            acting_user=editor,
            step="tafels",
            body="x",
            visibility="gedeeld",
            anchor="mandate:00000000-0000-0000-0000-000000000000",
        )


def test_parties_are_anchored_by_organisation(scene):
    anchor = f"party:{scene.brabant.pk}"
    assert (anchor, "Noord-Brabant") in anchors.anchor_choices(scene.agreement, "partijen")
    thread = start(scene, scene.piet, SHARED, step="partijen", anchor=anchor)
    assert thread.anchor == anchor


# --- The web forms, audit and queries ---------------------------------------------------------


def test_start_reply_resolve_through_the_step_page_with_audit_events(client, scene):
    client.force_login(scene.eva)
    step = reverse("agreement_step", args=[scene.agreement.pk, "tafels"])
    response = client.post(
        reverse("comment_thread_start", args=[scene.agreement.pk]),
        {"step": "tafels", "back": "stap", "body": SHARED, "visibility": "gedeeld"},
    )
    thread = CommentThread.objects.get()
    assert response.status_code == 302
    assert response.url == f"{step}#thread-{thread.pk}"
    client.force_login(scene.sanne)  # a signatory: no builder, so back to the Overleg page
    response = client.post(
        reverse("comment_reply", args=[scene.agreement.pk]),
        {"thread": thread.pk, "back": "stap", "body": "Goed plan."},
    )
    assert response.url == (
        reverse("agreement_comments", args=[scene.agreement.pk]) + f"#thread-{thread.pk}"
    )
    response = client.post(
        reverse("comment_resolve", args=[scene.agreement.pk]), {"thread": thread.pk}
    )
    assert response.status_code == 302
    events = list(AuditEvent.objects.filter(object_type="agreements.commentthread").order_by("id"))
    assert [(e.action, e.actor, e.organisation) for e in events] == [
        ("comment.thread_started", scene.eva, scene.bernheze),
        ("comment.replied", scene.sanne, scene.brabant),
        ("comment.thread_resolved", scene.sanne, scene.brabant),
    ]
    assert events[0].changes["visibility"] == [None, "gedeeld"]
    assert events[1].changes["body"] == [None, "Goed plan."]
    assert Comment.objects.count() == 2


def test_an_empty_comment_is_refused_in_dutch(client, scene):
    client.force_login(scene.lars)
    response = client.post(
        reverse("comment_thread_start", args=[scene.agreement.pk]),
        {"step": "opgave", "body": "   ", "visibility": "gedeeld"},
    )
    assert response.status_code == 200
    assert "Schrijf een opmerking." in response.content.decode()
    assert not CommentThread.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="comment.").exists()


def test_the_step_page_needs_the_same_queries_for_one_thread_or_many(client, scene):
    client.force_login(scene.eva)
    url = reverse("agreement_step", args=[scene.agreement.pk, "tafels"])
    start(scene, scene.eva, SHARED, mentions=[scene.lars])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for index in range(8):
        thread = start(scene, scene.piet, f"Draad {index}", mentions=[scene.eva])
        comments.reply(thread=thread, acting_user=scene.eva, body="Reactie", mentions=[scene.sanne])
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "Draad 7" in html
    assert len(many) == len(one)


# --- Someone in two parties -----------------------------------------------------------------------


@pytest.fixture
def anna(scene):
    """Anna works for Bernheze and for Noord-Brabant, both parties."""
    user = factories.member(scene.bernheze, Role.OPSTELLER, "Anna Twee", "anna@regio.nl").user
    factories.member(scene.brabant, Role.OPSTELLER, "Anna Twee", "anna@regio.nl")
    return user


def test_someone_in_two_parties_chooses_for_whom_an_internal_comment_is(scene, anna):
    with pytest.raises(ValidationError) as refused:
        start(scene, anna, "Intern: wie betaalt?", "intern")
    assert "Kies namens welke organisatie" in str(refused.value)
    thread = start(scene, anna, "Intern: wie betaalt?", "intern", organisation=scene.brabant)
    assert thread.organisation == scene.brabant
    assert thread in permissions.visible_threads(scene.sanne, scene.agreement)
    assert thread not in permissions.visible_threads(scene.eva, scene.agreement)
    # A shared comment needs no choice.
    assert start(scene, anna, SHARED).organisation == scene.bernheze  # the first by name


def test_the_form_asks_for_whom_only_of_someone_in_two_parties(client, scene, anna):
    html = page(client, anna, "agreement_comments", scene.agreement.pk)
    assert "Namens" in html
    response = client.post(
        reverse("comment_thread_start", args=[scene.agreement.pk]),
        {
            "step": "tafels",
            "back": "overleg",
            "body": "Intern voor Brabant",
            "visibility": "intern",
        },
    )
    assert response.status_code == 200
    assert "Intern voor Brabant" in response.content.decode()  # kept, with the error
    assert not CommentThread.objects.exists()
    client.post(
        reverse("comment_thread_start", args=[scene.agreement.pk]),
        {
            "step": "tafels",
            "back": "overleg",
            "body": "Intern voor Brabant",
            "visibility": "intern",
            "organisation": str(scene.brabant.pk),
        },
    )
    assert CommentThread.objects.get().organisation == scene.brabant
    assert "Namens" not in page(client, scene.eva, "agreement_comments", scene.agreement.pk)


def test_resolving_an_internal_thread_stays_in_its_organisations_trail(scene, anna):
    thread = start(scene, scene.sanne, "Intern: Brabant twijfelt.", "intern")
    comments.resolve_thread(thread=thread, acting_user=anna)
    event = AuditEvent.objects.get(action="comment.thread_resolved")
    assert event.organisation == scene.brabant


def test_open_threads_come_before_resolved_ones(scene):
    first = start(scene, scene.eva, "Eerste")
    second = start(scene, scene.eva, "Tweede")
    comments.resolve_thread(thread=first, acting_user=scene.eva)
    threads = comments.threads_for_page(scene.eva, scene.agreement)
    assert [t.pk for t in threads] == [second.pk, first.pk]


# --- Changing one's own comment ---------------------------------------------------------------


def test_the_author_changes_and_deletes_their_comment_within_the_window(client, scene):
    thread = start(scene, scene.eva, "Elk kwartaal?")
    comment = thread.comments.get()
    own_comments.edit_comment(comment=comment, acting_user=scene.eva, body="Elke maand?")
    comment.refresh_from_db()
    assert comment.body == "Elke maand?" and comment.edited_at is not None
    event = AuditEvent.objects.filter(action="comment.edited").get()
    assert event.changes["body"] == ["Elk kwartaal?", "Elke maand?"]
    assert event.organisation == scene.bernheze
    # The page offers it to the author only.
    url = reverse("agreement_comments", args=[scene.agreement.pk])
    client.force_login(scene.eva)
    assert "Wijzigen of verwijderen" in client.get(url).content.decode()
    client.force_login(scene.lars)
    assert "Wijzigen of verwijderen" not in client.get(url).content.decode()
    # A reply keeps the thread when the first comment goes; the last one takes it along.
    reply = comments.reply(thread=thread, acting_user=scene.lars, body="Liever elke maand.")
    assert own_comments.delete_comment(comment=comment, acting_user=scene.eva) == thread
    assert own_comments.delete_comment(comment=reply, acting_user=scene.lars) is None
    assert not CommentThread.objects.filter(pk=thread.pk).exists()
    assert AuditEvent.objects.filter(action="comment.deleted").count() == 2


def test_someone_elses_or_an_old_comment_stays_as_it_is(scene):
    thread = start(scene, scene.eva, "Elk kwartaal?")
    comment = thread.comments.get()
    with pytest.raises(ValidationError) as refused:
        own_comments.edit_comment(comment=comment, acting_user=scene.lars, body="Anders")
    assert refused.value.code == comments.CommentError.NOT_THE_AUTHOR
    Comment.objects.filter(pk=comment.pk).update(
        created_at=comment.created_at - own_comments.EDIT_WINDOW - timedelta(seconds=1)
    )
    for change in (
        lambda: own_comments.edit_comment(comment=comment, acting_user=scene.eva, body="Anders"),
        lambda: own_comments.delete_comment(comment=comment, acting_user=scene.eva),
    ):
        with pytest.raises(ValidationError) as refused:
            change()
        assert refused.value.code == comments.CommentError.TOO_LATE
        assert "15 minuten" in refused.value.messages[0]
    comment.refresh_from_db()
    assert comment.body == "Elk kwartaal?"
    assert not AuditEvent.objects.filter(action__in=["comment.edited", "comment.deleted"]).exists()


def test_an_edit_that_is_too_long_keeps_what_was_typed(client, scene):
    thread = start(scene, scene.eva, "Elk kwartaal?")
    comment = thread.comments.get()
    client.force_login(scene.eva)
    typed = "x" * (comments.MAX_BODY + 1)
    response = client.post(
        reverse("comment_edit", args=[scene.agreement.pk]),
        {"comment": str(comment.pk), "back": "overleg", "body": typed},
    )
    html = response.content.decode()
    assert response.status_code == 200 and typed in html and 'aria-invalid="true"' in html
    comment.refresh_from_db()
    assert comment.body == "Elk kwartaal?"


def test_a_resolved_thread_is_collapsed(client, scene):
    thread = start(scene, scene.eva, "Elk kwartaal?")
    comments.resolve_thread(thread=thread, acting_user=scene.eva)
    client.force_login(scene.lars)
    html = client.get(reverse("agreement_comments", args=[scene.agreement.pk])).content.decode()
    article = html[html.index(f'id="thread-{thread.pk}"') :]
    assert article.index('<details class="comment-thread__resolved">') < article.index(
        "Elk kwartaal?"
    )
