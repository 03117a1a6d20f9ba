"""Discussing a draft: comment threads on a step or a row, and review rounds."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from agreements.document import vocabulary

from .agreement import Agreement


class CommentVisibility(models.TextChoices):
    SHARED = "gedeeld", _("Gedeeld met alle partijen")
    INTERNAL = "intern", _("Intern: alleen mijn organisatie")


class CommentThread(models.Model):
    """A discussion on one step of a draft, or on one row of it (a party, mandate, RACI row…).

    Internal threads are seen by the members of `organisation` only; shared ones by the members
    of every party (`permissions.visible_threads`). `draft_number` is the version number the draft
    was to become, so a thread stays with the draft it was made on after adoption.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="threads"
    )
    step = models.CharField(_("stap"), max_length=20)
    anchor = models.CharField(
        _("onderdeel"),
        max_length=60,
        blank=True,
        help_text=_("Een rij van de stap, zoals ‘mandate:<id>’ of ‘party:<organisatie-id>’."),
    )
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=10, choices=CommentVisibility.choices
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie van de schrijver"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Bij een interne opmerking: de enige organisatie die haar ziet."),
    )
    draft_number = models.PositiveIntegerField(
        _("concept voor versie"), help_text=_("Het versienummer dat het concept zou worden.")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("begonnen door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("begonnen op"))
    resolved_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgehandeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("opmerkingendraad")
        verbose_name_plural = _("opmerkingendraden")
        ordering = ["agreement", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility__in=["gedeeld", "intern"]),
                name="commentthread_visibility_valid",
            ),
            models.CheckConstraint(
                condition=Q(draft_number__gte=1), name="commentthread_draft_number_positive"
            ),
        ]
        indexes = [
            # The open threads of a draft per step: the progress indicator's grouped count.
            models.Index(
                fields=["agreement", "draft_number", "resolved_at"],
                name="commentthread_agreement_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.step} ({self.get_visibility_display()})"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class Comment(models.Model):
    """One message in a thread: the first starts it, the others reply."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    thread = models.ForeignKey(
        CommentThread,
        verbose_name=_("draad"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("schrijver"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    author_label = models.CharField(_("schrijver (naam)"), max_length=250)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie van de schrijver"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = vocabulary.long_text(_("opmerking"))
    created_at = models.DateTimeField(_("geschreven op"))
    edited_at = models.DateTimeField(_("gewijzigd op"), null=True, blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("genoemde personen"),
        blank=True,
        related_name="comment_mentions",
    )

    class Meta:
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        ordering = ["thread", "created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
        ]
        indexes = [
            # A thread's messages in order (the panel and the timeline read them per thread).
            models.Index(fields=["thread", "created_at"], name="comment_thread_created"),
        ]

    def __str__(self) -> str:
        return f"{self.author_label}: {self.body[:60]}"


class ReviewAnswer(models.TextChoices):
    AKKOORD = "akkoord", _("Akkoord")
    OPMERKINGEN = "opmerkingen", _("Opmerkingen")


class ReviewRequest(models.Model):
    """An editor asks people or whole parties to review a draft by a date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("afspraak"),
        on_delete=models.CASCADE,
        related_name="review_requests",
    )
    draft_number = models.PositiveIntegerField(_("concept voor versie"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_by_label = models.CharField(_("gevraagd door (naam)"), max_length=250)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("namens"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("reageren vóór"))
    note = vocabulary.long_text(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("gevraagd op"))

    class Meta:
        verbose_name = _("reviewverzoek")
        verbose_name_plural = _("reviewverzoeken")
        ordering = ["agreement", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(draft_number__gte=1), name="reviewrequest_draft_number_positive"
            ),
        ]
        indexes = [
            # The review round of the open draft.
            models.Index(fields=["agreement", "draft_number"], name="reviewrequest_agreement"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — review vóór {vocabulary.format_date(self.due_date)}"


class Reviewer(models.Model):
    """Who is asked in a review round (a named person or a whole party), and the answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(
        ReviewRequest,
        verbose_name=_("reviewverzoek"),
        on_delete=models.CASCADE,
        related_name="reviewers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partij"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Een hele partij: elk lid van de organisatie kan namens haar antwoorden."),
    )
    answer = models.CharField(
        _("antwoord"), max_length=20, choices=ReviewAnswer.choices, blank=True
    )
    comment = vocabulary.long_text(_("opmerkingen"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geantwoord door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("geantwoord op"), null=True, blank=True)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        ordering = ["request", "organisation", "user"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, organisation__isnull=True)
                | Q(user__isnull=True, organisation__isnull=False),
                name="reviewer_person_or_party",
            ),
            models.UniqueConstraint(
                fields=["request", "user"], name="reviewer_person_once_per_request"
            ),
            models.UniqueConstraint(
                fields=["request", "organisation"], name="reviewer_party_once_per_request"
            ),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answer="akkoord") | ~Q(comment=""),
                name="reviewer_remarks_have_comment",
            ),
        ]
        indexes = [
            # "What am I asked to review?": a person's open invitations.
            models.Index(fields=["user", "answer"], name="reviewer_user_answer"),
        ]

    def __str__(self) -> str:
        who = self.user or self.organisation
        return f"{who}: {self.get_answer_display() or 'nog geen antwoord'}"
