"""The situations several test modules start from.

- `drafting_scene()`: a fresh draft of Bernheze and Noord-Brabant and the cast around it
  (no demo).
- `build_matrix_scene()`: the demo with its history, a version 3 Bernheze has not signed, an
  open draft, a paper signature, a decision with an attachment, a token, a notification, rows
  for the admin's pages, and the PDFs of its versions rendered: the state in which every URL
  of the project has something to show. Built once per worker (the `matrix_scene` fixture,
  tests/conftest.py).
"""

import uuid
from datetime import date, timedelta
from types import SimpleNamespace

from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import invitations
from accounts.models import (
    IdentityProvider,
    Invitation,
    InvitationStatus,
    Membership,
    Role,
    User,
    UserSession,
)
from agreements.discussion import comments, reviews
from agreements.models import DecisionAttachment, PdfKind, PublishedVersion
from agreements.printing.archive import kind_for, render_archived_pdf, request_pdf
from agreements.records import decisions
from agreements.versions import adoption as versioning
from agreements.versions import signing
from api import tokens
from api.models import WebhookSubscription
from bench.servers import free_port
from demo.scenario import seed_demo
from notifications.models import Notification
from tests.support import cast
from tests.support.factories import UserFactory, res_agreement
from tests.support.matrix import ACTOR_PEOPLE


def drafting_scene() -> SimpleNamespace:
    """A draft of Bernheze and Noord-Brabant and the people around it: Eva (Bernheze's
    opsteller), Lars (Bernheze's lezer), Sanne (Brabant's ondertekenaar), Piet (Brabant's
    opsteller) and Olaf (the outsider, of Nijmegen)."""
    return SimpleNamespace(
        agreement=res_agreement(),
        eva=cast.eva(),
        lars=cast.lars(),
        sanne=cast.sanne(),
        piet=cast.piet(),
        olaf=cast.olaf(),
        bernheze=cast.bernheze(),
        brabant=cast.brabant(),
    )


SCAN = b"%PDF-1.4\n%%EOF\n"


INVITATION_SECRET = "matrix-uitnodiging"


def build_matrix_scene() -> dict:
    """The demo with its history, an amendment adopted as version 3 that Bernheze has not
    signed, an open draft again, a paper signature of Oss under version 3, a decision with an
    attachment, an API token of Eva's and a notification of Kees's; and the PDFs of version 3
    and of the publication of version 2 rendered and stored, so that requests for them are
    served from storage as in production (rendering them is tested in test_archive.py and
    test_publication.py). Returns the value of every URL argument of the project."""
    from agreements.models import Agreement

    seed_demo(history=True)
    agreement = Agreement.objects.get()
    eva = cast.eva()
    versioning.open_amendment(agreement=agreement, acting_user=eva)
    agreement.refresh_from_db()
    agreement.why += " Ook warmte telt."
    agreement.save()
    version = versioning.adopt_version(agreement=agreement, acting_user=eva, note="Warmte")
    versioning.open_amendment(agreement=agreement, acting_user=eva)  # an open draft again
    paper = signing.sign_version(
        version=version,
        organisation=cast.oss(),
        acting_user=cast.person("oss", Role.OPSTELLER),
        signatory_name="mw. J. de Vries",
        signatory_function="burgemeester",
        basis="collegebesluit",
        place="Oss",
        scan=SimpleUploadedFile("s.pdf", SCAN, "application/pdf"),
        signed_on=date(2026, 11, 2),
    )
    decision = decisions.record_decision(
        agreement=agreement,
        acting_user=eva,
        decided_on=date(2026, 11, 3),
        table_name="Stuurgroep",
        what="Warmte erbij.",
        attachments=[SimpleUploadedFile("b.pdf", SCAN, "application/pdf")],
    )
    publication = PublishedVersion.objects.get(version__number=2)
    request_pdf(version=version, kind=kind_for(version))
    request_pdf(version=publication.version, kind=PdfKind.PUBLIC)
    bernheze = cast.bernheze()
    lars = cast.lars()
    cast.olaf()
    forgetful = _rows_for_the_admin(lars)
    # Eva asks Bernheze's beheerder to invite someone: a pending request of the agreement's party.
    requested = invitations.invite(
        organisation=bernheze,
        email="nieuw@bernheze.example.nl",
        role=Role.LEZER,
        acting_user=eva,
        landing=f"/afspraken/{agreement.pk}/",
        about=agreement.title,
    )
    # And an invitation of hers that is out, with a link whose secret the matrix knows.
    sent = Invitation.objects.create(
        organisation=cast.oss(),
        email="nieuw@oss.example.nl",
        role=Role.ONDERTEKENAAR,
        status=InvitationStatus.OPEN,
        invited_by=eva,
        landing=f"/afspraken/{agreement.pk}/",
        about=agreement.title,
        secret_digest=invitations.digest(INVITATION_SECRET),
        sent_at=timezone.now(),
        expires_at=timezone.now() + invitations.VALID,
    )
    sessions = {}
    for actor, person in ACTOR_PEOPLE.items():
        client = Client()
        client.force_login(person())
        sessions[actor] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "agreement_id": agreement.pk,
        "number": version.number,
        "step_slug": "opgave",
        "section": "publicaties",  # the Woo sitemap's one section
        "section_key": "task",  # the API's sections of the document
        "attachment_id": DecisionAttachment.objects.get(decision=decision).pk,
        "decision_id": decision.pk,
        "evaluation_id": agreement.evaluations.get().pk,
        # The demo's open follow-up action (Oss's).
        "action_id": agreement.evaluations.get().actions.get(owner=cast.oss()).pk,
        "signature_id": paper.pk,
        "publication_id": publication.pk,
        "pk": bernheze.pk,
        "token_id": tokens.create_token(user=eva, name="matrix", acting_user=eva)[0].pk,
        "organisation_id": bernheze.pk,
        # A shared thread on the open draft, for the API's replies and resolution.
        "thread_id": comments.start_thread(
            agreement=agreement, acting_user=eva, step="opgave", body="Matrix", visibility="gedeeld"
        ).pk,
        # A review round of the open draft, asked of Bernheze as a party.
        "review_id": reviews.request_review(
            agreement=agreement,
            acting_user=eva,
            due_date=timezone.localdate() + timedelta(days=14),
            parties=[bernheze],
        ).pk,
        "subscription_id": WebhookSubscription.objects.create(
            organisation=bernheze,
            url="https://zaaksysteem.example.nl/spelregels",
            events=["version.adopted"],
            secret="whsec_" + "a" * 44,
        ).pk,
        "membership_id": Membership.objects.get(organisation=bernheze, user=lars).pk,
        "uidb64": "MQ",
        "token": "set-password",
        "app_label": "agreements",
        "content_type_id": 1,
        "object_id": "1",
        "id": lars.pk,
        "notification_id": Notification.objects.filter(recipient=cast.kees()).first().pk,
        # Someone who never logs in, for a valid password reset link (tests/test_every_form_...)
        "forgetful_id": forgetful.pk,
        "invitation_id": sent.pk,
        "request_id": requested.pk,
        "secret": INVITATION_SECRET,
        # A logged-in session per actor of the matrix (tests/support/matrix.py: act_as).
        "sessions": sessions,
        # An identity provider that does not answer (nothing listens on its port): the start of
        # a single sign-on says so without waiting.
        "provider_id": IdentityProvider.objects.create(
            organisation=cast.meierijstad(),
            name="Inlogdienst Meierijstad",
            issuer=f"http://127.0.0.1:{free_port()}/openid",
            client_id="spelregels",
            client_secret="matrix",
            email_domains="matrix.meierijstad.example.nl",
        ).pk,
        # Lars's session as the profile page names it (its public id, never its key).
        "session_id": UserSession.objects.get(session_key=sessions["lezer"]).public_id,
    }


def _rows_for_the_admin(lars: User) -> User:
    """Rows for the admin's change pages the demo leaves empty: a group, a failed login of
    Lars (django-axes' records), a task waiting in the database queue; and someone who does
    not log in (logging in would void a reset link's token)."""
    Group.objects.get_or_create(name="Redactie")
    AccessFailureLog.objects.create(
        username=lars.email,
        ip_address="127.0.0.1",
        user_agent="pytest",
        path_info="/inloggen/",
        http_accept="text/html",
        locked_out=False,
    )
    # The tests run tasks at once, without a queue; this one waits in the production queue.
    render_archived_pdf.using(backend="database").enqueue(str(uuid.uuid4()))
    Client().post(reverse("login"), {"username": lars.email, "password": "fout"})
    forgetful = UserFactory(email="vergeten@bernheze.example.nl", full_name="Vera Vergeten")
    # A second factor (its admin page); of someone who never logs in through the form.
    TOTPDevice.objects.create(user=forgetful, name="Authenticator-app", confirmed=True)
    return forgetful
